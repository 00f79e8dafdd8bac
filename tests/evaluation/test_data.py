"""Data loaders read the documented formats; a missing file is a clear error naming it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from medcite.evaluation.data import (
    DataMissing,
    default_data_dir,
    load_expertqa_claims,
    load_kqa,
    load_mirage,
    load_pubmedqa,
    load_pubmedqa_test,
    medquad_retrieval,
    pubmedqa_retrieval,
    sample,
)


def test_fixture_loaders(eval_data: Path) -> None:
    assert len(load_pubmedqa(eval_data)) == 6
    test = load_pubmedqa_test(eval_data)
    assert [t.decision for t in test] == ["yes", "no", "maybe", "no"]
    assert "pars" in test[0].context
    assert load_mirage("medqa", eval_data)[0].answer == "B"
    kqa = load_kqa(eval_data)
    assert len(kqa) == 3 and kqa[0].must_have and not kqa[2].must_have
    claims = load_expertqa_claims(eval_data)
    assert [c.support for c in claims].count("Complete") == 2 and len(claims) == 6


def test_retrieval_sets(eval_data: Path) -> None:
    corpus, queries = pubmedqa_retrieval(eval_data)
    assert len(corpus) == 6 and queries[0].relevant == {"pqa:90000001"}
    _, mq = medquad_retrieval(eval_data)
    # Two MedQuAD rows with the same answer: both are relevant to either question.
    assert mq[4].relevant == {"mq:3-1", "mq:3-2"}


def test_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(DataMissing, match=r"kqa/questions_w_answers\.jsonl.*--data-dir"):
        load_kqa(tmp_path)
    with pytest.raises(ValueError, match="unknown MIRAGE"):
        load_mirage("bioasq", tmp_path)


def test_data_dir_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDCITE_EVAL_DATA", str(tmp_path))
    assert default_data_dir() == tmp_path


def test_sample_is_seeded_and_stable() -> None:
    items = list(range(100))
    assert sample(items, 10, 1) == sample(items, 10, 1)
    assert sample(items, 10, 1) != sample(items, 10, 2)
    assert sample(items, None, 1) == items and sample(items, 500, 1) == items


def test_real_data_shapes(shared: Callable[..., Path]) -> None:
    root = shared("pubmedqa", "ori_pqal.json").parents[1]
    assert len(load_pubmedqa(root)) == 1000
    assert len(load_pubmedqa_test(root)) == 500
    assert sum(len(load_mirage(d, root)) for d in ("medqa", "medmcqa", "mmlu", "pubmedqa")) == 7045
    assert len(load_kqa(root)) == 201
    assert len(load_expertqa_claims(root)) > 400
