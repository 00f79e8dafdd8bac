"""Design cues in titles and abstracts (records typed only "Journal Article")."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from medcite.grading import Grade, assess, grade
from medcite.grading.text_cues import ABSTRACT_CHARS
from medcite.records import Document, EvidenceLevel

L = EvidenceLevel
MakeDoc = Callable[..., Document]


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("2021 ESC Guidelines for the diagnosis of heart failure", L.GUIDELINE),
        ("Consensus recommendations of the European Society of Cardiology on AF", L.GUIDELINE),
        ("Swiss Recommendations for the Follow-Up of Long COVID", L.GUIDELINE),
        ("Bifurcation lesions: the 15th consensus document from the European Club", L.GUIDELINE),
        ("Meta-analysis of statins for primary prevention", L.SYSTEMATIC_REVIEW),
        ("Statins in the elderly: a systematic review and meta-analysis", L.SYSTEMATIC_REVIEW),
        ("Exercise for back pain: a randomised controlled trial", L.RCT),
        ("Melatonin for insomnia: a double-blind placebo-controlled study", L.RCT),
        ("Obesity and sepsis: a retrospective cohort study", L.COHORT),
        ("Coffee and gout: a case-control study", L.COHORT),
        ("Body mass index and asthma: a Mendelian randomization study", L.COHORT),
        ("A non-randomized comparison of two stents", L.COHORT),
        ("Retrospective case series of pars defects in cricketers", L.CASE_SERIES),
        ("A rare case of Percheron artery occlusion", L.CASE_SERIES),
        ("Sepsis in a neonate: a case report and review of the literature", L.CASE_SERIES),
        ("Severe intra-abdominal sepsis: a report of 3 cases", L.CASE_SERIES),
        ("Gout: a review for primary care", L.NARRATIVE_REVIEW),
        ("Commentary: the end of aspirin for primary prevention?", L.EXPERT_OPINION),
    ],
)
def test_title_cues(make_doc: MakeDoc, title: str, level: EvidenceLevel) -> None:
    assert grade(make_doc(title)) is level


@pytest.mark.parametrize(
    "title",
    [
        "Adherence to heart failure guidelines in primary care",
        "Guideline-concordant care for sepsis in rural hospitals",
        "Improving peer review in medical journals",
        "Medication review in care homes",
        "Trial-level data and their uses",
    ],
)
def test_topic_mentions_in_titles_are_not_designs(make_doc: MakeDoc, title: str) -> None:
    assert grade(make_doc(title)) is L.OTHER


@pytest.mark.parametrize(
    ("abstract", "level", "phrase"),
    [
        (
            "We conducted a systematic review and meta-analysis of 20 trials.",
            L.SYSTEMATIC_REVIEW,
            "systematic review",
        ),
        (
            "We searched MEDLINE and Embase to March 2020.",
            L.SYSTEMATIC_REVIEW,
            "we searched medline",
        ),
        ("Search methods: Cochrane Register to 2020.", L.SYSTEMATIC_REVIEW, "search methods"),
        ("We randomly assigned 300 adults to drug or placebo.", L.RCT, "randomly assigned"),
        ("Patients were randomised to early or late surgery.", L.RCT, "randomised"),
        (
            "In a prospective cohort of 5000 nurses, coffee intake was recorded.",
            L.COHORT,
            "cohort",  # the first cue of the strongest level in table order
        ),
        ("We analysed a national registry of hip fractures.", L.COHORT, "registry"),
        ("We report a case of spondylolysis in a fast bowler.", L.CASE_SERIES, "we report a case"),
        (
            "We describe two unusual patients with porphyria.",
            L.CASE_SERIES,
            "we describe two unusual patients",
        ),
        ("A 45-year-old man presented with chest pain.", L.CASE_SERIES, "a 45-year-old"),
    ],
)
def test_abstract_cues(make_doc: MakeDoc, abstract: str, level: EvidenceLevel, phrase: str) -> None:
    assert assess(make_doc("Findings in adults", abstract)) == Grade(
        level, f"the abstract says '{phrase}'"
    )


@pytest.mark.parametrize(
    "abstract",
    [
        "No randomized trials have compared these drugs.",
        "Previous meta-analysis reported conflicting results.",
        "Future randomized trials are needed to confirm this.",
        "Large randomized controlled trials are still needed.",
        "Although randomised evidence is lacking, practice varies.",
        "Randomized trials have shown benefit in younger adults.",
        "This protocol describes a randomised trial of early surgery.",
        "Patients will be randomly assigned to drug or placebo.",
        "Evidence from meta-analyses supports screening.",
    ],
)
def test_mentions_in_abstracts_are_not_designs(make_doc: MakeDoc, abstract: str) -> None:
    assert grade(make_doc("Drugs for gout", abstract)) is L.OTHER


def test_per_protocol_analysis_does_not_hide_a_trial(make_doc: MakeDoc) -> None:
    doc = make_doc("Drug X for gout", "Patients were randomized; per-protocol analysis agreed.")
    assert grade(doc) is L.RCT


def test_a_design_in_the_title_decides_over_abstract_mentions(make_doc: MakeDoc) -> None:
    doc = make_doc(
        "Statins and dementia: a population-based cohort study",
        "Unlike earlier work, we randomly assigned nobody; a meta-analysis is planned.",
    )
    # Table order breaks ties between cues of one level: "cohort" is listed first.
    assert assess(doc) == Grade(L.COHORT, "the title says 'cohort'")


def test_a_generic_review_title_lets_the_abstract_speak(make_doc: MakeDoc) -> None:
    doc = make_doc("Statins in older adults: a review", "We conducted a meta-analysis of 9 trials.")
    assert grade(doc) is L.SYSTEMATIC_REVIEW


def test_strongest_abstract_cue_wins(make_doc: MakeDoc) -> None:
    doc = make_doc(
        "Drug X", "This meta-analysis included 12 randomized trials and 3 cohort studies."
    )
    assert grade(doc) is L.SYSTEMATIC_REVIEW


def test_only_the_start_of_a_long_body_is_read(make_doc: MakeDoc) -> None:
    filler = "Sodium fell on average. " * (ABSTRACT_CHARS // 20)
    doc = make_doc("Serum sodium in runners", filler + "Patients were randomised.")
    assert grade(doc) is L.OTHER


def test_guideline_and_review_words_in_abstracts_are_ignored(make_doc: MakeDoc) -> None:
    doc = make_doc(
        "Care of gout", "We review the ACR guideline and its recommendations for practice."
    )
    assert grade(doc) is L.OTHER
