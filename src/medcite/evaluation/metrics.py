"""Metrics: ranking (recall@k, MRR@10, nDCG@10), classification (accuracy, macro-F1, confusion,
precision/recall of one class). Pure functions over plain sequences; results rounded to 4 places.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

RECALL_AT = (1, 5, 10)


def _dedupe(ranked: Sequence[str], depth: int) -> list[str]:
    return list(dict.fromkeys(ranked))[:depth]


def reciprocal_rank(
    ranked: Sequence[str], relevant: frozenset[str] | set[str], depth: int = 10
) -> float:
    """1/rank of the first relevant id within ``depth``; 0 when none."""
    for i, doc in enumerate(_dedupe(ranked, depth), start=1):
        if doc in relevant:
            return 1 / i
    return 0.0


def ndcg(ranked: Sequence[str], relevant: frozenset[str] | set[str], depth: int = 10) -> float:
    """Binary-relevance nDCG@depth."""
    top = _dedupe(ranked, depth)
    dcg = sum(1 / math.log2(i + 1) for i, d in enumerate(top, start=1) if d in relevant)
    ideal = sum(1 / math.log2(i + 1) for i in range(1, min(len(relevant), depth) + 1))
    return dcg / ideal if ideal else 0.0


def recall_at(ranked: Sequence[str], relevant: frozenset[str] | set[str], k: int) -> float:
    """Share of the relevant ids found in the top ``k``."""
    if not relevant:
        return 0.0
    return len(set(relevant).intersection(_dedupe(ranked, k))) / len(relevant)


def ranking_metrics(
    ranked: Sequence[Sequence[str]], relevant: Sequence[frozenset[str] | set[str]]
) -> dict[str, float]:
    """Mean recall@1/5/10, MRR@10 and nDCG@10 over queries (binary relevance, document ids).

    A query whose relevant set holds ids that can never be retrieved (e.g. an alias for a
    distractor that is not in the corpus) still counts every relevant id in recall; callers
    pass only ids that exist, or a single-id set.
    """
    n = len(ranked)
    if n != len(relevant):
        raise ValueError(f"{n} rankings but {len(relevant)} relevance sets")
    if n == 0:
        return {"queries": 0}
    out: dict[str, float] = {}
    for k in RECALL_AT:
        out[f"recall@{k}"] = _mean(
            recall_at(r, rel, k) for r, rel in zip(ranked, relevant, strict=True)
        )
    out["mrr@10"] = _mean(reciprocal_rank(r, rel) for r, rel in zip(ranked, relevant, strict=True))
    out["ndcg@10"] = _mean(ndcg(r, rel) for r, rel in zip(ranked, relevant, strict=True))
    out["queries"] = n
    return out


def _mean(values: Iterable[float]) -> float:
    items = list(values)
    return round(sum(items) / len(items), 4) if items else 0.0


def accuracy(gold: Sequence[str], predicted: Sequence[str | None]) -> float:
    """Share of exact matches; a missing prediction (None) counts as wrong."""
    if not gold:
        return 0.0
    return round(sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold), 4)


def confusion(
    gold: Sequence[str], predicted: Sequence[str | None], labels: Sequence[str]
) -> dict[str, dict[str, int]]:
    """``matrix[gold][predicted]`` counts; an unparsable prediction is counted as 'none'."""
    columns = [*labels, "none"]
    matrix = {g: dict.fromkeys(columns, 0) for g in labels}
    for g, p in zip(gold, predicted, strict=True):
        if g in matrix:
            matrix[g][p if p is not None and p in labels else "none"] += 1
    return matrix


def class_prf(gold: Sequence[str], predicted: Sequence[str | None], label: str) -> dict[str, float]:
    """Precision, recall and F1 of one class."""
    tp = sum(g == label and p == label for g, p in zip(gold, predicted, strict=True))
    fp = sum(g != label and p == label for g, p in zip(gold, predicted, strict=True))
    fn = sum(g == label and p != label for g, p in zip(gold, predicted, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def macro_f1(gold: Sequence[str], predicted: Sequence[str | None], labels: Sequence[str]) -> float:
    """Unweighted mean of the per-class F1 over ``labels``."""
    if not labels:
        return 0.0
    return round(sum(class_prf(gold, predicted, lab)["f1"] for lab in labels) / len(labels), 4)
