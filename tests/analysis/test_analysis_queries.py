"""Search queries: 2-4 literal queries, intent-shaped first, then one from the context."""

from __future__ import annotations

import pytest

from medcite.analysis import analyze
from medcite.analysis.queries import build_queries
from medcite.records import Intent, PatientContext


def test_reference_case_queries() -> None:
    q = analyze(
        "Treatment options for bilateral L5 pars defect after a fall in a 22-year-old female"
    ).search_queries
    assert q == [
        "pars defect treatment",
        "pars defect conservative management surgery",
        "pars defect trauma",
    ]


def test_athlete_context_adds_an_athlete_query() -> None:
    q = analyze("What is the treatment for pars defect in a gymnast?").search_queries
    assert q[-1] == "pars defect athlete"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "How is appendicitis diagnosed?",
            ["appendicitis diagnosis", "appendicitis diagnostic criteria work-up"],
        ),
        (
            "What is the prognosis of spondylolysis?",
            ["spondylolysis prognosis", "spondylolysis outcomes recovery"],
        ),
        (
            "Who should be screened for colorectal cancer?",
            ["colorectal cancer screening", "colorectal cancer prevention recommendations"],
        ),
        ("Hypertension treatment", ["hypertension treatment", "hypertension management guideline"]),
        (
            "Is ibuprofen safe in pregnancy?",
            [
                "ibuprofen safety adverse effects",
                "ibuprofen contraindications interactions",
                "ibuprofen pregnancy",
            ],
        ),
        (
            "metformin dose in CKD",
            [
                "metformin dose",
                "metformin dose adjustment renal hepatic impairment",
                "metformin ckd",
            ],
        ),
        (
            "Surgery vs conservative treatment for pars defect",
            [
                "surgery versus conservative treatment pars defect",
                "surgery pars defect",
                "conservative treatment pars defect",
            ],
        ),
        ("What is spondylolysis?", ["spondylolysis", "spondylolysis overview"]),
        (
            "Treatment of asthma in children",
            ["asthma treatment", "asthma management guideline", "asthma children"],
        ),
    ],
)
def test_queries_per_intent(question: str, expected: list[str]) -> None:
    assert analyze(question).search_queries == expected


def test_focus_comes_first() -> None:
    assert (
        analyze("Is bracing effective for spondylolysis?").search_queries[0]
        == "spondylolysis bracing"
    )


def test_laterality_is_left_out_of_queries() -> None:
    assert analyze("Treatment for left knee pain").search_queries[0] == "knee pain treatment"


@pytest.mark.parametrize(
    "question",
    [
        "What is the treatment for pars defect?",
        "Treatment options for bilateral L5 pars defect after a fall in a 22-year-old female",
        "Is MRI better than CT for pars defect in a 15-year-old pregnant athlete with asthma?",
        "Is bracing effective for spondylolysis in adolescents?",
    ],
)
def test_two_to_four_unique_queries(question: str) -> None:
    q = analyze(question).search_queries
    assert 2 <= len(q) <= 4
    assert len(set(q)) == len(q)


def test_queries_are_stable() -> None:
    ctx = PatientContext(age_group="child", comorbidities=["asthma"])
    assert build_queries(Intent.TREATMENT, "croup", ctx) == build_queries(
        Intent.TREATMENT, "croup", ctx
    )


def test_no_synonyms_are_added() -> None:
    q = analyze("What is the treatment for pars defect?").search_queries
    assert not any("spondylolysis" in x for x in q)


def test_empty_topic_gives_no_queries() -> None:
    assert build_queries(Intent.GENERAL, "", PatientContext()) == []
