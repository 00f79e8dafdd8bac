"""Copy an embedded (SQLite) library into a PostgreSQL library: `medcite library migrate`.

Documents are copied in batches of rows exactly as stored (nothing is re-parsed, re-chunked or
re-embedded), each batch in one transaction with its chunks and vectors. A document whose
content hash is already in the target is skipped, so a run that was interrupted, or a second
run after more ingest into the embedded library, copies only what is missing. Documents that
exist only in the target are left alone.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from medcite.library.postgres import PgTransaction, PostgresLibrary, redact
from medcite.library.store import Library, PreparedDoc

ProgressFn = Callable[[int], None]
"""Called with the number of source documents handled by each batch."""

_DOC_SQL = (
    "SELECT id, source_type, title, journal, publisher, year, published, url, pmid, doi, pmcid, "
    "language, evidence_level, retracted, version, content_hash, origin, data FROM documents "
    "WHERE id > ? ORDER BY id LIMIT ?"
)


@dataclass
class MigrateSummary:
    """What a migration copied."""

    source: str
    target: str
    documents: int = 0
    copied: int = 0
    unchanged: int = 0
    chunks: int = 0
    vectors: dict[str, int] = field(default_factory=dict)
    ingest_log: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    def as_dict(self) -> dict[str, object]:
        """JSON-ready summary."""
        return {
            "source": self.source, "target": self.target, "documents": self.documents,
            "copied": self.copied, "unchanged": self.unchanged, "chunks": self.chunks,
            "vectors": self.vectors, "ingest_log": self.ingest_log,
            "seconds": round(self.seconds, 2), "interrupted": self.interrupted,
        }  # fmt: skip


def _in(n: int) -> str:
    return ",".join("?" * n)


class Migrator:
    """Copies one SQLite library into one PostgreSQL library, batch by batch."""

    def __init__(
        self,
        source: Library,
        target: PostgresLibrary,
        *,
        batch_size: int = 500,
        progress: ProgressFn | None = None,
    ) -> None:
        self.source = source
        self.target = target
        self.batch_size = batch_size
        self.progress = progress or (lambda _n: None)
        self._src = source._conn

    def total(self) -> int:
        """Documents in the source."""
        return int(self._src.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def run(self) -> MigrateSummary:
        """Copy everything missing; safe to interrupt and run again."""
        summary = MigrateSummary(str(self.source.path), redact(self.target.url))
        t0 = time.perf_counter()
        deferred = self._defer_indexes()
        try:
            last = ""
            while True:
                rows = self._src.execute(_DOC_SQL, (last, self.batch_size)).fetchall()
                if not rows:
                    break
                self._batch(rows, summary)
                last = rows[-1][0]
                self.progress(len(rows))
            summary.ingest_log = self._copy_log()
            self.target.analyze()  # column statistics feed the lexical IDF estimates
        except KeyboardInterrupt:
            summary.interrupted = True
        finally:
            # Built once after the bulk load: much faster than growing HNSW row by row.
            for model, dim in deferred.items():
                self.target.ensure_vector_index(model, dim)
        summary.seconds = time.perf_counter() - t0
        return summary

    def _defer_indexes(self) -> dict[str, int]:
        """Models whose vectors the target lacks entirely: their index is built at the end."""
        have = self.target.vector_models()
        out: dict[str, int] = {}
        for (model,) in self._src.execute("SELECT DISTINCT model FROM vectors").fetchall():
            row = self._src.execute(
                "SELECT length(vec) FROM vectors WHERE model = ? LIMIT 1", (model,)
            ).fetchone()
            dim = int(row[0]) // 2  # float16
            if model in have:
                self.target.ensure_vector_index(model, dim)
            else:
                out[model] = dim
        return out

    def _batch(self, rows: list[Any], summary: MigrateSummary) -> None:
        summary.documents += len(rows)
        states = self.target.doc_states([r[0] for r in rows])
        changed = [r for r in rows if (s := states.get(r[0])) is None or s.content_hash != r[15]]
        changed_ids = {r[0] for r in changed}
        same = [r[0] for r in rows if r[0] not in changed_ids]
        summary.copied += len(changed)
        summary.unchanged += len(same)
        prepared = self._prepared(changed)
        with self.target.transaction() as tx:
            for doc in prepared:
                tx.upsert_prepared(doc)
                summary.chunks += len(doc.chunks)
            chunk_ids = [str(c[0]) for doc in prepared for c in doc.chunks]
            chunk_ids += self._missing_vectors(tx, same)
            self._copy_vectors(tx, chunk_ids, summary)

    def _prepared(self, rows: Sequence[Any]) -> list[PreparedDoc]:
        if not rows:
            return []
        ids = [r[0] for r in rows]
        chunks: dict[str, list[tuple[object, ...]]] = {i: [] for i in ids}
        for c in self._src.execute(
            "SELECT id, doc_id, ordinal, title, section, text, grade FROM chunks "
            f"WHERE doc_id IN ({_in(len(ids))}) ORDER BY doc_id, ordinal",
            ids,
        ):
            chunks[c[1]].append(tuple(c))
        return [PreparedDoc(r[0], r[14], r[15], tuple(r), chunks[r[0]]) for r in rows]

    def _missing_vectors(self, tx: PgTransaction, doc_ids: list[str]) -> list[str]:
        """Chunk ids of unchanged documents whose vectors did not reach the target."""
        if not doc_ids:
            return []
        rows = tx.query(
            "SELECT c.id FROM chunks c WHERE c.doc_id = ANY(%s) AND NOT EXISTS "
            "(SELECT 1 FROM vectors v WHERE v.chunk_rowid = c.rowid)",
            (doc_ids,),
        )
        return [r[0] for r in rows]

    def _copy_vectors(
        self, tx: PgTransaction, chunk_ids: list[str], summary: MigrateSummary
    ) -> None:
        by_model: dict[str, tuple[list[str], list[bytes]]] = {}
        for start in range(0, len(chunk_ids), 500):
            part = chunk_ids[start : start + 500]
            for cid, model, vec in self._src.execute(
                "SELECT c.id, v.model, v.vec FROM vectors v JOIN chunks c ON c.rowid = v.chunk_rowid "
                f"WHERE c.id IN ({_in(len(part))})",
                part,
            ):
                ids, blobs = by_model.setdefault(model, ([], []))
                ids.append(cid)
                blobs.append(vec)
        for model, (ids, blobs) in by_model.items():
            matrix = np.frombuffer(b"".join(blobs), dtype=np.float16).reshape(len(ids), -1)
            n = tx.copy_vectors(model, ids, matrix.astype(np.float32), key="id")
            summary.vectors[model] = summary.vectors.get(model, 0) + n

    def _copy_log(self) -> int:
        """Ingest-log entries the target does not have yet (matched on start time and paths)."""
        source = self._src.execute(
            "SELECT started_at, finished_at, paths, summary FROM ingest_log ORDER BY id"
        ).fetchall()
        with self.target.transaction() as tx:
            have = {(r[0], r[1]) for r in tx.query("SELECT started_at, paths FROM ingest_log")}
            rows = [r for r in source if (r[0], r[2]) not in have]
            for started, finished, paths, summ in rows:
                tx.query(
                    "INSERT INTO ingest_log(started_at, finished_at, paths, summary) "
                    "VALUES (%s, %s, %s, %s) RETURNING id",
                    (started, finished, paths, summ if summ is not None else json.dumps({})),
                )
        return len(rows)
