"""`medcite ingest --distributed`: the terminal side (progress bars, summary, exit code)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from medcite.distributed.cluster import dask_client
from medcite.distributed.job import DistributedIngestor, JobSummary, ProgressEvent


def run_distributed(
    paths: Sequence[Path],
    target: str,
    *,
    scheduler: str | None,
    workers: int,
    embedder: str | None,
    batch_size: int,
    console: Console,
    quiet: bool,
) -> JobSummary:
    """Connect (or start a local cluster), run the job with live progress, return the summary."""
    with (
        Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            console=console,
            disable=quiet,
        ) as progress,
        dask_client(scheduler, workers=workers) as client,
    ):
        files = progress.add_task("files", total=None, rate="")
        records = progress.add_task("records", total=None, rate="")
        vectors = progress.add_task("vector sweep", total=None, rate="", visible=False)

        def on_event(event: ProgressEvent) -> None:
            if event.kind == "planned":
                progress.update(files, total=event.count)
            elif event.kind == "file":
                progress.update(files, completed=event.count)
            elif event.kind == "records":
                secs = progress.tasks[records].elapsed or 0.0
                rate = f"{event.count / secs:,.0f}/s" if secs > 0 else ""
                progress.update(records, completed=event.count, rate=rate)
            elif event.kind == "embedded":
                progress.update(vectors, completed=event.count, visible=True)

        job = DistributedIngestor(
            client, target, embedder=embedder, batch_size=batch_size, progress=on_event
        )
        return job.run(paths)


def print_job_summary(summary: JobSummary, console: Console) -> None:
    """Human summary: files, records and what happened to them, failures and how to resume."""
    d = summary.as_dict()
    table = Table(title=f"Distributed ingest into {d['library']}", show_header=False)
    for key in ("scheduler", "workers", "writer", "files", "files_already_done", "files_done",
                "records", "added", "updated", "unchanged", "older_versions_ignored", "deleted",
                "chunks", "embedded", "reconciled", "skipped", "seconds", "records_per_second"):  # fmt: skip
        table.add_row(key.replace("_", " "), str(d[key]))
    console.print(table)
    for worker, n in sorted(summary.files_by_worker.items()):
        console.print(f"  {worker}: {n} file(s)", highlight=False)
    for bad in summary.skipped[:20]:
        console.print(
            f"[yellow]skipped[/] {bad.file} [{bad.record}]: {bad.reason}", highlight=False
        )
    if len(summary.skipped) > 20:
        console.print(f"... and {len(summary.skipped) - 20} more (use --json for all)")
    for path, error in summary.files_failed:
        console.print(f"[red]failed[/] {path}: {error}", highlight=False)
    if not summary.ok:
        console.print(
            "[red]incomplete[/]: finished files are recorded in the library; run the same "
            "command again to do the rest.",
            highlight=False,
        )
