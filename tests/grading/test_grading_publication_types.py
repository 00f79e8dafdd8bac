"""PubMed publication types and MeSH design headings."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from medcite.grading import Grade, assess, grade
from medcite.records import Document, EvidenceLevel

L = EvidenceLevel
MakeDoc = Callable[..., Document]


@pytest.mark.parametrize(
    ("publication_type", "level"),
    [
        ("Practice Guideline", L.GUIDELINE),
        ("Guideline", L.GUIDELINE),
        ("Consensus Development Conference", L.GUIDELINE),
        ("Consensus Development Conference, NIH", L.GUIDELINE),
        ("Systematic Review", L.SYSTEMATIC_REVIEW),
        ("Meta-Analysis", L.SYSTEMATIC_REVIEW),
        ("Randomized Controlled Trial", L.RCT),
        ("Equivalence Trial", L.RCT),
        ("Pragmatic Clinical Trial", L.RCT),
        ("Clinical Trial, Phase III", L.RCT),
        ("Clinical Trial, Phase IV", L.RCT),
        ("Observational Study", L.COHORT),
        ("Comparative Study", L.COHORT),
        ("Multicenter Study", L.COHORT),
        ("Validation Study", L.COHORT),
        ("Twin Study", L.COHORT),
        ("Case Reports", L.CASE_SERIES),
        ("Review", L.NARRATIVE_REVIEW),
        ("Scoping Review", L.NARRATIVE_REVIEW),
        ("Editorial", L.EXPERT_OPINION),
        ("Comment", L.EXPERT_OPINION),
        ("Letter", L.EXPERT_OPINION),
        ("Published Erratum", L.OTHER),
        ("Clinical Trial Protocol", L.OTHER),
    ],
)
def test_each_mapped_type(make_doc: MakeDoc, publication_type: str, level: EvidenceLevel) -> None:
    doc = make_doc("Aspirin and colorectal cancer", types=["Journal Article", publication_type])
    assert assess(doc) == Grade(level, f"publication type '{publication_type}'")


def test_case_and_spacing_are_ignored(make_doc: MakeDoc) -> None:
    assert grade(make_doc(types=["randomized  controlled TRIAL"])) is L.RCT


@pytest.mark.parametrize(
    ("types", "level"),
    [
        (["Review", "Systematic Review"], L.SYSTEMATIC_REVIEW),
        (["Comparative Study", "Randomized Controlled Trial"], L.RCT),
        (["Case Reports", "Review"], L.CASE_SERIES),
        (["Letter", "Randomized Controlled Trial"], L.RCT),
        (["Meta-Analysis", "Practice Guideline"], L.GUIDELINE),
        (["Published Erratum", "Multicenter Study"], L.COHORT),
    ],
)
def test_strongest_type_wins(make_doc: MakeDoc, types: list[str], level: EvidenceLevel) -> None:
    assert grade(make_doc(types=types)) is level


def test_tie_names_the_first_type_in_record_order(make_doc: MakeDoc) -> None:
    doc = make_doc(types=["Multicenter Study", "Observational Study"])
    assert assess(doc) == Grade(L.COHORT, "publication type 'Multicenter Study'")


def test_uninformative_types_fall_through_to_text(make_doc: MakeDoc) -> None:
    doc = make_doc(
        "Statins after stroke: a meta-analysis",
        types=["Journal Article", "Research Support, Non-U.S. Gov't"],
    )
    assert grade(doc) is L.SYSTEMATIC_REVIEW


def test_an_erratum_is_not_the_trial_it_corrects(make_doc: MakeDoc) -> None:
    doc = make_doc("Erratum: A randomized trial of aspirin", types=["Published Erratum"])
    assert grade(doc) is L.OTHER


class TestUnspecifiedTrials:
    @pytest.mark.parametrize(
        "publication_type",
        [
            "Clinical Trial",
            "Clinical Trial, Phase II",
            "Controlled Clinical Trial",
            "Adaptive Clinical Trial",
        ],
    )
    def test_randomised_in_text_is_rct(self, make_doc: MakeDoc, publication_type: str) -> None:
        doc = make_doc(
            "Drug X for gout",
            "Patients were randomly assigned to X or placebo.",
            types=[publication_type],
        )
        assert assess(doc) == Grade(
            L.RCT,
            f"publication type '{publication_type}' and the abstract says 'randomly assigned'",
        )

    def test_not_randomised_is_cohort(self, make_doc: MakeDoc) -> None:
        doc = make_doc(
            "Drug X for gout: a single-arm trial",
            "All 40 patients received X.",
            types=["Clinical Trial"],
        )
        assert assess(doc) == Grade(
            L.COHORT, "publication type 'Clinical Trial' without randomisation"
        )

    def test_non_randomised_controlled_trial_is_cohort(self, make_doc: MakeDoc) -> None:
        doc = make_doc(
            "A non-randomized controlled trial of drug X", types=["Controlled Clinical Trial"]
        )
        assert grade(doc) is L.COHORT

    def test_blinding_alone_does_not_count_as_randomisation(self, make_doc: MakeDoc) -> None:
        doc = make_doc("A double-blind trial of drug X", types=["Clinical Trial"])
        assert grade(doc) is L.COHORT

    def test_mention_of_other_randomised_trials_does_not_count(self, make_doc: MakeDoc) -> None:
        doc = make_doc(
            "Drug X for gout",
            "Previous randomized trials were small. We gave X to 40 patients.",
            types=["Clinical Trial"],
        )
        assert grade(doc) is L.COHORT


class TestReviewUpgrade:
    # NLM only added the "Systematic Review" type in 2019; older ones are typed "Review".
    def test_review_titled_systematic_review_is_one(self, make_doc: MakeDoc) -> None:
        doc = make_doc("Music therapy for insomnia: a systematic review", types=["Review"])
        assert assess(doc) == Grade(
            L.SYSTEMATIC_REVIEW, "publication type 'Review' and the title says 'systematic review'"
        )

    def test_review_with_meta_analysis_in_abstract(self, make_doc: MakeDoc) -> None:
        doc = make_doc(
            "Music therapy for insomnia", "This meta-analysis pooled 12 trials.", types=["Review"]
        )
        assert grade(doc) is L.SYSTEMATIC_REVIEW

    def test_review_citing_meta_analyses_stays_narrative(self, make_doc: MakeDoc) -> None:
        doc = make_doc(
            "Music therapy for insomnia",
            "Evidence from meta-analyses and systematic reviews is summarised.",
            types=["Review"],
        )
        assert grade(doc) is L.NARRATIVE_REVIEW

    def test_a_described_search_alone_stays_narrative(self, make_doc: MakeDoc) -> None:
        doc = make_doc(
            "Music therapy for insomnia",
            "We searched PubMed for relevant articles.",
            types=["Review"],
        )
        assert grade(doc) is L.NARRATIVE_REVIEW


class TestMesh:
    @pytest.mark.parametrize(
        "descriptor",
        ["Cohort Studies", "Case-Control Studies", "Prospective Studies", "Retrospective Studies"],
    )
    def test_design_headings_are_cohort(self, make_doc: MakeDoc, descriptor: str) -> None:
        assert assess(make_doc(mesh=["Humans", descriptor])) == Grade(
            L.COHORT, f"MeSH heading '{descriptor}'"
        )

    @pytest.mark.parametrize(
        "descriptor", ["Randomized Controlled Trials as Topic", "Meta-Analysis as Topic", "Humans"]
    )
    def test_topic_headings_are_not_designs(self, make_doc: MakeDoc, descriptor: str) -> None:
        assert grade(make_doc("Trial design in oncology", mesh=[descriptor])) is L.OTHER
