"""How to fuse lexical and dense results: RRF vs convex combination of normalised scores.

Collects each query's candidate lists once (BM25 and cosine scores, 100 each) from a library
built by retrieval_quality.py, then scores fusion functions offline. The weight is chosen on a
dev split of MedQuAD questions disjoint from the 1,000 test questions (seed 13) that
retrieval_quality.py reports, and then checked on the test split and on PubMedQA.

    python bench/fusion_study.py --suite medquad --work-dir /work/medquad-work
"""

from __future__ import annotations

import argparse
import pickle
import random
from pathlib import Path

import numpy as np
from _common import ir_metrics, save
from retrieval_quality import medquad, pubmedqa

from medcite.embed import get_embedder
from medcite.library.store import Library
from medcite.retrieval import Searcher
from medcite.retrieval.fusion import convex, rrf

Lists = tuple[list[tuple[int, float]], list[tuple[int, float]]]


def collect(lib: Library, queries: list[tuple[str, set[str]]], embedder: str) -> list[Lists]:
    searcher = Searcher(lib, get_embedder(embedder), per_doc=1)
    out: list[Lists] = []
    for query, _ in queries:
        lex, dense = searcher.candidate_scores(query)
        out.append((lex, dense))
    return out


def evaluate(
    lists: list[Lists], rel: list[set[str]], doc_of: dict[int, str], fuse: str, w: float
) -> dict[str, float]:
    ranked = []
    for lex, dense in lists:
        if fuse == "rrf":
            scores = rrf([[r for r, _ in lex], [r for r, _ in dense]], 60, [w, 1.0])
        elif fuse == "convex-minmax":
            scores = convex(lex, dense, w, lexical_floor=None)
        else:
            scores = convex(lex, dense, w)
        order = sorted(scores, key=lambda r: (-scores[r], r))
        docs: list[str] = []
        for r in order:
            d = doc_of[r]
            if d not in docs:
                docs.append(d)
            if len(docs) == 10:
                break
        ranked.append(docs)
    return ir_metrics(ranked, rel)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--suite", choices=["medquad", "pubmedqa"], default="medquad")
    ap.add_argument("--work-dir", type=Path, required=True)
    ap.add_argument("--embedder", default="minilm")
    ap.add_argument("--queries", type=int, default=1000)
    args = ap.parse_args()
    # retrieval_quality.py keeps its library in lib/, `medcite eval retrieval` in library/
    where = args.work_dir / "lib"
    lib = Library.open(where if where.exists() else args.work_dir / "library", create=False)
    doc_of = dict(lib._conn.execute("SELECT c.rowid, c.doc_id FROM chunks c").fetchall())
    _, queries = medquad() if args.suite == "medquad" else pubmedqa()
    test = random.Random(13).sample(queries, min(args.queries, len(queries)))
    test_set = {q for q, _ in test}
    rest = [q for q in queries if q[0] not in test_set]
    dev = random.Random(7).sample(rest, min(args.queries, len(rest))) if rest else []
    # Candidate lists are cached: re-scoring fusion functions then takes seconds.
    cache = args.work_dir / f"fusion-candidates-{args.embedder}.pkl"
    results: dict[str, object] = {"suite": args.suite, "embedder": args.embedder}
    splits = {"dev": dev, "test": test} if dev else {"test": test}
    cached: dict[str, list[Lists]] = pickle.loads(cache.read_bytes()) if cache.exists() else {}
    for name, qs in splits.items():
        if name not in cached:
            cached[name] = collect(lib, qs, args.embedder)
            cache.write_bytes(pickle.dumps(cached))
        lists = cached[name]
        rel = [r for _, r in qs]
        grid: dict[str, dict[str, float]] = {}
        grid["lexical"] = evaluate([(lx, []) for lx, _ in lists], rel, doc_of, "rrf", 1.0)
        grid["dense"] = evaluate([([], dn) for _, dn in lists], rel, doc_of, "rrf", 1.0)
        for w in (0.3, 0.5, 0.7, 1.0):
            grid[f"rrf w_lex={w}"] = evaluate(lists, rel, doc_of, "rrf", w)
        for a in np.round(np.arange(0.1, 0.95, 0.1), 2):
            grid[f"convex w_lex={a}"] = evaluate(lists, rel, doc_of, "convex", float(a))
            grid[f"convex-minmax w_lex={a}"] = evaluate(
                lists, rel, doc_of, "convex-minmax", float(a)
            )
        results[name] = grid
        for key, m in grid.items():
            print(
                f"{name:5s} {key:22s} R@1 {m['recall@1']:.3f} R@10 {m['recall@10']:.3f} "
                f"MRR {m['mrr@10']:.3f} nDCG {m['ndcg@10']:.3f}",
                flush=True,
            )
    suffix = "" if args.embedder == "minilm" else f"-{args.embedder}"
    save(f"fusion-{args.suite}{suffix}", results)


if __name__ == "__main__":
    main()
