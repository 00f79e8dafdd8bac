"""Search latency (p50/p95) on a built library, lexical / dense / hybrid, with a bm25s baseline.

Queries: 200 seeded samples of the library's own titles, cut to 4-10 words, like a clinician's
search box. The library is the one `bench/ingest_bench.py --embed --library-dir DIR` builds.

    python bench/search_bench.py --library /work/bench-lib50k
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from _common import latency_summary, save

from medcite.embed import get_embedder
from medcite.library.store import Library
from medcite.retrieval import Mode, Searcher


def sample_queries(lib: Library, n: int, seed: int) -> list[str]:
    titles = [
        r[0] for r in lib._conn.execute("SELECT title FROM documents WHERE length(title) > 30")
    ]
    rng = random.Random(seed)
    out = []
    for title in rng.sample(titles, min(n, len(titles))):
        words = title.split()
        out.append(" ".join(words[: rng.randint(4, 10)]))
    return out


def time_mode(searcher: Searcher, queries: list[str], mode: Mode) -> dict[str, float]:
    searcher.search(queries[0], k=10, mode=mode)  # warm caches (vector matrix, vocabulary)
    ms = []
    for q in queries:
        t0 = time.perf_counter()
        searcher.search(q, k=10, mode=mode)
        ms.append((time.perf_counter() - t0) * 1000)
    return latency_summary(ms)


def bm25s_baseline(lib: Library, queries: list[str]) -> dict[str, object]:
    import bm25s

    texts = [f"{r[0]} {r[1]}" for r in lib._conn.execute("SELECT title, text FROM chunks")]
    t0 = time.perf_counter()
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(texts, stopwords="en", show_progress=False), show_progress=False)
    index_s = time.perf_counter() - t0
    ms = []
    for q in queries:
        t0 = time.perf_counter()
        retriever.retrieve(
            bm25s.tokenize([q], stopwords="en", show_progress=False), k=10, show_progress=False
        )
        ms.append((time.perf_counter() - t0) * 1000)
    return {"index_seconds": round(index_s, 1), **latency_summary(ms)}


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--library", type=Path, required=True)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    lib = Library.open(args.library, create=False)
    stats = lib.stats()
    queries = sample_queries(lib, args.queries, args.seed)
    embedder = get_embedder("minilm")
    results: dict[str, object] = {
        "library": {k: stats[k] for k in ("documents", "chunks", "vectors")},
        "queries": len(queries),
    }
    searcher = Searcher(lib, embedder)
    for mode in (Mode.LEXICAL, Mode.DENSE, Mode.HYBRID):
        results[f"medcite_{mode}"] = time_mode(searcher, queries, mode)
    results["medcite_hybrid_no_synonyms"] = time_mode(
        Searcher(lib, embedder, expand=False), queries, Mode.HYBRID
    )
    results["baseline_bm25s"] = bm25s_baseline(lib, queries)
    save("search", results)


if __name__ == "__main__":
    main()
