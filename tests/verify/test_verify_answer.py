"""verify_answer: supported claims stay, bad citations are removed, re-attributed or dropped."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from medcite.compose import (
    ComposeOptions,
    compose_extractive,
    iter_items,
    reference_from_hit,
    split_sentences,
)
from medcite.records import Answer, Audience, ContentItem, Hit, QuestionAnalysis
from medcite.verify import NO_VERIFIED_CLAIMS, Verdict, check_integrity, verify_answer

FABRICATED = "Spinal manipulation cures spondylolysis in 95% of patients within two weeks."
PARAPHRASE = "Conservative management for 3–6 months is recommended for spondylolysis."
COPIED = (
    "Spondylolysis is frequently misdiagnosed as mechanical back strain, which delays treatment."
)
RETRACTED_CLAIM = (
    "Immediate surgical fusion is recommended as the first-line treatment for all patients "
    "with spondylolysis, regardless of symptoms."
)


def _embedders() -> list[object]:
    embed = pytest.importorskip("medcite.embed")
    return [None, embed.HashEmbedder()]


@pytest.mark.parametrize("audience", list(Audience))
@pytest.mark.parametrize("use_embedder", [False, True])
def test_extractive_answers_verify_as_kept(
    hits: list[Hit],
    analyses: dict[str, QuestionAnalysis],
    audience: Audience,
    use_embedder: bool,
) -> None:
    embedder = _embedders()[1] if use_embedder else None
    for name in ("generic", "case"):
        answer = compose_extractive(
            analyses[name], hits, audience, options=ComposeOptions(reference_year=2025)
        )
        verified = verify_answer(answer, hits, embedder=embedder)  # type: ignore[arg-type]
        record = verified.verification
        assert record.checked > 20
        assert record.kept == record.checked
        assert (record.reattributed, record.dropped, record.removed_citations) == (0, 0, 0)
        assert record.notes == []
        assert verified.model_dump(exclude={"verification"}) == answer.model_dump(
            exclude={"verification"}
        )


@pytest.fixture
def tampered(answer: Answer, by_chunk: Callable[[str], Hit]) -> Answer:
    """The generic answer with four bad claims added to its first section."""
    bad = answer.model_copy(deep=True)
    n = len(bad.references)
    bad.references += [
        reference_from_hit(by_chunk("gout-c1"), n + 1),
        reference_from_hit(by_chunk("r1-c1"), n + 2),
    ]
    bad.sections[0].items += [
        ContentItem(text=COPIED, citations=[99]),
        ContentItem(text=PARAPHRASE, citations=[n + 1]),
        ContentItem(text=FABRICATED, citations=[1]),
        ContentItem(text=RETRACTED_CLAIM, citations=[n + 2]),
    ]
    return bad


def test_bad_citations_are_removed_reattributed_or_dropped(
    tampered: Answer, answer: Answer, hits: list[Hit]
) -> None:
    assert check_integrity(tampered)  # the tampered answer has problems to fix
    verified = verify_answer(tampered, hits)
    record = verified.verification
    claims = sum(len(split_sentences(item.text)) for item in iter_items(answer))
    assert record.checked == claims + 4
    assert record.kept == claims
    assert (record.reattributed, record.dropped, record.removed_citations) == (2, 2, 1)
    assert check_integrity(verified) == []
    notes = "\n".join(record.notes)
    assert "Removed citation [99]" in notes
    assert f"Dropped: '{FABRICATED}' — no passage supports it." in notes
    assert "the source is retracted" in notes
    assert any(w.startswith("Citation verification changed") for w in verified.warnings)

    refs = {ref.n: ref for ref in verified.references}
    assert not {r.id for r in verified.references} & {"guide:gout-2020", "pmid:39000011"}
    texts = {item.text: item.citations for item in verified.sections[0].items}
    assert FABRICATED not in texts and RETRACTED_CLAIM not in texts
    assert refs[texts[COPIED][0]].id == "pmid:37000010"
    assert refs[texts[PARAPHRASE][0]].id == "guide:spondylolysis-2021"


def test_references_are_renumbered_by_first_use_after_changes(
    tampered: Answer, hits: list[Hit]
) -> None:
    verified = verify_answer(tampered, hits)
    first_use: list[int] = []
    for item in iter_items(verified):
        first_use.extend(n for n in item.citations if n not in first_use)
    assert (
        first_use
        == [ref.n for ref in verified.references]
        == list(range(1, len(verified.references) + 1))
    )
    for ref in verified.references:
        assert ref.chunk_ids


def test_an_unsupporting_second_citation_is_removed(answer: Answer, hits: list[Hit]) -> None:
    bad = answer.model_copy(deep=True)
    first = bad.sections[0].items[0]
    other = next(r.n for r in bad.references if r.id == "pmid:31000001")
    first.citations = [*first.citations, other]
    verified = verify_answer(bad, hits)
    assert verified.sections[0].items[0].citations == answer.sections[0].items[0].citations
    assert any("does not support the claim" in note for note in verified.verification.notes)
    assert verified.verification.kept == verified.verification.checked


@pytest.mark.parametrize(
    "claim",
    [
        # A number the passage does not state.
        "Overall, 97% of patients treated conservatively returned to sport at a mean of 4.8 months",
        # The passage says the opposite.
        "Bracing significantly improved return-to-sport rates compared with activity restriction.",
    ],
)
def test_altered_numbers_and_flipped_negations_are_dropped(
    answer: Answer, hits: list[Hit], claim: str
) -> None:
    bad = answer.model_copy(deep=True)
    sr = next(r.n for r in bad.references if r.id == "pmid:31000001")
    bad.sections[0].items.append(ContentItem(text=claim, citations=[sr]))
    verified = verify_answer(bad, hits)
    assert verified.verification.dropped == 1
    assert claim not in verified.model_dump_json()


def test_claims_lose_their_source_when_it_is_not_in_the_evidence(
    answer: Answer, hits: list[Hit]
) -> None:
    without_guideline = [h for h in hits if h.doc_id != "guide:spondylolysis-2021"]
    verified = verify_answer(answer, without_guideline)
    assert "guide:spondylolysis-2021" not in {r.id for r in verified.references}
    assert verified.verification.dropped > 0
    assert check_integrity(verified) == []
    assert "bottom line was removed" in " ".join(verified.warnings)


class ScriptedJudge:
    """A fake entailment judge that answers the same verdict and records its calls."""

    def __init__(self, verdict: Verdict) -> None:
        self.verdict: Verdict = verdict
        self.calls: list[tuple[str, str]] = []

    def __call__(self, claim: str, passage: str) -> Verdict:
        self.calls.append((claim, passage))
        return self.verdict


def test_an_entailing_judge_keeps_supported_claims(answer: Answer, hits: list[Hit]) -> None:
    judge = ScriptedJudge("entails")
    verified = verify_answer(answer, hits, judge=judge)
    assert verified.verification.kept == verified.verification.checked
    # The judge is asked about cited passages only, not the whole pool.
    assert len(judge.calls) == verified.verification.checked


def test_a_contradicting_judge_removes_everything(answer: Answer, hits: list[Hit]) -> None:
    verified = verify_answer(answer, hits, judge=ScriptedJudge("contradicts"))
    assert verified.abstained
    assert verified.bottom_line.text == NO_VERIFIED_CLAIMS
    assert verified.references == [] and verified.sections == []
    assert verified.verification.dropped == verified.verification.checked
    assert check_integrity(verified) == []


def test_abstained_answers_pass_through(analyses: dict[str, QuestionAnalysis]) -> None:
    abstained = compose_extractive(analyses["generic"], [])
    verified = verify_answer(abstained, [])
    assert verified.verification.checked == 0
    assert verified.model_dump(exclude={"verification"}) == abstained.model_dump(
        exclude={"verification"}
    )


def test_verification_is_deterministic(tampered: Answer, hits: list[Hit]) -> None:
    assert verify_answer(tampered, hits) == verify_answer(tampered, list(hits))


LIST_PASSAGE = (
    "Consider a workup for secondary hypertension in these scenarios: resistant hypertension "
    "not controlled on three drugs including a diuretic; abrupt onset of hypertension; onset "
    "before age 30 without other risk factors."
)


def _list_answer(points: list[str]) -> tuple[Answer, list[Hit]]:
    from medcite.records import EvidenceLevel, Intent, SourceType

    hit = Hit(
        chunk_id="htn-c1",
        doc_id="guide:htn",
        title="Hypertension guideline",
        source_type=SourceType.GUIDELINE,
        text=LIST_PASSAGE,
        evidence_level=EvidenceLevel.GUIDELINE,
        evidence_label=EvidenceLevel.GUIDELINE.label,
        score=1.0,
    )
    lead = "Consider a workup for secondary hypertension in these scenarios:"
    item = ContentItem(text=lead, citations=[1], points=points)
    answer = Answer(
        question="When is secondary hypertension considered?",
        title="Secondary Hypertension",
        intent=Intent.DIAGNOSIS,
        bottom_line=ContentItem(text=""),
        sections=[{"heading": "Work-up", "items": [item]}],  # type: ignore[list-item]
        references=[reference_from_hit(hit, 1)],
        disclaimer="For education only.",
    )
    return answer, [hit]


def test_a_list_is_verified_with_its_lead_in_and_keeps_its_points() -> None:
    points = [
        "Resistant hypertension not controlled on three drugs including a diuretic",
        "Abrupt onset of hypertension",
        "Onset before age 30 without other risk factors",
    ]
    answer, hits = _list_answer(points)
    verified = verify_answer(answer, hits)
    item = verified.sections[0].items[0]
    assert item.points == points and item.citations == [1]
    assert verified.verification.dropped == 0


def test_a_list_whose_points_the_source_does_not_hold_is_dropped_whole() -> None:
    answer, hits = _list_answer(
        ["Every patient over 60 on any diuretic", "Patients who drink coffee daily and smoke"]
    )
    verified = verify_answer(answer, hits)
    assert verified.sections == []
    assert verified.verification.dropped == 1
