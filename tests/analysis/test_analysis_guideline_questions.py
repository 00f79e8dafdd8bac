"""Guideline questions that used to get the wrong topic or intent: terse two-word questions, a
therapy asked about in a condition, staging, step-up, a drug class recommended for a condition."""

from __future__ import annotations

import pytest

from medcite.analysis import analyze
from medcite.records import Intent


@pytest.mark.parametrize(
    ("question", "intent", "topic", "first_query"),
    [
        # terse: condition + therapy
        ("sepsis fluids", Intent.TREATMENT, "sepsis", "sepsis fluids"),
        (
            "atrial fibrillation anticoagulation",
            Intent.TREATMENT,
            "atrial fibrillation",
            "atrial fibrillation anticoagulation",
        ),
        ("heart failure drugs", Intent.TREATMENT, "heart failure", "heart failure medications"),
        # the therapy is the focus, the condition the topic
        (
            "How much IV fluid should be given in sepsis?",
            Intent.TREATMENT,
            "sepsis",
            "sepsis fluids",
        ),
        (
            "When is anticoagulation recommended in atrial fibrillation?",
            Intent.TREATMENT,
            "atrial fibrillation",
            "atrial fibrillation anticoagulation",
        ),
        (
            "Which antibiotics are recommended for outpatients with community-acquired pneumonia?",
            Intent.TREATMENT,
            "community-acquired pneumonia",
            "community-acquired pneumonia antibiotics",
        ),
        (
            "What medications are recommended for heart failure with reduced ejection fraction?",
            Intent.TREATMENT,
            "heart failure with reduced ejection fraction",
            "heart failure with reduced ejection fraction medications",
        ),
        # staging is a diagnosis question, searched as staging
        ("CKD staging", Intent.DIAGNOSIS, "CKD", "ckd staging"),
        (
            "How is chronic kidney disease staged?",
            Intent.DIAGNOSIS,
            "chronic kidney disease",
            "chronic kidney disease staging",
        ),
        # step-up and "initial" are what is asked, not part of the condition
        (
            "How should asthma treatment be stepped up?",
            Intent.TREATMENT,
            "asthma",
            "asthma step-up",
        ),
        (
            "What is the initial treatment for COPD with frequent exacerbations?",
            Intent.TREATMENT,
            "COPD with frequent exacerbations",
            "copd with frequent exacerbations initial treatment",
        ),
        # "first-line" is searched: the guideline passage says it
        (
            "What is the first-line treatment for hypertension?",
            Intent.TREATMENT,
            "hypertension",
            "hypertension first-line treatment",
        ),
    ],
)
def test_guideline_question_topic_intent_and_query(
    question: str, intent: Intent, topic: str, first_query: str
) -> None:
    analysis = analyze(question)
    assert analysis.intent is intent
    assert analysis.topic == topic
    assert analysis.search_queries[0] == first_query


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("CKD staging", "Staging of CKD"),
        ("sepsis fluids", "Fluids for Sepsis"),
        (
            "When is anticoagulation recommended in atrial fibrillation?",
            "Anticoagulation for Atrial Fibrillation",
        ),
        ("How should asthma treatment be stepped up?", "Step-Up for Asthma"),
    ],
)
def test_guideline_question_titles(question: str, title: str) -> None:
    assert analyze(question).title == title


def test_a_condition_in_the_question_stays_patient_context() -> None:
    # "in atrial fibrillation" is still a fact about the patient population, and the topic
    analysis = analyze("When is anticoagulation recommended in atrial fibrillation?")
    assert analysis.context.comorbidities == ["atrial fibrillation"]


def test_a_case_keeps_the_drug_class_as_its_subject() -> None:
    # the comorbidities describe the patient; the question is about the drug class
    analysis = analyze("62 y/o F with T2DM, HTN and CKD. Best antihypertensive?")
    assert analysis.topic == "antihypertensives"


@pytest.mark.parametrize("question", ["What is anticoagulation?", "What are fluids?"])
def test_a_therapy_alone_is_not_a_treatment_question(question: str) -> None:
    assert analyze(question).intent is Intent.GENERAL
