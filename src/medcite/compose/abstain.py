"""Saying so when the evidence is thin: abstaining (with what was searched and what to ingest),
refusing out-of-scope questions politely, and warning when an answer rests on weak or old sources.
"""

from __future__ import annotations

from collections.abc import Sequence

from medcite.compose.disclaimer import disclaimer_for, urgent_notice
from medcite.records import (
    Answer,
    Audience,
    ContentItem,
    EvidenceLevel,
    QuestionAnalysis,
    Reference,
)

INSUFFICIENT = (
    "The evidence in your library is insufficient to answer this question reliably, so no "
    "summary was composed."
)
OUT_OF_SCOPE = (
    "medcite answers clinical and medical-evidence questions; this question appears to be "
    "outside that scope, so no answer was composed."
)
_WEAK_LEVELS = frozenset(
    {EvidenceLevel.CASE_SERIES, EvidenceLevel.EXPERT_OPINION, EvidenceLevel.OTHER}
)


def ingest_suggestion(topic: str) -> str:
    """How to add evidence about the topic to the library (the fix for an abstention)."""
    subject = topic.strip() or "this topic"
    return (
        f"Ingest guidelines or PubMed records about {subject}: "
        f"medcite ingest PATH or medcite pubmed search '{subject}'"
    )


def _base(analysis: QuestionAnalysis, audience: Audience, text: str) -> Answer:
    return Answer(
        question=analysis.question,
        title=analysis.title,
        intent=analysis.intent,
        audience=audience,
        context=analysis.context,
        urgent_notice=urgent_notice(analysis.red_flags),
        bottom_line=ContentItem(text=text),
        disclaimer=disclaimer_for(audience),
        abstained=True,
        composer="extractive",
    )


def insufficient(analysis: QuestionAnalysis, audience: Audience, reason: str) -> Answer:
    """An abstained answer: what was searched, why it was not enough, and what to ingest."""
    answer = _base(analysis, audience, INSUFFICIENT)
    answer.searched = list(analysis.search_queries) or [analysis.question]
    answer.warnings = [reason, ingest_suggestion(analysis.topic)]
    return answer


def refusal(analysis: QuestionAnalysis, audience: Audience) -> Answer:
    """A polite refusal of a non-clinical question; no evidence is searched or cited."""
    answer = _base(analysis, audience, OUT_OF_SCOPE)
    reason = analysis.scope_reason or "the question does not look like a clinical question"
    answer.warnings = [
        f"Out of scope: {reason}.".replace("..", "."),
        "Ask a clinical question, e.g. 'What is the first-line treatment for gout?'",
    ]
    return answer


def limited_evidence_warnings(
    references: Sequence[Reference], reference_year: int, old_after_years: int
) -> list[str]:
    """Caveats for an answer that rests on weak, old or single-source evidence."""
    if not references:
        return []
    warnings: list[str] = []
    if all(ref.evidence_level in _WEAK_LEVELS for ref in references):
        warnings.append(
            "Evidence is limited: only case reports/series, expert opinion or unclassified "
            "sources were found; treat this summary with caution."
        )
    years = [ref.year for ref in references if ref.year is not None]
    if years and reference_year - max(years) > old_after_years:
        warnings.append(
            f"Evidence is limited: the newest cited source is from {max(years)}; current "
            "practice may differ."
        )
    if len(references) == 1:
        warnings.append("Evidence is limited: the answer rests on a single source.")
    return warnings
