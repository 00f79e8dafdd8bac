"""Recommendation grade detection: the notations guidelines use, and look-alikes that are not."""

from __future__ import annotations

import pytest

from medcite.ingest.readers.grades import HeadingStack, SectionBuilder, find_grade
from medcite.records import Section


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("Use MRI first (Strong, High).", "Strong, High"),
        ("Consider CT (Conditional, Moderate).", "Conditional, Moderate"),
        ("Avoid vitamin C (Conditional, Very Low).", "Conditional, Very Low"),
        (
            "Rest (strong recommendation; low certainty of evidence)",
            "strong recommendation; low certainty of evidence",
        ),
        ("Allopurinol preferred (Strong)", "Strong"),
        ("Statin therapy (Class I, LOE A).", "Class I, LOE A"),
        ("Bracing (Class IIa; Level of Evidence B-R).", "Class IIa; Level of Evidence B-R"),
        ("Closure (COR 2b, LOE C-LD)", "COR 2b, LOE C-LD"),
        ("Phenytoin (Class III: Harm, LOE B-NR)", "Class III: Harm, LOE B-NR"),
        ("ICD implant (Class I)", "Class I"),
        ("Aspirin, Grade A.", "Grade A"),
        ("Suggest against aminoglycosides (Grade 2C).", "Grade 2C"),
        (
            "strong recommendation, moderate-quality evidence",
            "strong recommendation, moderate-quality evidence",
        ),
        ("Antibiotics (GRADE: strong)", "GRADE: strong"),
        ("Exercise therapy. SOR A", "SOR A"),
        ("Strength of recommendation: B", "Strength of recommendation: B"),
        ("Level of Evidence: B-NR", "Level of Evidence: B-NR"),
        ("Monitor ICP (Level IIB)", "Level IIB"),
        ("(Rec 6, Strong) treat to target", "Strong"),
    ],
)
def test_grades_found(text: str, grade: str) -> None:
    assert find_grade(text) == grade


@pytest.mark.parametrize(
    "text",
    [
        "A Meyerding grade II spondylolisthesis needs follow-up.",
        "Grade 1 slip in a 14-year-old.",
        "Class III obesity is a risk factor.",
        "NYHA class II symptoms (NYHA Class III–IV excluded).",
        "High-grade dysplasia; grade 3 tumour.",
        "Strong evidence supports rest.",
        "(Not Graded)",
        "A level 3 trauma centre (Level 3 trauma centre).",
    ],
)
def test_look_alikes_are_not_grades(text: str) -> None:
    assert find_grade(text) is None


def test_first_grade_in_the_text_wins() -> None:
    assert find_grade("Do A (Grade B) and B (Strong, High).") == "Grade B"


def test_builder_splits_graded_paragraphs_and_keeps_order() -> None:
    builder = SectionBuilder()
    headings = HeadingStack()
    builder.heading(headings.push(1, "Treatment"))
    builder.add("Intro one.")
    builder.add("  Intro   two. ")
    builder.add("Rest from sport (Strong, High).")
    builder.add("After text.")
    builder.heading(headings.push(2, "Bracing"))
    builder.add("")
    builder.add("Brace if pain persists (Conditional, Low).")
    builder.heading(headings.push(1, "Follow-up"))
    assert builder.build() == [
        Section(heading="Treatment", text="Intro one.\nIntro two."),
        Section(heading="Treatment", text="Rest from sport (Strong, High).", grade="Strong, High"),
        Section(heading="Treatment", text="After text."),
        Section(
            heading="Treatment > Bracing",
            text="Brace if pain persists (Conditional, Low).",
            grade="Conditional, Low",
        ),
    ]
    assert headings.path == "Follow-up"
