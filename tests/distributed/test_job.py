"""Distributed ingest on a local cluster of 2 workers against a single-process ingest."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path
from typing import Any

import pytest

from medcite.distributed import DistributedIngestor, Ledger, ProgressEvent
from medcite.distributed.target import TargetLibrary, open_target

from .conftest import RECORDS, State, library_state


def test_same_library_as_single_process(
    client: Any, pubmed_dir: Path, target: str, single_process: State
) -> None:
    events: list[ProgressEvent] = []
    job = DistributedIngestor(
        client, target, embedder="hash", batch_size=200, progress=events.append
    )
    summary = job.run([pubmed_dir])

    assert summary.ok and summary.files == summary.files_done == 4
    assert summary.counts.records == RECORDS
    assert len(summary.files_by_worker) == 2  # both workers took files
    assert summary.workers_write is target.startswith("postgresql")
    hashes, chunks, vectors = library_state(target)
    assert (hashes, chunks, vectors) == single_process
    assert vectors == {"hash-256": chunks}  # every passage embedded once
    kinds = {e.kind for e in events}
    assert {"planned", "records", "file"} <= kinds
    assert max(e.count for e in events if e.kind == "records") == RECORDS

    ledger = Ledger.open(target)
    rows = ledger.rows()
    ledger.close()
    assert [r.status for r in rows] == ["done"] * 4
    assert sum(r.counts.records for r in rows) == RECORDS


def test_rerun_skips_finished_files(client: Any, pubmed_dir: Path, target: str) -> None:
    DistributedIngestor(client, target).run([pubmed_dir])
    before = library_state(target)

    again = DistributedIngestor(client, target).run([pubmed_dir])

    assert again.ok and again.files == again.files_skipped == 4
    assert again.files_done == 0 and again.counts.records == 0
    assert library_state(target) == before


@pytest.mark.parametrize(
    "target", ["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)], indirect=True
)
def test_worker_killed_mid_job_loses_and_duplicates_nothing(
    client: Any, pubmed_dir: Path, target: str, single_process: State
) -> None:
    first_batch = threading.Event()
    victim: list[str] = []

    def on_progress(event: ProgressEvent) -> None:
        if event.kind == "records" and event.worker and not first_batch.is_set():
            victim.append(event.worker)
            first_batch.set()

    def kill() -> None:
        if first_batch.wait(timeout=60):
            pid = client.run(os.getpid, workers=victim)[victim[0]]
            os.kill(pid, signal.SIGKILL)

    killer = threading.Thread(target=kill)
    killer.start()
    job = DistributedIngestor(client, target, embedder="hash", batch_size=100, progress=on_progress)
    summary = job.run([pubmed_dir])
    killer.join()

    assert victim, "no worker reported progress"
    assert summary.ok and summary.files_done == 4 and not summary.files_failed
    assert library_state(target) == single_process
    ledger = Ledger.open(target)
    rows = ledger.rows()
    ledger.close()
    assert [r.status for r in rows] == ["done"] * 4
    assert len({r.sha256 for r in rows}) == 4


def test_half_written_file_is_finished_by_the_next_run(
    client: Any, pubmed_dir: Path, target: str, single_process: State
) -> None:
    # What a worker leaves when it dies mid-file: the first batch committed, the ledger row
    # 'running'. The next run must finish that file without duplicating the committed batch.
    from medcite.distributed.job import plan
    from medcite.distributed.records import Counts
    from medcite.distributed.writer import write_batch
    from medcite.ingest.prepare import prepare_files

    first = plan([pubmed_dir], [])[0]
    lib: TargetLibrary = open_target(target)
    ledger = Ledger.open(target)
    ledger.start(first, "a worker that died")
    batch = next(m for m in prepare_files([Path(first.path)], 100) if m[0] == "docs")
    write_batch(lib, batch[1], Counts())
    lib.close()

    summary = DistributedIngestor(client, target).run([pubmed_dir])

    assert summary.ok and summary.files_done == 4
    assert summary.counts.unchanged == len(batch[1])  # the committed batch was not rewritten
    row = ledger.get(first.sha256)
    ledger.close()
    assert row is not None and row.status == "done" and row.attempts == 2
    assert library_state(target)[:2] == single_process[:2]
