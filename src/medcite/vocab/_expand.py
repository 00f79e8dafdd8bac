"""Query expansion: find vocabulary phrases in a query and offer their other names.

The matcher looks at every n-gram of the query. Longer phrases win over the phrases inside them
("heart attack" over "heart"), but a phrase that yields nothing new does not block the shorter
phrases inside it. Three kinds of match are tried, most precise first:

1. an abbreviation as written ("MI", never "mi" or "Mi"), through the ranked abbreviation table;
2. an exact label ("heart attack", "tylenol", "high blood pressure"), after folding;
3. a word bag ("pars defect" inside the head of Spondylolysis' definition), only for phrases of
   2-4 content words that nothing else matched, and only when few concepts qualify.

An offered term is dropped when all its words are already in the query (it would add nothing to
a bag-of-words search) or when it holds every word of the phrase it came from plus more (a
narrower concept: "type 2 diabetes mellitus" is not a synonym of "diabetes").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, NamedTuple

from ._store import ConceptView, LabelRow, VocabStore
from ._text import (
    STOPWORDS,
    QueryToken,
    display_form,
    is_stopword_phrase,
    looks_like_abbreviation,
    query_tokens,
)


class Expansion(NamedTuple):
    """A term to add to a query.

    ``term``: the phrase to add, lower case except acronyms ("myocardial infarction", "COPD").
    ``matched``: the query text it came from, as written ("heart attack", "MI").
    ``source``: the vocabulary: "hpo", "icd10cm", "mesh", "drug" or "abbrev".
    ``weight``: confidence in 0-1; 1 for a vocabulary's preferred name matched exactly, about 0.5
    for related or lay names, less for the second meaning of an abbreviation or a word-bag bridge.
    """

    term: str
    matched: str
    source: str
    weight: float


MAX_NGRAM = 8  # longer than any useful label after the builder's 10-word cut
_MAX_TERM_WORDS = 6  # longer titles are narrower codes ("... without urinary tract symptoms")
_PER_SPAN = 5  # one phrase's long synonym list must not flood a BM25 OR-query
_CONCEPTS_PER_SPAN = 4
_CONCEPTS_PER_SOURCE = 2  # a phrase in many ICD codes is a generic word there, not a synonym
_SOURCE_WEIGHT = {"hpo": 1.0, "drug": 1.0, "icd10cm": 0.9, "mesh": 0.9}
_SOURCE_ORDER = {"hpo": 0, "drug": 1, "icd10cm": 2, "mesh": 3}
_ABBREV_WEIGHTS = (0.9, 0.6)  # first and second meaning
_MAX_ABBREV = 2  # terms per abbreviation, meanings first, then synonyms of the top meaning
_CHAIN_FACTOR = 0.8  # synonyms reached through an abbreviation's meaning
# Word-bag bridging: 2-4 content words, all inside a bag that they cover at least half of, with
# at most two concepts holding them all, and at least one word rarer than 300 bags.
_BRIDGE_WORDS = (2, 4)
_BRIDGE_BASE = 0.6
_BRIDGE_MIN_COVERAGE = 0.5
_BRIDGE_MAX_CONCEPTS = 2
_BRIDGE_MAX_POSTING = 300


_How = Literal["abbreviation", "exact", "bridge"]


class _Candidate(NamedTuple):
    term: str
    key: str
    source: str
    weight: float


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(slots=True)
class _Query:
    text: str
    tokens: list[QueryToken]
    words: frozenset[str]
    shouting: bool

    @classmethod
    def parse(cls, text: str) -> _Query:
        tokens = query_tokens(text)
        letters = [ch for tok in tokens for ch in tok.surface if ch.isalpha()]
        shouting = len(tokens) > 2 and all(ch.isupper() for ch in letters)
        return cls(text, tokens, frozenset(t.folded for t in tokens), shouting)

    def key(self, span: _Span) -> str:
        return " ".join(t.folded for t in self.tokens[span.start : span.end])

    def matched(self, span: _Span) -> str:
        return self.text[self.tokens[span.start].start : self.tokens[span.end - 1].end]

    def adds_something(self, key: str, *sources: frozenset[str]) -> bool:
        """False for a term made of query words, or narrower than a phrase it came from."""
        words = frozenset(key.split())
        if words <= self.words:
            return False
        return not any(source and source < words for source in sources)


class Expander:
    """Expands queries against one index store. Not thread-safe: the caller holds a lock."""

    def __init__(self, store: VocabStore) -> None:
        self._store = store

    def expand(self, text: str, max_terms: int) -> list[Expansion]:
        """Expansions of ``text``, at most ``max_terms``, the best of each phrase first."""
        query = _Query.parse(text)
        if max_terms <= 0 or not query.tokens:
            return []
        hits = self._exact_hits(query)
        chosen: list[tuple[_Span, list[_Candidate]]] = []
        taken = [False] * len(query.tokens)
        for span, how in self._plan(query, hits):
            if any(taken[span.start : span.end]):
                continue
            found = self._find(query, span, how, hits.get(span, []))
            if found:
                chosen.append((span, found))
                taken[span.start : span.end] = [True] * len(span)
        chosen.sort(key=lambda item: item[0].start)
        return _merge(query, chosen, max_terms)

    def _plan(
        self, query: _Query, hits: dict[_Span, list[LabelRow]]
    ) -> Iterator[tuple[_Span, _How]]:
        """Spans in the order they are tried, longest first, each with how to match it."""
        abbreviations = {s for s in _single_spans(query) if self._is_abbreviation(query, s)}
        for span in sorted(set(hits) | abbreviations, key=lambda s: (-len(s), s.start)):
            yield span, "abbreviation" if span in abbreviations else "exact"
        for span in _bridge_spans(query):
            if span not in hits:  # a phrase that names a concept is not reinterpreted
                yield span, "bridge"

    def _find(
        self, query: _Query, span: _Span, how: _How, rows: list[LabelRow]
    ) -> list[_Candidate]:
        if how == "bridge":
            return self._bridge(query, span)
        if how == "abbreviation":
            found = self._abbreviation(query, span)
            if found:
                return found
        return self._from_hits(query, rows, (frozenset(query.key(span).split()),), 1.0)

    def _exact_hits(self, query: _Query) -> dict[_Span, list[LabelRow]]:
        by_key: dict[str, list[_Span]] = {}
        for span in _ngram_spans(query):
            by_key.setdefault(query.key(span), []).append(span)
        hits: dict[_Span, list[LabelRow]] = {}
        for row in self._store.label_hits(by_key):
            for span in by_key[row.key]:
                hits.setdefault(span, []).append(row)
        return hits

    def _is_abbreviation(self, query: _Query, span: _Span) -> bool:
        surface = query.tokens[span.start].surface
        return looks_like_abbreviation(surface, shouting=query.shouting) and bool(
            self._store.abbreviation(surface)
        )

    def _abbreviation(self, query: _Query, span: _Span) -> list[_Candidate]:
        surface = query.tokens[span.start].surface
        meanings = self._store.abbreviation(surface)[:_MAX_ABBREV]
        found: list[_Candidate] = []
        for meaning, weight in zip(meanings, _ABBREV_WEIGHTS, strict=False):
            key = " ".join(t.folded for t in query_tokens(meaning))
            if key and query.adds_something(key):
                found.append(_Candidate(display_form(meaning), key, "abbrev", weight))
        if found and len(found) < _MAX_ABBREV:
            top = found[0]
            rows = self._store.label_hits([top.key])
            written = frozenset(query.key(span).split())
            chained = self._from_hits(
                query, rows, (frozenset(top.key.split()), written), _CHAIN_FACTOR
            )
            found.extend(c for c in chained if c.key != top.key)
        return found[:_MAX_ABBREV]

    def _from_hits(
        self,
        query: _Query,
        rows: list[LabelRow],
        phrases: tuple[frozenset[str], ...],
        factor: float,
    ) -> list[_Candidate]:
        concepts = self._store.concepts(row.concept for row in rows)
        found: list[_Candidate] = []
        for row, view in _pick_concepts(rows, concepts):
            base = factor * row.match_w * _SOURCE_WEIGHT.get(view.source, 0.8)
            found.extend(_offered(query, view, base, phrases, skip=row.key))
        return _best(found)

    def _bridge(self, query: _Query, span: _Span) -> list[_Candidate]:
        words = frozenset(query.key(span).split())
        counts = self._store.bag_counts(words)
        rarest = min(sorted(counts), key=counts.__getitem__)
        if not 0 < counts[rarest] <= _BRIDGE_MAX_POSTING:
            return []  # some word is in no bag, or every word is too common to be telling
        coverage: dict[int, float] = {}
        for bag in self._store.bags_with(rarest, _BRIDGE_MAX_POSTING):
            if words <= set(bag.tokens):
                share = len(words) / len(bag.tokens)
                coverage[bag.concept] = max(share, coverage.get(bag.concept, 0.0))
        kept = {cid: c for cid, c in coverage.items() if c >= _BRIDGE_MIN_COVERAGE}
        if not kept or len(coverage) > _BRIDGE_MAX_CONCEPTS:
            return []
        views = self._store.concepts(kept)
        found: list[_Candidate] = []
        for cid, share in sorted(kept.items(), key=lambda item: -item[1]):
            weight = _BRIDGE_BASE * (1 + share) / 2  # weaker than any exact match
            found.extend(_offered(query, views[cid], weight, (words,), skip=""))
        return _best(found)


def _ngram_spans(query: _Query) -> Iterator[_Span]:
    n = len(query.tokens)
    for start in range(n):
        for end in range(start + 1, min(n, start + MAX_NGRAM) + 1):
            span = _Span(start, end)
            words = tuple(t.folded for t in query.tokens[start:end])
            if is_stopword_phrase(words) or (len(words) == 1 and len(words[0]) <= 2):
                continue
            yield span


def _single_spans(query: _Query) -> Iterator[_Span]:
    return (_Span(i, i + 1) for i in range(len(query.tokens)))


def _bridge_spans(query: _Query) -> Iterator[_Span]:
    low, high = _BRIDGE_WORDS
    n = len(query.tokens)
    spans = [
        _Span(start, start + size)
        for size in range(high, low - 1, -1)
        for start in range(n - size + 1)
    ]
    for span in spans:
        words = [t.folded for t in query.tokens[span.start : span.end]]
        if all(w not in STOPWORDS and w.isalpha() and len(w) > 2 for w in words):
            yield span


def _pick_concepts(
    rows: list[LabelRow], concepts: dict[int, ConceptView]
) -> list[tuple[LabelRow, ConceptView]]:
    """The best-matching concepts: strongest match first, few per source, one row per concept."""
    ranked = sorted(
        (row for row in rows if row.concept in concepts),
        key=lambda r: (-r.match_w, _SOURCE_ORDER.get(concepts[r.concept].source, 9), r.concept),
    )
    picked: list[tuple[LabelRow, ConceptView]] = []
    per_source: dict[str, int] = {}
    seen: set[int] = set()
    for row in ranked:
        view = concepts[row.concept]
        if row.concept in seen or per_source.get(view.source, 0) >= _CONCEPTS_PER_SOURCE:
            continue
        seen.add(row.concept)
        per_source[view.source] = per_source.get(view.source, 0) + 1
        picked.append((row, view))
        if len(picked) == _CONCEPTS_PER_SPAN:
            break
    return picked


def _offered(
    query: _Query,
    view: ConceptView,
    base: float,
    phrases: tuple[frozenset[str], ...],
    skip: str,
) -> Iterator[_Candidate]:
    for label in view.labels:
        if label.out_w <= 0 or label.key == skip or label.key.count(" ") >= _MAX_TERM_WORDS:
            continue  # long titles are narrower codes, not other names
        if not query.adds_something(label.key, *phrases):
            continue
        term = display_form(label.text)
        yield _Candidate(term, label.key, view.source, round(base * label.out_w, 3))


def _best(found: list[_Candidate]) -> list[_Candidate]:
    """Strongest first, one per key, at most _PER_SPAN."""
    kept: dict[str, _Candidate] = {}
    for cand in sorted(found, key=lambda c: -c.weight):
        kept.setdefault(cand.key, cand)
    return list(kept.values())[:_PER_SPAN]


def _merge(
    query: _Query, chosen: list[tuple[_Span, list[_Candidate]]], max_terms: int
) -> list[Expansion]:
    """Round-robin over phrases so one phrase's long synonym list cannot crowd out the others."""
    out: list[Expansion] = []
    seen: set[str] = set()
    depth = max((len(found) for _, found in chosen), default=0)
    for rank in range(depth):
        for span, found in chosen:
            if rank >= len(found) or found[rank].key in seen:
                continue
            cand = found[rank]
            seen.add(cand.key)
            out.append(Expansion(cand.term, query.matched(span), cand.source, cand.weight))
            if len(out) == max_terms:
                return out
    return out
