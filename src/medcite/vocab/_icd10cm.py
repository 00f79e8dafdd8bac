"""Read ICD-10-CM codes, titles and inclusion terms from the tabular XML in ``simple-icd-10-cm``.

An inclusion term ("high blood pressure" under I10) is coded there, so a code becomes a concept
whose labels are its title and its inclusion terms. Matching an inclusion term leads to the title
(a safe generalisation), but an inclusion term is offered as an expansion only when it shares a
word with the title: "Facial pain" is coded under "Headache" without being a headache.
The XML is read directly; the package's own API builds a tree of every code on import.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ._records import Concept, Label, LabelKind, SourceData
from ._text import content_tokens, drop_parentheticals, fold_tokens

# Notes that are instructions rather than names: code references, "any condition in ...",
# residual categories ("Other ...", "... not elsewhere classified").
_INSTRUCTION_RE = re.compile(
    r"\b[A-Z]\d{2}\b|\b(?:other|any|specified|unspecified|classified|classifiable|except|code|see)\b",
    re.IGNORECASE,
)
_TRAILING_RE = re.compile(r"(?:,?\s+(?:NOS|unspecified|site not specified))+$", re.IGNORECASE)
_MAX_WORDS = 8


def load_icd10cm(path: Path) -> SourceData:
    """One concept per diagnosis code that has at least two distinct usable names.

    Codes with a single name expand to nothing, so they only join ``known_names``.
    """
    root = ET.parse(path).getroot()
    data = SourceData()
    for diag in root.iter("diag"):
        labels = _labels(diag)
        data.known_names.extend(label.text for label in labels)
        if len({label.text.lower() for label in labels}) >= 2:
            code = (diag.findtext("name") or "").strip()
            data.concepts.append(Concept("icd10cm", code, tuple(labels)))
    return data


def _labels(diag: ET.Element) -> list[Label]:
    labels: list[Label] = []
    title = _clean(diag.findtext("desc"))
    if title:
        labels.append(Label(title, LabelKind.NAME))
    title_words = _words(title) if title else frozenset()
    for path in ("inclusionTerm/note", "includes/note"):
        for note in diag.iterfind(path):
            text = _clean(note.text)
            if text:
                shares = bool(_words(text) & title_words)
                labels.append(Label(text, LabelKind.INCLUSION if shares else LabelKind.INCLUDED))
    return labels


def _words(text: str) -> frozenset[str]:
    return frozenset(content_tokens(fold_tokens(text)))


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    cleaned = _TRAILING_RE.sub("", drop_parentheticals(text)).strip(" ,;:")
    # A comma left means qualifiers ("Pregnant state, incidental", "Migraine, not intractable,
    # with status migrainosus"): no name a reader would use, and unsafe to cut.
    if not cleaned or "," in cleaned or len(cleaned.split()) > _MAX_WORDS:
        return None
    if _INSTRUCTION_RE.search(cleaned):
        return None
    return cleaned
