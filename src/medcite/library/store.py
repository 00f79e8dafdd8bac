"""The embedded library: one directory holding a SQLite file (documents, chunks, FTS5, vectors).

WAL mode lets any number of readers search while one writer ingests. Writes happen in
batches, each its own transaction, so an interrupted ingest keeps every committed batch.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from medcite.library.schema import migrate
from medcite.records import LEVEL_ORDER, Chunk, Document, EvidenceLevel, SearchFilters, SourceType

DB_NAME = "library.sqlite3"


class LibraryError(RuntimeError):
    """The library directory is missing, unreadable or not a medcite library."""


@dataclass(frozen=True)
class DocState:
    """What the store knows of a stored document, to decide add/update/skip."""

    content_hash: str
    version: str


@dataclass(frozen=True)
class ChunkMeta:
    """Per-passage filter and ranking fields as arrays, aligned on sorted chunk rowids.

    Kept in memory per library generation so filtering and boosting hundreds of candidates is
    vectorised instead of hundreds of row lookups in documents (whose rows carry the JSON).
    """

    rowids: np.ndarray  # int64, sorted
    year: np.ndarray  # int32, -1 when unknown
    level: np.ndarray  # int8 index into LEVEL_ORDER
    source: np.ndarray  # int8 index into SOURCE_ORDER
    retracted: np.ndarray  # bool
    doc: np.ndarray  # int32 document code (same value = same document)

    def positions(self, rowids: Sequence[int]) -> np.ndarray:
        """Index of each rowid in the arrays (-1 when unknown)."""
        ids = np.asarray(rowids, dtype=np.int64)
        if len(self.rowids) == 0:
            return np.full(len(ids), -1)
        pos = np.searchsorted(self.rowids, ids).clip(max=len(self.rowids) - 1)
        return np.where(self.rowids[pos] == ids, pos, -1)

    def allowed(self, rowids: Sequence[int], filters: SearchFilters | None) -> np.ndarray:
        """Boolean mask over `rowids`: which pass `filters`."""
        f = filters or SearchFilters()
        pos = self.positions(rowids)
        ok = pos >= 0
        p = np.where(ok, pos, 0)
        if not f.include_retracted:
            ok &= ~self.retracted[p]
        if f.year_min is not None:
            ok &= self.year[p] >= f.year_min
        if f.year_max is not None:
            ok &= (self.year[p] <= f.year_max) & (self.year[p] >= 0)
        if f.levels:
            ok &= np.isin(self.level[p], [LEVEL_ORDER.index(lv) for lv in f.levels])
        if f.source_types:
            ok &= np.isin(self.source[p], [SOURCE_ORDER.index(st) for st in f.source_types])
        return ok


SOURCE_ORDER: tuple[SourceType, ...] = tuple(SourceType)


@dataclass(frozen=True)
class ChunkRow:
    """A chunk joined with its document's metadata: everything a Hit needs."""

    rowid: int
    chunk_id: str
    doc_id: str
    title: str
    section: str
    text: str
    grade: str | None
    source_type: str
    year: int | None
    journal: str | None
    publisher: str | None
    url: str | None
    pmid: str | None
    doi: str | None
    evidence_level: str
    retracted: bool


def _chunk_row(r: Sequence[Any]) -> ChunkRow:
    return ChunkRow(
        rowid=int(r[0]), chunk_id=r[1], doc_id=r[2], title=r[3], section=r[4], text=r[5],
        grade=r[6], source_type=r[7], year=r[8], journal=r[9], publisher=r[10], url=r[11],
        pmid=r[12], doi=r[13], evidence_level=r[14], retracted=bool(r[15]),
    )  # fmt: skip


