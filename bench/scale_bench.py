"""Synthetic scale test: search latency and memory at N passages, SQLite vs PostgreSQL + pgvector.

Passages: text (title, section, body) sampled with replacement from a real library's chunks;
year and evidence level drawn at random; vectors random-normal, L2-normalised float32, stored
under the MiniLM model id so the real Searcher (query embedding, synonyms, fusion) runs as in
production. Both libraries are bulk-loaded directly (no parsing or embedding: that is the
ingest benchmark's job); the PostgreSQL load drops the GIN index and builds it, and the HNSW
index, after the COPY, timing each. Search runs in a fresh child process per backend so peak
RSS is that process's own; the PostgreSQL server's memory is the PSS sum of its processes.

    python bench/scale_bench.py --passages 200000 --work /work/pg-bench/scale \\
        --source /work/bench-lib50k
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from _common import latency_summary, peak_rss_mb, run_child, save

from medcite.embed.onnx_minilm import MODEL_ID
from medcite.library.pg_embedded import EmbeddedPostgres
from medcite.library.postgres import PostgresLibrary
from medcite.library.store import Library
from medcite.records import LEVEL_ORDER

DIM = 384
PG_SETTINGS = {
    "shared_buffers": "2GB",
    "maintenance_work_mem": "3GB",
    "max_parallel_maintenance_workers": "1",
    "work_mem": "64MB",
}
BLOCK = 20_000


def sample_passages(
    source: Path, n: int, seed: int
) -> Iterator[tuple[int, str, str, str, int, str]]:
    """(i, title, section, text, year, level) for n passages sampled from `source`'s chunks."""
    with Library.open(source, create=False) as lib:
        rows = lib._conn.execute("SELECT title, section, text FROM chunks").fetchall()
    rng = random.Random(seed)
    levels = [str(lv) for lv in LEVEL_ORDER]
    for i in range(n):
        title, section, text = rows[rng.randrange(len(rows))]
        yield i, title, section, text, rng.randint(1980, 2025), rng.choice(levels)


def vectors(n: int, seed: int) -> Iterator[np.ndarray]:
    """Blocks of random unit vectors."""
    rng = np.random.default_rng(seed)
    for start in range(0, n, BLOCK):
        block = rng.standard_normal((min(BLOCK, n - start), DIM), dtype=np.float32)
        yield block / np.linalg.norm(block, axis=1, keepdims=True)


def _data_json(i: int, title: str, year: int, level: str) -> str:
    return json.dumps({"id": f"syn:{i}", "source_type": "pubmed", "title": title,
                       "sections": [], "year": year, "evidence_level": level})  # fmt: skip


def build_sqlite(path: Path, source: Path, n: int, seed: int) -> dict[str, object]:
    lib = Library.open(path)
    if lib.stats()["chunks"] == n:
        return {"reused": True}
    t0 = time.perf_counter()
    conn = lib._conn
    passages = sample_passages(source, n, seed)
    for block in vectors(n, seed):
        rows = [next(passages) for _ in range(len(block))]
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO documents(id, source_type, title, year, evidence_level, retracted, "
            "content_hash, data, updated_at) VALUES (?, 'pubmed', ?, ?, ?, ?, ?, ?, '')",
            [(f"syn:{i}", t, y, lv, int(i % 1000 == 0), hashlib.sha1(x.encode()).hexdigest(),
              _data_json(i, t, y, lv)) for i, t, _s, x, y, lv in rows],
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO chunks(rowid, id, doc_id, ordinal, title, section, text) "
            "VALUES (?, ?, ?, 0, ?, ?, ?)",
            [(i + 1, f"syn:{i}#0", f"syn:{i}", t, s, x) for i, t, s, x, _y, _lv in rows],
        )
        conn.executemany(
            "INSERT INTO vectors(chunk_rowid, model, vec) VALUES (?, ?, ?)",
            [
                (r[0] + 1, MODEL_ID, v.astype(np.float16).tobytes())
                for r, v in zip(rows, block, strict=True)
            ],
        )
        lib._bump_generation()
        conn.execute("COMMIT")
    build = time.perf_counter() - t0
    return {"build_seconds": round(build, 1),
            "file_mb": round((path / "library.sqlite3").stat().st_size / 2**20, 1)}  # fmt: skip


