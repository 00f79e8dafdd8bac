"""The library on PostgreSQL: documents, chunks, a GIN full-text index and pgvector HNSW indexes.

Selected by a URL (`MEDCITE_DATABASE_URL=postgresql://...` or `--library postgresql://...`),
it satisfies the same :class:`~medcite.library.protocol.LibraryStore` protocol as the embedded
SQLite library, so ingest, search and answering do not know which one they use. Many processes
may share one database: writers take row locks per document, readers never wait for them,
and dense search runs inside the database (`ORDER BY embedding <=> q LIMIT k`), so no process
loads the vector matrix.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from medcite.library.pg_schema import SCHEMA_LOCK, migrate
from medcite.library.pg_text import parse_match
from medcite.library.store import (
    SOURCE_ORDER,
    ChunkMeta,
    ChunkRow,
    DocState,
    LibraryError,
    PreparedDoc,
    _chunk_row,
    _now,
    embed_text,
    prepare_rows,
)
from medcite.records import LEVEL_ORDER, Chunk, Document, SearchFilters

# ts_rank weights for {D, C, B, A}: section (C) 0.25, text (B) 0.5, title (A) 1.0, the same
# 0.5 : 1 : 2 ratio as the FTS5 bm25() column weights of the embedded library.
_RANK_WEIGHTS = "{0.1, 0.25, 0.5, 1.0}"
# Document frequencies for IDF are refreshed at most this often while the library changes.
_IDF_TTL_SECONDS = 60.0
# A phrase in more than this share of passages (and more than _SELECTIVE_MIN_DF of them) adds
# to scores but does not make candidates on its own when the query has a rarer phrase.
_SELECTIVE_SHARE = 0.05
_SELECTIVE_MIN_DF = 1000
# HNSW build parameters: pgvector's defaults, measured in docs/benchmarks.md.
HNSW_M = 16
HNSW_EF_CONSTRUCTION = 64

_DOC_COLUMNS = (
    "id, source_type, title, journal, publisher, year, published, url, pmid, doi, pmcid, "
    "language, evidence_level, retracted, version, content_hash, origin, data, updated_at"
)
_CHUNK_COPY = (
    "COPY chunks(id, doc_id, doc_code, ordinal, title, section, text, grade, year, "
    "evidence_level, source_type, retracted) FROM STDIN"
)
_CHUNK_ROW_SQL = """
    SELECT c.rowid, c.id, c.doc_id, c.title, c.section, c.text, c.grade, d.source_type, d.year,
           d.journal, d.publisher, d.url, d.pmid, d.doi, d.evidence_level, d.retracted
    FROM chunks c JOIN documents d ON d.id = c.doc_id
