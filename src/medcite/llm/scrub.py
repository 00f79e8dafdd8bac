"""Scrub personal identifiers from text before it is sent to an LLM outside this machine.

Only identifiers are replaced (names after a cue, dates of birth and full dates, record numbers,
national ids, phone numbers, e-mail addresses, street addresses); the clinical facts an answer
needs stay: ages ("22-year-old"), vertebral levels ("L5"), doses ("500 mg"), lab values,
publication years ("2014") and durations ("3–6 months"). The rules prefer a cue ("MRN", "DOB",
"Mr.", "patient ...") over guessing, because a false positive in evidence text would damage a
clinical fact.

URLs are left intact: evidence links are public, and cutting them would break citations.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, NamedTuple

IdentifierKind = Literal["name", "date", "mrn", "id", "phone", "email", "address"]

PLACEHOLDERS: dict[IdentifierKind, str] = {
    "name": "[NAME]",
    "date": "[DATE]",
    "mrn": "[MRN]",
    "id": "[ID]",
    "phone": "[PHONE]",
    "email": "[EMAIL]",
    "address": "[ADDRESS]",
}


class ScrubResult(NamedTuple):
    """Scrubbed text and what was replaced, in order (kind, original text)."""

    text: str
    replacements: list[tuple[IdentifierKind, str]]


@dataclass(frozen=True)
class _Rule:
    """Replace capture ``group`` of ``pattern`` by the kind's placeholder.

    ``trim`` may shorten the captured value (returning the part to scrub) or veto it (None).
    """

    kind: IdentifierKind
    pattern: re.Pattern[str]
    group: int | str = 0
    trim: Callable[[str], str | None] | None = None


_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_FULL_DATE = (
    r"(?:\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"  # ISO 1980-01-02
    r"|\d{1,2}/\d{1,2}/\d{2,4}"  # 01/02/1980, 1/2/80
    r"|\d{1,2}[.-]\d{1,2}[.-]\d{4}"  # 01.02.1980, 01-02-1980 (4-digit year: "3-6" stays)
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}"  # 3 March 1980
    rf"|{_MONTH}\s+{_DAY},?\s+\d{{4}})"  # March 3, 1980
)
# After a birth cue even a partial date identifies the person.
_BIRTH_DATE = rf"(?:{_FULL_DATE}|{_MONTH},?\s+\d{{4}}|(?:19|20)\d{{2}})"

_NAME_WORD = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?"
_NAME = rf"{_NAME_WORD}(?:\s+(?:[A-Z]\.\s*)?{_NAME_WORD}){{0,2}}"
_ID_VALUE = r"[A-Z]{0,3}-?\d[\d-]{3,14}\d"

_STREET_SUFFIX = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|"
    r"Way|Terrace|Close|Crescent|Parkway|Pkwy|Highway|Hwy|Square|Sq|Gardens|Grove|Row)"
)
_US_ZIP = r"[A-Z]{2}\s+\d{5}(?:-\d{4})?"
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}"
_STREET_ADDRESS = (
    rf"\b\d{{1,5}}[A-Za-z]?\s+(?:[A-Z][A-Za-z'’-]*\s+){{1,4}}{_STREET_SUFFIX}\b\.?"
    r"(?:,?\s*(?:Apt|Apartment|Unit|Suite|Flat)\.?\s*#?\w+)?"
    rf"(?:,\s*[A-Z][A-Za-z'’-]+(?:\s+[A-Z][A-Za-z'’-]+){{0,2}})?"
    rf"(?:,?\s*(?:{_US_ZIP}|{_UK_POSTCODE}))?"
)


def _words(text: str) -> frozenset[str]:
    """A word list written as one string (easier to read and extend than a literal)."""
    return frozenset(text.split())


# Capitalised words that follow "patient" in ordinary clinical prose and are not names.
_NOT_NAMES = _words(
    "The This That These With Who Whose Was Were Is Has Had Presented Presents Underwent "
    "Reports Reported Denies Denied Developed Received Returned Group Groups Cohort "
    "Population And Or But If In On At Of For From To By As"
)
# Words that end a name given after "name:" ("Name: John Smith presented with ...").
_NAME_STOP = _words(
    "presented presents is was has had who with aged age dob born and , ; male female "
    "man woman boy girl years year yo y/o"
)


def _trim_cued_name(value: str) -> str | None:
    words: list[str] = []
    for word in value.split():
        if word.lower().strip(".,;:") in _NAME_STOP:
            break
        words.append(word)
    return " ".join(words) or None


def _veto_common_words(value: str) -> str | None:
    words = value.split()
    if words[0] in _NOT_NAMES:
        return None
    # Stop at the first non-name word: "patient John Smith With pain" keeps "John Smith".
    kept: list[str] = []
    for word in words:
        if word in _NOT_NAMES:
            break
        kept.append(word)
    return " ".join(kept)


def _nhs_checksum_ok(value: str) -> str | None:
    """NHS numbers carry a modulus-11 check digit; bare 10-digit numbers must pass it."""
    digits = [int(c) for c in value if c.isdigit()]
    if len(digits) != 10:
        return None
    check = 11 - sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    check = 0 if check == 11 else check
    return value if check == digits[9] else None


_I = re.IGNORECASE

# Order matters: specific, cue-led rules run first so their values are not half-matched by
# broader ones (an MRN is not a phone number; a DOB is not just any date).
_RULES: tuple[_Rule, ...] = (
    _Rule("email", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    _Rule(
        "address",
        re.compile(
            r"\b(?:home\s+)?address\s*(?:is|:)\s*(?P<v>[^\n;]{3,100}?)(?=\s*(?:[;\n]|\.(?:\s|$)|$))",
            _I,
        ),
        "v",
    ),
    _Rule("address", re.compile(_STREET_ADDRESS)),
    _Rule(
        "address",
        re.compile(
            rf"\b(?:zip(?:\s*code)?|post\s*code|postal\s+code)\s*[:#]?\s*(?P<v>\d{{5}}(?:-\d{{4}})?|{_UK_POSTCODE})",
            _I,
        ),
        "v",
    ),
    _Rule(
        "date",
        re.compile(
            rf"\b(?:DOB|D\.O\.B\.?|date\s+of\s+birth|birth\s*date|born(?:\s+(?:on|in))?)\s*[:\-]?\s*(?P<v>{_BIRTH_DATE})\b",
            _I,
        ),
        "v",
    ),
    _Rule("date", re.compile(rf"(?<!\d){_FULL_DATE}(?!\d)")),
    _Rule("id", re.compile(r"\b\d{3}-\d{2}-\d{4}\b")),  # US SSN
    _Rule(
        "id",
        re.compile(
            r"\b(?:SSN|social\s+security(?:\s+(?:number|no\.?))?)\s*[:#]?\s*(?P<v>\d{9})\b", _I
        ),
        "v",
    ),
    _Rule(
        "mrn",
        re.compile(
            r"\b(?:MRN|medical\s+record(?:\s+(?:number|no\.?|#))?|(?:hospital|record|chart|patient)"
            r"\s+(?:number|no\.?|#|ID))\s*(?:is\s+)?[:#]?\s*(?P<v>" + _ID_VALUE + r")\b",
            _I,
        ),
        "v",
    ),
    _Rule(
        "id",
        re.compile(
            r"\bNHS\s*(?:number|no\.?|#)?\s*(?:is\s+)?[:#]?\s*(?P<v>\d{3}\s?\d{3}\s?\d{4})\b", _I
        ),
        "v",
    ),
    _Rule(
        "id",
        re.compile(r"(?<![\d.])\b\d{3}\s\d{3}\s\d{4}\b(?![\d.])|(?<![\d.])\b\d{10}\b(?![\d.])"),
        0,
        _nhs_checksum_ok,
    ),
    _Rule(
        "phone",
        re.compile(
            r"\b(?:phone|tel(?:ephone)?|mobile|cell|contact\s+number)\s*(?:number|no\.?)?\s*(?:is\s+)?[:#]?\s*"
            # Digit groups joined by one separator each, so the value cannot run on into the next
            # sentence ("Tel 555-201-3344. 22-year-old ...") or the next number.
            r"(?P<v>\+?\(?\d{1,5}\)?(?:[\s.-]?\(?\d{2,5}\)?){1,4})(?![\w-])",
            _I,
        ),
        "v",
    ),
    _Rule(
        "phone",
        re.compile(
            r"(?<![\w.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}\b"
        ),
    ),
    _Rule("phone", re.compile(r"(?<![\w.])\+\d{1,3}(?:[\s.-]\d{2,5}){2,4}\b")),
    _Rule(
        "name",
        re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+(?P<v>{_NAME})"),
        "v",
    ),
    _Rule(
        "name",
        re.compile(
            r"\b(?:(?:my|patient'?s?|his|her|the)\s+)?name\s*(?:is|:)\s*(?P<v>[A-Za-z'’-]+(?:\s+[A-Za-z'’.-]+){0,3})",
            _I,
        ),
        "v",
        _trim_cued_name,
    ),
    _Rule("name", re.compile(rf"\b(?:named|called)\s+(?P<v>{_NAME})"), "v"),
    _Rule(
        "name",
        re.compile(rf"\b(?:[Pp]atient|[Pp]t\.?|[Cc]lient|[Rr]esident)\s*[:,]?\s+(?P<v>{_NAME})"),
        "v",
        _veto_common_words,
    ),
)


def _apply(rule: _Rule, text: str, found: list[tuple[IdentifierKind, str]]) -> str:
    placeholder = PLACEHOLDERS[rule.kind]

    def replace(match: re.Match[str]) -> str:
        value = match.group(rule.group)
        scrub_part = rule.trim(value) if rule.trim else value
        if not scrub_part or scrub_part.startswith("["):
            return match.group(0)
        # A trimmed value is normally a prefix of the capture; if it cannot be found (spacing
        # changed), scrub the whole capture rather than risk leaking part of it.
        offset = value.find(scrub_part)
        if offset < 0:
            offset, scrub_part = 0, value
        start = match.start(rule.group) - match.start() + offset
        whole = match.group(0)
        found.append((rule.kind, scrub_part))
        return whole[:start] + placeholder + whole[start + len(scrub_part) :]

    return rule.pattern.sub(replace, text)


_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"')\]]+", re.IGNORECASE)


def scrub(text: str) -> ScrubResult:
    """Replace personal identifiers in ``text`` by placeholders such as ``[NAME]``."""
    found: list[tuple[IdentifierKind, str]] = []
    pieces: list[str] = []
    cursor = 0
    # URLs are cut out first and put back untouched: their digits and paths look like ids.
    for url in _URL.finditer(text):
        pieces.append(_scrub_plain(text[cursor : url.start()], found))
        pieces.append(url.group(0))
        cursor = url.end()
    pieces.append(_scrub_plain(text[cursor:], found))
    return ScrubResult("".join(pieces), found)


def _scrub_plain(text: str, found: list[tuple[IdentifierKind, str]]) -> str:
    for rule in _RULES:
        text = _apply(rule, text, found)
    return text
