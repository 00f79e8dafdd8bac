"""Read drug names from the dictionary that ships inside ``drug-named-entity-recognition``.

The dictionary maps 107k name variants (brands, international names, salts, other languages) to
about 20k canonical generic names. A drug becomes a concept: the generic name and its common
international name (the title of its Wikipedia article, e.g. "Paracetamol" for acetaminophen) are
offered as expansions; brands and every other variant are only matched. (Brands are not offered:
the package's brand flags are sparse and odd, and literature names drugs by their generic name.)
"""

from __future__ import annotations

import bz2
import pickle
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ._mesh import natural_order
from ._records import Concept, Label, LabelKind, SourceData
from ._text import drop_parentheticals


def load_drugs(path: Path) -> SourceData:
    """One concept per canonical drug, labelled by its name variants."""
    # The pickle is the package's own data file, loaded just as the package loads it on import.
    with bz2.open(path, "rb") as handle:
        tables: dict[str, dict[str, Any]] = pickle.load(handle)
    variants = tables["drug_variant_to_canonical"]
    canonical_data = tables["drug_canonical_to_data"]
    variant_data = tables["drug_variant_to_variant_data"]
    by_canonical: dict[str, list[str]] = defaultdict(list)
    for variant, canonicals in variants.items():
        for canonical in canonicals:
            by_canonical[canonical].append(variant)
    data = SourceData()
    for canonical, names in by_canonical.items():
        info = canonical_data.get(canonical, {})
        labels = _labels(canonical, info, names, variant_data)
        data.known_names.append(labels[0].text)
        data.concepts.append(Concept("drug", str(info.get("drugbank_id") or canonical), labels))
    return data


def _labels(
    canonical: str,
    info: dict[str, Any],
    names: list[str],
    variant_data: dict[str, dict[str, Any]],
) -> tuple[Label, ...]:
    labels = [Label(_display_name(str(info.get("name") or canonical)), LabelKind.NAME)]
    international = _wikipedia_title(info.get("wikipedia_url"))
    if international:
        labels.append(Label(international, LabelKind.INTERNATIONAL))
    for name in names:
        if "," in name:  # inverted forms ("hydrochloride, metformin") never occur in a query
            continue
        is_brand = bool(variant_data.get(name, {}).get("is_brand"))
        labels.append(Label(name, LabelKind.BRAND if is_brand else LabelKind.VARIANT))
    return tuple(labels)


def _display_name(name: str) -> str:
    """Undo MeSH-style inversion ("Analgesics, Opioid"), but leave lists of drugs alone."""
    if "," in name and " and " not in name:
        return natural_order(name)
    return name


def _wikipedia_title(url: object) -> str | None:
    if not isinstance(url, str) or "/wiki/" not in url:
        return None
    title = drop_parentheticals(unquote(url.rsplit("/wiki/", 1)[1]).replace("_", " "))
    return title if title and "#" not in title else None
