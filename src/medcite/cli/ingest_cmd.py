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
    err_console,
    fail,
    ingest_embedder,
    open_library,
    print_json,
    settings_for,
    user_errors,
)
from medcite.embed import Embedder, get_embedder
from medcite.ingest.pipeline import Ingestor, IngestSummary
from medcite.library.protocol import LibraryStore
from medcite.settings import Settings

HELP = """Ingest PubMed/MEDLINE XML (.xml, .xml.gz), PMC full text (.nxml), guidelines
(Markdown with YAML front matter, HTML, PDF, text) and JSONL into the library.

Directories are walked. Running the same ingest twice changes nothing; a changed document
replaces its old version; an interrupted ingest keeps what was committed: run it again.

Examples:

  medcite ingest pubmed24n0001.xml.gz
  medcite ingest guidelines/ --library ./mylib
  medcite ingest corpus.jsonl --no-embed --json

Distributed (Dask; pip install 'medcite[distributed]'): one task per file, progress on the
terminal, finished files recorded in the library so a rerun skips them and a dead worker's
file is retried. Without --scheduler a local cluster of --workers processes runs here.

  medcite ingest baseline/ --distributed --workers 2
  medcite ingest baseline/ --distributed --library postgresql://medcite@db/medcite
  medcite ingest /data/pubmed/ --scheduler tcp://scheduler:8786 --library postgresql://medcite@db/medcite
"""


def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or directories to ingest."),
    library: Path | None = LibraryOpt,
    as_json: bool = JsonOpt,
    no_embed: bool = typer.Option(
        False, "--no-embed", help="Skip dense vectors (lexical search only)."
    ),
    embedder: str | None = typer.Option(
        None,
        "--embedder",
        help="Embedding provider: minilm-q8 (default), minilm (float), hash. A library keeps the model it was built with.",
    ),
    batch_size: int = typer.Option(
        1000, "--batch-size", min=1, help="Documents per committed transaction."
    ),
    distributed: bool = typer.Option(
        False, "--distributed", help="Run as a Dask job, one task per file (docs/deployment.md)."
    ),
    scheduler: str | None = typer.Option(
        None,
        "--scheduler",
        help="Dask scheduler address, e.g. tcp://host:8786 (implies --distributed); "
        "default: a local cluster.",
    ),
    workers: int = typer.Option(
        2, "--workers", min=1, help="Worker processes of the local cluster (--distributed)."
    ),
) -> None:
    settings = settings_for(library, embedder="none" if no_embed else embedder)
    if distributed or scheduler:
        ingest_distributed(settings, paths, scheduler, workers, batch_size, as_json)
        return
    lib = open_library(settings, create=True)
    summary = run_ingest(
        lib, paths, embedder=ingest_embedder(settings, lib), batch_size=batch_size, quiet=as_json
    )
    if as_json:
        print_json({"library": str(lib.path), **summary.as_dict()})
    else:
        print_summary(summary, lib)
    lib.close()
    if summary.interrupted:
        raise typer.Exit(130)


def ingest_distributed(
    settings: Settings,
    paths: list[Path],
    scheduler: str | None,
    workers: int,
    batch_size: int,
    as_json: bool,
) -> None:
    """`--distributed`: the Dask job, its progress and summary; exit 1 if a file failed."""
    from medcite.distributed.cluster import ClusterError
    from medcite.distributed.console import print_job_summary, run_distributed

    target = str(getattr(settings, "library_target", settings.library_dir))
    name = None if settings.embedder == "none" else settings.embedder
    with user_errors():
        if name:
            get_embedder(name)  # an unknown name fails here, not in every worker
        try:
            summary = run_distributed(
                paths, target, scheduler=scheduler, workers=workers, embedder=name,
                batch_size=batch_size, console=err_console, quiet=as_json,
            )  # fmt: skip
        except ClusterError as exc:
            fail(str(exc))
    if as_json:
        print_json(summary.as_dict())
    else:
        print_job_summary(summary, err_console)
    if summary.interrupted:
        raise typer.Exit(130)
    if not summary.ok:
        raise typer.Exit(1)


def run_ingest(
    lib: LibraryStore, paths: list[Path], *, embedder: Embedder | None, batch_size: int, quiet: bool
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


def print_summary(summary: IngestSummary, lib: LibraryStore) -> None:
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
