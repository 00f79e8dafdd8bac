"""Support of one claim by one passage: overlap, exact numbers, negation, embeddings, judge."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from medcite.compose.glossary import simplify
from medcite.records import Hit
from medcite.verify import SupportChecker, Verdict, VerifyThresholds

CHECKER = SupportChecker(VerifyThresholds())
BRACE = (
    "A rigid or soft lumbar brace may be added for 6–12 weeks in patients with acute defects "
    "or persistent pain."
)
CARE = (
    "Conservative care comprises activity modification with restriction from sport, a structured "
    "physiotherapy programme focused on core stabilisation, and analgesia with NSAIDs as needed."
)
NOT_NEGATED = (
    "Bracing significantly improved return-to-sport rates compared with activity restriction alone."
)


@pytest.fixture
def guideline(by_chunk: Callable[[str], Hit]) -> Hit:
    return by_chunk("g1-c1")


def test_a_copied_sentence_is_fully_supported(guideline: Hit) -> None:
    claim = BRACE
    support = CHECKER.confirm(claim, guideline)
    assert support.supported and support.score == 1.0 and support.chunk_id == "g1-c1"


def test_a_plain_language_rewrite_is_supported(guideline: Hit) -> None:
    claim = simplify(
        "Conservative management is recommended as the initial treatment for symptomatic "
        "spondylolysis and should be continued for at least 3–6 months before surgery is "
        "considered."
    )
    assert "treatment without surgery" in claim.lower()
    assert CHECKER.confirm(claim, guideline).supported


def test_a_student_evidence_label_is_ignored(guideline: Hit) -> None:
    claim = CARE + " (Evidence: guideline)"
    assert CHECKER.confirm(claim, guideline).supported


def test_a_number_missing_from_the_passage_fails(guideline: Hit) -> None:
    claim = "Conservative management should continue for 9–12 months."
    support = CHECKER.screen(claim, guideline)
    assert not support.supported
    assert support.reason.startswith("numbers not in the passage: ")
    assert "9" in support.reason


def test_negation_must_agree(by_chunk: Callable[[str], Hit]) -> None:
    passage = by_chunk("sr1-c2")
    claim = NOT_NEGATED
    support = CHECKER.screen(claim, passage)
    assert not support.supported and support.reason == "negation differs"


def test_a_claim_about_something_else_fails(by_chunk: Callable[[str], Hit]) -> None:
    gout = by_chunk("gout-c1")
    assert not CHECKER.screen(
        "Bracing is recommended for spondylolysis in athletes.", gout
    ).supported


def test_claims_stitched_from_distant_sentences_fail(guideline: Hit) -> None:
    stitched = "Conservative care comprises bracing for symptomatic spondylolysis and surgery."
    assert CHECKER.screen(stitched, guideline).score < 1.0


def test_embedding_blends_into_the_score(guideline: Hit) -> None:
    embed = pytest.importorskip("medcite.embed")
    checker = SupportChecker(VerifyThresholds(), embedder=embed.HashEmbedder())
    claim = CARE
    support = checker.screen(claim, guideline)
    assert support.supported and support.score == pytest.approx(1.0, abs=1e-5)


def test_the_judge_decides_after_the_screen(guideline: Hit) -> None:
    calls: list[str] = []

    def neutral(claim: str, passage: str) -> Verdict:
        calls.append(claim)
        return "neutral"

    checker = SupportChecker(VerifyThresholds(), judge=neutral)
    claim = BRACE
    result = checker.confirm(claim, guideline)
    assert not result.supported and result.reason == "judge: neutral"
    assert (
        checker.confirm("Gout flares respond to colchicine.", guideline).reason != "judge: neutral"
    )
    assert calls == [claim]