"""


def is_database_url(target: str | Path) -> bool:
    """True for a PostgreSQL connection URL."""
    return str(target).startswith(("postgresql://", "postgres://"))


def redact(url: str) -> str:
    """The URL without its password, for messages and stats."""
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}@{host}" if user else f"{scheme}://{host}"


def filter_sql_pg(filters: SearchFilters | None) -> tuple[str, list[object]]:
    """WHERE conditions (never empty) on a table carrying the copied document filter fields."""
    f = filters or SearchFilters()
    clauses: list[str] = ["TRUE"]
    params: list[object] = []
    if not f.include_retracted:
        clauses.append("NOT retracted")
    if f.year_min is not None:
        clauses.append("year >= %s")
        params.append(f.year_min)
    if f.year_max is not None:
        clauses.append("year <= %s")
        params.append(f.year_max)
    if f.levels:
        clauses.append("evidence_level = ANY(%s)")
        params.append([str(level) for level in f.levels])
    if f.source_types:
        clauses.append("source_type = ANY(%s)")
        params.append([str(s) for s in f.source_types])
    return " AND ".join(clauses), params


def _connect(url: str) -> Any:
    try:
        import psycopg
        from pgvector.psycopg import register_vector
    except ImportError as exc:
        raise LibraryError(
            f"the library at {redact(url)} is on PostgreSQL, which needs psycopg and pgvector: "
            "pip install 'medcite[postgres]'"
        ) from exc
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        raise LibraryError(
            f"cannot connect to the PostgreSQL library at {redact(url)}: {str(exc).strip()} "
            "(is the server running and the URL right? set MEDCITE_DATABASE_URL or --library)"
        ) from exc
    try:
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        register_vector(conn)
    except psycopg.Error as exc:
        conn.close()
        raise LibraryError(
            f"{redact(url)}: the pgvector extension is missing and could not be created "
            f"({str(exc).strip()}); as a superuser run `CREATE EXTENSION vector;` in that database"
        ) from exc
    return conn


def _bm25_idf(df: float, total: int) -> float:
    """Robertson-Sparck Jones IDF as in BM25 (Lucene's +1 form: never negative)."""
    return math.log(1.0 + (max(total, df) - df + 0.5) / (df + 0.5))


def _index_name(model: str) -> str:
    return "vectors_hnsw_" + hashlib.sha1(model.encode()).hexdigest()[:12]


class PostgresLibrary:
    """A medcite library in a PostgreSQL database. Create with :meth:`open`."""

    def __init__(self, url: str, conn: Any, cache_dir: Path) -> None:
        self.url = url
        self.path = cache_dir
        self._conn = conn
        self._lock = threading.RLock()
        self._meta_cache: tuple[str, ChunkMeta] | None = None
        self._indexed: set[str] = set()
        self._df: dict[str, float] = {}
        self._df_state: tuple[str, float, int] = ("", -_IDF_TTL_SECONDS, 0)
        self._common: dict[str, float] = {}
        self._ef_search = 0

    @classmethod
    def open(
        cls, url: str, *, create: bool = True, cache_dir: Path | None = None
    ) -> PostgresLibrary:
        """Connect (and with `create`, apply the schema); raises LibraryError with the fix."""
        conn = _connect(url)
        if not create:
            row = conn.execute("SELECT to_regclass('library_meta') IS NOT NULL").fetchone()
            if not row[0]:
                conn.close()
                raise LibraryError(
                    f"no medcite library in {redact(url)}: build one with "
                    f"`medcite ingest PATH --library {redact(url)}` or copy one with "
                    f"`medcite library migrate --to {redact(url)}`"
                )
        migrate(conn)
        conn.execute("SET hnsw.iterative_scan = relaxed_order")
        home = cache_dir or Path("~/.medcite/library").expanduser()
        return cls(url, conn, home)

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def __enter__(self) -> PostgresLibrary:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return list(self._conn.execute(sql, params).fetchall())

    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...]:
        rows = self._all(sql, params)
        return rows[0] if rows else ()

    # -- writing ---------------------------------------------------------------------------
    def transaction(self) -> PgTransaction:
        """A write transaction: `with lib.transaction() as tx: tx.upsert(...)`."""
        return PgTransaction(self)

    def doc_states(self, ids: Sequence[str]) -> dict[str, DocState]:
        """Stored hash and version for those of `ids` already in the library."""
        rows = self._all(
            "SELECT id, content_hash, version FROM documents WHERE id = ANY(%s)", (list(ids),)
        )
        return {r[0]: DocState(r[1], r[2]) for r in rows}

    def pending_vectors(self, model: str, limit: int) -> list[tuple[int, str]]:
        """Chunks with no vector from `model` yet: (rowid, text to embed)."""
        rows = self._all(
            "SELECT c.rowid, c.title, c.section, c.text FROM chunks c WHERE NOT EXISTS "
            "(SELECT 1 FROM vectors v WHERE v.chunk_rowid = c.rowid AND v.model = %s) "
            "ORDER BY c.rowid LIMIT %s",
            (model, limit),
        )
        return [(int(r[0]), embed_text(r[1], r[2], r[3])) for r in rows]

    def count_pending_vectors(self, model: str) -> int:
        """Number of chunks still without a vector from `model`."""
        row = self._one(
            "SELECT COUNT(*) FROM chunks c WHERE NOT EXISTS "
            "(SELECT 1 FROM vectors v WHERE v.chunk_rowid = c.rowid AND v.model = %s)",
            (model,),
        )
        return int(row[0])

    def vector_models(self) -> set[str]:
        """Embedding models that have vectors (a loose index scan: one probe per model)."""
        rows = self._all(
            "WITH RECURSIVE m AS ((SELECT model FROM vectors ORDER BY model LIMIT 1) UNION ALL "
            "SELECT (SELECT v.model FROM vectors v WHERE v.model > m.model ORDER BY v.model "
            "LIMIT 1) FROM m WHERE m.model IS NOT NULL) SELECT model FROM m WHERE model IS NOT NULL"
        )
        return {r[0] for r in rows}

    def ensure_vector_index(self, model: str, dim: int) -> None:
        """The HNSW (cosine) index for `model`'s vectors, created once, by one process."""
        if model in self._indexed:
            return
        from psycopg import sql

        name = _index_name(model)
        with self._lock, self._conn.transaction():
            self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
            self._conn.execute(
                sql.SQL(
                    "CREATE INDEX IF NOT EXISTS {} ON vectors USING hnsw "
                    "((embedding::vector({})) vector_cosine_ops) WITH (m = {}, ef_construction = {}) "
                    "WHERE model = {}"
                ).format(
                    sql.Identifier(name),
                    sql.Literal(dim),
                    sql.Literal(HNSW_M),
                    sql.Literal(HNSW_EF_CONSTRUCTION),
                    sql.Literal(model),
                )
            )
        self._indexed.add(model)

    def put_vectors(self, model: str, rowids: Sequence[int], matrix: np.ndarray) -> None:
        """Store vectors (float32 pgvector); chunks deleted meanwhile are skipped."""
        if len(rowids) == 0:
            return
        self.ensure_vector_index(model, int(matrix.shape[1]))
        with self.transaction() as tx:
            tx.copy_vectors(model, [int(r) for r in rowids], matrix, key="rowid")

    def log_ingest(self, paths: Sequence[str], summary: dict[str, object]) -> None:
        """Append an ingest run to the log."""
        self._all(
            "INSERT INTO ingest_log(started_at, finished_at, paths, summary) "
            "VALUES (%s, %s, %s, %s) RETURNING id",
            (str(summary.get("started_at", _now())), _now(), json.dumps(list(paths)),
             json.dumps(summary, default=str)),
        )  # fmt: skip

    # -- reading ---------------------------------------------------------------------------
    def generation(self) -> str:
        """Changes on every committed write; keys caches and identifies a library state."""
        row = self._one("SELECT value FROM library_meta WHERE key = 'generation'")
        return str(row[0]) if row else "0"

    def version(self) -> str:
        """Library version recorded on answers: generation and document count."""
        n = self._one("SELECT COUNT(*) FROM documents")[0]
        return f"g{self.generation()}-d{n}"

    def document(self, doc_id: str) -> Document | None:
        """The stored document, or None."""
        row = self._one("SELECT data, origin FROM documents WHERE id = %s", (doc_id,))
        if not row:
            return None
        return Document.model_validate_json(row[0]).model_copy(update={"origin": row[1]})

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        """A document's chunks in order."""
        rows = self._all(
            "SELECT id, doc_id, ordinal, section, text, grade FROM chunks WHERE doc_id = %s "
            "ORDER BY ordinal",
            (doc_id,),
        )
        return [
            Chunk(id=r[0], doc_id=r[1], ordinal=r[2], section=r[3], text=r[4], grade=r[5])
            for r in rows
        ]

    def fts(
        self, match: str, limit: int, filters: SearchFilters | None = None
    ) -> list[tuple[int, float]]:
        """Full-text search: sum over query phrases of BM25 IDF x ts_rank, best first.

        PostgreSQL's ts_rank has no IDF; without it a rare synonym ("spondylolysis") would
        weigh no more than a common word ("treatment"), so each phrase is weighted by its IDF.
        Ranking every passage that holds a common word is what makes a naive query slow, so
        when a query has a selective phrase, only passages holding one are candidates; the
        common phrases still add to their scores (a passage with common words only would
        rank below them anyway).
        """
        df, total = self._doc_freqs(parse_match(match))
        terms = [t for t in df if df[t] > 0]
        if not terms:
            return []
        cap = max(_SELECTIVE_SHARE * total, _SELECTIVE_MIN_DF)
        selective = [t for t in terms if df[t] <= cap] or terms
        rank = " + ".join(
            f"%s * ts_rank('{_RANK_WEIGHTS}', tsv, phraseto_tsquery('english', %s), 1)"
            for _ in terms
        )
        query = " || ".join("phraseto_tsquery('english', %s)" for _ in selective)
        where, params = filter_sql_pg(filters)
        sql = (
            f"SELECT rowid, {rank} AS s FROM chunks WHERE tsv @@ ({query}) AND {where} "
            "ORDER BY s DESC, rowid LIMIT %s"
        )
        args: list[object] = [x for t in terms for x in (_bm25_idf(df[t], total), t)]
        rows = self._all(sql, [*args, *selective, *params, limit])
        return [(int(r[0]), float(r[1])) for r in rows]

    def _doc_freqs(self, terms: list[str]) -> tuple[dict[str, float], int]:
        """Document frequency per phrase, and the passage count.

        Phrases made only of lexemes in the column statistics' most-common list (ANALYZE's
        sample) take their frequency from there, free; the others hold a rarer lexeme, so
        counting them in the GIN index is cheap.
        """
        gen = self.generation()
        state_gen, at, total = self._df_state
        if gen != state_gen and time.monotonic() - at > _IDF_TTL_SECONDS:
            total = int(self._one("SELECT COUNT(*) FROM chunks")[0])
            self._df, self._df_state = {}, (gen, time.monotonic(), total)
            self._common = self._common_lexemes()
        missing = [t for t in terms if t not in self._df]
        if missing:
            rows = self._all(
                "SELECT t, ARRAY(SELECT lexeme FROM unnest(to_tsvector('english', t))) "
                "FROM unnest(%s::text[]) AS t",
                (missing,),
            )
            for term, lexemes in rows:
                freqs = [self._common.get(lx) for lx in lexemes]
                if not lexemes:
                    self._df[term] = 0.0
                elif all(f is not None for f in freqs):
                    self._df[term] = min(f for f in freqs if f is not None) * total
                else:
                    self._df[term] = float(self._one(
                        "SELECT COUNT(*) FROM chunks WHERE tsv @@ phraseto_tsquery('english', %s)",
                        (term,),
                    )[0])  # fmt: skip
        return {t: self._df[t] for t in terms}, total

    def _common_lexemes(self) -> dict[str, float]:
        """Lexeme -> share of passages, for the most common lexemes (empty before ANALYZE)."""
        row = self._one(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = 'chunks' AND attname = 'tsv'"
        )
        if not row or row[0] is None:
            return {}
        return dict(zip(row[0], (float(f) for f in row[1]), strict=False))

    def analyze(self) -> None:
        """Refresh the planner's statistics (after a bulk load; autovacuum does it otherwise)."""
        with self._lock:
            self._conn.execute("ANALYZE")

    def dense_search(
        self, model: str, query: np.ndarray, k: int, filters: SearchFilters | None = None
    ) -> list[tuple[int, float]]:
        """Nearest passages by cosine, in the database (HNSW, iterative scan with filters)."""
        if k <= 0:
            return []
        dim = len(query)
        where, params = filter_sql_pg(filters)
        sql = (
            f"SELECT chunk_rowid, embedding::vector({dim}) <=> %s::vector({dim}) AS d "
            f"FROM vectors WHERE model = %s AND {where} ORDER BY d LIMIT %s"
        )
        ef = min(max(k, 40), 1000)  # HNSW returns at most ef_search rows per scan
        with self._lock:
            if ef != self._ef_search:
                self._conn.execute(f"SET hnsw.ef_search = {int(ef)}")
                self._ef_search = ef
            rows = self._conn.execute(sql, [query.astype(np.float32), model, *params, k]).fetchall()
        # relaxed_order iterative scans may return near neighbours slightly out of order.
        hits = [(int(r[0]), 1.0 - float(r[1])) for r in rows]
        return sorted(hits, key=lambda h: (-h[1], h[0]))

    def chunk_rows(self, rowids: Iterable[int]) -> dict[int, ChunkRow]:
        """Chunk + document metadata for the given rowids."""
        ids = list(dict.fromkeys(int(r) for r in rowids))
        if not ids:
            return {}
        rows = self._all(f"{_CHUNK_ROW_SQL} WHERE c.rowid = ANY(%s)", (ids,))
        return {int(r[0]): _chunk_row(r) for r in rows}

    def rowids_for_chunks(self, chunk_ids: Sequence[str]) -> list[int]:
        """Rowids of the given chunk ids that still exist, in the given order."""
        rows = self._all("SELECT id, rowid FROM chunks WHERE id = ANY(%s)", (list(chunk_ids),))
        found = {r[0]: int(r[1]) for r in rows}
        return [found[c] for c in chunk_ids if c in found]

    def allowed_rowids(self, rowids: Sequence[int], filters: SearchFilters | None) -> set[int]:
        """Those of `rowids` whose documents pass `filters`."""
        if not rowids:
            return set()
        mask = self.chunk_meta(rowids).allowed(rowids, filters)
        return {int(r) for r, keep in zip(rowids, mask, strict=True) if keep}

    def chunk_meta(self, rowids: Sequence[int] | None = None) -> ChunkMeta:
        """Filter/ranking arrays for `rowids` (one indexed query), or every passage (cached)."""
        if rowids is not None:
            return _meta(self._all(_META_SQL + " WHERE rowid = ANY(%s) ORDER BY rowid",
                                   ([int(r) for r in rowids],)))  # fmt: skip
        gen = self.generation()
        if self._meta_cache is None or self._meta_cache[0] != gen:
            self._meta_cache = (gen, _meta(self._all(_META_SQL + " ORDER BY rowid")))
        return self._meta_cache[1]

    def stats(self) -> dict[str, object]:
        """Counts by source type, evidence level and year, and totals."""

        def counts(sql: str) -> dict[str, int]:
            return {str(k): int(v) for k, v in self._all(sql)}

        by = {
            "source_type": counts(
                "SELECT source_type, COUNT(*) FROM documents GROUP BY 1 ORDER BY 1"
            ),
            "evidence_level": counts(
                "SELECT evidence_level, COUNT(*) FROM documents GROUP BY 1 ORDER BY 1"
            ),
            "year": counts(
                "SELECT COALESCE(year::text, 'unknown'), COUNT(*) FROM documents GROUP BY 1 ORDER BY 1"
            ),
        }
        return {
            "path": redact(self.url),
            "documents": int(self._one("SELECT COUNT(*) FROM documents")[0]),
            "chunks": int(self._one("SELECT COUNT(*) FROM chunks")[0]),
            "vectors": counts("SELECT model, COUNT(*) FROM vectors GROUP BY 1 ORDER BY 1"),
            "retracted": int(self._one("SELECT COUNT(*) FROM documents WHERE retracted")[0]),
            "version": self.version(),
            "by": by,
        }

    def iter_documents(self) -> Iterator[Document]:
        """Every stored document, in id order, read in pages (no lock held between pages)."""
        last = ""
        while True:
            rows = self._all(
                "SELECT id, data FROM documents WHERE id > %s ORDER BY id LIMIT 1000", (last,)
            )
            if not rows:
                return
            for _, data in rows:
                yield Document.model_validate_json(data)
            last = rows[-1][0]


