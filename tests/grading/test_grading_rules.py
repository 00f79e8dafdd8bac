"""Rule priority in grade(): declared level, guideline source, protocol, types, MeSH, text."""

from __future__ import annotations

from collections.abc import Callable

from medcite.grading import Grade, assess, grade, grade_reason
from medcite.records import Document, EvidenceLevel, Section, SourceType

L = EvidenceLevel
MakeDoc = Callable[..., Document]


def test_declared_level_wins_over_everything(make_doc: MakeDoc) -> None:
    doc = make_doc(
        "A randomised controlled trial of aspirin",
        types=["Randomized Controlled Trial"],
        evidence_level=L.COHORT,
        source_type=SourceType.GUIDELINE,
    )
    assert assess(doc) == Grade(L.COHORT, "level declared by the source")


def test_guideline_source_beats_the_trials_it_cites(make_doc: MakeDoc) -> None:
    doc = make_doc(
        "Management of hypertension",
        "Two randomised controlled trials showed benefit; a meta-analysis confirmed it.",
        types=[],
        source_type=SourceType.GUIDELINE,
    )
    assert assess(doc) == Grade(L.GUIDELINE, "read as a clinical guideline")


def test_protocol_title_is_other_even_when_typed_as_a_trial(make_doc: MakeDoc) -> None:
    doc = make_doc(
        "Stent A versus stent B: rationale and design of the TALENT trial",
        types=["Journal Article", "Randomized Controlled Trial"],
    )
    assert grade(doc) is L.OTHER
    assert "protocol" in grade_reason(doc)


def test_protocol_title_blocks_the_review_upgrade(make_doc: MakeDoc) -> None:
    doc = make_doc("Exercise for low back pain: protocol for a systematic review", types=["Review"])
    assert grade(doc) is L.OTHER


def test_publication_types_beat_mesh_and_text(make_doc: MakeDoc) -> None:
    doc = make_doc(
        "A retrospective cohort study of statins",
        types=["Journal Article", "Case Reports"],
        mesh=["Cohort Studies"],
    )
    assert assess(doc) == Grade(L.CASE_SERIES, "publication type 'Case Reports'")


def test_mesh_beats_text(make_doc: MakeDoc) -> None:
    doc = make_doc(
        "Outcomes after knee replacement",
        "We randomly assigned 200 patients.",
        mesh=["Retrospective Studies"],
    )
    assert assess(doc) == Grade(L.COHORT, "MeSH heading 'Retrospective Studies'")


def test_text_when_nothing_else_applies(make_doc: MakeDoc) -> None:
    doc = make_doc("Aspirin after stroke: a randomized controlled trial")
    assert assess(doc) == Grade(L.RCT, "the title says 'randomized'")


def test_other_when_nothing_names_a_design(make_doc: MakeDoc) -> None:
    doc = make_doc("Serum sodium in marathon runners", "Sodium fell by 3 mmol/L on average.")
    assert grade(doc) is L.OTHER
    assert "no publication type" in grade_reason(doc)


def test_non_pubmed_sources_use_text_too(make_doc: MakeDoc) -> None:
    doc = make_doc(
        "Statins in the elderly: a systematic review", types=[], source_type=SourceType.JSONL
    )
    assert grade(doc) is L.SYSTEMATIC_REVIEW


def test_section_headings_count_as_abstract_text(make_doc: MakeDoc) -> None:
    doc = make_doc(
        "Pars defect in a teenage bowler",
        sections=[Section(heading="Case presentation", text="A bowler had back pain.")],
    )
    assert assess(doc) == Grade(L.CASE_SERIES, "the abstract says 'case presentation'")


def test_grade_and_reason_agree_with_assess(make_doc: MakeDoc) -> None:
    doc = make_doc("Diet and gout", types=["Review"])
    assert (grade(doc), grade_reason(doc)) == tuple(assess(doc))
