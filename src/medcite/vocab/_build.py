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


class _Keys(dict[str, str]):
    """Memoised ``phrase_key``: most label texts are folded more than once during a build."""

    def __missing__(self, text: str) -> str:
        key = phrase_key(text)
        self[text] = key
        return key


def build_rows(loaded: dict[str, SourceData]) -> IndexRows:
    """Rows of the index for the loaded sources."""
    keys = _Keys()
    common = _common_words(loaded.get("hpo"))
    concepts: list[ConceptRow] = []
    labels: list[LabelRow] = []
    bags: list[BagRow] = []
    for data in loaded.values():
        for concept in data.concepts:
            cid = len(concepts)
            rows = _label_rows(cid, concept, common, keys)
            if len(rows) < 2 and concept.source != "hpo":
                continue  # one name expands to nothing; HPO terms stay for bags and definitions
            concepts.append(ConceptRow(cid, concept.source, concept.code, concept.definition))
            labels.extend(rows)
            if concept.source == "hpo":
                bags.extend(_bags(cid, concept, first_id=len(bags)))
    abbreviations = _rank_abbreviations(loaded, keys)
    return IndexRows(concepts, labels, abbreviations, bags)


def _common_words(hpo: SourceData | None) -> frozenset[str]:
    if hpo is None:
        return STOPWORDS
    counts: Counter[str] = Counter()
    for concept in hpo.concepts:
        if concept.definition:
            counts.update(set(fold_tokens(concept.definition)))
    return STOPWORDS | {word for word, n in counts.items() if n >= _COMMON_WORD_DF}


def _label_rows(cid: int, concept: Concept, common: frozenset[str], keys: _Keys) -> list[LabelRow]:
    rows: list[LabelRow] = []
    seen: set[str] = set()
    for label in concept.labels:
        key = keys[label.text]
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


def _rank_abbreviations(loaded: dict[str, SourceData], keys: _Keys) -> dict[str, tuple[str, ...]]:
    merged: dict[str, list[str]] = defaultdict(list)
    for name in ("abbrev", "hpo"):  # the abbreviation list first: its order breaks ties
        for entry in _abbreviations(loaded.get(name)):
            merged[entry.abbr].extend(entry.meanings)
    distinct = {abbr: _distinct(meanings, keys) for abbr, meanings in merged.items()}
    clinical = [loaded[name] for name in _CLINICAL_SOURCES if name in loaded]
    known = [_known_keys(data, keys) for data in clinical]
    ambiguous = {keys[m] for meanings in distinct.values() if len(meanings) > 1 for m in meanings}
    uses = _phrase_uses(ambiguous, clinical, keys)

    def rank(meaning: str) -> tuple[bool, int, int]:
        key = keys[meaning]
        found_in = sum(key in names for names in known)
        return (found_in == 0, -uses[key], -found_in)

    return {
        abbr: tuple(sorted(meanings, key=rank)[:_MAX_MEANINGS])  # sorted() is stable
        for abbr, meanings in distinct.items()
    }


def _distinct(phrases: Iterable[str], keys: _Keys) -> list[str]:
    seen: set[str] = set()
    kept: list[str] = []
    for phrase in phrases:
        key = keys[phrase]
        if key and key not in seen:
            seen.add(key)
            kept.append(phrase)
    return kept


def _abbreviations(data: SourceData | None) -> Iterable[Abbreviation]:
    return data.abbreviations if data is not None else ()


def _known_keys(data: SourceData, keys: _Keys) -> frozenset[str]:
    names = [label.text for concept in data.concepts for label in concept.labels]
    return frozenset(keys[text] for text in (*names, *data.known_names))


def _phrase_uses(targets: set[str], sources: list[SourceData], keys: _Keys) -> Counter[str]:
    """How many clinical names contain each target phrase: "diabetes mellitus" is in hundreds."""
    sizes = sorted({len(target.split()) for target in targets})
    first_words = {target.split()[0] for target in targets}
    uses: Counter[str] = Counter()
    for data in sources:
        for text in (*(lb.text for c in data.concepts for lb in c.labels), *data.known_names):
            words = keys[text].split()
            for i, word in enumerate(words):
                if word not in first_words:
                    continue
                for size in sizes:
                    gram = " ".join(words[i : i + size])
                    if gram in targets:
                        uses[gram] += 1
    return uses
