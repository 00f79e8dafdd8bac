"""Where: the anatomical site (a vertebral level such as L5, or a body part) and laterality.

Vertebral levels are cut from the topic (the title puts them back in front of it); body parts
stay in the topic because they are part of the condition's name ("knee osteoarthritis").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from medcite.analysis._text import Span, bounded, window_before
from medcite.analysis.lexicon import ALL_BODY_PARTS, BODY_PART_RE

_LEVEL = re.compile(
    r"(?<![\w-])(?P<r1>[CTLScstl]?)(?P<l1>[CTLSctls])\s?(?P<n1>\d{1,2})"
    r"(?:\s?[-/]\s?(?P<l2>[CTLSctls])?\s?(?P<n2>\d{1,2}))?(?![\w])"
)
_LEVEL_MAX = {"C": 7, "T": 12, "L": 5, "S": 5}
# C, T and S levels collide with complement (C3), thyroid hormones (T4), MRI sequences (T2)
# and heart sounds (S1), so they count only when the question is about the spine.
_SPINE_CONTEXT = re.compile(
    r"spin|vertebr|lumbar|thoracic|cervical|sacral|disc|disk|pars|spondyl|radicul|myelopath|cord"
    r"|nerve root|stenosis|herniat|sciatica|back|neck|kyphos|scolios|fusion|laminectomy|dermatome"
    r"|compression fracture|burst fracture",
    re.IGNORECASE,
)
_NOT_LEVEL_AFTER = re.compile(
    r"\s*-?\s*(?:weighted|hyperintens|hypointens|signal|images?|sequences?|levels?\s+of\b|hormone"
    r"|esterase|complement|diabetes|dm\b|and\s+S2|heart\s+sound|gallop|murmur)",
    re.IGNORECASE,
)
_NOT_LEVEL_BEFORE = re.compile(
    r"(?:free|total|serum|reverse|low|high|complement)\s*$", re.IGNORECASE
)

_SIDE_WORDS = (
    r"side|sided|quadrant|upper|lower|sides|flank|hemithorax|hemisphere|lobe|groin|iliac|fossa|"
    r"paraspinal|parasagittal|[CTLS]\d{1,2}"
)
_BODY_ALTERNATION = BODY_PART_RE.pattern.replace("(?<![\\w])", "").replace("(?![\\w])", "")
_LEFT_RIGHT = re.compile(
    rf"(?<![\w-])(?P<side>left|right)(?:[- ]sided(?![\w])|[- ]side(?![\w])"
    rf"|(?=\s+(?:[\w-]+\s+)?(?:{_SIDE_WORDS}|{_BODY_ALTERNATION})(?![\w])))",
    re.IGNORECASE,
)
_LEVEL_AFTER = re.compile(r"[CTLScstl]\d{1,2}(?![\w])")
_ON_THE_SIDE = re.compile(
    r"(?<![\w-])on\s+the\s+(?P<side>left|right)(?:\s+side)?(?![\w-])", re.IGNORECASE
)
_BILATERAL = bounded(r"bilateral(?:ly)?|bilat|both\s+sides|on\s+both\s+sides")
_UNILATERAL = bounded(r"unilateral(?:ly)?|one[- ]sided|on\s+one\s+side")


# "heart failure", "kidney disease", "lung cancer": the organ names the condition, not the
# place on the patient's body the question is about.
_CONDITION_AFTER = re.compile(
    r"\s+(?:failure|disease|cancer|attacks?|transplant\w*|stones?|tumou?rs?|carcinoma|"
    r"function|block|rate|rhythm|murmurs?|sounds?|valve)\b",
    re.IGNORECASE,
)


@dataclass
class Anatomy:
    """Site and laterality, with the spans to cut from the topic (levels and side words)."""

    site: str | None = None
    laterality: str | None = None
    level_found: bool = False
    spans: list[Span] = field(default_factory=list)


def extract_anatomy(text: str) -> Anatomy:
    """Vertebral level (preferred) or first body part; first laterality word."""
    out = Anatomy()
    level = _first_level(text)
    if level is not None:
        out.site, span = level
        out.level_found = True
        out.spans.append(span)
    side = _laterality(text)
    if level is None:
        # The body part a side word points at ("radiating to the left arm") is the site;
        # otherwise the first body part named.
        after_side = BODY_PART_RE.match(text, _skip_space(text, side[1].end)) if side else None
        body = after_side or _first_site(text)
        if body:
            out.site = ALL_BODY_PARTS[re.sub(r"\s+", " ", body.group(0).lower())]
    if side is not None:
        out.laterality, span = side
        # The side leaves the topic only where the title can put it back unambiguously: before
        # a level ("bilateral L5") or as "on the left side". In "left knee pain" or
        # "right lower quadrant" it stays part of the phrase.
        if _LEVEL_AFTER.match(text, _skip_space(text, span.end)) or _ON_THE_SIDE.fullmatch(
            text[span.start : span.end]
        ):
            out.spans.append(span)
    return out


def _first_site(text: str) -> re.Match[str] | None:
    """The first body part that is not part of a condition's name ("heart failure")."""
    for match in BODY_PART_RE.finditer(text):
        if not _CONDITION_AFTER.match(text, match.end()):
            return match
    return None


def _skip_space(text: str, pos: int) -> int:
    """Offset of the first non-space character at or after ``pos``."""
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _first_level(text: str) -> tuple[str, Span] | None:
    """'L5' or 'L4-L5' / 'L5-S1' (normalised) and its span, or None."""
    spine = bool(_SPINE_CONTEXT.search(text))
    for m in _LEVEL.finditer(text):
        if m.group("r1"):
            continue  # "TL5" and the like are not levels
        letter = m.group("l1")
        if letter.upper() != "L" and (not letter.isupper() or not spine):
            continue
        before = window_before(text, m.start())[1]
        if _NOT_LEVEL_AFTER.match(text, m.end()) or _NOT_LEVEL_BEFORE.search(before):
            continue
        name = _level_name(letter.upper(), int(m.group("n1")))
        if name is None:
            continue
        if m.group("n2"):
            second = _level_name((m.group("l2") or letter).upper(), int(m.group("n2")))
            if second is not None:
                name = f"{name}-{second}"
        return name, Span(m.start(), m.end())
    return None


def _level_name(letter: str, number: int) -> str | None:
    """'L', 5 -> 'L5'; None outside the real range (L6, C9)."""
    if 1 <= number <= _LEVEL_MAX[letter]:
        return f"{letter}{number}"
    return None


def _laterality(text: str) -> tuple[str, Span] | None:
    """The first side word that refers to the body (not 'left untreated', 'right away')."""
    candidates: list[tuple[int, str, Span]] = []
    for m in _BILATERAL.finditer(text):
        candidates.append((m.start(), "bilateral", Span(m.start(), m.end())))
    for m in _UNILATERAL.finditer(text):
        candidates.append((m.start(), "unilateral", Span(m.start(), m.end())))
    for pattern in (_LEFT_RIGHT, _ON_THE_SIDE):
        for m in pattern.finditer(text):
            candidates.append((m.start(), m.group("side").lower(), Span(m.start(), m.end())))
    if not candidates:
        return None
    _, side, span = min(candidates, key=lambda c: c[0])
    return side, span