def build_postgres(url: str, source: Path, n: int, seed: int) -> dict[str, object]:
    lib = PostgresLibrary.open(url)
    if lib.stats()["chunks"] == n:
        return {"reused": True}
    conn = lib._conn
    conn.execute("TRUNCATE documents, chunks, vectors")
    conn.execute("DROP INDEX IF EXISTS chunks_tsv")
    t0 = time.perf_counter()
    passages = sample_passages(source, n, seed)
    for block in vectors(n, seed):
        rows = [next(passages) for _ in range(len(block))]
        with conn.transaction():
            with conn.cursor().copy(
                "COPY documents(id, source_type, title, year, evidence_level, retracted, "
                "content_hash, data, updated_at) FROM STDIN"
            ) as cp:
                for i, t, _s, x, y, lv in rows:
                    cp.write_row((f"syn:{i}", "pubmed", t, y, lv, i % 1000 == 0,
                                  hashlib.sha1(x.encode()).hexdigest(), _data_json(i, t, y, lv), ""))  # fmt: skip
            with conn.cursor().copy(
                "COPY chunks(rowid, id, doc_id, doc_code, ordinal, title, section, text, year, "
                "evidence_level, source_type, retracted) FROM STDIN"
            ) as cp:
                for i, t, s, x, y, lv in rows:
                    cp.write_row((i + 1, f"syn:{i}#0", f"syn:{i}", i + 1, 0, t, s, x, y, lv,
                                  "pubmed", i % 1000 == 0))  # fmt: skip
            with conn.cursor().copy(
                "COPY vectors(chunk_rowid, model, year, evidence_level, source_type, retracted, "
                "embedding) FROM STDIN WITH (FORMAT BINARY)"
            ) as cp:
                cp.set_types(["int8", "text", "int4", "text", "text", "bool", "vector"])
                for r, v in zip(rows, block, strict=True):
                    cp.write_row((r[0] + 1, MODEL_ID, r[4], r[5], "pubmed", r[0] % 1000 == 0, v))
    load = time.perf_counter() - t0
    conn.execute("SELECT setval(pg_get_serial_sequence('chunks', 'rowid'), %s)", (n + 1,))
    t0 = time.perf_counter()
    conn.execute("CREATE INDEX chunks_tsv ON chunks USING gin(tsv)")
    gin = time.perf_counter() - t0
    t0 = time.perf_counter()
    lib.ensure_vector_index(MODEL_ID, DIM)
    hnsw = time.perf_counter() - t0
    conn.execute("ANALYZE")
    conn.execute(
        "UPDATE library_meta SET value = (value::bigint + 1)::text WHERE key = 'generation'"
    )
    size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    return {"copy_seconds": round(load, 1), "gin_index_seconds": round(gin, 1),
            "hnsw_index_seconds": round(hnsw, 1), "database_mb": round(size / 2**20, 1)}  # fmt: skip


