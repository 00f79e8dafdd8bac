"""Abstaining on thin evidence, refusing out-of-scope questions, and limited-evidence caveats."""

from __future__ import annotations

from collections.abc import Callable

from medcite.compose import compose_extractive, reference_from_hit
from medcite.compose.abstain import INSUFFICIENT, OUT_OF_SCOPE, limited_evidence_warnings
from medcite.records import Answer, Audience, Hit, QuestionAnalysis
from medcite.verify import check_integrity

Compose = Callable[..., Answer]


def _assert_abstained(answer: Answer, analysis: QuestionAnalysis) -> None:
    assert answer.abstained
    assert answer.bottom_line.text == INSUFFICIENT
    assert answer.references == [] and answer.sections == []
    assert answer.searched == analysis.search_queries
    assert any("medcite ingest PATH" in w and "pars defect" in w for w in answer.warnings)
    assert check_integrity(answer) == []


def test_no_hits_abstains_and_says_what_was_searched(
    compose: Compose, analyses: dict[str, QuestionAnalysis]
) -> None:
    _assert_abstained(compose("generic", library=[]), analyses["generic"])


def test_only_unrelated_hits_abstains(
    compose: Compose, hits: list[Hit], analyses: dict[str, QuestionAnalysis]
) -> None:
    unrelated = [h for h in hits if h.chunk_id.startswith(("gout", "asthma"))]
    _assert_abstained(compose("generic", library=unrelated), analyses["generic"])


def test_only_retracted_evidence_abstains(
    compose: Compose, hits: list[Hit], analyses: dict[str, QuestionAnalysis]
) -> None:
    _assert_abstained(
        compose("generic", library=[h for h in hits if h.retracted]), analyses["generic"]
    )


def test_a_single_relevant_sentence_is_not_enough(
    compose: Compose, hits: list[Hit], analyses: dict[str, QuestionAnalysis]
) -> None:
    one = next(h for h in hits if h.chunk_id == "nr2-c1")
    single = one.model_copy(update={"text": one.text.split(". ")[0] + "."})
    answer = compose("generic", library=[single])
    _assert_abstained(answer, analyses["generic"])
    assert any("Only 1 relevant sentence" in w for w in answer.warnings)


def test_old_case_report_answers_with_a_limited_evidence_warning(
    compose: Compose, hits: list[Hit]
) -> None:
    old = [h for h in hits if h.year == 1978]
    answer = compose("generic", library=old)
    assert not answer.abstained
    assert [r.year for r in answer.references] == [1978]
    limited = [w for w in answer.warnings if w.startswith("Evidence is limited")]
    assert any("case reports" in w for w in limited)
    assert any("1978" in w for w in limited)


def test_out_of_scope_question_is_refused_politely(
    compose: Compose, analyses: dict[str, QuestionAnalysis]
) -> None:
    answer = compose("off_topic")
    assert answer.abstained
    assert answer.bottom_line.text == OUT_OF_SCOPE
    assert answer.references == [] and answer.searched == [] and answer.follow_ups == []
    assert any("cooking" in w for w in answer.warnings)
    assert answer.title == analyses["off_topic"].title


def test_abstention_keeps_the_urgent_notice(
    analyses: dict[str, QuestionAnalysis],
) -> None:
    answer = compose_extractive(analyses["red_flags"], [], Audience.PATIENT)
    assert answer.abstained
    assert answer.urgent_notice and answer.urgent_notice.startswith("Seek emergency care")


def test_limited_evidence_warnings(hits: list[Hit]) -> None:
    strong = [reference_from_hit(h, n) for n, h in enumerate(hits[:4], start=1)]
    assert limited_evidence_warnings(strong, 2025, 15) == []
    assert limited_evidence_warnings([], 2025, 15) == []
    single = limited_evidence_warnings(strong[:1], 2025, 15)
    assert single == ["Evidence is limited: the answer rests on a single source."]
