"""``SynonymIndex``: the public face of the vocabulary index.

One instance wraps one SQLite connection. Every method takes the instance's lock, so a single
index (see ``get_index``) can be shared by all threads of a process.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from ._cache import OpenedIndex, build_in_memory, build_rows_for, default_cache_dir, open_or_build
from ._expand import Expander, Expansion
from ._records import LAY_KINDS, LabelKind
from ._sources import DEFAULT_SOURCES, VocabSource, survey
from ._store import ConceptView, VocabStore
from ._text import display_form, phrase_key, query_tokens

_CLINICAL_KINDS = frozenset(
    {LabelKind.NAME.value, LabelKind.EXACT.value, LabelKind.UK_SPELLING.value}
)
_LAY = frozenset(kind.value for kind in LAY_KINDS)


class SynonymIndex:
    """Medical synonyms from the vocabularies installed with medcite's ``vocab`` extra.

    Open one with :meth:`open` (cached on disk) or :meth:`in_memory`; most callers want the
    process-wide :func:`medcite.vocab.get_index`.
    """

    def __init__(self, opened: OpenedIndex) -> None:
        self._store = VocabStore(opened.conn)
        self._expander = Expander(self._store)
        self._lock = threading.Lock()
        self.path: Path | None = opened.path
        """The cache file, or None for an in-memory index."""
        self.fingerprint: str = opened.meta.get("fingerprint", "")
        """Hash of the builder version and the vocabulary packages' versions."""
        self.sources_found: tuple[str, ...] = _names(opened.meta.get("sources_found", ""))
        """Vocabularies in the index: a subset of hpo, icd10cm, drug, mesh, abbrev."""
        self.sources_missing: tuple[str, ...] = _names(opened.meta.get("sources_missing", ""))
        """Vocabularies skipped because their package is not installed or not readable."""

    @classmethod
    def open(
        cls,
        cache_dir: Path | str | None = None,
        *,
        sources: Sequence[VocabSource] | None = None,
        rebuild: bool = False,
    ) -> SynonymIndex:
        """Open the cached index in ``cache_dir`` (default: :func:`default_cache_dir`).

        The index is built first when the cache is missing, stale (a vocabulary package changed)
        or unreadable, or when ``rebuild`` is true. If the cache cannot be written, the index is
        built in memory and a ``VocabWarning`` says so.
        """
        found = survey(DEFAULT_SOURCES if sources is None else sources)
        folder = default_cache_dir() if cache_dir is None else Path(cache_dir).expanduser()
        return cls(open_or_build(found, folder, rebuild=rebuild))

    @classmethod
    def in_memory(cls, *, sources: Sequence[VocabSource] | None = None) -> SynonymIndex:
        """Build an index in memory only, touching no file."""
        rows, meta = build_rows_for(survey(DEFAULT_SOURCES if sources is None else sources))
        return cls(build_in_memory(rows, meta))

    def expand(self, query: str, max_terms: int = 12) -> list[Expansion]:
        """Synonyms to add to ``query``: other names of the concepts it mentions.

        The strongest term of each matched phrase comes first. Terms made only of words the
        query already has are never returned, nor are duplicates.
        """
        with self._lock:
            return self._expander.expand(query, max_terms)

    def expansion_terms(self, query: str, max_terms: int = 12) -> list[str]:
        """Just the terms of :meth:`expand`."""
        return [expansion.term for expansion in self.expand(query, max_terms)]

    def lay_terms(self, term: str) -> list[str]:
        """Plain-language names of a clinical term ("myocardial infarction" -> "heart attack")."""
        with self._lock:
            views = self._hpo_concepts(term)
        skip = phrase_key(term)
        found: dict[str, str] = {}
        for view in views:
            for kind in (LabelKind.LAY.value, LabelKind.LAY_RELATED.value):
                for label in view.labels:
                    if label.kind == kind and label.key != skip:
                        found.setdefault(label.key, display_form(label.text))
        return list(found.values())

    def definition(self, term: str) -> str | None:
        """The HPO definition of a term, its synonyms or its abbreviation, if it has one."""
        with self._lock:
            views = self._hpo_concepts(term)
            texts = self._store.definitions([view.id for view in views])
        return next((texts[view.id] for view in views if view.id in texts), None)

    def close(self) -> None:
        """Release the database connection."""
        with self._lock:
            self._store.close()

    def __enter__(self) -> SynonymIndex:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        where = str(self.path) if self.path else "memory"
        return f"SynonymIndex({where}, sources={list(self.sources_found)})"

    def _hpo_concepts(self, term: str) -> list[ConceptView]:
        """HPO concepts named ``term`` (clinical names first), or named by its abbreviation."""
        keys = [phrase_key(term)]
        written = [token.surface for token in query_tokens(term)]
        if len(written) == 1:
            keys.extend(phrase_key(meaning) for meaning in self._store.abbreviation(written[0]))
        for key in keys:
            rows = self._store.label_hits([key])
            views = self._store.concepts(r.concept for r in rows)
            rows = [r for r in rows if views[r.concept].source == "hpo"]
            rows.sort(key=lambda r: (r.kind not in _CLINICAL_KINDS, r.kind in _LAY, r.concept))
            if rows:
                return list({r.concept: views[r.concept] for r in rows}.values())
        return []


def _names(joined: str) -> tuple[str, ...]:
    return tuple(name for name in joined.split(",") if name)
