"""Retrieval quality: recall@1/10, MRR@10, nDCG@10 for BM25-only, dense-only and hybrid.

Suites (real data from ../shared/data):
- pubmedqa: PQA-L question -> its own abstract among the 1,000 (title-free contexts).
- medquad: NIH consumer question -> its own answer among 16,407 answers.
Baseline in the same run: bm25s (an independent BM25 implementation) on the same corpus.

    python bench/retrieval_quality.py --suite pubmedqa
    python bench/retrieval_quality.py --suite medquad --queries 1000
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
from pathlib import Path

from _common import SHARED_DATA, ir_metrics, save

from medcite.embed import get_embedder
from medcite.ingest.pipeline import Ingestor
from medcite.library.store import Library
from medcite.retrieval import Mode, Searcher

Corpus = list[tuple[str, str, str]]  # (doc id, title, text)
Queries = list[tuple[str, set[str]]]  # (query, relevant doc ids)


def pubmedqa() -> tuple[Corpus, Queries]:
    data = json.loads((SHARED_DATA / "pubmedqa" / "ori_pqal.json").read_text())
    corpus = [(f"pqa:{pmid}", "", " ".join(rec["CONTEXTS"])) for pmid, rec in data.items()]
    queries = [(rec["QUESTION"], {f"pqa:{pmid}"}) for pmid, rec in data.items()]
    return corpus, queries


def medquad() -> tuple[Corpus, Queries]:
    rows = [
        json.loads(line) for line in (SHARED_DATA / "medquad" / "medquad_answered.jsonl").open()
    ]
    corpus = [(f"mq:{r['qid']}", r.get("focus") or "", r["answer"]) for r in rows]
    by_answer: dict[str, set[str]] = {}
    for r in rows:
        by_answer.setdefault(" ".join(r["answer"].split()), set()).add(f"mq:{r['qid']}")
    queries = [(r["question"], by_answer[" ".join(r["answer"].split())]) for r in rows]
    return corpus, queries


EMBEDDER = "minilm"  # --embedder


def build_library(corpus: Corpus, where: Path, dense: bool) -> Library:
    jsonl = where / "corpus.jsonl"
    with jsonl.open("w") as fh:
        for doc_id, title, text in corpus:
            fh.write(json.dumps({"id": doc_id, "title": title, "text": text}) + "\n")
    lib = Library.open(where / "lib")
    t0 = time.perf_counter()
    summary = Ingestor(lib, get_embedder(EMBEDDER) if dense else None).run([jsonl])
    print(
        f"ingested {summary.added} docs, {summary.chunks} passages in {time.perf_counter() - t0:.0f}s"
    )
    return lib


def run_medcite(lib: Library, queries: Queries, mode: Mode, dense: bool) -> dict[str, float]:
    searcher = Searcher(lib, get_embedder(EMBEDDER) if dense else None, per_doc=1)
    ranked: list[list[str]] = []
    t0 = time.perf_counter()
    for query, _ in queries:
        hits = searcher.search(query, k=10, mode=mode).hits
        ranked.append([h.doc_id for h in hits])
    metrics = ir_metrics(ranked, [rel for _, rel in queries])
    return {**metrics, "seconds": round(time.perf_counter() - t0, 1)}


def run_bm25s(corpus: Corpus, queries: Queries) -> dict[str, float]:
    import bm25s

    texts = [f"{title} {text}" for _, title, text in corpus]
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(texts, stopwords="en", show_progress=False), show_progress=False)
    tokens = bm25s.tokenize([q for q, _ in queries], stopwords="en", show_progress=False)
    docs, _ = retriever.retrieve(tokens, k=10, show_progress=False)
    ranked = [[corpus[i][0] for i in row] for row in docs]
    return ir_metrics(ranked, [rel for _, rel in queries])


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--suite", choices=["pubmedqa", "medquad"], required=True)
    ap.add_argument(
        "--queries", type=int, default=0, help="Sample this many queries (seeded); 0 = all."
    )
    ap.add_argument("--no-dense", action="store_true", help="Lexical only (no embedding model).")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--embedder", default="minilm", help="minilm (default) or minilm-q8.")
    ap.add_argument(
        "--work-dir", type=Path, help="Keep the built library here and reuse it (resumes)."
    )
    args = ap.parse_args()
    global EMBEDDER
    EMBEDDER = args.embedder
    corpus, queries = pubmedqa() if args.suite == "pubmedqa" else medquad()
    if args.queries:
        queries = random.Random(args.seed).sample(queries, min(args.queries, len(queries)))
    tmp = args.work_dir or Path(tempfile.mkdtemp(prefix=f"medcite-{args.suite}-"))
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        lib = build_library(corpus, tmp, dense=not args.no_dense)
        results: dict[str, object] = {
            "suite": args.suite,
            "corpus_docs": len(corpus),
            "queries": len(queries),
            "embedder": args.embedder,
        }
        results["baseline_bm25s"] = run_bm25s(corpus, queries)
        results["medcite_lexical"] = run_medcite(lib, queries, Mode.LEXICAL, dense=False)
        if not args.no_dense:
            results["medcite_dense"] = run_medcite(lib, queries, Mode.DENSE, dense=True)
            results["medcite_hybrid"] = run_medcite(lib, queries, Mode.HYBRID, dense=True)
        suffix = "" if args.embedder == "minilm" else f"-{args.embedder}"
        save(f"retrieval-{args.suite}{suffix}", results)
    finally:
        if args.work_dir is None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
