"""The two reference questions from PRODUCT.md, end to end, plus determinism and speed."""

from __future__ import annotations

import pytest

from medcite.analysis import analyze
from medcite.records import Intent, QuestionAnalysis

GENERIC = "What is the treatment for pars defect?"
CASE = "Treatment options for bilateral L5 pars defect after a fall in a 22-year-old female"


def test_generic_reference_question() -> None:
    a = analyze(GENERIC)
    assert a.intent is Intent.TREATMENT
    assert a.topic == "pars defect"
    assert a.title == "Treatment for Pars Defect"
    assert a.is_case is False
    assert a.context.is_empty()
    assert a.in_scope is True
    assert a.red_flags == []
    assert a.search_queries[:2] == [
        "pars defect treatment",
        "pars defect conservative management surgery",
    ]


def test_case_reference_question() -> None:
    a = analyze(CASE)
    assert a.intent is Intent.TREATMENT
    assert a.topic == "pars defect"
    assert (
        a.title
        == "Treatment Options for Bilateral L5 Pars Defect After Fall in a 22-Year-Old Female"
    )
    assert a.is_case is True
    ctx = a.context
    assert ctx.age_years == 22
    assert ctx.age_group == "adult"
    assert ctx.sex == "female"
    assert ctx.laterality == "bilateral"
    assert ctx.site == "L5"
    assert ctx.mechanism == "fall"
    assert ctx.pregnant is None
    assert ctx.comorbidities == [] and ctx.drugs == [] and ctx.negations == []
    assert a.red_flags == []
    assert a.search_queries[0] == "pars defect treatment"
    assert 2 <= len(a.search_queries) <= 4


def test_the_record_round_trips_through_json() -> None:
    a = analyze(CASE)
    assert QuestionAnalysis.model_validate_json(a.model_dump_json()) == a


@pytest.mark.parametrize(
    "question", [GENERIC, CASE, "62 y/o F with T2DM and CKD on metformin. Best antihypertensive?"]
)
def test_analysis_is_deterministic(question: str) -> None:
    assert analyze(question) == analyze(question)


def test_whitespace_and_typographic_quotes_do_not_change_the_answer() -> None:
    noisy = (
        "  Treatment options for  bilateral L5 pars defect after a fall in a 22\u2011year\u2011old"
        " female "
    )
    assert analyze(noisy).title == analyze(CASE).title
