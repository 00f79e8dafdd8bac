"""Shared text helpers for question analysis: normalisation, spans and word-bounded regexes.

Every extractor works on the *normalised* question (one space between words, ASCII quotes and
dashes) and reports the character spans it consumed, so the topic extractor can cut them out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_TRANSLATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)
_SPACES = re.compile(r"\s+")
# "vs." is not the end of a sentence; without the dot the sentence splitter can ignore it.
_VS_DOT = re.compile(r"\bvs\.", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range [start, end) of the normalised question."""

    start: int
    end: int


def normalize(text: str) -> str:
    """Unify quotes, dashes and whitespace so patterns can stay simple."""
    out = text.translate(_TRANSLATION)
    out = _SPACES.sub(" ", out).strip()
    return _VS_DOT.sub("vs", out)


def words(alternatives: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first, spaces matching any whitespace."""
    ordered = sorted(set(alternatives), key=len, reverse=True)
    return "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in ordered)


def bounded(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """Compile ``pattern`` so it only matches whole words (no letter or digit on either side)."""
    return re.compile(rf"(?<![\w])(?:{pattern})(?![\w])", flags)


def blank(text: str, spans: Iterable[Span]) -> str:
    """Replace every span by spaces; offsets stay valid for later patterns."""
    chars = list(text)
    for span in spans:
        for i in range(max(span.start, 0), min(span.end, len(chars))):
            chars[i] = " "
    return "".join(chars)


def cut(text: str, spans: Iterable[Span]) -> str:
    """Remove every span and tidy the spaces left behind."""
    return _SPACES.sub(" ", blank(text, spans)).strip()


def overlaps(span: Span, others: Iterable[Span]) -> bool:
    """True when ``span`` shares at least one character with any of ``others``."""
    return any(span.start < o.end and o.start < span.end for o in others)


def dedupe(items: Iterable[str]) -> list[str]:
    """Keep the first occurrence of each item (case-insensitive), in order."""
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        key = item.lower()
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return out
