"""Evidence levels from NLM indexing: PubMed publication types and MeSH design headings.

Indexers assign these from the full article, so when present they beat anything read from the
text. Names are compared case-insensitively because readers for other sources pass declared
types through as given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from medcite.records import EvidenceLevel, MeshHeading

_L = EvidenceLevel

PUBLICATION_TYPE_LEVELS: dict[str, EvidenceLevel] = {
    "practice guideline": _L.GUIDELINE,
    "guideline": _L.GUIDELINE,
    "consensus development conference": _L.GUIDELINE,
    "consensus development conference, nih": _L.GUIDELINE,
    "systematic review": _L.SYSTEMATIC_REVIEW,
    "meta-analysis": _L.SYSTEMATIC_REVIEW,
    "network meta-analysis": _L.SYSTEMATIC_REVIEW,
    "randomized controlled trial": _L.RCT,
    "randomized controlled trial, veterinary": _L.RCT,
    "equivalence trial": _L.RCT,
    "pragmatic clinical trial": _L.RCT,
    "clinical trial, phase iii": _L.RCT,
    "clinical trial, phase iv": _L.RCT,
    "observational study": _L.COHORT,
    "observational study, veterinary": _L.COHORT,
    "comparative study": _L.COHORT,
    "multicenter study": _L.COHORT,
    "validation study": _L.COHORT,
    "twin study": _L.COHORT,
    "case reports": _L.CASE_SERIES,
    "review": _L.NARRATIVE_REVIEW,
    # A scoping review maps a field without appraising it: closer to a narrative review.
    "scoping review": _L.NARRATIVE_REVIEW,
    "editorial": _L.EXPERT_OPINION,
    "comment": _L.EXPERT_OPINION,
    "letter": _L.EXPERT_OPINION,
    "expert opinion": _L.EXPERT_OPINION,
    # Notices and protocols report no results; mapping them stops text cues from grading an
    # erratum of a trial as the trial.
    "clinical trial protocol": _L.OTHER,
    "published erratum": _L.OTHER,
    "retraction of publication": _L.OTHER,
    "expression of concern": _L.OTHER,
}

# "Clinical Trial", phases I/II, "Controlled Clinical Trial", "Adaptive Clinical Trial": trials
# that may or may not be randomised; the text decides between RCT and COHORT.
_UNSPECIFIED_TRIALS = frozenset({"controlled clinical trial", "adaptive clinical trial"})

MESH_DESIGN_LEVELS: dict[str, EvidenceLevel] = {
    "cohort studies": _L.COHORT,
    "case-control studies": _L.COHORT,
    "prospective studies": _L.COHORT,
    "retrospective studies": _L.COHORT,
    "longitudinal studies": _L.COHORT,
    "follow-up studies": _L.COHORT,
    # The hierarchy has a single observational level, so cross-sectional designs share it.
    "cross-sectional studies": _L.COHORT,
}
# Not mapped on purpose: "... as Topic" headings ("Randomized Controlled Trials as Topic",
# "Meta-Analysis as Topic") mean the article is *about* a design, not that it is one.


@dataclass(frozen=True)
class IndexedLevel:
    """A level read from one indexing term."""

    level: EvidenceLevel
    term: str


def is_unspecified_trial(publication_type: str) -> bool:
    """True for trial types that do not say whether the trial was randomised."""
    name = _normalise(publication_type)
    if name in PUBLICATION_TYPE_LEVELS:
        return False
    return name in _UNSPECIFIED_TRIALS or name.startswith("clinical trial")


def levels_from_publication_types(types: Iterable[str]) -> list[IndexedLevel]:
    """Levels of the mapped publication types, in the record's order."""
    return [
        IndexedLevel(PUBLICATION_TYPE_LEVELS[_normalise(t)], t)
        for t in types
        if _normalise(t) in PUBLICATION_TYPE_LEVELS
    ]


def levels_from_mesh(headings: Iterable[MeshHeading]) -> list[IndexedLevel]:
    """Levels of MeSH study-design headings, in the record's order."""
    return [
        IndexedLevel(MESH_DESIGN_LEVELS[_normalise(h.descriptor)], h.descriptor)
        for h in headings
        if _normalise(h.descriptor) in MESH_DESIGN_LEVELS
    ]


def strongest(found: list[IndexedLevel]) -> IndexedLevel | None:
    """The strongest level; the record's first term among equals, for stable reasons."""
    return min(found, key=lambda f: f.level.rank) if found else None


def _normalise(term: str) -> str:
    return " ".join(term.lower().split())
