"""medcite: a self-hostable clinical evidence engine.

Build a library from the sources you trust, search it, and ask clinical questions whose every
claim carries a verified, numbered citation. See :mod:`medcite.api`.
"""

from medcite.answering import Answerer
from medcite.api import ask, ingest, open_library, search
from medcite.library.store import Library
from medcite.records import (
    Answer,
    Audience,
    Document,
    EvidenceLevel,
    Hit,
    Intent,
    QuestionAnalysis,
    SearchFilters,
    SearchResult,
)
from medcite.retrieval import Mode, Searcher

__version__ = "0.1.0"

__all__ = [
    "Answer",
    "Answerer",
    "Audience",
    "Document",
    "EvidenceLevel",
    "Hit",
    "Intent",
    "Library",
    "Mode",
    "QuestionAnalysis",
    "SearchFilters",
    "SearchResult",
    "Searcher",
    "ask",
    "ingest",
    "open_library",
    "search",
]
