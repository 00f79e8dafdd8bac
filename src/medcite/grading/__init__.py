"""Evidence grading: a level for every document, and the weights retrieval ranks by.

``grade(doc)`` returns the document's :class:`~medcite.records.EvidenceLevel` and
``grade_reason(doc)`` a short explanation; ``assess(doc)`` gives both at once. Priority: a level
declared by the reader, a guideline source, a protocol title (OTHER), PubMed publication types,
MeSH design headings, then design cues in the title and abstract. ``level_weight`` and
``recency_weight`` are soft rerank signals in (0, 1].
"""

from __future__ import annotations

from medcite.grading.grader import Grade, assess, grade, grade_reason
from medcite.grading.weights import (
    LEVEL_WEIGHTS,
    RECENCY_FLOOR,
    RECENCY_HALF_LIFE_YEARS,
    UNKNOWN_YEAR_WEIGHT,
    level_weight,
    recency_weight,
)

__all__ = [
    "LEVEL_WEIGHTS",
    "RECENCY_FLOOR",
    "RECENCY_HALF_LIFE_YEARS",
    "UNKNOWN_YEAR_WEIGHT",
    "Grade",
    "assess",
    "grade",
    "grade_reason",
    "level_weight",
    "recency_weight",
]
