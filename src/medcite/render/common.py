"""Wording and small formatting helpers shared by every answer renderer.

Renderers differ in markup, never in content: the banner, headings, reference lines, link
targets and the verification summary are worded once here so that the terminal, Markdown,
JSON and HTML forms of an answer say the same thing. Nothing here escapes text; each
renderer escapes for its own output language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Literal, NamedTuple
from urllib.parse import quote, urlsplit

from medcite.records import (
    Answer,
    AnswerSection,
    EvidenceLevel,
    Hit,
    PatientContext,
    Reference,
    Verification,
)

BANNER = "Educational purpose only • content is pending human review"
REVIEW_STATUS = "Pending review"
BOTTOM_LINE_HEADING = "Bottom line"
WARNINGS_HEADING = "Warnings"
ABSTAIN_HEADING = "Not enough evidence"
SEARCHED_HEADING = "What was searched"
REFERENCES_HEADING = "References"
FOLLOW_UPS_HEADING = "Have a follow-up question?"
URGENT_LABEL = "Urgent"
DEFAULT_ABSTAIN_MESSAGE = (
    "The evidence found was too thin to answer this question safely, so no answer was composed."
)

Strength = Literal["strong", "moderate", "weak"]

_STRENGTH: dict[EvidenceLevel, Strength] = {
    EvidenceLevel.GUIDELINE: "strong",
    EvidenceLevel.SYSTEMATIC_REVIEW: "strong",
    EvidenceLevel.RCT: "strong",
    EvidenceLevel.COHORT: "moderate",
    EvidenceLevel.CASE_SERIES: "moderate",
    EvidenceLevel.NARRATIVE_REVIEW: "weak",
    EvidenceLevel.EXPERT_OPINION: "weak",
    EvidenceLevel.OTHER: "weak",
}

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
_EXCERPT_CHARS = 280


class Link(NamedTuple):
    """A labelled link of a reference (PubMed, DOI or the source URL)."""

    label: str
    url: str


def strength(level: EvidenceLevel) -> Strength:
    """Coarse strength of an evidence level, used to colour labels and badges."""
    return _STRENGTH[level]


def citation_numbers(numbers: Iterable[int]) -> list[int]:
    """Citation numbers sorted and without repeats."""
    return sorted(set(numbers))


def format_citations(numbers: Iterable[int]) -> str:
    """Citation marker in brackets, ``[1, 2]``; empty when nothing is cited."""
    cited = citation_numbers(numbers)
    return f"[{', '.join(str(n) for n in cited)}]" if cited else ""


def one_line(text: str) -> str:
    """Text with every run of whitespace (newlines included) collapsed to one space."""
    return _WHITESPACE.sub(" ", text).strip()


def excerpt(text: str, limit: int = _EXCERPT_CHARS) -> str:
    """A one-line excerpt of at most ``limit`` characters, cut at a word and marked with '…'."""
    flat = one_line(text)
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0] or flat[: limit - 1]
    return cut.rstrip(" ,;:.") + "…"


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) URL without whitespace, else None.

    A source URL is data from a document; a ``javascript:`` or relative URL must never become
    a link, so anything else is shown as text or not at all.
    """
    if not url:
        return None
    url = url.strip()
    if _WHITESPACE.search(url):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return url


def bare_doi(doi: str) -> str:
    """DOI without a resolver or ``doi:`` prefix."""
    return _DOI_PREFIX.sub("", doi.strip())


def pubmed_url(pmid: str) -> str | None:
    """PubMed page of a PMID, or None when the PMID is not a number."""
    pmid = pmid.strip()
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid.isdigit() else None


def doi_url(doi: str) -> str | None:
    """Resolver URL of a DOI, percent-encoded so it is safe inside any link syntax."""
    bare = bare_doi(doi)
    if not bare.startswith("10."):
        return None
    return "https://doi.org/" + quote(bare, safe="/.:;-_~")


def reference_links(ref: Reference) -> list[Link]:
    """PubMed, DOI and source links of a reference, in that order, without duplicates."""
    links: list[Link] = []
    if ref.pmid and (url := pubmed_url(ref.pmid)):
        links.append(Link(f"PMID: {ref.pmid.strip()}", url))
    if ref.doi and (url := doi_url(ref.doi)):
        links.append(Link(f"doi:{bare_doi(ref.doi)}", url))
    source = safe_url(ref.url)
    if source and source not in {link.url for link in links}:
        links.append(Link(source, source))
    return links