_META_SQL = "SELECT rowid, year, evidence_level, source_type, retracted, doc_code FROM chunks"


def _meta(rows: list[tuple[Any, ...]]) -> ChunkMeta:
    levels = {str(lv): i for i, lv in enumerate(LEVEL_ORDER)}
    sources = {str(st): i for i, st in enumerate(SOURCE_ORDER)}
    n = len(rows)
    return ChunkMeta(
        rowids=np.fromiter((r[0] for r in rows), np.int64, n),
        year=np.fromiter((r[1] if r[1] is not None else -1 for r in rows), np.int32, n),
        level=np.fromiter((levels.get(r[2], len(LEVEL_ORDER) - 1) for r in rows), np.int8, n),
        source=np.fromiter((sources.get(r[3], 0) for r in rows), np.int8, n),
        retracted=np.fromiter((bool(r[4]) for r in rows), np.bool_, n),
        doc=np.fromiter((r[5] for r in rows), np.int64, n),
    )


class PgTransaction:
    """One write batch on PostgreSQL; commits on clean exit, rolls back on error or interrupt.

    Upserts are buffered and written at the end (or before a delete) as one statement for the
    documents and one COPY for the chunks. The document row is written before its old chunks
    are deleted, so two writers of the same document serialise on its row lock.
    """

    def __init__(self, lib: PostgresLibrary) -> None:
        self._lib = lib
        self._conn = lib._conn
        self._pending: dict[str, PreparedDoc] = {}
        self._tx: Any = None
        self.changed = False

    def __enter__(self) -> PgTransaction:
        self._lib._lock.acquire()
        try:
            self._tx = self._conn.transaction()
            self._tx.__enter__()
        except BaseException:
            self._lib._lock.release()
            raise
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        try:
            if exc_type is None:
                try:
                    self._flush()
                    if self.changed:
                        # Last, so the hot row is locked only for the instant before COMMIT.
                        self._conn.execute(
                            "UPDATE library_meta SET value = (value::bigint + 1)::text "
                            "WHERE key = 'generation'"
                        )
                except BaseException as exc:
                    self._tx.__exit__(type(exc), exc, exc.__traceback__)
                    raise
                self._tx.__exit__(None, None, None)
            else:
                self._tx.__exit__(exc_type, *rest)
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
        self._pending.pop(prepared.id, None)
        self._pending[prepared.id] = prepared

    def delete(self, doc_ids: Sequence[str]) -> int:
        """Delete documents (chunks and vectors cascade); returns how many existed."""
        self._flush()
        cur = self._conn.execute("DELETE FROM documents WHERE id = ANY(%s)", (list(doc_ids),))
        n = int(cur.rowcount or 0)
        self.changed = self.changed or n > 0
        return n

    def _flush(self) -> None:
        if not self._pending:
            return
        docs = list(self._pending.values())
        self._pending.clear()
        now = _now()
        updates = ", ".join(
            f"{c} = excluded.{c}"
            for c in (col.strip() for col in _DOC_COLUMNS.split(","))
            if c != "id"
        )
        with self._conn.cursor() as cur:
            cur.executemany(
                f"INSERT INTO documents({_DOC_COLUMNS}) VALUES ({', '.join(['%s'] * 19)}) "
                f"ON CONFLICT (id) DO UPDATE SET {updates}",
                [_doc_params(p, now) for p in docs],
            )
        ids = [p.id for p in docs]
        codes = dict(
            self._conn.execute(
                "SELECT id, code FROM documents WHERE id = ANY(%s)", (ids,)
            ).fetchall()
        )
        self._conn.execute("DELETE FROM chunks WHERE doc_id = ANY(%s)", (ids,))
        with self._conn.cursor().copy(_CHUNK_COPY) as copy:
            for p in docs:
                r = p.row
                for c in p.chunks:
                    copy.write_row((*c[:2], codes[p.id], *c[2:], r[5], r[12], r[1], bool(r[13])))

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement in this transaction (pending upserts written first); its rows."""
        self._flush()
        cur = self._conn.execute(sql, params)
        return list(cur.fetchall()) if cur.description else []

    def copy_vectors(
        self, model: str, keys: Sequence[int] | Sequence[str], matrix: np.ndarray, *, key: str
    ) -> int:
        """Bulk-store vectors for chunks named by rowid (`key="rowid"`) or chunk id (`"id"`).

        Binary COPY into a temporary table, then one INSERT joined to the chunks, which
        supplies the copied filter fields and skips chunks that no longer exist.
        """
        self._flush()
        kind = "int8" if key == "rowid" else "text"
        self._conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS vec_in_rowid(k bigint, e vector) ON COMMIT DELETE ROWS"
        )
        self._conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS vec_in_id(k text, e vector) ON COMMIT DELETE ROWS"
        )
        table = "vec_in_rowid" if key == "rowid" else "vec_in_id"
        data = np.ascontiguousarray(matrix, dtype=np.float32)
        with self._conn.cursor().copy(f"COPY {table}(k, e) FROM STDIN WITH (FORMAT BINARY)") as cp:
            cp.set_types([kind, "vector"])
            for i, k in enumerate(keys):
                cp.write_row((k, data[i]))
        cur = self._conn.execute(
            "INSERT INTO vectors(chunk_rowid, model, year, evidence_level, source_type, retracted, "
            f"embedding) SELECT c.rowid, %s, c.year, c.evidence_level, c.source_type, c.retracted, "
            f"t.e FROM {table} t JOIN chunks c ON c.{key} = t.k "
            "ON CONFLICT (chunk_rowid) DO UPDATE SET model = excluded.model, "
            "embedding = excluded.embedding",
            (model,),
        )
        self._conn.execute(f"DELETE FROM {table}")
        self.changed = True
        return int(cur.rowcount or 0)


def _doc_params(p: PreparedDoc, now: str) -> tuple[object, ...]:
    row = list(p.row)
    row[13] = bool(row[13])  # retracted: INTEGER in SQLite, BOOLEAN here
    return (*row, now)
