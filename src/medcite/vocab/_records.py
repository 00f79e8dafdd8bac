"""What a vocabulary loader hands to the index builder: concepts, their labels, abbreviations.

Each label carries a kind. The kind decides whether a query may match the label (``match_weight``)
and whether, and how strongly, the label is offered as an expansion (``output_weight``). A weight
of 0 switches that role off: a BROAD synonym is never used, a NARROW one may be matched (expanding
to the broader concept is safe) but is never offered, and an abbreviation is offered but only
matched through the case-sensitive abbreviation table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple


class LabelKind(StrEnum):
    """The role a label plays inside its concept."""

    NAME = "name"
    EXACT = "exact"
    UK_SPELLING = "uk"
    LAY = "lay"
    LAY_RELATED = "lay_related"
    RELATED = "related"
    NARROW = "narrow"
    ABBREVIATION = "abbr"
    INCLUSION = "inclusion"
    INCLUDED = "included"
    INVERTED = "inverted"
    INTERNATIONAL = "intl"
    BRAND = "brand"
    VARIANT = "variant"


class KindWeights(NamedTuple):
    """How strongly a label of one kind matches a query, and how strongly it is offered."""

    match: float
    output: float


KIND_WEIGHTS: dict[LabelKind, KindWeights] = {
    LabelKind.NAME: KindWeights(1.0, 1.0),
    LabelKind.EXACT: KindWeights(1.0, 0.9),
    LabelKind.UK_SPELLING: KindWeights(1.0, 0.8),
    LabelKind.LAY: KindWeights(1.0, 0.75),
    LabelKind.LAY_RELATED: KindWeights(0.8, 0.5),
    LabelKind.RELATED: KindWeights(0.7, 0.5),
    LabelKind.NARROW: KindWeights(0.7, 0.0),
    LabelKind.ABBREVIATION: KindWeights(0.0, 0.6),
    LabelKind.INCLUSION: KindWeights(0.9, 0.8),
    LabelKind.INCLUDED: KindWeights(0.9, 0.0),
    LabelKind.INVERTED: KindWeights(1.0, 0.9),
    LabelKind.INTERNATIONAL: KindWeights(1.0, 0.9),
    LabelKind.BRAND: KindWeights(1.0, 0.0),
    LabelKind.VARIANT: KindWeights(0.9, 0.0),
}

LAY_KINDS: frozenset[LabelKind] = frozenset({LabelKind.LAY, LabelKind.LAY_RELATED})


@dataclass(frozen=True, slots=True)
class Label:
    """One name of a concept, as the vocabulary writes it (already cleaned)."""

    text: str
    kind: LabelKind


@dataclass(frozen=True, slots=True)
class Concept:
    """A concept of one vocabulary: an HPO term, an ICD-10-CM code, a drug, a MeSH heading."""

    source: str
    code: str
    labels: tuple[Label, ...]
    definition: str | None = None


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """An abbreviation as written (case matters: "MI", "aPTT") and its meanings, best first."""

    abbr: str
    meanings: tuple[str, ...]


@dataclass(slots=True)
class SourceData:
    """Everything one vocabulary contributes to the index.

    ``known_names`` are names the vocabulary recognises even when they expand to nothing (a MeSH
    heading with no synonym); they make an abbreviation's clinical meaning win over the others.
    """

    concepts: list[Concept] = field(default_factory=list)
    abbreviations: list[Abbreviation] = field(default_factory=list)
    known_names: list[str] = field(default_factory=list)
