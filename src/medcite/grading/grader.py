"""Grade a document's evidence level from what the source declares, its indexing and its text.

Rules run in priority order and the first that applies decides; within a rule the strongest
level wins. Every grade carries a short reason, shown to users beside the reference.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from medcite.grading import indexing, text_cues
from medcite.records import Document, EvidenceLevel, SourceType


class Grade(NamedTuple):
    """An evidence level and why it was chosen."""

    level: EvidenceLevel
    reason: str


def assess(doc: Document) -> Grade:
    """Level and reason for ``doc`` (see :data:`RULES` for the order)."""
    for rule in RULES:
        found = rule(doc)
        if found is not None:
            return found
    return Grade(
        EvidenceLevel.OTHER, "no publication type, MeSH heading or text cue names a design"
    )


def grade(doc: Document) -> EvidenceLevel:
    """Evidence level of ``doc``."""
    return assess(doc).level


def grade_reason(doc: Document) -> str:
    """Short explanation of :func:`grade`'s answer for ``doc``."""
    return assess(doc).reason


def _declared(doc: Document) -> Grade | None:
    if doc.evidence_level is None:
        return None
    return Grade(doc.evidence_level, "level declared by the source")


def _guideline_source(doc: Document) -> Grade | None:
    # Guideline text cites trials and reviews everywhere; text cues would grade it as one.
    if doc.source_type is not SourceType.GUIDELINE:
        return None
    return Grade(EvidenceLevel.GUIDELINE, "read as a clinical guideline")


def _protocol(doc: Document) -> Grade | None:
    # Before indexing: older protocols were sometimes typed as the trial they describe.
    if not text_cues.is_protocol(doc.title):
        return None
    return Grade(EvidenceLevel.OTHER, "the title describes a study protocol (no results yet)")


def _publication_types(doc: Document) -> Grade | None:
    candidates = [_grade_type(t, doc) for t in doc.publication_types]
    best = _strongest([c for c in candidates if c is not None])
    if best is not None and best.level is EvidenceLevel.NARRATIVE_REVIEW:
        return _upgrade_review(best, doc) or best
    return best


def _grade_type(publication_type: str, doc: Document) -> Grade | None:
    found = indexing.levels_from_publication_types([publication_type])
    if found:
        return Grade(found[0].level, f"publication type '{publication_type}'")
    if not indexing.is_unspecified_trial(publication_type):
        return None
    randomised = text_cues.says_randomised(doc.title, _abstract(doc))
    if randomised is None:
        return Grade(
            EvidenceLevel.COHORT, f"publication type '{publication_type}' without randomisation"
        )
    return Grade(
        EvidenceLevel.RCT,
        f"publication type '{publication_type}' and the {randomised.where}"
        f" says '{randomised.phrase}'",
    )


def _upgrade_review(review: Grade, doc: Document) -> Grade | None:
    # NLM added the "Systematic Review" type in 2019; older systematic reviews are typed "Review".
    cue = text_cues.says_systematic_review(doc.title, _abstract(doc))
    if cue is None:
        return None
    return Grade(
        EvidenceLevel.SYSTEMATIC_REVIEW, f"{review.reason} and the {cue.where} says '{cue.phrase}'"
    )


def _mesh(doc: Document) -> Grade | None:
    best = indexing.strongest(indexing.levels_from_mesh(doc.mesh))
    if best is None:
        return None
    return Grade(best.level, f"MeSH heading '{best.term}'")


def _text(doc: Document) -> Grade | None:
    cue = text_cues.find_design_cue(doc.title, _abstract(doc))
    if cue is None:
        return None
    return Grade(cue.level, f"the {cue.where} says '{cue.phrase}'")


def _abstract(doc: Document) -> str:
    """Headings and text of the first sections, enough to cover an abstract.

    Headings count: "Case presentation" and Cochrane's "Search methods" name the design.
    """
    parts: list[str] = []
    size = 0
    for section in doc.sections:
        part = f"{section.heading}: {section.text}" if section.heading else section.text
        parts.append(part)
        size += len(part)
        if size >= text_cues.ABSTRACT_CHARS:
            break
    return "\n".join(parts)


def _strongest(grades: list[Grade]) -> Grade | None:
    # min() keeps the first of equals: the record's own order breaks ties.
    return min(grades, key=lambda g: g.level.rank) if grades else None


#: The rules in priority order; the first one that returns a grade decides.
RULES: tuple[Callable[[Document], Grade | None], ...] = (
    _declared,
    _guideline_source,
    _protocol,
    _publication_types,
    _mesh,
    _text,
)
