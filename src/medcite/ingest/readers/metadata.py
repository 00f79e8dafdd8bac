"""Metadata helpers shared by the readers: declared types, dates, ids, DOIs, whitespace."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from medcite.records import EvidenceLevel

__all__ = [
    "MONTHS",
    "clean",
    "clean_doi",
    "date_parts",
    "declared_level",
    "format_date",
    "is_number",
    "month_number",
    "path_id",
    "pubmed_url",
    "sentence",
]

#: Month names and abbreviations as PubMed and guideline front matter write them.
MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

# A declared document type (front matter or JSONL ``type``) -> evidence level. Keys are
# normalised: lower case, words joined by '-'.
_DECLARED_LEVELS: dict[str, EvidenceLevel] = {
    "guideline": EvidenceLevel.GUIDELINE,
    "practice-guideline": EvidenceLevel.GUIDELINE,
    "clinical-practice-guideline": EvidenceLevel.GUIDELINE,
    "consensus": EvidenceLevel.GUIDELINE,
    "consensus-statement": EvidenceLevel.GUIDELINE,
    "systematic-review": EvidenceLevel.SYSTEMATIC_REVIEW,
    "meta-analysis": EvidenceLevel.SYSTEMATIC_REVIEW,
    "rct": EvidenceLevel.RCT,
    "randomized-controlled-trial": EvidenceLevel.RCT,
    "randomised-controlled-trial": EvidenceLevel.RCT,
    "cohort": EvidenceLevel.COHORT,
    "cohort-study": EvidenceLevel.COHORT,
    "case-control": EvidenceLevel.COHORT,
    "case-report": EvidenceLevel.CASE_SERIES,
    "case-series": EvidenceLevel.CASE_SERIES,
    "review": EvidenceLevel.NARRATIVE_REVIEW,
    "narrative-review": EvidenceLevel.NARRATIVE_REVIEW,
    "expert-opinion": EvidenceLevel.EXPERT_OPINION,
    "editorial": EvidenceLevel.EXPERT_OPINION,
}

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ISO_DATE = re.compile(r"^([0-9]{4})(?:[-/]([0-9]{1,2})(?:[-/]([0-9]{1,2}))?)?")


def clean(text: str | None) -> str:
    """Collapse runs of whitespace (newlines, tabs, NBSP) to one space and strip."""
    if not text:
        return ""
    # str.split() splits on all Unicode whitespace (NBSP included) and is several times
    # faster than a regex here, which matters at thousands of PubMed records a second.
    return " ".join(text.split())


def is_number(text: str | None) -> bool:
    """True for ASCII digits only ('²' and other Unicode digits pass str.isdigit but not int)."""
    return text is not None and text.isascii() and text.isdigit()


def sentence(text: str) -> str:
    """``text`` cleaned and ending with sentence punctuation, so list items read as sentences."""
    text = clean(text)
    if not text:
        return text
    # Look through closing brackets and quotes: "(... 3 months.)" already ends a sentence.
    core = text.rstrip(")]\"'’”")
    if core and core[-1] in ".!?:":
        return text
    if text[-1] in ";,":
        return text[:-1] + "."
    return text + "."


def declared_level(declared: str | None) -> EvidenceLevel | None:
    """Evidence level for a declared type such as 'guideline' or 'Systematic review'."""
    if not declared:
        return None
    key = re.sub(r"[\s_]+", "-", declared.strip().lower())
    return _DECLARED_LEVELS.get(key)


def date_parts(value: str) -> tuple[int | None, str | None]:
    """(year, 'YYYY[-MM[-DD]]') from 'YYYY', 'YYYY-MM', 'YYYY-MM-DD' or 'YYYY/MM/DD' prefixes.

    Returns ``(None, None)`` when ``value`` does not start with a plausible year; an
    impossible month or day is dropped rather than kept.
    """
    match = _ISO_DATE.match(value.strip())
    if not match:
        return None, None
    year = int(match.group(1))
    if not 1000 <= year <= 2999:
        return None, None
    return year, format_date(year, _int(match.group(2)), _int(match.group(3)))


def format_date(year: int, month: int | None, day: int | None) -> str:
    """'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; out-of-range parts are left off."""
    if month is None or not 1 <= month <= 12:
        return f"{year:04d}"
    if day is None or not 1 <= day <= 31:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def month_number(text: str | None) -> int | None:
    """1-12 from '02', '2', 'Feb', 'February' (None for seasons and junk)."""
    value = clean(text).lower()
    if is_number(value):
        return int(value)
    return MONTHS.get(value[:3]) if value else None


def clean_doi(value: str | None) -> str | None:
    """DOI without the resolver prefix ('https://doi.org/', 'doi:'); None when empty."""
    doi = _DOI_PREFIX.sub("", clean(value))
    return doi or None


def pubmed_url(pmid: str) -> str:
    """Canonical PubMed URL of a PMID."""
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"


def path_id(path: Path) -> str:
    """Stable id for a file with no id of its own: a hash of its resolved absolute path."""
    digest = hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()
    return f"file:{digest[:16]}"


def _int(value: str | None) -> int | None:
    return int(value) if value else None
