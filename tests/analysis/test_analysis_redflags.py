"""Red flags: urgent findings raise a notice; negated findings and textbook questions do not."""

from __future__ import annotations

import pytest

from medcite.analysis import analyze


@pytest.mark.parametrize(
    ("question", "flag"),
    [
        (
            "58-year-old woman with back pain, saddle anaesthesia and urinary retention",
            "Possible cauda equina syndrome",
        ),
        ("Low back pain with new urinary incontinence", "Possible cauda equina syndrome"),
        ("Sciatica with bilateral leg weakness", "Possible cauda equina syndrome"),
        (
            "A 45M with chest pain and ST elevation in V1-V4",
            "Possible ST-elevation myocardial infarction (STEMI)",
        ),
        (
            "Crushing chest pain radiating to the left arm with sweating",
            "Possible acute coronary syndrome",
        ),
        ("Bee sting with throat swelling and wheeze", "Possible anaphylaxis"),
        ("Hives and low blood pressure after eating peanuts", "Possible anaphylaxis"),
        ("Facial droop and slurred speech in a 70-year-old man", "Possible stroke"),
        ("Sudden onset of left-sided weakness", "Possible stroke"),
        ("Thunderclap headache in a 40-year-old", "Possible subarachnoid haemorrhage"),
        ("I want to kill myself", "Suicide risk: urgent safety assessment needed"),
        ("A 30-year-old with suicidal thoughts", "Suicide risk: urgent safety assessment needed"),
        ("She has fever, confusion and low blood pressure", "Possible sepsis"),
        ("Fever and neck stiffness in a 19-year-old student", "Possible meningitis"),
        ("Fever with a non-blanching rash in a child", "Possible meningitis"),
        ("Vomiting blood after drinking alcohol", "Possible gastrointestinal bleeding"),
        ("Black tarry stools in a man on warfarin", "Possible gastrointestinal bleeding"),
        (
            "Sudden shortness of breath and calf swelling after a long flight",
            "Possible pulmonary embolism",
        ),
        ("16-year-old boy with sudden testicular pain", "Possible testicular torsion"),
        (
            "Pregnant woman at 7 weeks with lower abdominal pain and vaginal bleeding",
            "Possible ectopic pregnancy",
        ),
        ("Progressive leg weakness with back pain", "Progressive neurological deficit"),
        (
            "Back pain with fever and weight loss in a 60-year-old",
            "Back pain with features of infection or malignancy",
        ),
    ],
)
def test_red_flag_positives(question: str, flag: str) -> None:
    assert flag in analyze(question).red_flags


@pytest.mark.parametrize(
    "question",
    [
        "Treatment options for bilateral L5 pars defect after a fall in a 22-year-old female",
        "30-year-old with low back pain, no saddle anaesthesia, no urinary retention and without "
        "neurological deficit",
        "Back pain, denies saddle anaesthesia, bladder or bowel incontinence",
        "Chest pain, no ST elevation, in a 50-year-old man",
        "No fever, neck stiffness noted",  # stiffness alone is not meningitis
        "Denies chest pain or shortness of breath, presents with palpitations",
        "Afebrile child with a cough",
        # textbook questions name a diagnosis without describing a patient
        "Management of STEMI",
        "What is cauda equina syndrome?",
        "Treatment of bacterial meningitis",
        "Screening for suicide risk in adolescents",
        "What is the treatment for pars defect?",
    ],
)
def test_red_flag_negatives(question: str) -> None:
    assert analyze(question).red_flags == []


def test_a_named_emergency_in_a_case_is_flagged() -> None:
    assert analyze("A 60-year-old man with STEMI: first steps?").red_flags == [
        "Possible ST-elevation myocardial infarction (STEMI)"
    ]


def test_stemi_replaces_the_less_specific_acs_notice() -> None:
    flags = analyze("Crushing chest pain radiating to the jaw with ST elevation").red_flags
    assert "Possible ST-elevation myocardial infarction (STEMI)" in flags
    assert "Possible acute coronary syndrome" not in flags


def test_flags_come_in_a_stable_order() -> None:
    q = "Fever, neck stiffness, confusion and hypotension in a 20-year-old"
    assert analyze(q).red_flags == ["Possible sepsis", "Possible meningitis"]


def test_refused_questions_carry_no_flags() -> None:
    assert analyze("Write a poem about cats").red_flags == []
