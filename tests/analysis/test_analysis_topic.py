"""Topic extraction: the condition phrase without intent words, patient facts or filler."""

from __future__ import annotations

import pytest

from medcite.analysis import analyze


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("What is the treatment for pars defect?", "pars defect"),
        (
            "Treatment options for bilateral L5 pars defect after a fall in a 22-year-old female",
            "pars defect",
        ),
        ("How is pars defect treated?", "pars defect"),
        ("What Is The Treatment For Pars Defect", "pars defect"),
        ("What is community-acquired pneumonia?", "community-acquired pneumonia"),
        ("First-line treatment for type 2 diabetes in a 45-year-old obese man", "type 2 diabetes"),
        ("Management of hypertension in patients with diabetes", "hypertension"),
        ("metformin dose in CKD", "metformin"),
        ("Is ibuprofen safe in pregnancy?", "ibuprofen"),
        ("What are the side effects of metformin?", "metformin"),
        ("Can I take ibuprofen while on warfarin?", "ibuprofen"),
        ("Who should be screened for colorectal cancer?", "colorectal cancer"),
        ("How long before return to sport after pars defect?", "pars defect"),
        ("Best imaging for suspected scaphoid fracture", "scaphoid fracture"),
        ("Treatment for left knee pain in a 60-year-old woman for 3 months", "left knee pain"),
        ("Options for chronic low back pain", "chronic low back pain"),
        ("What is the treatment for Crohn's disease?", "Crohn's disease"),
        ("Treatment for COPD exacerbation", "COPD exacerbation"),
        ("Management of DKA in a patient with type 1 diabetes", "DKA"),
        (
            "What is the treatment-resistant depression management?",
            "treatment-resistant depression",
        ),
        (
            "Amoxicillin dosage for a 6-month-old infant with otitis media",
            "amoxicillin for otitis media",
        ),
        ("Is lisinopril safe while breastfeeding?", "lisinopril while breastfeeding"),
        ("Low back pain without neurological deficit", "low back pain"),
        ("How to treat pars defect without surgery", "pars defect"),
        ("What causes migraines?", "migraines"),
    ],
)
def test_topic(question: str, topic: str) -> None:
    assert analyze(question).topic == topic


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        (
            "Surgery vs conservative treatment for pars defect",
            "surgery vs conservative treatment for pars defect",
        ),
        ("Is MRI better than CT for pars defect?", "MRI vs CT for pars defect"),
        ("What is the difference between apixaban and warfarin?", "apixaban vs warfarin"),
        ("Compare physiotherapy and surgery for sciatica", "physiotherapy vs surgery for sciatica"),
        ("In pars defect, is surgery better than bracing?", "surgery vs bracing for pars defect"),
    ],
)
def test_comparison_topics_keep_both_arms(question: str, topic: str) -> None:
    assert analyze(question).topic == topic


def test_vignette_takes_the_diagnosis_over_the_presenting_complaint() -> None:
    q = (
        "22-year-old female gymnast with low back pain. MRI shows bilateral L5 pars defect. "
        "What is the treatment?"
    )
    a = analyze(q)
    assert a.topic == "pars defect"
    assert a.title == "Treatment for Bilateral L5 Pars Defect in a 22-Year-Old Female Athlete"


def test_a_list_of_findings_stays_together() -> None:
    assert analyze("Fever, neck stiffness and a petechial rash in a 19-year-old").topic == (
        "fever, neck stiffness and a petechial rash"
    )


def test_a_comorbidity_stays_in_a_topic_that_is_not_medical_without_it() -> None:
    a = analyze("Can I eat eggs with high cholesterol?")
    assert a.topic == "eggs with high cholesterol"
    assert a.context.comorbidities == ["hyperlipidemia"]


def test_a_drug_class_becomes_the_topic_when_nothing_else_is_left() -> None:
    a = analyze("62 y/o F with T2DM, HTN and CKD stage 3 on metformin. Best antihypertensive?")
    assert a.topic == "antihypertensives"
    assert a.title == (
        "Choice of Antihypertensives in a 62-Year-Old Female With Type 2 Diabetes, Hypertension"
        " and CKD on Metformin"
    )


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("Surgery for pars defect", "Surgery for Pars Defect"),
        ("Does physiotherapy help pars defect?", "Physiotherapy for Pars Defect"),
        ("Is bariatric surgery effective for obesity?", "Bariatric Surgery for Obesity"),
        (
            "What is the best antibiotic for community-acquired pneumonia?",
            "Antibiotics for Community-Acquired Pneumonia",
        ),
        ("When should I get an MRI for back pain?", "MRI for Back Pain"),
    ],
)
def test_a_modality_in_front_becomes_the_focus(question: str, title: str) -> None:
    assert analyze(question).title == title