def source_text(ref: Reference) -> str:
    """'Title. Journal or Publisher, year.' with whatever parts the reference has."""
    title = one_line(ref.title).rstrip(".") or "Untitled source"
    venue = one_line(ref.journal or ref.publisher or "").rstrip(".")
    tail = ", ".join(part for part in (venue, str(ref.year) if ref.year else "") if part)
    return f"{title}. {tail}." if tail else f"{title}."


def reference_text(ref: Reference) -> str:
    """The whole reference as plain text: source, identifiers or URL, and evidence label."""
    links = " ".join(
        link.url if link.label == link.url else f"{link.label}." for link in reference_links(ref)
    )
    return " ".join(part for part in (source_text(ref), links, f"[{ref.evidence_label}]") if part)


def verification_summary(verification: Verification) -> str:
    """'Citations verified: 12 checked, 11 kept, 1 re-attributed, 0 dropped' (+ removals)."""
    v = verification
    text = (
        f"Citations verified: {v.checked} checked, {v.kept} kept, "
        f"{v.reattributed} re-attributed, {v.dropped} dropped"
    )
    if v.removed_citations:
        noun = "number" if v.removed_citations == 1 else "numbers"
        text += f", {v.removed_citations} invalid citation {noun} removed"
    return text


def audience_line(answer: Answer) -> str:
    """Who the answer was written for, with the measured reading grade when known."""
    line = f"Written for: {answer.audience.value.capitalize()}"
    if answer.reading_level is not None:
        line += f" (reading grade {answer.reading_level:.1f})"
    return line


def context_line(context: PatientContext) -> str:
    """'Patient: 22-year-old · female · L5 · bilateral · fall'; empty for a generic question."""
    if context.is_empty():
        return ""
    parts = [_age_text(context), context.sex, context.site, context.laterality]
    parts += [context.mechanism, context.acuity]
    if context.pregnant is not None:
        parts.append("pregnant" if context.pregnant else "not pregnant")
    parts += [*context.setting, *context.comorbidities, *context.drugs]
    parts += [f"no {finding}" for finding in context.negations]
    shown = [one_line(part) for part in parts if part]
    return "Patient: " + " · ".join(shown) if shown else ""


def _age_text(context: PatientContext) -> str | None:
    if context.age_years is None:
        return context.age_group
    if context.age_years < 1:
        return f"{round(context.age_years * 12)}-month-old"
    return f"{context.age_years:g}-year-old"


def footer_line(answer: Answer) -> str:
    """Provenance: composer, model, settings hash and library version."""
    parts = [f"Composer: {answer.composer}", f"Model: {answer.model or 'none'}"]
    if answer.settings_hash:
        parts.append(f"Settings: {answer.settings_hash}")
    if answer.library_version:
        parts.append(f"Library: {answer.library_version}")
    return " • ".join(parts)


def abstain_message(answer: Answer) -> str:
    """Why no answer was composed: the composer's own words, else a standard sentence."""
    return one_line(answer.bottom_line.text) or DEFAULT_ABSTAIN_MESSAGE


def has_content(section: AnswerSection) -> bool:
    """True when the section or one of its subsections has at least one item."""
    return bool(section.items) or any(has_content(sub) for sub in section.subsections)


def walk_sections(
    sections: Sequence[AnswerSection], depth: int = 0
) -> Iterator[tuple[int, AnswerSection]]:
    """Sections with content, depth first, each with its nesting depth (0 = top level)."""
    for section in sections:
        if has_content(section):
            yield depth, section
            yield from walk_sections(section.subsections, depth + 1)


def citation_tooltips(answer: Answer, hits: Sequence[Hit] | None) -> dict[int, str]:
    """Hover text per reference number: the cited passage (when hits are given) and title."""
    passages = {hit.chunk_id: hit.text for hit in hits or ()}
    tooltips: dict[int, str] = {}
    for ref in answer.references:
        title = one_line(ref.title)
        passage = next((passages[c] for c in ref.chunk_ids if c in passages), None)
        tooltips[ref.n] = f"“{excerpt(passage)}” — {title}" if passage else title
    return tooltips
