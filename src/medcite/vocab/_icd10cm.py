"""Read ICD-10-CM codes, titles and inclusion terms from the tabular XML in ``simple-icd-10-cm``.

An inclusion term ("high blood pressure" under I10) is another name for the code's condition, so a
code becomes a concept whose labels are its title and its inclusion terms. The XML is read
directly; the package's own API builds a tree of every code on import.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ._records import Concept, Label, LabelKind, SourceData
from ._text import drop_parentheticals

# Notes that are instructions rather than names: code references, "any condition in ...",
# residual categories ("Other ...", "... not elsewhere classified").
_INSTRUCTION_RE = re.compile(
    r"\b[A-Z]\d{2}\b|\b(?:other|any|specified|classified|classifiable|except|code|see)\b",
    re.IGNORECASE,
)
_TRAILING_RE = re.compile(r"(?:,?\s+(?:NOS|unspecified))+$", re.IGNORECASE)
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
    for path in ("inclusionTerm/note", "includes/note"):
        for note in diag.iterfind(path):
            text = _clean(note.text)
            if text:
                labels.append(Label(text, LabelKind.INCLUSION))
    return labels


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    cleaned = _TRAILING_RE.sub("", drop_parentheticals(text)).strip(" ,;:")
    if not cleaned or _INSTRUCTION_RE.search(cleaned) or len(cleaned.split()) > _MAX_WORDS:
        return None
    return cleaned
