"""`medcite ingest`: read files into the library with progress and a summary."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from medcite.cli.common import (
    JsonOpt,
    LibraryOpt,
    embedder_for,
    err_console,
    open_library,
    print_json,
    settings_for,
)
from medcite.embed import Embedder
from medcite.ingest.pipeline import Ingestor, IngestSummary
from medcite.library.store import Library

HELP = """Ingest PubMed/MEDLINE XML (.xml, .xml.gz), PMC full text (.nxml), guidelines
(Markdown with YAML front matter, HTML, PDF, text) and JSONL into the library.

Directories are walked. Running the same ingest twice changes nothing; a changed document
replaces its old version; an interrupted ingest keeps what was committed: run it again.

Examples:

  medcite ingest pubmed24n0001.xml.gz
  medcite ingest guidelines/ --library ./mylib
  medcite ingest corpus.jsonl --no-embed --json
"""


def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or directories to ingest."),
    library: Path | None = LibraryOpt,
    as_json: bool = JsonOpt,
    no_embed: bool = typer.Option(
        False, "--no-embed", help="Skip dense vectors (lexical search only)."
    ),
    embedder: str | None = typer.Option(
        None, "--embedder", help="Embedding provider: minilm (default), hash."
    ),
    batch_size: int = typer.Option(
        1000, "--batch-size", min=1, help="Documents per committed transaction."
    ),
) -> None:
    settings = settings_for(library, embedder="none" if no_embed else embedder)
    lib = open_library(settings, create=True)
    summary = run_ingest(
        lib, paths, embedder=embedder_for(settings), batch_size=batch_size, quiet=as_json
    )
    if as_json:
        print_json({"library": str(lib.path), **summary.as_dict()})
    else:
        print_summary(summary, lib)
    lib.close()
    if summary.interrupted:
        raise typer.Exit(130)


def run_ingest(
    lib: Library, paths: list[Path], *, embedder: Embedder | None, batch_size: int, quiet: bool
) -> IngestSummary:
    """Run the pipeline with a live progress display on stderr."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        disable=quiet,
        transient=False,
    ) as progress:
        files = progress.add_task("files", total=None)
        records = progress.add_task("records", total=None)
        vectors = progress.add_task("vectors", total=None, visible=embedder is not None)

        def on_progress(event: str, n: int) -> None:
            if event == "file":
                progress.update(files, completed=n)
            elif event == "records":
                progress.advance(records, n)
            elif event == "embedded":
                progress.advance(vectors, n)

        ingestor = Ingestor(lib, embedder, batch_size=batch_size, progress=on_progress)
        return ingestor.run(paths)


def print_summary(summary: IngestSummary, lib: Library) -> None:
    """Human summary: what was added, updated, deleted, skipped and why."""
    table = Table(title=f"Ingest into {lib.path}", show_header=False)
    d = summary.as_dict()
    for key in ("files", "records", "added", "updated", "unchanged", "older_versions_ignored", "deleted",
                "chunks", "embedded", "skipped", "seconds", "records_per_second"):  # fmt: skip
        table.add_row(key.replace("_", " "), str(d[key]))
    err_console.print(table)
    for bad in summary.skipped[:20]:
        err_console.print(
            f"[yellow]skipped[/] {bad.file} [{bad.record}]: {bad.reason}", highlight=False
        )
    if len(summary.skipped) > 20:
        err_console.print(f"... and {len(summary.skipped) - 20} more (use --json for all)")
    if summary.interrupted:
        err_console.print(
            "[red]interrupted[/]: committed batches are kept; run the same command again to finish."
        )
