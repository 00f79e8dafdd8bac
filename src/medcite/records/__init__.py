"""Typed records passed between medcite's stages (no dicts cross a stage boundary)."""

from medcite.records.answers import (
    Answer,
    AnswerSection,
    ContentItem,
    Reference,
    Verification,
)
from medcite.records.documents import (
    BadRecord,
    Chunk,
    Deletion,
    Document,
    MeshHeading,
    ReaderEvent,
    Section,
    SourceType,
)
from medcite.records.evidence import LEVEL_ORDER, EvidenceLevel
from medcite.records.questions import Audience, Intent, PatientContext, QuestionAnalysis
from medcite.records.search import Hit, SearchFilters, SearchResult

__all__ = [
    "LEVEL_ORDER",
    "Answer",
    "AnswerSection",
    "Audience",
    "BadRecord",
    "Chunk",
    "ContentItem",
    "Deletion",
    "Document",
    "EvidenceLevel",
    "Hit",
    "Intent",
    "MeshHeading",
    "PatientContext",
    "QuestionAnalysis",
    "ReaderEvent",
    "Reference",
    "SearchFilters",
    "SearchResult",
    "Section",
    "SourceType",
    "Verification",
]
