"""Soft ranking signals: how much an evidence level and a publication year are worth.

Retrieval multiplies (or mixes) these into its scores, so they are bounded in (0, 1], never
zero: a highly relevant case report or a landmark trial from 1995 must still be findable.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from medcite.records import EvidenceLevel

#: Weight of each level, strictly decreasing along LEVEL_ORDER.
LEVEL_WEIGHTS: Final = MappingProxyType(
    {
        EvidenceLevel.GUIDELINE: 1.0,
        EvidenceLevel.SYSTEMATIC_REVIEW: 0.9,
        EvidenceLevel.RCT: 0.8,
        EvidenceLevel.COHORT: 0.65,
        EvidenceLevel.CASE_SERIES: 0.5,
        EvidenceLevel.NARRATIVE_REVIEW: 0.45,
        EvidenceLevel.EXPERT_OPINION: 0.4,
        EvidenceLevel.OTHER: 0.3,
    }
)

#: Years after which the decaying part of the recency weight halves.
RECENCY_HALF_LIFE_YEARS: Final = 10.0
#: The weight that very old work tends to; old evidence is down-weighted, never discarded.
RECENCY_FLOOR: Final = 0.2
#: Weight for an unknown year: the middle of the range, i.e. the weight of work one half-life old.
UNKNOWN_YEAR_WEIGHT: Final = RECENCY_FLOOR + (1.0 - RECENCY_FLOOR) / 2


def level_weight(level: EvidenceLevel) -> float:
    """Weight of an evidence level: 1.0 for a guideline down to 0.3 for unclassified work."""
    return LEVEL_WEIGHTS[level]


def recency_weight(
    year: int | None, now_year: int, *, half_life: float = RECENCY_HALF_LIFE_YEARS
) -> float:
    """Weight of a publication year, in (RECENCY_FLOOR, 1].

    ``floor + (1 - floor) * 0.5 ** (age / half_life)``: 1.0 this year, 0.6 at one half-life
    (10 years by default), 0.4 at two, approaching 0.2. It is smooth so that neighbouring years
    rank almost alike, and non-increasing in age. A year in the future (an epub ahead of print,
    a skewed clock) counts as this year; an unknown year gets UNKNOWN_YEAR_WEIGHT.
    """
    if half_life <= 0:
        raise ValueError(f"half_life must be positive, got {half_life}")
    if year is None:
        return UNKNOWN_YEAR_WEIGHT
    age = max(0, now_year - year)
    return float(RECENCY_FLOOR + (1.0 - RECENCY_FLOOR) * 0.5 ** (age / half_life))
