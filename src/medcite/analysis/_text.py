"""Shared text helpers for question analysis: normalisation, spans and word-bounded regexes.

Every extractor works on the *normalised* question (one space between words, ASCII quotes and
dashes) and reports the character spans it consumed, so the topic extractor can cut them out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


def phrases(text: str) -> tuple[str, ...]:
    """Split a comma-separated word list (written compactly in the source) into phrases."""
    return tuple(p.strip() for p in text.split(",") if p.strip())


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


# Words that may follow a person or comorbidity phrase: they start a clause or a new phrase.
# A *noun* after the phrase instead means the phrase is part of a longer name
# ("female infertility", "asthma exacerbation").
CLAUSE_WORDS = frozenset(
    phrases(
        """
        with, who, whose, that, presenting, presents, presented, has, had, have, is, was, are,
        were, complaining, complains, reports, reporting, after, following, on, in, at, from,
        since, for, of, and, or, but, what, how, which, should, can, does, did, do, taking,
        takes, diagnosed, undergoing, receiving, status, s/p, without, due, when, where, while,
        to, needs, need, requires, require, suffering, known, recently, currently, already,
        playing, plays, vs, versus, stage, who's, whom, getting, gets, got, now, get, take, use,
        start, stop, be, undergo, go, see, keeps, keep, would, will
"""
    )
)


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


# How far back a left-context pattern ("history of ", "in a ") may look; keeps analysis linear
# in the question's length instead of rescanning the whole prefix for every match.
LOOKBEHIND_CHARS = 80


def window_before(text: str, pos: int) -> tuple[int, str]:
    """The text just before ``pos`` (at most LOOKBEHIND_CHARS) and where that window starts."""
    start = max(0, pos - LOOKBEHIND_CHARS)
    return start, text[start:pos]


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