_CHUNK_ROW_SQL = """
    SELECT c.rowid, c.id, c.doc_id, c.title, c.section, c.text, c.grade, d.source_type, d.year,
           d.journal, d.publisher, d.url, d.pmid, d.doi, d.evidence_level, d.retracted
    FROM chunks c CROSS JOIN documents d ON d.id = c.doc_id
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _restrictive(filters: SearchFilters | None) -> bool:
    """True when filters can exclude more than retracted documents."""
    f = filters or SearchFilters()
    return bool(f.year_min or f.year_max or f.levels or f.source_types)


def filter_sql(filters: SearchFilters | None, alias: str = "d") -> tuple[str, list[object]]:
    """SQL conditions (joined with AND, possibly empty) and parameters for `filters`."""
    f = filters or SearchFilters()
    clauses: list[str] = []
    params: list[object] = []
    if not f.include_retracted:
        clauses.append(f"{alias}.retracted = 0")
    if f.year_min is not None:
        clauses.append(f"{alias}.year >= ?")
        params.append(f.year_min)
    if f.year_max is not None:
        clauses.append(f"{alias}.year <= ?")
        params.append(f.year_max)
    if f.levels:
        clauses.append(f"{alias}.evidence_level IN ({','.join('?' * len(f.levels))})")
        params.extend(str(level) for level in f.levels)
    if f.source_types:
        clauses.append(f"{alias}.source_type IN ({','.join('?' * len(f.source_types))})")
        params.extend(str(s) for s in f.source_types)
    return " AND ".join(clauses), params


class Library:
    """A medcite library directory. Create with :meth:`open`."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn = conn
        self._lock = threading.RLock()
        self._matrix_cache: tuple[str, str, np.ndarray, np.ndarray] | None = None
        self._meta_cache: tuple[str, ChunkMeta] | None = None

    @classmethod
    def open(cls, path: Path, *, create: bool = True) -> Library:
        """Open (and with `create`, initialise) the library at `path`."""
        path = path.expanduser()
        db = path / DB_NAME
        if not db.exists() and not create:
            raise LibraryError(
                f"no library at {path}: build one with `medcite ingest PATH --library {path}` "
                "or `medcite library init-samples`"
            )
        try:
            path.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(db, timeout=30.0, check_same_thread=False, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise LibraryError(f"cannot open library at {path}: {exc}") from exc
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
        migrate(conn)
        return cls(path, conn)

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------
    def transaction(self) -> _Transaction:
        """A write transaction: `with lib.transaction() as tx: tx.upsert(...)`."""
        return _Transaction(self)

    def doc_states(self, ids: Sequence[str]) -> dict[str, DocState]:
        """Stored hash and version for those of `ids` already in the library."""
        out: dict[str, DocState] = {}
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            rows = self._conn.execute(
                f"SELECT id, content_hash, version FROM documents WHERE id IN ({','.join('?' * len(part))})",
                part,
            )
            out.update({r[0]: DocState(r[1], r[2]) for r in rows})
        return out

    def pending_vectors(self, model: str, limit: int) -> list[tuple[int, str]]:
        """Chunks with no vector from `model` yet: (rowid, text to embed)."""
        rows = self._conn.execute(
            "SELECT c.rowid, c.title, c.section, c.text FROM chunks c "
            "LEFT JOIN vectors v ON v.chunk_rowid = c.rowid AND v.model = ? "
            "WHERE v.chunk_rowid IS NULL ORDER BY c.rowid LIMIT ?",
            (model, limit),
        ).fetchall()
        return [(r[0], embed_text(r[1], r[2], r[3])) for r in rows]

    def vector_models(self) -> set[str]:
        """Embedding models that have vectors in this library (an index lookup, no scan)."""
        return {r[0] for r in self._conn.execute("SELECT DISTINCT model FROM vectors")}

    def count_pending_vectors(self, model: str) -> int:
        """Number of chunks still without a vector from `model`."""
        row = self._conn.execute(
            "SELECT COUNT(*) FROM chunks c LEFT JOIN vectors v ON v.chunk_rowid = c.rowid "
            "AND v.model = ? WHERE v.chunk_rowid IS NULL",
            (model,),
        ).fetchone()
        return int(row[0])

    def put_vectors(self, model: str, rowids: Sequence[int], matrix: np.ndarray) -> None:
        """Store vectors (float16 on disk: half the size, no measurable recall loss)."""
        data = matrix.astype(np.float16)
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.executemany(
                    "INSERT OR REPLACE INTO vectors(chunk_rowid, model, vec) VALUES (?, ?, ?)",
                    [(rid, model, data[i].tobytes()) for i, rid in enumerate(rowids)],
                )
                self._bump_generation()
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    def _bump_generation(self) -> None:
        self._conn.execute(
            "INSERT INTO meta(key, value) VALUES('generation', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    def log_ingest(self, paths: Sequence[str], summary: dict[str, object]) -> None:
        """Append an ingest run to the log."""
        with self._lock:
            self._conn.execute(
                "INSERT INTO ingest_log(started_at, finished_at, paths, summary) VALUES (?, ?, ?, ?)",
                (
                    summary.get("started_at", _now()),
                    _now(),
                    json.dumps(list(paths)),
                    json.dumps(summary),
                ),
            )

    # -- reading ---------------------------------------------------------------------------
    def generation(self) -> str:
        """Changes on every committed write; keys caches and identifies a library state."""
        row = self._conn.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return str(row[0]) if row else "0"

    def version(self) -> str:
        """Library version recorded on answers: generation and document count."""
        n = self._conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        return f"g{self.generation()}-d{n}"

    def document(self, doc_id: str) -> Document | None:
        """The stored document, or None."""
        row = self._conn.execute(
            "SELECT data, origin FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            return None
        return Document.model_validate_json(row[0]).model_copy(update={"origin": row[1]})

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        """A document's chunks in order."""
        rows = self._conn.execute(
            "SELECT id, doc_id, ordinal, section, text, grade FROM chunks WHERE doc_id = ? ORDER BY ordinal",
            (doc_id,),
        )
        return [
            Chunk(id=r[0], doc_id=r[1], ordinal=r[2], section=r[3], text=r[4], grade=r[5])
            for r in rows
        ]

    def fts(
        self, match: str, limit: int, filters: SearchFilters | None = None
    ) -> list[tuple[int, float]]:
        """FTS5 BM25 search: (chunk rowid, score) best first; score = -bm25 (higher is better)."""
        # The FTS table alone first: joining every match to documents before the LIMIT made a
        # common-word query ~20x slower. Filters apply to an over-fetched head; a restrictive
        # filter that leaves too few falls back to the joined query.
        fetch = max(limit * 4, 200)
        sql = (
            "SELECT rowid, bm25(chunks_fts, 2.0, 0.5, 1.0) AS s FROM chunks_fts "
            "WHERE chunks_fts MATCH ? ORDER BY s LIMIT ?"
        )
        rows = self._fts_rows(sql, [match, fetch], match)
        allowed = self.allowed_rowids([r for r, _ in rows], filters)
        kept = [r for r in rows if r[0] in allowed][:limit]
        if len(kept) < limit and len(rows) == fetch and _restrictive(filters):
            return self._fts_joined(match, limit, filters)
        return kept

    def _fts_joined(
        self, match: str, limit: int, filters: SearchFilters | None
    ) -> list[tuple[int, float]]:
        where, params = filter_sql(filters)
        sql = (
            "SELECT f.rowid, bm25(chunks_fts, 2.0, 0.5, 1.0) AS s FROM chunks_fts f "
            "JOIN chunks c ON c.rowid = f.rowid JOIN documents d ON d.id = c.doc_id "
            f"WHERE chunks_fts MATCH ? {'AND ' + where if where else ''} ORDER BY s LIMIT ?"
        )
        return self._fts_rows(sql, [match, *params, limit], match)

    def _fts_rows(self, sql: str, params: list[object], match: str) -> list[tuple[int, float]]:
        try:
            rows = self._conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            raise LibraryError(f"full-text query {match!r} failed: {exc}") from exc
        return [(int(r[0]), -float(r[1])) for r in rows]

    def chunk_rows(self, rowids: Iterable[int]) -> dict[int, ChunkRow]:
        """Chunk + document metadata for the given rowids."""
        ids = list(dict.fromkeys(rowids))
        out: dict[int, ChunkRow] = {}
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            sql = f"{_CHUNK_ROW_SQL} WHERE c.rowid IN ({','.join('?' * len(part))})"
            for r in self._conn.execute(sql, part):
                out[int(r[0])] = _chunk_row(r)
        return out

    def rowids_for_chunks(self, chunk_ids: Sequence[str]) -> list[int]:
        """Rowids of the given chunk ids that still exist, in the given order."""
        found: dict[str, int] = {}
        for start in range(0, len(chunk_ids), 500):
            part = list(chunk_ids[start : start + 500])
            sql = f"SELECT id, rowid FROM chunks WHERE id IN ({','.join('?' * len(part))})"
            found.update({r[0]: int(r[1]) for r in self._conn.execute(sql, part)})
        return [found[c] for c in chunk_ids if c in found]

    def allowed_rowids(self, rowids: Sequence[int], filters: SearchFilters | None) -> set[int]:
        """Those of `rowids` whose documents pass `filters`."""
        if not rowids:
            return set()
        mask = self.chunk_meta().allowed(rowids, filters)
        return {int(r) for r, keep in zip(rowids, mask, strict=True) if keep}

    def chunk_meta(self, rowids: Sequence[int] | None = None) -> ChunkMeta:
        """Filter/ranking arrays for every passage, rebuilt when the library changes.

        `rowids` lets a backend load only what a query needs; here every passage is cached.
        """
        gen = self.generation()
        cached = self._meta_cache
        if cached is not None and cached[0] == gen:
            return cached[1]
        levels = {str(lv): i for i, lv in enumerate(LEVEL_ORDER)}
        sources = {str(st): i for i, st in enumerate(SOURCE_ORDER)}
        rows = self._conn.execute(
            "SELECT c.rowid, d.year, d.evidence_level, d.source_type, d.retracted, d.rowid "
            "FROM chunks c CROSS JOIN documents d ON d.id = c.doc_id ORDER BY c.rowid"
        ).fetchall()
        meta = ChunkMeta(
            rowids=np.fromiter((r[0] for r in rows), np.int64, len(rows)),
            year=np.fromiter((r[1] if r[1] is not None else -1 for r in rows), np.int32, len(rows)),
            level=np.fromiter(
                (levels.get(r[2], len(LEVEL_ORDER) - 1) for r in rows), np.int8, len(rows)
            ),
            source=np.fromiter((sources.get(r[3], 0) for r in rows), np.int8, len(rows)),
            retracted=np.fromiter((bool(r[4]) for r in rows), np.bool_, len(rows)),
            doc=np.fromiter((r[5] for r in rows), np.int64, len(rows)),
        )
        self._meta_cache = (gen, meta)
        return meta

    def dense_search(
        self, model: str, query: np.ndarray, k: int, filters: SearchFilters | None = None
    ) -> list[tuple[int, float]]:
        """Nearest passages by cosine (exact, one matrix product): (rowid, cosine) best first."""
        rowids, matrix = self.vector_matrix(model)
        if len(rowids) == 0 or k <= 0:
            return []
        scores = np.asarray(matrix @ query.astype(np.float32), dtype=np.float32)
        # Top k, then filter (retracted passages are rare); a restrictive filter that leaves
        # too few masks every row first, so the caller still gets k allowed passages.
        kept = self._top_allowed(rowids, scores, min(len(scores), k), filters)
        if len(kept) < k and len(kept) < len(scores) and _restrictive(filters):
            mask = self.chunk_meta().allowed(rowids.tolist(), filters)
            scores = np.where(mask, scores, -np.inf)
            n = min(int(mask.sum()), k)
            kept = self._top_allowed(rowids, scores, n, filters) if n else []
        return kept[:k]

    def _top_allowed(
        self, rowids: np.ndarray, scores: np.ndarray, n: int, filters: SearchFilters | None
    ) -> list[tuple[int, float]]:
        top = np.argpartition(-scores, n - 1)[:n]
        order = top[np.argsort(-scores[top], kind="stable")]
        ranked = [int(rowids[i]) for i in order]
        allowed = self.allowed_rowids(ranked, filters)
        return [
            (r, float(scores[i]))
            for r, i in zip(ranked, order.tolist(), strict=True)
            if r in allowed
        ]

    def vector_matrix(self, model: str) -> tuple[np.ndarray, np.ndarray]:
        """(rowids, float32 matrix) of every vector from `model`; float16 cached on disk per generation."""
        gen = self.generation()
        cached = self._matrix_cache
        if cached and cached[0] == gen and cached[1] == model:
            return cached[2], cached[3]
        rowids, stored = self._load_matrix(model, gen)
        # float16 on disk halves the size, but numpy has no BLAS for float16: search in float32.
        matrix = np.ascontiguousarray(stored, dtype=np.float32)
        self._matrix_cache = (gen, model, rowids, matrix)
        return rowids, matrix

    def _load_matrix(self, model: str, gen: str) -> tuple[np.ndarray, np.ndarray]:
        cache_dir = self.path / "cache"
        stem = cache_dir / f"vectors-{_safe(model)}-g{gen}"
        ids_file, mat_file = stem.with_suffix(".ids.npy"), stem.with_suffix(".f16.npy")
        if ids_file.exists() and mat_file.exists():
            return np.load(ids_file), np.load(mat_file, mmap_mode="r")
        rows = self._conn.execute(
            "SELECT chunk_rowid, vec FROM vectors WHERE model = ? ORDER BY chunk_rowid", (model,)
        ).fetchall()
        rowids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        if not rows:
            return rowids, np.zeros((0, 0), dtype=np.float16)
        matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float16).reshape(
            len(rows), -1
        )
        try:
            cache_dir.mkdir(exist_ok=True)
            for old in cache_dir.glob(f"vectors-{_safe(model)}-g*"):
                old.unlink(missing_ok=True)
            np.save(ids_file, rowids)
            np.save(mat_file, matrix)
        except OSError:
            pass  # a read-only library still searches, just without the on-disk cache
        return rowids, matrix

    def stats(self) -> dict[str, object]:
        """Counts by source type, evidence level and year, and totals."""
        q = self._conn.execute
        by = {
            "source_type": dict(
                q("SELECT source_type, COUNT(*) FROM documents GROUP BY 1 ORDER BY 1").fetchall()
            ),
            "evidence_level": dict(
                q("SELECT evidence_level, COUNT(*) FROM documents GROUP BY 1 ORDER BY 1").fetchall()
            ),
            "year": {
                str(k): v
                for k, v in q(
                    "SELECT COALESCE(CAST(year AS TEXT), 'unknown'), COUNT(*) FROM documents GROUP BY 1 ORDER BY 1"
                ).fetchall()
            },
        }
        return {
            "path": str(self.path),
            "documents": q("SELECT COUNT(*) FROM documents").fetchone()[0],
            "chunks": q("SELECT COUNT(*) FROM chunks").fetchone()[0],
            "vectors": dict(q("SELECT model, COUNT(*) FROM vectors GROUP BY 1").fetchall()),
            "retracted": q("SELECT COUNT(*) FROM documents WHERE retracted = 1").fetchone()[0],
            "version": self.version(),
            "by": by,
        }

    def iter_documents(self) -> Iterator[Document]:
        """Every stored document (for export and migration)."""
        for (data,) in self._conn.execute("SELECT data FROM documents ORDER BY id"):
            yield Document.model_validate_json(data)


@dataclass(frozen=True, slots=True)
class PreparedDoc:
    """A document turned into database rows: plain tuples, cheap to send between processes."""

    id: str
    version: str
    content_hash: str
    row: tuple[object, ...]
    chunks: Sequence[tuple[object, ...]]


def prepare_rows(
    doc: Document, chunks: Sequence[Chunk], content_hash: str, data_json: str
) -> PreparedDoc:
    """The `documents` row (without the timestamp) and `chunks` rows for `doc`."""
    level = doc.evidence_level or EvidenceLevel.OTHER
    row = (
        doc.id, str(doc.source_type), doc.title, doc.journal, doc.publisher, doc.year,
        doc.published, doc.url, doc.pmid, doc.doi, doc.pmcid, doc.language, str(level),
        int(doc.retracted), doc.version, content_hash, doc.origin, data_json,
    )  # fmt: skip
    chunk_rows = [
        (c.id, c.doc_id, c.ordinal, doc.title, c.section, c.text, c.grade) for c in chunks
    ]
    return PreparedDoc(doc.id, doc.version, content_hash, row, chunk_rows)


class _Transaction:
    """One write batch; commits on clean exit, rolls back on error or interrupt."""

    def __init__(self, lib: Library) -> None:
        self._lib = lib
        self._conn = lib._conn
        self.changed = False

    def __enter__(self) -> _Transaction:
        self._lib._lock.acquire()
        self._conn.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        try:
            if exc_type is None:
                if self.changed:
                    self._lib._bump_generation()
                self._conn.execute("COMMIT")
            else:
                self._conn.execute("ROLLBACK")
        finally:
            self._lib._lock.release()

    def upsert(self, doc: Document, chunks: Sequence[Chunk], content_hash: str) -> None:
        """Insert or replace `doc` and all its chunks."""
        self.upsert_prepared(
            prepare_rows(doc, chunks, content_hash, doc.model_dump_json(exclude_none=True))
        )

    def upsert_prepared(self, prepared: PreparedDoc) -> None:
        """Insert or replace a document from rows made by :func:`prepare_rows` (maybe in a worker)."""
        self.changed = True
        self._conn.execute("DELETE FROM chunks WHERE doc_id = ?", (prepared.id,))
        self._conn.execute(
            "INSERT OR REPLACE INTO documents(id, source_type, title, journal, publisher, year, published,"
            " url, pmid, doi, pmcid, language, evidence_level, retracted, version, content_hash, origin,"
            " data, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (*prepared.row, _now()),
        )
        self._conn.executemany(
            "INSERT INTO chunks(id, doc_id, ordinal, title, section, text, grade) VALUES (?,?,?,?,?,?,?)",
            prepared.chunks,
        )

    def delete(self, doc_ids: Sequence[str]) -> int:
        """Delete documents (chunks and vectors cascade); returns how many existed."""
        n = 0
        for doc_id in doc_ids:
            self._conn.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))
            n += self._conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,)).rowcount
        self.changed = self.changed or n > 0
        return n


def embed_text(title: str, section: str, text: str) -> str:
    """What the dense model sees for a chunk: the title gives a passage its topic."""
    head = f"{title}. " if title and not text.startswith(title) else ""
    return f"{head}{section + ': ' if section else ''}{text}"


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)
