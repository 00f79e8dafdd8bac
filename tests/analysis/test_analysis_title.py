"""Titles: generic per intent, cases built from parts, title case and age phrases."""

from __future__ import annotations

import pytest

from medcite.analysis import analyze
from medcite.analysis.title import age_phrase, title_case


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("What is the treatment for pars defect?", "Treatment for Pars Defect"),
        ("How is appendicitis diagnosed?", "Diagnosis of Appendicitis"),
        ("Differential diagnosis of chest pain", "Differential Diagnosis of Chest Pain"),
        ("Imaging for scaphoid fracture", "Imaging for Scaphoid Fracture"),
        ("Maximum dose of paracetamol", "Dosing of Paracetamol"),
        ("What is the prognosis of spondylolysis?", "Prognosis of Spondylolysis"),
        ("How long before return to sport after pars defect?", "Return to Sport After Pars Defect"),
        ("Who should be screened for colorectal cancer?", "Screening for Colorectal Cancer"),
        ("How to prevent migraine?", "Prevention of Migraine"),
        ("What are the side effects of metformin?", "Safety of Metformin"),
        (
            "Surgery vs conservative treatment for pars defect",
            "Surgery vs Conservative Treatment for Pars Defect",
        ),
        ("What is the difference between apixaban and warfarin?", "Apixaban vs Warfarin"),
        ("What is spondylolysis?", "Spondylolysis: Overview"),
        ("What is community-acquired pneumonia?", "Community-Acquired Pneumonia: Overview"),
        ("Management of asthma", "Management of Asthma"),
        ("Treatment for COPD exacerbation", "Treatment for COPD Exacerbation"),
        ("Should I get the flu vaccine?", "Flu Vaccine Recommendations"),
    ],
)
def test_generic_titles(question: str, title: str) -> None:
    assert analyze(question).title == title


@pytest.mark.parametrize(
    ("question", "title"),
    [
        (
            "Treatment options for bilateral L5 pars defect after a fall in a 22-year-old female",
            "Treatment Options for Bilateral L5 Pars Defect After Fall in a 22-Year-Old Female",
        ),
        (
            "First-line treatment for type 2 diabetes in a 45-year-old obese man",
            "First-Line Treatment for Type 2 Diabetes in a 45-Year-Old Male With Obesity",
        ),
        (
            "Treatment for left knee pain in a 60-year-old woman",
            "Treatment for Left Knee Pain in a 60-Year-Old Female",
        ),
        (
            "Knee pain on the right side in an 80-year-old man",
            "Right Knee Pain in an 80-Year-Old Male",
        ),
        (
            "Hip fracture after a fall in an 85-year-old woman on warfarin",
            "Hip Fracture After Fall in an 85-Year-Old Female on Warfarin",
        ),
        (
            "Amoxicillin dose for a 6-month-old with otitis media",
            "Dosing of Amoxicillin for Otitis Media in a 6-Month-Old Infant",
        ),
        ("Can I take ibuprofen while on warfarin?", "Safety of Ibuprofen in a Patient on Warfarin"),
        (
            "Management of DKA in a patient with type 1 diabetes",
            "Management of DKA in a Patient With Type 1 Diabetes",
        ),
        (
            "Neck pain after an MVA in an 18-year-old",
            "Neck Pain After Motor Vehicle Accident in an 18-Year-Old Patient",
        ),
        (
            "Treatment for pars defect in a female gymnast",
            "Treatment for Pars Defect in a Female Athlete",
        ),
    ],
)
def test_case_titles(question: str, title: str) -> None:
    assert analyze(question).title == title


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("Is ibuprofen safe in pregnancy?", "Safety of Ibuprofen in Pregnancy"),
        ("metformin dose in CKD", "Dosing of Metformin in Patients With CKD"),
        ("Treatment of asthma in children", "Treatment for Asthma in Children"),
        ("Treatment of UTI in women", "Treatment for UTI in Women"),
        (
            "Management of hypertension in patients with diabetes",
            "Management of Hypertension in Patients With Diabetes",
        ),
        ("Prevention of falls in the elderly", "Prevention of Falls in Older Adults"),
    ],
)
def test_population_titles(question: str, title: str) -> None:
    assert analyze(question).title == title


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "treatment options for bilateral L5 pars defect",
            "Treatment Options for Bilateral L5 Pars Defect",
        ),
        ("after fall in a 22-year-old female", "After Fall in a 22-Year-Old Female"),
        ("surgery vs bracing for pars defect", "Surgery vs Bracing for Pars Defect"),
        ("dosing of metformin in patients with CKD", "Dosing of Metformin in Patients With CKD"),
        ("x-ray for crohn's disease", "X-Ray for Crohn's Disease"),
        ("HbA1c targets in copd", "HbA1c Targets in COPD"),
        ("of mice and men", "Of Mice and Men"),
    ],
)
def test_title_case(text: str, expected: str) -> None:
    assert title_case(text) == expected


@pytest.mark.parametrize(
    ("age", "phrase"),
    [
        (22, "22-Year-Old"),
        (1, "1-Year-Old"),
        (0.5, "6-Month-Old"),
        (1.5, "18-Month-Old"),
        (2.5, "30-Month-Old"),
        (3 / 52, "3-Week-Old"),
        (10 / 365, "10-Day-Old"),
    ],
)
def test_age_phrase(age: float, phrase: str) -> None:
    assert age_phrase(age) == phrase


@pytest.mark.parametrize(
    ("question", "title"),
    [
        (
            "Does vitamin D prevent fractures in older adults?",
            "Vitamin D for Prevention of Fractures in Older Adults",
        ),
        ("Is MRI safe with a pacemaker?", "Safety of MRI With Pacemaker"),
        (
            "Should a 45-year-old woman get a mammogram?",
            "Screening With Mammogram in a 45-Year-Old Female",
        ),
        (
            "Spondylolisthesis grade 1 L5-S1 in a 14-year-old gymnast: surgery or conservative?",
            "Surgery vs Conservative for L5-S1 Spondylolisthesis Grade 1 in a 14-Year-Old Athlete",
        ),
        (
            "My mother is 82 and keeps falling, what can we do?",
            "Treatment for Falling in an 82-Year-Old Female",
        ),
        (
            "What antibiotics for strep throat in a penicillin-allergic child?",
            "Antibiotics for Strep Throat in a Child",
        ),
        (
            "Return to play after concussion in a 16-year-old football player",
            "Return to Sport After Concussion in a 16-Year-Old Athlete",
        ),
        (
            "Antibiotic prophylaxis before dental work in patients with prosthetic joints",
            "Antibiotic Prophylaxis Before Dental Work With Prosthetic Joints",
        ),
    ],
)
def test_real_world_titles(question: str, title: str) -> None:
    assert analyze(question).title == title
