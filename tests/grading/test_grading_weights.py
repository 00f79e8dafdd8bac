"""level_weight and recency_weight: bounded, monotone soft rerank signals."""

from __future__ import annotations

import itertools

import pytest

from medcite.grading import (
    LEVEL_WEIGHTS,
    RECENCY_FLOOR,
    UNKNOWN_YEAR_WEIGHT,
    level_weight,
    recency_weight,
)
from medcite.records import LEVEL_ORDER, EvidenceLevel


def test_level_weights_cover_every_level_and_fall_with_rank() -> None:
    weights = [level_weight(level) for level in LEVEL_ORDER]
    assert set(LEVEL_WEIGHTS) == set(EvidenceLevel)
    assert weights == sorted(weights, reverse=True)
    assert len(set(weights)) == len(weights)  # strictly decreasing
    assert weights[0] == 1.0
    assert level_weight(EvidenceLevel.OTHER) == 0.3


def test_recency_reference_points() -> None:
    assert recency_weight(2024, 2024) == 1.0
    assert recency_weight(2014, 2024) == pytest.approx(0.6)
    assert recency_weight(2004, 2024) == pytest.approx(0.4)
    assert recency_weight(1900, 2024) == pytest.approx(RECENCY_FLOOR, abs=1e-3)


def test_recency_is_smooth_monotone_and_bounded() -> None:
    weights = [recency_weight(2024 - age, 2024) for age in range(0, 80)]
    assert all(a > b for a, b in itertools.pairwise(weights))
    assert all(RECENCY_FLOOR < w <= 1.0 for w in weights)
    assert max(a - b for a, b in itertools.pairwise(weights)) < 0.06  # no cliff between years


def test_future_year_counts_as_this_year() -> None:
    assert recency_weight(2026, 2024) == 1.0


def test_unknown_year_is_the_middle_of_the_range() -> None:
    assert recency_weight(None, 2024) == UNKNOWN_YEAR_WEIGHT
    assert pytest.approx((RECENCY_FLOOR + 1.0) / 2) == UNKNOWN_YEAR_WEIGHT


def test_half_life_is_configurable_and_validated() -> None:
    assert recency_weight(2019, 2024, half_life=5) == pytest.approx(0.6)
    with pytest.raises(ValueError, match="half_life"):
        recency_weight(2019, 2024, half_life=0)
