"""Long list sentences shown as lists: "Think about X in these cases: a; b; c." becomes the lead-in
"Think about X in these cases:" with the entries a, b and c as sub-bullets.

A guideline's list item or table row often packs a whole list into one sentence of 40-60 words,
which no reader takes in at once. Only lists after a top-level colon are split, at semicolons, or
at commas when the list is flat (no colon inside, four or more phrases, none starting a clause),
and only in the item's last sentence, so the lead-in always sits right above its entries. The
words themselves do not change: a final "or ..." / "and ..." entry keeps its conjunction.
"""

from __future__ import annotations

import re
from itertools import pairwise

from medcite.compose.sentences import split_sentences
from medcite.records import ContentItem

_MIN_LEAD_WORDS = 3
_MIN_POINTS = 2
# Only a long sentence is worth a list, and only when its entries are phrases, not single names.
_MIN_LIST_WORDS = 15
_MIN_POINT_WORDS = 3
# Commas also separate clauses and asides, so only a longer flat list is split at them.
_MIN_COMMA_POINTS = 4
_CLAUSE_START = re.compile(
    r"(?:which|who|whom|whose|that|if|when|unless|then|but|because|so|while|although|where|"
    r"as|since|until|before|after|whereas|respectively|e\.g\.|i\.e\.)\b",
    re.IGNORECASE,
)


def as_list(item: ContentItem) -> ContentItem:
    """The item with its trailing list moved into ``points``; unchanged otherwise."""
    if item.points or ":" not in item.text:
        return item
    sentences = split_sentences(item.text) or [item.text]
    last = sentences[-1].strip()
    colon = top_level(last, ":", spaced=True)
    if not colon:
        return item
    lead = last[: colon[0]].strip()
    body = last[colon[0] + 1 :].strip().rstrip(".").strip()
    if len(last.split()) < _MIN_LIST_WORDS or _words(lead) < _MIN_LEAD_WORDS or ";" in lead:
        return item
    points = _entries(body)
    if len(points) < _MIN_POINTS:
        return item
    if any(not p for p in points) or sum(map(_words, points)) < _MIN_POINT_WORDS * len(points):
        return item  # a list of names ("examples: a; b") reads as well on one line
    text = " ".join([*sentences[:-1], f"{lead}:"])
    return item.model_copy(update={"text": text, "points": [_capital(p) for p in points]})


def _entries(body: str) -> list[str]:
    """A list body's entries: at semicolons; or, in a flat list of at least four phrases, at
    commas (followed by a space, so "1,000" stays whole). A comma list with a colon inside or
    an entry that starts a clause ("..., which ...", "..., if ...") is not a flat list."""
    if top_level(body, ";"):
        return [p.strip() for p in split_top_level(body, ";")]
    if top_level(body, ":"):
        return []
    parts = [p.strip() for p in split_top_level(body, ",", spaced=True)]
    if len(parts) < _MIN_COMMA_POINTS or any(_CLAUSE_START.match(p) for p in parts):
        return []
    return parts


def _words(text: str) -> int:
    return sum(1 for word in text.split() if any(c.isalpha() for c in word))


def top_level(text: str, char: str, *, spaced: bool = False) -> list[int]:
    """Positions of ``char`` outside brackets (``spaced``: only where a space follows it, so
    "1,000" and "10:30" are not separators)."""
    found: list[int] = []
    depth = 0
    for i, c in enumerate(text):
        if c in "([":
            depth += 1
        elif c in ")]":
            depth = max(0, depth - 1)
        elif c == char and depth == 0 and (not spaced or text[i + 1 : i + 2].isspace()):
            found.append(i)
    return found


def split_top_level(text: str, char: str, *, spaced: bool = False) -> list[str]:
    """``text`` cut at each ``char`` outside brackets (the separators dropped)."""
    bounds = [-1, *top_level(text, char, spaced=spaced), len(text)]
    return [text[a + 1 : b] for a, b in pairwise(bounds)]


def _capital(point: str) -> str:
    """A lower-case first word is capitalised ("abrupt onset" -> "Abrupt onset"); "cUTI" is not."""
    first = point.split(None, 1)[0].rstrip(":,")
    if first.isalpha() and first.islower():
        return point[:1].upper() + point[1:]
    return point


__all__ = ["as_list", "split_top_level", "top_level"]
