"""Turn the installed vocabularies into the rows of the index file.

Building is a one-off cost (a few seconds) paid when the cache is missing or stale. Besides
copying labels, the builder makes three judgements that keep expansions precise:

- drug name variants that are also ordinary words ("more", "luminal", "generic") are never
  matched, only the drug's real names are;
- each abbreviation's meanings are ranked so that the one known to the clinical vocabularies
  (HPO, ICD-10-CM, MeSH) comes first: "PE" means pulmonary embolism before physical examination;
- HPO labels and definition heads become word bags for the bridging match (see ``_bags``).
"""

from __future__ import annotations

import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from ._bags import bag_of, definition_head
from ._records import KIND_WEIGHTS, Abbreviation, Concept, Label, LabelKind, SourceData
from ._sources import FoundSource
from ._store import BagRow, ConceptRow, IndexRows, LabelRow
from ._text import STOPWORDS, fold_tokens, phrase_key


class VocabWarning(UserWarning):
    """A vocabulary could not be used (unreadable data file, unwritable cache)."""


_MAX_LABEL_WORDS = 10
_MAX_MEANINGS = 4
_CLINICAL_SOURCES = ("hpo", "icd10cm", "mesh")
# A word in this many HPO definitions is ordinary language, not a drug's name.
_COMMON_WORD_DF = 3
_DRUG_ONLY_KINDS = frozenset({LabelKind.VARIANT, LabelKind.BRAND})
_BAG_KINDS = frozenset(
    {LabelKind.NAME, LabelKind.EXACT, LabelKind.UK_SPELLING, LabelKind.LAY, LabelKind.RELATED}
)


def load_sources(found: Sequence[FoundSource]) -> tuple[dict[str, SourceData], list[str]]:
    """Read every found source; one that fails to read is reported as missing, with a warning."""
    loaded: dict[str, SourceData] = {}
    failed: list[str] = []
    for item in found:
        try:
            loaded[item.source.name] = item.source.loader(item.path)
        except Exception as exc:  # a broken third-party data file must not break medcite
            warnings.warn(
                f"vocabulary {item.source.name!r} skipped: cannot read {item.path} ({exc!r}); "
                f"reinstall {item.source.distribution} to use it",
                VocabWarning,
                stacklevel=2,
            )
            failed.append(item.source.name)
    return loaded, failed


def build_rows(loaded: dict[str, SourceData]) -> IndexRows:
    """Rows of the index for the loaded sources."""
    common = _common_words(loaded.get("hpo"))
    concepts: list[ConceptRow] = []
    labels: list[LabelRow] = []
    bags: list[BagRow] = []
    for data in loaded.values():
        for concept in data.concepts:
            cid = len(concepts)
            rows = _label_rows(cid, concept, common)
            if len(rows) < 2:
                continue  # a concept with one name expands to nothing
            concepts.append(ConceptRow(cid, concept.source, concept.code, concept.definition))
            labels.extend(rows)
            if concept.source == "hpo":
                bags.extend(_bags(cid, concept, first_id=len(bags)))
    abbreviations = _rank_abbreviations(loaded)
    return IndexRows(concepts, labels, abbreviations, bags)


def _common_words(hpo: SourceData | None) -> frozenset[str]:
    if hpo is None:
        return STOPWORDS
    counts: Counter[str] = Counter()
    for concept in hpo.concepts:
        if concept.definition:
            counts.update(set(fold_tokens(concept.definition)))
    return STOPWORDS | {word for word, n in counts.items() if n >= _COMMON_WORD_DF}


def _label_rows(cid: int, concept: Concept, common: frozenset[str]) -> list[LabelRow]:
    rows: list[LabelRow] = []
    seen: set[str] = set()
    for label in concept.labels:
        key = phrase_key(label.text)
        words = key.split()
        if not key or key in seen or len(words) > _MAX_LABEL_WORDS:
            continue
        seen.add(key)
        weights = KIND_WEIGHTS[label.kind]
        match_w = weights.match if _matchable(label, words, common) else 0.0
        rows.append(
            LabelRow(cid, len(rows), label.text, key, label.kind.value, match_w, weights.output)
        )
    return rows


def _matchable(label: Label, words: list[str], common: frozenset[str]) -> bool:
    if len(words) != 1:
        return True
    word = words[0]
    if len(word) <= 2 or word in STOPWORDS:
        return False
    return not (label.kind in _DRUG_ONLY_KINDS and (len(word) <= 3 or word in common))


def _bags(cid: int, concept: Concept, first_id: int) -> list[BagRow]:
    found: list[tuple[str, ...]] = []
    texts = [label.text for label in concept.labels if label.kind in _BAG_KINDS]
    candidates = [bag_of(text) for text in texts]
    if concept.definition:
        candidates.append(definition_head(concept.definition))
    for bag in candidates:
        if bag is not None and bag not in found:
            found.append(bag)
    return [BagRow(first_id + i, cid, bag) for i, bag in enumerate(found)]


def _rank_abbreviations(loaded: dict[str, SourceData]) -> dict[str, tuple[str, ...]]:
    known = {name: _known_keys(data) for name, data in loaded.items()}
    merged: dict[str, list[str]] = defaultdict(list)
    for name in ("abbrev", "hpo"):  # the abbreviation list first: its order breaks ties
        for entry in _abbreviations(loaded.get(name)):
            merged[entry.abbr].extend(entry.meanings)
    ranked: dict[str, tuple[str, ...]] = {}
    for abbr, meanings in merged.items():
        distinct = _distinct(meanings)
        order = sorted(
            range(len(distinct)), key=lambda i: (-_clinical_score(distinct[i], known), i)
        )
        ranked[abbr] = tuple(distinct[i] for i in order[:_MAX_MEANINGS])
    return ranked


def _distinct(phrases: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    kept: list[str] = []
    for phrase in phrases:
        key = phrase_key(phrase)
        if key and key not in seen:
            seen.add(key)
            kept.append(phrase)
    return kept


def _abbreviations(data: SourceData | None) -> Iterable[Abbreviation]:
    return data.abbreviations if data is not None else ()


def _known_keys(data: SourceData) -> frozenset[str]:
    names = [label.text for concept in data.concepts for label in concept.labels]
    return frozenset(phrase_key(text) for text in (*names, *data.known_names))


def _clinical_score(meaning: str, known: dict[str, frozenset[str]]) -> int:
    key = phrase_key(meaning)
    return sum(key in known[name] for name in _CLINICAL_SOURCES if name in known)
