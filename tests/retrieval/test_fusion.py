"""RRF, soft boosts and diversification as pure functions."""

from __future__ import annotations

import pytest

from medcite.retrieval.fusion import boost, diversify, rrf


def test_rrf_matches_the_formula() -> None:
    scores = rrf([["a", "b"], ["b", "c"]], k=60)
    assert scores["a"] == pytest.approx(1 / 61)
    assert scores["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert scores["c"] == pytest.approx(1 / 62)
    assert max(scores, key=scores.__getitem__) == "b"


def test_rrf_weights_and_length_check() -> None:
    assert rrf([["a"], ["b"]], weights=[2.0, 1.0])["a"] == pytest.approx(2 / 61)
    with pytest.raises(ValueError):
        rrf([["a"], ["b"]], weights=[1.0])


def test_boost_breaks_near_ties_but_not_clear_gaps() -> None:
    guideline = boost(
        1 / 62, level_w=1.0, recency_w=0.8, level_strength=0.05, recency_strength=0.03
    )
    case_report = boost(
        1 / 61, level_w=0.4, recency_w=0.1, level_strength=0.05, recency_strength=0.03
    )
    assert guideline > case_report  # adjacent ranks: stronger, newer evidence wins
    far = boost(1 / 80, level_w=1.0, recency_w=1.0, level_strength=0.05, recency_strength=0.03)
    assert far < case_report  # a much less relevant guideline does not jump the queue


def test_diversify_caps_per_group_and_keeps_overflow() -> None:
    keys = ["a1", "a2", "a3", "b1", "a4"]
    groups = {k: k[0] for k in keys}
    assert diversify(keys, groups, 2) == ["a1", "a2", "b1", "a3", "a4"]


def test_convex_keeps_score_margins_that_rrf_throws_away() -> None:
    from medcite.retrieval.fusion import convex

    # Dense is sure about "a" (0.9 vs 0.5); lexical mildly prefers "b". RRF would tie them.
    lexical = [("b", 10.0), ("a", 9.0), ("c", 1.0)]
    dense = [("a", 0.9), ("b", 0.5), ("c", 0.4)]
    scores = convex(lexical, dense, 0.3)
    assert max(scores, key=lambda k: scores[k]) == "a"
    rrf_scores = rrf([[k for k, _ in lexical], [k for k, _ in dense]])
    assert rrf_scores["a"] == rrf_scores["b"]


def test_convex_does_not_stretch_a_short_lexical_list() -> None:
    from medcite.retrieval.fusion import convex

    # Two close BM25 scores stay close (scaled from 0), instead of becoming 1 and 0.
    scores = convex([("case", 5.1), ("guideline", 4.9)], [("guideline", 0.8), ("case", 0.7)], 0.3)
    assert scores["guideline"] > scores["case"]
    stretched = convex(
        [("case", 5.1), ("guideline", 4.9)],
        [("guideline", 0.8), ("case", 0.7), ("other", 0.1)],
        0.9,
        lexical_floor=None,
    )
    assert stretched["case"] > stretched["guideline"]


def test_convex_weights_and_missing_items() -> None:
    from medcite.retrieval.fusion import convex

    only_lexical = convex([("x", 3.0)], [("y", 0.9), ("z", 0.1)], 0.3)
    assert only_lexical == {"x": 0.3, "y": 0.7, "z": 0.0}
    assert convex([], [], 0.3) == {}
