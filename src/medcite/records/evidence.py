"""Evidence levels: the hierarchy every document is graded into, with human labels."""

from __future__ import annotations

from enum import StrEnum


class EvidenceLevel(StrEnum):
    """Level of evidence of a source, strongest first in :data:`LEVEL_ORDER`."""

    GUIDELINE = "guideline"
    SYSTEMATIC_REVIEW = "systematic_review"
    RCT = "rct"
    COHORT = "cohort"
    CASE_SERIES = "case_series"
    NARRATIVE_REVIEW = "narrative_review"
    EXPERT_OPINION = "expert_opinion"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Human label shown beside a reference."""
        return _LABELS[self]

    @property
    def rank(self) -> int:
        """0 for the strongest level, growing as evidence weakens."""
        return LEVEL_ORDER.index(self)


LEVEL_ORDER: tuple[EvidenceLevel, ...] = (
    EvidenceLevel.GUIDELINE,
    EvidenceLevel.SYSTEMATIC_REVIEW,
    EvidenceLevel.RCT,
    EvidenceLevel.COHORT,
    EvidenceLevel.CASE_SERIES,
    EvidenceLevel.NARRATIVE_REVIEW,
    EvidenceLevel.EXPERT_OPINION,
    EvidenceLevel.OTHER,
)

_LABELS: dict[EvidenceLevel, str] = {
    EvidenceLevel.GUIDELINE: "Clinical practice guideline / consensus statement",
    EvidenceLevel.SYSTEMATIC_REVIEW: "Systematic review / meta-analysis",
    EvidenceLevel.RCT: "Randomized controlled trial",
    EvidenceLevel.COHORT: "Cohort / case-control study",
    EvidenceLevel.CASE_SERIES: "Case series / case report",
    EvidenceLevel.NARRATIVE_REVIEW: "Narrative review",
    EvidenceLevel.EXPERT_OPINION: "Expert opinion",
    EvidenceLevel.OTHER: "Other / unclassified",
}
