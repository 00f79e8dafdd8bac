"""The ingest pipeline: read -> grade -> chunk -> store -> embed, in committed batches.

Idempotent: a document whose content hash is unchanged is left alone, so ingesting the same
file twice changes nothing, and an interrupted run can simply be run again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from medcite.embed import Embedder
from medcite.ingest.parallel import default_workers, prepare_in_workers
from medcite.ingest.prepare import Message, prepare_files, prepare_in_worker
from medcite.ingest.readers import READERS, iter_source_files, reader_for
from medcite.library.protocol import LibraryStore
from medcite.library.store import PreparedDoc
from medcite.records import BadRecord


@dataclass
class IngestSummary:
    """What an ingest run did; `skipped` names each bad record and why."""

    files: int = 0
    records: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    older: int = 0
    deleted: int = 0
    chunks: int = 0
    embedded: int = 0
    skipped: list[BadRecord] = field(default_factory=list)
    interrupted: bool = False
    seconds: float = 0.0
    started_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def as_dict(self) -> dict[str, object]:
        """JSON-ready summary."""
        return {
            "files": self.files,
            "records": self.records,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "older_versions_ignored": self.older,
            "deleted": self.deleted,
            "chunks": self.chunks,
            "embedded": self.embedded,
            "skipped": len(self.skipped),
            "skipped_records": [b.model_dump() for b in self.skipped[:1000]],
            "interrupted": self.interrupted,
            "seconds": round(self.seconds, 2),
            "records_per_second": round(self.records / self.seconds, 1) if self.seconds else None,
            "started_at": self.started_at,
        }


ProgressFn = Callable[[str, int], None]
"""Called with (event, count): 'file' when a file starts (count = index), 'records' after a
batch (count = records in it), 'embedded' after vectors are stored (count = vectors)."""


class Ingestor:
    """Ingests files into one library. Configuration here; per-call data in :meth:`run`."""

    def __init__(
        self,
        library: LibraryStore,
        embedder: Embedder | None = None,
        *,
        batch_size: int = 1000,
        embed_batch: int = 256,
        progress: ProgressFn | None = None,
        use_worker: bool = True,
        worker_threshold_bytes: int = 8_000_000,
        workers: int | None = None,
    ) -> None:
        self.library = library
        self.workers = workers
        self.use_worker = use_worker
        self.worker_threshold_bytes = worker_threshold_bytes
        self.embedder = embedder
        self.batch_size = batch_size
        self.embed_batch = embed_batch
        self.progress = progress or (lambda _event, _n: None)

    def run(self, paths: Sequence[Path]) -> IngestSummary:
        """Ingest every supported file under `paths`; returns the summary."""
        summary = IngestSummary()
        t0 = time.perf_counter()
        try:
            files = list(self._files(paths, summary))
            for message in self._prepared(files):
                self._apply(message, summary)
            self._embed_pending(summary)
        except KeyboardInterrupt:
            summary.interrupted = True
        summary.seconds = time.perf_counter() - t0
        self.library.log_ingest([str(p) for p in paths], summary.as_dict())
        return summary

    def _prepared(self, files: Sequence[Path]) -> Iterable[Message]:
        """Messages for `files`: here for small inputs, else in one worker or one per core."""
        big = sum(f.stat().st_size for f in files) >= self.worker_threshold_bytes
        if not (big and self.use_worker):
            return prepare_files(files, self.batch_size)
        workers = self.workers or default_workers(len(files))
        if workers > 1 and len(files) > 1:
            return prepare_in_workers(files, self.batch_size, min(workers, len(files)))
        return prepare_in_worker(files, self.batch_size)

    def _files(self, paths: Sequence[Path], summary: IngestSummary) -> Iterable[Path]:
        for path in paths:
            if not path.exists():
                summary.skipped.append(
                    BadRecord(
                        file=str(path),
                        record="-",
                        reason="no such file or directory; check the path",
                    )
                )
            elif path.is_file() and reader_for(path) is None:
                summary.skipped.append(
                    BadRecord(
                        file=str(path),
                        record="-",
                        reason=f"unsupported format; medcite reads: {', '.join(sorted(READERS))}",
                    )
                )
            else:
                yield from iter_source_files([path])

    def _apply(self, message: Message, summary: IngestSummary) -> None:
        kind = message[0]
        if kind == "file":
            summary.files += 1
            self.progress("file", summary.files)
        elif kind == "docs" and len(message) == 3:
            summary.records += int(message[2])
            self._store(message[1], summary)
        elif kind == "delete":
            with self.library.transaction() as tx:
                summary.deleted += tx.delete(message[1].ids)
        elif kind == "bad":
            summary.skipped.append(message[1])

    def _store(self, batch: list[PreparedDoc], summary: IngestSummary) -> None:
        states = self.library.doc_states([d.id for d in batch])
        with self.library.transaction() as tx:
            for doc in batch:
                state = states.get(doc.id)
                if state is not None and state.content_hash == doc.content_hash:
                    summary.unchanged += 1
                    continue
                if (
                    state is not None
                    and doc.version
                    and state.version
                    and doc.version < state.version
                ):
                    summary.older += 1
                    continue
                tx.upsert_prepared(doc)
                summary.chunks += len(doc.chunks)
                if state is None:
                    summary.added += 1
                else:
                    summary.updated += 1
        self.progress("records", len(batch))
        self._embed_pending(summary)

    def _embed_pending(self, summary: IngestSummary) -> None:
        if self.embedder is None:
            return
        model = self.embedder.model_id
        while True:
            pending = self.library.pending_vectors(model, self.embed_batch)
            if not pending:
                return
            rowids = [r for r, _ in pending]
            matrix = self.embedder.embed([t for _, t in pending])
            self.library.put_vectors(model, rowids, matrix)
            summary.embedded += len(rowids)
            self.progress("embedded", len(rowids))
