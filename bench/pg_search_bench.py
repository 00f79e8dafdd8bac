"""Search latency (p50/p95) on PostgreSQL + pgvector vs the embedded SQLite library, same data.

Copies the SQLite library into an embedded PostgreSQL 18 (data directory outside the repo) with
`medcite library migrate`'s code, then runs the same 200 queries through the same Searcher on
both backends: lexical, dense, hybrid. Also reports how far the top-10 documents agree between
the backends (HNSW is approximate; ts_rank x IDF is not FTS5's BM25).

    python bench/pg_search_bench.py --library /work/bench-lib50k --pg-data /work/pg-bench/lib50k
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from _common import latency_summary, save
from search_bench import sample_queries

from medcite.embed import get_embedder
from medcite.library.migrate import Migrator
from medcite.library.pg_embedded import EmbeddedPostgres
from medcite.library.postgres import PostgresLibrary
from medcite.library.protocol import LibraryStore
from medcite.library.store import Library
from medcite.retrieval import Mode, Searcher

# Server settings for a 24 GiB, 2-core machine shared with other work.
PG_SETTINGS = {
    "shared_buffers": "1GB",
    "maintenance_work_mem": "2GB",
    "max_parallel_maintenance_workers": "1",
    "work_mem": "64MB",
}


def run_mode(
    searcher: Searcher, queries: list[str], mode: Mode
) -> tuple[dict[str, float], list[list[str]]]:
    searcher.search(queries[0], k=10, mode=mode)  # warm caches
    ms, docs = [], []
    for q in queries:
        t0 = time.perf_counter()
        hits = searcher.search(q, k=10, mode=mode).hits
        ms.append((time.perf_counter() - t0) * 1000)
        docs.append([h.doc_id for h in hits])
    return latency_summary(ms), docs


def overlap(a: list[list[str]], b: list[list[str]]) -> float:
    """Mean share of top-10 documents the two backends have in common."""
    shares = [len(set(x) & set(y)) / 10 for x, y in zip(a, b, strict=True)]
    return round(sum(shares) / len(shares), 3)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--library", type=Path, required=True)
    ap.add_argument("--pg-data", type=Path, required=True, help="PostgreSQL data directory (kept).")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    server = EmbeddedPostgres(args.pg_data, settings=PG_SETTINGS)
    url = server.start(database="lib50k")
    try:
        lite = Library.open(args.library, create=False)
        pg = PostgresLibrary.open(url)
        t0 = time.perf_counter()
        migrated = Migrator(lite, pg, batch_size=1000).run()
        migrate_s = time.perf_counter() - t0
        size = pg._all("SELECT pg_database_size(current_database())")[0][0]
        queries = sample_queries(lite, args.queries, args.seed)
        embedder = get_embedder("minilm")
        stats = lite.stats()
        results: dict[str, object] = {
            "library": {k: stats[k] for k in ("documents", "chunks", "vectors")},
            "queries": len(queries),
            "migrate": {**migrated.as_dict(), "wall_seconds": round(migrate_s, 1)},
            "postgres_database_mb": round(size / 2**20, 1),
            "sqlite_file_mb": round((args.library / "library.sqlite3").stat().st_size / 2**20, 1),
            "pg_settings": PG_SETTINGS,
        }
        backends: dict[str, LibraryStore] = {"sqlite": lite, "postgres": pg}
        for mode in (Mode.LEXICAL, Mode.DENSE, Mode.HYBRID):
            docs = {}
            for name, lib in backends.items():
                results[f"{name}_{mode}"], docs[name] = run_mode(
                    Searcher(lib, embedder), queries, mode
                )
            results[f"top10_overlap_{mode}"] = overlap(docs["sqlite"], docs["postgres"])
        save("pg_search", results)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
