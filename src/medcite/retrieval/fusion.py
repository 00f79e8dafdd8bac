"""Rank and score fusion (RRF, convex combination) and the soft evidence/recency rerank."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def rrf(
    ranked_lists: Sequence[Sequence[K]], k: int = 60, weights: Sequence[float] | None = None
) -> dict[K, float]:
    """Reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009).

    Each list contributes w / (k + rank) for every item it ranks. Fusing ranks rather than
    scores sidesteps BM25 and cosine living on incomparable scales; k=60 is the paper's value
    and damps the influence of any single list's top positions.
    """
    scores: dict[K, float] = {}
    ws = weights or [1.0] * len(ranked_lists)
    for weight, items in zip(ws, ranked_lists, strict=True):
        for rank, key in enumerate(items, start=1):
            scores[key] = scores.get(key, 0.0) + weight / (k + rank)
    return scores


def convex(
    lexical: Sequence[tuple[K, float]],
    dense: Sequence[tuple[K, float]],
    lexical_weight: float,
    *,
    lexical_floor: float | None = 0.0,
) -> dict[K, float]:
    """Convex combination of normalised scores (Bruch, Gai & Ingber, TOIS 2023).

    Dense scores are min-max scaled over their candidates. BM25 scores are scaled from
    `lexical_floor` (BM25's theoretical minimum, 0) to the best score, so a short lexical
    list is not stretched: two passages scoring 5.1 and 4.9 stay close instead of becoming 1
    and 0 (None scales from the list's own minimum). An item a list did not return counts 0.
    Unlike RRF it keeps how far apart the scores are: a passage the dense model ranks first by
    a wide margin is not overtaken by one that two lists rank second and third.
    """
    scores: dict[K, float] = {}
    scaled = (
        (lexical_weight, _scaled(lexical, lexical_floor)),
        (1.0 - lexical_weight, _scaled(dense, None)),
    )
    for weight, items in scaled:
        for key, value in items:
            scores[key] = scores.get(key, 0.0) + weight * value
    return scores


def _scaled(items: Sequence[tuple[K, float]], floor: float | None) -> list[tuple[K, float]]:
    if not items:
        return []
    values = [v for _, v in items]
    high = max(values)
    low = min(values) if floor is None else min(floor, min(values))
    span = high - low
    return [(key, (v - low) / span if span > 0 else 1.0) for key, v in items]


def boost(
    score: float, level_w: float, recency_w: float, level_strength: float, recency_strength: float
) -> float:
    """Soft multiplicative boost: relevance first, evidence strength and recency break near-ties.

    With the default strengths a guideline outranks a case report only when their fused
    relevance is within a few percent, which is what "on equal relevance" means.
    """
    return score * (1.0 + level_strength * level_w + recency_strength * recency_w)


def diversify(keys: Sequence[K], group_of: dict[K, str], per_group: int) -> list[K]:
    """Keep at most `per_group` items per group at the top; the overflow follows in order."""
    counts: dict[str, int] = {}
    head: list[K] = []
    tail: list[K] = []
    for key in keys:
        group = group_of[key]
        if counts.get(group, 0) < per_group:
            counts[group] = counts.get(group, 0) + 1
            head.append(key)
        else:
            tail.append(key)
    return head + tail
