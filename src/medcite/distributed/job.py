"""The driver of a distributed ingest: plan files, run one Dask task per file, resume, report.

One task per input file (a PubMed baseline file holds ~30,000 citations: minutes of work, so
scheduling overhead is nil). The ledger (:mod:`medcite.distributed.ledger`) makes a rerun skip
every file already in the library; a task on a worker that dies is rescheduled by Dask, and
since writes are idempotent (content hashes) a file half-written by a dead worker is finished
by the retry without duplicates. At most ``2 x workers`` tasks are in flight, so results that
come back to the driver (SQLite) never pile up in memory.

Deletions (PubMed DeleteCitation) are applied after every file is in, in file-name order: a
deletion removes a document unless a file whose name sorts after the deleting file wrote it
(NLM numbers baseline and update files in publication order). Order-independent, so the
result does not depend on which worker finished first.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from medcite.distributed.cluster import distributed_module
from medcite.distributed.ledger import Ledger
from medcite.distributed.records import Counts, FileResult, JobConfig, SourceFile, id_hashes
from medcite.distributed.target import TargetLibrary, is_server, open_target
from medcite.distributed.tasks import ingest_file
from medcite.distributed.writer import select, store_vectors, write_batch
from medcite.embed import Embedder, get_embedder
from medcite.ingest.readers import READERS, iter_source_files, reader_for
from medcite.records import BadRecord


@dataclass(frozen=True)
class ProgressEvent:
    """`planned` (count = files to do), `records` (count = records read so far in the job),
    `file` (a file is committed; count = files done), `embedded` (count = vectors stored)."""

    kind: str
    count: int
    file: str = ""
    worker: str = ""


ProgressFn = Callable[[ProgressEvent], None]


@dataclass
class JobSummary:
    """What a distributed ingest did."""

    target: str
    scheduler: str = ""
    workers: int = 0
    workers_write: bool = False
    files: int = 0
    files_skipped: int = 0
    files_done: int = 0
    files_failed: list[tuple[str, str]] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)
    skipped: list[BadRecord] = field(default_factory=list)
    files_by_worker: dict[str, int] = field(default_factory=dict)
    reconciled: int = 0
    reconciled_updates: int = 0
    interrupted: bool = False
    seconds: float = 0.0
    started_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    @property
    def ok(self) -> bool:
        """Every planned file is in the library."""
        return not self.files_failed and not self.interrupted

    def as_dict(self) -> dict[str, object]:
        """JSON-ready summary (the `--json` contract of `medcite ingest --distributed`)."""
        c = self.counts
        return {
            "library": self.target if not is_server(self.target) else _redact(self.target),
            "distributed": True,
            "scheduler": self.scheduler,
            "workers": self.workers,
            "writer": "workers" if self.workers_write else "driver",
            "files": self.files,
            "files_already_done": self.files_skipped,
            "files_done": self.files_done,
            "files_failed": [{"file": f, "error": e} for f, e in self.files_failed],
            "files_by_worker": self.files_by_worker,
            "records": c.records,
            "added": c.added,
            "updated": c.updated,
            "unchanged": c.unchanged,
            "older_versions_ignored": c.older,
            "deleted": c.deleted,
            "chunks": c.chunks,
            "embedded": c.embedded,
            "reconciled": self.reconciled,
            "reconciled_updates": self.reconciled_updates,
            "skipped": len(self.skipped),
            "skipped_records": [b.model_dump() for b in self.skipped[:1000]],
            "interrupted": self.interrupted,
            "seconds": round(self.seconds, 2),
            "records_per_second": round(c.records / self.seconds, 1) if self.seconds else None,
            "started_at": self.started_at,
        }


def _redact(url: str) -> str:
    """A database URL without its password."""
    head, sep, tail = url.partition("@")
    if not sep or ":" not in head.split("//", 1)[-1]:
        return url
    scheme, _, cred = head.partition("//")
    return f"{scheme}//{cred.split(':', 1)[0]}:***@{tail}"


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def plan(paths: Sequence[Path], skipped: list[BadRecord]) -> list[SourceFile]:
    """Every supported file under `paths`, by file name, once per content; problems to `skipped`."""
    found: dict[str, SourceFile] = {}
    for path in paths:
        if not path.exists():
            skipped.append(BadRecord(file=str(path), record="-", reason="no such file or directory; check the path"))  # fmt: skip
            continue
        if path.is_file() and reader_for(path) is None:
            known = ", ".join(sorted(READERS))
            skipped.append(BadRecord(file=str(path), record="-", reason=f"unsupported format; medcite reads: {known}"))  # fmt: skip
            continue
        for file in iter_source_files([path]):
            sha = sha256_of(file)
            found.setdefault(sha, SourceFile(str(file.resolve()), sha, file.stat().st_size))
    return sorted(found.values(), key=lambda f: (Path(f.path).name, f.path))


class DistributedIngestor:
    """Runs an ingest as Dask tasks. Configuration here; per-call data in :meth:`run`.

    `client` is a connected ``distributed.Client`` (see :func:`medcite.distributed.dask_client`).
    With a PostgreSQL target every worker writes through its own connection; with a library
    directory (SQLite, one writer) workers send their rows back and this process writes them.
    """

    def __init__(
        self,
        client: Any,
        target: str,
        *,
        embedder: str | None = None,
        batch_size: int = 1000,
        workers_write: bool | None = None,
        progress: ProgressFn | None = None,
        retries: int = 2,
    ) -> None:
        self.client = client
        self.target = target
        self.config = JobConfig(
            target=target,
            workers_write=is_server(target) if workers_write is None else workers_write,
            embedder=embedder,
            batch_size=batch_size,
            topic=f"medcite-ingest-{uuid.uuid4().hex[:12]}",
        )
        self.progress = progress or (lambda _event: None)
        self.retries = retries
        self._read: dict[str, int] = {}
        self._read_lock = threading.Lock()
        self._written: list[tuple[SourceFile, np.ndarray]] = []

    def run(self, paths: Sequence[Path]) -> JobSummary:
        """Ingest every supported file under `paths` that the library does not have yet."""
        t0 = time.perf_counter()
        summary = JobSummary(target=self.target, workers_write=self.config.workers_write)
        summary.scheduler = str(self.client.scheduler.address)
        summary.workers = len(self.client.scheduler_info()["workers"])
        files = plan(paths, summary.skipped)
        lib = open_target(self.target)
        ledger = Ledger.open(self.target)
        try:
            done = ledger.done(f.sha256 for f in files)
            todo = [f for f in files if f.sha256 not in done]
            summary.files, summary.files_skipped = len(files), len(files) - len(todo)
            self.progress(ProgressEvent("planned", len(todo)))
            self.client.subscribe_topic(self.config.topic, self._on_worker_event)
            try:
                for file, outcome in self._execute(todo, ledger, summary):
                    self._collect(file, outcome, lib, ledger, summary)
            except KeyboardInterrupt:
                summary.interrupted = True
            finally:
                self.client.unsubscribe_topic(self.config.topic)
            if not summary.interrupted:
                self._reconcile(lib, summary)
                summary.counts.deleted += apply_deletions(lib, ledger)
                self._sweep_vectors(lib, summary)
            summary.seconds = time.perf_counter() - t0
            lib.log_ingest([str(p) for p in paths], summary.as_dict())
        finally:
            ledger.close()
            lib.close()
        return summary

    def _execute(
        self, todo: Sequence[SourceFile], ledger: Ledger, summary: JobSummary
    ) -> Iterator[tuple[SourceFile, FileResult | BaseException]]:
        """Run tasks with a bounded window; yield each file with its result or its error."""
        as_completed = distributed_module().as_completed
        window = max(2, 2 * summary.workers)
        queue = list(reversed(todo))
        running: dict[Any, SourceFile] = {}
        pending = as_completed()

        def submit() -> None:
            file = queue.pop()
            if not self.config.workers_write:
                ledger.start(file, "driver")  # the driver is the writer: it keeps the ledger
            future = self.client.submit(
                ingest_file, file, self.config, pure=False, retries=self.retries
            )
            running[future] = file
            pending.add(future)

        try:
            while queue and len(running) < window:
                submit()
            for future in pending:
                file = running.pop(future)
                try:
                    outcome: FileResult | BaseException = future.result()
                except Exception as exc:  # a KilledWorker or the task's own error, after retries
                    outcome = exc
                future.release()
                yield file, outcome
                if queue:
                    submit()
        except BaseException:
            for future in running:
                future.cancel()
            raise

    def _collect(
        self,
        file: SourceFile,
        outcome: FileResult | BaseException,
        lib: TargetLibrary,
        ledger: Ledger,
        summary: JobSummary,
    ) -> None:
        if isinstance(outcome, BaseException):
            error = f"{type(outcome).__name__}: {outcome}"
            ledger.fail(file, error)
            summary.files_failed.append((file.path, error))
            return
        if not self.config.workers_write:
            self._write_result(outcome, lib)
            ledger.finish(
                file,
                outcome.worker,
                outcome.counts,
                deletions=outcome.deletions,
                bad_records=len(outcome.bad),
            )
        summary.counts.add(outcome.counts)
        if outcome.written.size:
            self._written.append((file, outcome.written))
        summary.skipped.extend(outcome.bad)
        summary.files_done += 1
        summary.files_by_worker[outcome.worker] = summary.files_by_worker.get(outcome.worker, 0) + 1
        self.progress(
            ProgressEvent("records", self._records_read(file.sha256, outcome.counts.records))
        )
        self.progress(ProgressEvent("file", summary.files_done, file.path, outcome.worker))

    def _reconcile(self, lib: TargetLibrary, summary: JobSummary) -> None:
        """Rewrite documents that two files of this job both wrote, one file at a time.

        Two workers that each hold a copy of a document (a revision in an update file) may
        both find it absent and write it; the older copy can land last. Replaying just those
        documents file by file in name order applies the single-process rule (newest version
        wins; the later file wins a tie) with nothing running concurrently.
        """
        if len(self._written) < 2:
            return
        ids, counts = np.unique(np.concatenate([w for _, w in self._written]), return_counts=True)
        shared = ids[counts > 1]
        touched = {f for f, w in self._written if shared.size and np.isin(w, shared).any()}
        self._written.clear()
        if not shared.size:
            return
        files = sorted(touched, key=lambda f: (Path(f.path).name, f.path))
        config = replace(self.config, only=frozenset(int(x) for x in shared))
        for file in files:
            result: FileResult = self.client.submit(
                ingest_file, file, config, pure=False, retries=self.retries
            ).result()
            if not config.workers_write:
                self._write_result(result, lib)
            summary.reconciled_updates += result.counts.updated
        summary.reconciled = int(shared.size)

    def _write_result(self, result: FileResult, lib: TargetLibrary) -> None:
        """The driver's half for a single-writer library: commit the rows a worker prepared."""
        counts = result.counts
        hashes: list[np.ndarray] = []
        for batch in result.batches:
            written = write_batch(lib, batch.docs, counts)
            hashes.append(id_hashes(batch.docs[i].id for i in written))
            if batch.vectors is not None and result.model and written:
                vectors = select(batch.docs, batch.vectors, written)
                docs = [batch.docs[i] for i in written]
                counts.embedded += store_vectors(lib, result.model, docs, vectors)
        result.batches.clear()
        result.written = np.concatenate(hashes) if hashes else result.written

    def _on_worker_event(self, event: tuple[float, dict[str, Any]]) -> None:
        """Runs on the client's event loop: keep it to arithmetic and a callback."""
        msg = event[1]
        total = self._records_read(str(msg["sha256"]), int(msg["records"]))
        self.progress(ProgressEvent("records", total, worker=str(msg["worker"])))

    def _records_read(self, sha256: str, records: int) -> int:
        """Records read in the job so far; a retried file counts from its latest attempt."""
        with self._read_lock:
            self._read[sha256] = records
            return sum(self._read.values())

    def _sweep_vectors(self, lib: TargetLibrary, summary: JobSummary) -> None:
        """Embed any chunk still without a vector (a worker died between rows and vectors)."""
        if not self.config.embedder:
            return
        embedder: Embedder = get_embedder(self.config.embedder)
        while pending := lib.pending_vectors(embedder.model_id, 256):
            rowids = [r for r, _ in pending]
            lib.put_vectors(embedder.model_id, rowids, embedder.embed([t for _, t in pending]))
            summary.counts.embedded += len(rowids)
            self.progress(ProgressEvent("embedded", summary.counts.embedded))


def apply_deletions(lib: TargetLibrary, ledger: Ledger) -> int:
    """Apply the DeleteCitations of every finished file, in file-name order; returns how many."""
    deleted = 0
    for sha, path, ids in sorted(ledger.pending_deletions(), key=lambda r: (Path(r[1]).name, r[1])):
        name = Path(path).name
        doomed = [i for i in ids if _written_before(lib, i, name)]
        if doomed:
            with lib.transaction() as tx:
                deleted += tx.delete(doomed)
        ledger.mark_deletions_applied(sha)
    return deleted


def _written_before(lib: TargetLibrary, doc_id: str, deleting_file: str) -> bool:
    """True when the stored copy of `doc_id` came from a file that sorts before (or is) it."""
    doc = lib.document(doc_id)
    if doc is None:
        return False
    origin = Path(doc.origin.split("#", 1)[0]).name
    return not origin or origin <= deleting_file
