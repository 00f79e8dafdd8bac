"""Intent detection, including the priority rules when several intents match."""

from __future__ import annotations

import pytest

from medcite.analysis import analyze
from medcite.analysis.intent import detect_intent
from medcite.records import Intent

CASES: list[tuple[str, Intent]] = [
    # treatment
    ("What is the treatment for pars defect?", Intent.TREATMENT),
    ("How to treat plantar fasciitis", Intent.TREATMENT),
    ("How is pars defect treated?", Intent.TREATMENT),
    ("Management of acute gout flare", Intent.TREATMENT),
    ("Options for chronic low back pain", Intent.TREATMENT),
    ("First-line therapy for hypertension", Intent.TREATMENT),
    ("What is the best antibiotic for community-acquired pneumonia?", Intent.TREATMENT),
    ("Does physiotherapy help pars defect?", Intent.TREATMENT),
    ("When is surgery indicated for spondylolisthesis?", Intent.TREATMENT),
    # diagnosis / work-up
    ("How is appendicitis diagnosed?", Intent.DIAGNOSIS),
    ("Work-up of microcytic anemia", Intent.DIAGNOSIS),
    ("Differential diagnosis of chest pain", Intent.DIAGNOSIS),
    ("Diagnostic criteria for Kawasaki disease", Intent.DIAGNOSIS),
    ("What tests for celiac disease?", Intent.DIAGNOSIS),
    # imaging
    ("When should I get an MRI for back pain?", Intent.IMAGING),
    ("CT for minor head injury in children", Intent.IMAGING),
    ("Best imaging for suspected scaphoid fracture", Intent.IMAGING),
    ("Is an x-ray needed for an ankle sprain?", Intent.IMAGING),
    # dosing
    ("metformin dose in CKD", Intent.DOSING),
    ("Maximum dose of paracetamol", Intent.DOSING),
    ("Amoxicillin mg/kg for otitis media", Intent.DOSING),
    ("How much ibuprofen can I take?", Intent.DOSING),
    # prognosis
    ("What is the prognosis of spondylolysis?", Intent.PROGNOSIS),
    ("Recovery time after ACL reconstruction", Intent.PROGNOSIS),
    ("How long before return to sport after pars defect?", Intent.PROGNOSIS),
    ("What is the survival rate of pancreatic cancer?", Intent.PROGNOSIS),
    ("Is it safe to return to sport with spondylolysis?", Intent.PROGNOSIS),
    # screening / prevention
    ("Who should be screened for colorectal cancer?", Intent.SCREENING),
    ("How to prevent migraine?", Intent.SCREENING),
    ("Should I get the flu vaccine?", Intent.SCREENING),
    ("Who should be tested for hepatitis C?", Intent.SCREENING),
    ("Prevention of falls in the elderly", Intent.SCREENING),
    # drug safety
    ("Is ibuprofen safe in pregnancy?", Intent.DRUG_SAFETY),
    ("What are the side effects of metformin?", Intent.DRUG_SAFETY),
    ("Drug interactions of warfarin", Intent.DRUG_SAFETY),
    ("Contraindications to MRI", Intent.DRUG_SAFETY),
    ("Is lisinopril safe while breastfeeding?", Intent.DRUG_SAFETY),
    ("Can I take ibuprofen while on warfarin?", Intent.DRUG_SAFETY),
    # comparison
    ("Surgery vs conservative treatment for pars defect", Intent.COMPARISON),
    ("Apixaban versus warfarin in atrial fibrillation", Intent.COMPARISON),
    ("Is MRI better than CT for pars defect?", Intent.COMPARISON),
    ("What is the difference between apixaban and warfarin?", Intent.COMPARISON),
    ("Metformin compared with insulin in gestational diabetes", Intent.COMPARISON),
    # general
    ("What is spondylolysis?", Intent.GENERAL),
    ("What causes migraines?", Intent.GENERAL),
    ("Symptoms of appendicitis", Intent.GENERAL),
    ("Type 2 diabetes", Intent.GENERAL),
]


@pytest.mark.parametrize(("question", "expected"), CASES)
def test_intent(question: str, expected: Intent) -> None:
    assert analyze(question).intent is expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # drug safety beats treatment wording around it
        ("Is it safe to take ibuprofen for back pain in pregnancy?", Intent.DRUG_SAFETY),
        # dosing beats drug safety
        ("Safe dose of paracetamol in liver disease", Intent.DOSING),
        # comparison beats everything
        ("Is apixaban safer than warfarin?", Intent.COMPARISON),
        # the wording that comes first decides between the middle intents
        ("How long does recovery take after pars defect treatment?", Intent.PROGNOSIS),
        ("Treatment of pars defect and return to sport", Intent.TREATMENT),
        # "criteria for surgery" is a treatment question, not a diagnostic one
        ("What are the criteria for surgery in spondylolisthesis?", Intent.TREATMENT),
        # in a vignette, the sentence that asks decides
        ("MRI shows bilateral L5 pars defect. What is the treatment?", Intent.TREATMENT),
    ],
)
def test_priority_rules(question: str, expected: Intent) -> None:
    assert analyze(question).intent is expected


@pytest.mark.parametrize(
    "question", ["What if she is an athlete?", "And for a 70-year-old?", "She is 80"]
)
def test_no_intent_wording_gives_none(question: str) -> None:
    assert detect_intent(question) is None


def test_question_without_intent_defaults_to_general() -> None:
    assert analyze("And for a 70-year-old?").intent is Intent.GENERAL


def test_safe_without_a_drug_is_not_drug_safety() -> None:
    assert detect_intent("Is it safe to exercise with a pars defect?") is not Intent.DRUG_SAFETY
