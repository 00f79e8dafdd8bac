"""Follow-ups: merging into the thread, and suggested next questions."""

from __future__ import annotations

import pytest

from medcite.analysis import analyze, suggest_follow_ups
from medcite.analysis.followups import merge_context
from medcite.records import Intent, PatientContext

CASE = "Treatment options for bilateral L5 pars defect after a fall in a 22-year-old female"


def test_athlete_follow_up_inherits_topic_and_patient() -> None:
    a = analyze("What if she is an athlete?", analyze(CASE))
    assert a.topic == "pars defect"
    assert a.intent is Intent.TREATMENT
    assert a.is_case is True
    assert a.context.age_years == 22
    assert a.context.site == "L5"
    assert a.context.setting == ["athlete"]
    assert a.title == (
        "Treatment Options for Bilateral L5 Pars Defect After Fall in a 22-Year-Old Female Athlete"
    )
    assert a.search_queries[-1] == "pars defect athlete"


def test_new_age_overrides_the_old_one() -> None:
    a = analyze("And for a 70-year-old?", analyze(CASE))
    assert a.context.age_years == 70
    assert a.context.age_group == "older adult"
    assert a.context.sex == "female"  # not restated, so kept
    assert (
        a.title
        == "Treatment Options for Bilateral L5 Pars Defect After Fall in a 70-Year-Old Female"
    )


def test_new_intent_wording_changes_the_intent_only() -> None:
    a = analyze("What is the prognosis?", analyze(CASE))
    assert a.intent is Intent.PROGNOSIS
    assert a.topic == "pars defect"
    assert a.title == "Prognosis of Bilateral L5 Pars Defect After Fall in a 22-Year-Old Female"


def test_what_about_surgery_keeps_topic_and_focuses_the_search() -> None:
    a = analyze("What about surgery?", analyze(CASE))
    assert a.intent is Intent.TREATMENT
    assert a.topic == "pars defect"
    assert a.title == "Surgery for Bilateral L5 Pars Defect After Fall in a 22-Year-Old Female"
    assert a.search_queries[0] == "pars defect surgery"


def test_explicit_new_topic_replaces_the_old_one() -> None:
    a = analyze("What about spondylolisthesis?", analyze(CASE))
    assert a.topic == "spondylolisthesis"
    assert a.context.age_years == 22
    assert a.intent is Intent.TREATMENT


def test_pronoun_follow_up_keeps_the_topic_and_searches_the_aspect() -> None:
    a = analyze("Is it hereditary?", analyze("What is spondylolysis?"))
    assert a.topic == "spondylolysis"
    assert a.search_queries[0] == "spondylolysis hereditary"


def test_phrase_of_the_title_survives_a_chain_of_follow_ups() -> None:
    first = analyze(CASE)
    second = analyze("What if she is an athlete?", first)
    third = analyze("And for a 70-year-old?", second)
    assert third.title.startswith("Treatment Options for ")
    assert third.context.setting == ["athlete"]


def test_generic_question_becomes_a_case() -> None:
    a = analyze("What if she is an athlete?", analyze("What is the treatment for pars defect?"))
    assert a.is_case is True
    assert a.title == "Treatment for Pars Defect in a Female Athlete"


def test_population_follow_up_stays_generic() -> None:
    a = analyze("What about in children?", analyze("Management of asthma"))
    assert a.is_case is False
    assert a.title == "Management of Asthma in Children"


def test_denied_comorbidity_is_dropped() -> None:
    first = analyze("Metformin dose in a 70-year-old woman with CKD")
    a = analyze("What if she doesn't have CKD?", first)
    assert a.context.comorbidities == []
    assert a.title == "Dosing of Metformin in a 70-Year-Old Female"


def test_new_finding_is_added_to_the_topic_and_flags_persist() -> None:
    first = analyze("58-year-old man with low back pain")
    second = analyze("He now has saddle anaesthesia", first)
    assert second.topic == "low back pain with saddle anaesthesia"
    assert second.red_flags == ["Possible cauda equina syndrome"]
    third = analyze("What imaging is needed?", second)
    assert third.intent is Intent.IMAGING
    assert third.red_flags == ["Possible cauda equina syndrome"]


def test_merge_context_rules() -> None:
    old = PatientContext(
        age_years=22,
        age_group="adult",
        sex="female",
        pregnant=True,
        setting=["ED"],
        drugs=["warfarin"],
    )
    new = PatientContext(sex="male", setting=["athlete"], drugs=["aspirin"])
    merged = merge_context(old, new)
    assert merged.sex == "male"
    assert merged.pregnant is None  # a male patient cannot carry the old pregnancy
    assert merged.setting == ["ED", "athlete"]
    assert merged.drugs == ["warfarin", "aspirin"]
    assert merged.age_years == 22
    assert old.sex == "female"  # the previous record is not mutated


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            CASE,
            [
                "When is surgery indicated for pars defect?",
                "What is the prognosis of pars defect?",
                "How long before return to sport with pars defect?",
            ],
        ),
        (
            "Treatment of hypertension in a 70-year-old",
            [
                "When is surgery indicated for hypertension?",
                "What is the prognosis of hypertension?",
                "What are the red flags in hypertension that need urgent care?",
            ],
        ),
        (
            "metformin dose in CKD",
            [
                "What are the side effects of metformin?",
                "How should metformin be adjusted as kidney function declines?",
                "What drug interactions does metformin have?",
            ],
        ),
        (
            "Is ibuprofen safe in pregnancy?",
            [
                "What is the usual dose of ibuprofen?",
                "What are the alternatives to ibuprofen?",
                "Is ibuprofen safe while breastfeeding?",
            ],
        ),
        (
            "Apixaban versus warfarin",
            [
                "What are the side effects of apixaban?",
                "What are the side effects of warfarin?",
                "When is apixaban preferred over warfarin?",
            ],
        ),
    ],
)
def test_suggested_follow_ups(question: str, expected: list[str]) -> None:
    assert suggest_follow_ups(analyze(question)) == expected


@pytest.mark.parametrize("intent", list(Intent))
def test_three_follow_ups_for_every_intent(intent: Intent) -> None:
    a = analyze("What is the treatment for pars defect?").model_copy(update={"intent": intent})
    suggestions = suggest_follow_ups(a)
    assert len(suggestions) == 3
    assert all(s.endswith("?") for s in suggestions)


def test_no_follow_ups_for_a_refused_question() -> None:
    assert suggest_follow_ups(analyze("What is the capital of France?")) == []
