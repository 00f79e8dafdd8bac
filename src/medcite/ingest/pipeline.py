"""The ingest pipeline: read -> grade -> chunk -> store -> embed, in committed batches.

Idempotent: a document whose content hash is unchanged is left alone, so ingesting the same
file twice changes nothing, and an interrupted run can simply be run again.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from medcite.embed import Embedder
from medcite.grading import grade
from medcite.ingest.chunking import chunk_document
from medcite.ingest.readers import READERS, iter_source_files, reader_for
from medcite.library.store import Library
from medcite.records import BadRecord, Deletion, Document, ReaderEvent


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


def content_hash(doc: Document) -> str:
    """Hash of everything that matters in a document (not where it was read from)."""
    blob = doc.model_dump_json(exclude={"origin"}, exclude_none=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


class Ingestor:
    """Ingests files into one library. Configuration here; per-call data in :meth:`run`."""

    def __init__(
        self,
        library: Library,
        embedder: Embedder | None = None,
        *,
        batch_size: int = 1000,
        embed_batch: int = 256,
        progress: ProgressFn | None = None,
    ) -> None:
        self.library = library
        self.embedder = embedder
        self.batch_size = batch_size
        self.embed_batch = embed_batch
        self.progress = progress or (lambda _event, _n: None)

    def run(self, paths: Sequence[Path]) -> IngestSummary:
        """Ingest every supported file under `paths`; returns the summary."""
        summary = IngestSummary()
        t0 = time.perf_counter()
        try:
            for path in self._files(paths, summary):
                summary.files += 1
                self.progress("file", summary.files)
                self._ingest_file(path, summary)
            self._embed_pending(summary)
        except KeyboardInterrupt:
            summary.interrupted = True
        summary.seconds = time.perf_counter() - t0
        self.library.log_ingest([str(p) for p in paths], summary.as_dict())
        return summary

    def _files(self, paths: Sequence[Path], summary: IngestSummary) -> Iterable[Path]:
        for path in paths:
            if not path.exists():
                summary.skipped.append(
                    BadRecord(file=str(path), record="-", reason="no such file or directory; check the path")
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

    def _ingest_file(self, path: Path, summary: IngestSummary) -> None:
        reader = reader_for(path)
        if reader is not None:
            self._ingest_events(reader.read(path), summary)

    def _ingest_events(self, events: Iterable[ReaderEvent], summary: IngestSummary) -> None:
        batch: dict[str, Document] = {}
        for event in events:
            if isinstance(event, Document):
                summary.records += 1
                _keep_newest(batch, event)
                if len(batch) >= self.batch_size:
                    self._flush(batch, summary)
                    batch = {}
            elif isinstance(event, Deletion):
                self._flush(batch, summary)
                batch = {}
                with self.library.transaction() as tx:
                    summary.deleted += tx.delete(event.ids)
            else:
                summary.skipped.append(event)
        self._flush(batch, summary)

    def _flush(self, batch: dict[str, Document], summary: IngestSummary) -> None:
        if not batch:
            return
        docs = [_graded(d) for d in batch.values()]
        states = self.library.doc_states([d.id for d in docs])
        with self.library.transaction() as tx:
            for doc in docs:
                digest = content_hash(doc)
                state = states.get(doc.id)
                if state is not None and state.content_hash == digest:
                    summary.unchanged += 1
                    continue
                if state is not None and doc.version and state.version and doc.version < state.version:
                    summary.older += 1
                    continue
                chunks = chunk_document(doc)
                tx.upsert(doc, chunks, digest)
                summary.chunks += len(chunks)
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


def _graded(doc: Document) -> Document:
    if doc.evidence_level is not None:
        return doc
    return doc.model_copy(update={"evidence_level": grade(doc)})


def _keep_newest(batch: dict[str, Document], doc: Document) -> None:
    # The same PMID can appear twice in one file (a revised citation); keep the newest.
    old = batch.get(doc.id)
    if old is None or (doc.version or "") >= (old.version or ""):
        batch[doc.id] = doc