def server_pss_mb(server: EmbeddedPostgres) -> float:
    """Proportional set size of the server's processes (shared memory counted once)."""
    import psutil

    pid = int((server.datadir / "postmaster.pid").read_text().split()[0])
    main = psutil.Process(pid)
    total = 0
    for proc in [main, *main.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += proc.memory_full_info().pss
    return round(total / 2**20, 1)


def child(target: str, queries_json: str) -> None:
    """In a fresh process: open the library, time the Searcher per mode, report peak RSS."""
    from medcite.embed import get_embedder
    from medcite.library.open import open_library
    from medcite.retrieval import Mode, Searcher

    queries = json.loads(Path(queries_json).read_text())
    lib = open_library(target, create=False)
    searcher = Searcher(lib, get_embedder("minilm"))
    out: dict[str, Any] = {}
    t0 = time.perf_counter()
    searcher.search(queries[0], k=10)  # first query: loads models, matrix, metadata
    out["first_query_seconds"] = round(time.perf_counter() - t0, 2)
    for mode in (Mode.LEXICAL, Mode.DENSE, Mode.HYBRID):
        ms = []
        for q in queries:
            t1 = time.perf_counter()
            searcher.search(q, k=10, mode=mode)
            ms.append((time.perf_counter() - t1) * 1000)
        out[str(mode)] = latency_summary(ms)
    out["peak_rss_mb"] = round(peak_rss_mb(), 1)
    print(json.dumps(out))


def dense_recall(sqlite_dir: Path, url: str, n_queries: int, seed: int) -> dict[str, object]:
    """HNSW recall@10 against the exact search of the SQLite library, on perturbed corpus vectors."""
    with Library.open(sqlite_dir, create=False) as lite, PostgresLibrary.open(url) as pg:
        rowids, matrix = lite.vector_matrix(MODEL_ID)
        rng = np.random.default_rng(seed)
        picks = rng.choice(len(rowids), n_queries, replace=False)
        recalls, found, ms = [], [], []
        for p in picks:
            # Noise of norm ~0.1: the query's true neighbours are its source vector and then
            # near-ties among random vectors, so recall@10 is a hard test; `source@1` is not.
            q = matrix[p] + rng.standard_normal(DIM).astype(np.float32) * 0.005
            q /= np.linalg.norm(q)
            exact = {r for r, _ in lite.dense_search(MODEL_ID, q, 10)}
            t0 = time.perf_counter()
            approx = {r for r, _ in pg.dense_search(MODEL_ID, q, 10)}
            ms.append((time.perf_counter() - t0) * 1000)
            recalls.append(len(exact & approx) / 10)
            found.append(float(int(rowids[p]) in approx))
    return {"recall@10": round(float(np.mean(recalls)), 3),
            "source_in_top10": round(float(np.mean(found)), 3),
            "pg_dense_k10": latency_summary(ms)}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--passages", type=int, default=1_000_000)
    ap.add_argument(
        "--work", type=Path, required=True, help="Where both libraries are built (kept)."
    )
    ap.add_argument(
        "--source", type=Path, required=True, help="Library whose passages are sampled."
    )
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    n = args.passages
    results: dict[str, object] = {"passages": n, "dim": DIM, "pg_settings": PG_SETTINGS}
    results["sqlite_build"] = build_sqlite(args.work / f"sqlite-{n}", args.source, n, args.seed)
    server = EmbeddedPostgres(args.work / "pgdata", settings=PG_SETTINGS)
    url = server.start(database=f"scale{n}")
    try:
        results["postgres_build"] = build_postgres(url, args.source, n, args.seed)
        rng = random.Random(args.seed)
        titles = [t for _, t, *_ in sample_passages(args.source, args.queries, args.seed + 1)]
        queries = [" ".join(t.split()[: rng.randint(4, 10)]) for t in titles]
        qfile = args.work / "queries.json"
        qfile.write_text(json.dumps(queries))
        code = "import scale_bench, sys; scale_bench.child(sys.argv[1], sys.argv[2])"
        results["sqlite_search"] = run_child(code, str(args.work / f"sqlite-{n}"), str(qfile))
        before = server_pss_mb(server)
        results["postgres_search"] = run_child(code, url, str(qfile))
        results["postgres_server_pss_mb"] = {
            "idle_after_build": before,
            "after_search": server_pss_mb(server),
        }
        results["hnsw_vs_exact"] = dense_recall(args.work / f"sqlite-{n}", url, 50, args.seed)
        save(f"scale_{n}", results)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
