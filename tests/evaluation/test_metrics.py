"""Ranking and classification metrics against hand-computed values."""

from __future__ import annotations

import math

import pytest

from medcite.evaluation.metrics import (
    accuracy,
    class_prf,
    confusion,
    macro_f1,
    ndcg,
    ranking_metrics,
    recall_at,
    reciprocal_rank,
)


def test_ranking_metrics_by_hand() -> None:
    ranked = [["a", "b", "c"], ["x", "y", "a"], ["z"]]
    relevant = [frozenset({"a"}), frozenset({"a"}), frozenset({"a"})]
    m = ranking_metrics(ranked, relevant)
    assert m["recall@1"] == pytest.approx(round(1 / 3, 4))
    assert m["recall@5"] == pytest.approx(round(2 / 3, 4))
    assert m["mrr@10"] == pytest.approx(round((1 + 1 / 3) / 3, 4))
    assert m["ndcg@10"] == pytest.approx(round((1 + 1 / math.log2(4)) / 3, 4))
    assert m["queries"] == 3


def test_duplicates_count_once_and_two_relevant_ids() -> None:
    assert reciprocal_rank(["b", "b", "a"], {"a"}) == pytest.approx(0.5)
    assert recall_at(["a", "q", "b"], {"a", "b"}, 1) == pytest.approx(0.5)
    assert ndcg(["a", "b"], {"a", "b"}) == pytest.approx(1.0)
    assert ndcg([], {"a"}) == 0.0


def test_mismatched_lengths_raise() -> None:
    with pytest.raises(ValueError, match="rankings"):
        ranking_metrics([["a"]], [])
    assert ranking_metrics([], []) == {"queries": 0}


def test_classification_metrics() -> None:
    gold = ["yes", "no", "maybe", "yes"]
    pred = ["yes", "yes", None, "yes"]
    assert accuracy(gold, pred) == 0.5
    assert class_prf(gold, pred, "yes") == {"precision": 0.6667, "recall": 1.0, "f1": 0.8}
    assert macro_f1(gold, pred, ("yes", "no", "maybe")) == pytest.approx(round(0.8 / 3, 4))
    table = confusion(gold, pred, ("yes", "no", "maybe"))
    assert table["no"]["yes"] == 1 and table["maybe"]["none"] == 1 and table["yes"]["yes"] == 2
