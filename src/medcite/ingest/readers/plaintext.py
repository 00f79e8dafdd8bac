"""Structure recovered from unmarked text (plain ``.txt`` files and PDF text layers).

Plain text has no markup, so headings are guessed: numbered headings ("2.1 Imaging"),
short ALL-CAPS lines ("RECOMMENDATIONS"), and "Recommendation 3"-style lines. Each guess
is conservative, because a sentence taken for a heading is lost from the passage text.
"""

from __future__ import annotations

import re

from .metadata import clean

__all__ = ["BULLET", "dehyphenate_join", "heading_level", "is_short_heading"]

_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(\S.*)$")
_RECOMMENDATION = re.compile(
    r"^(?:key\s+)?recommendations?(?:\s+\d+(?:\.\d+)*[a-z]?)?\s*[:.]?$", re.I
)
#: A bullet or numbered list marker at the start of a line.
BULLET = re.compile(r"^\s*(?:[-*+•▪◦●‣–]|\(?[0-9a-z]{1,2}[.)])\s+")
_END_PUNCT = ".!?;,"


def heading_level(line: str) -> int:
    """Heading depth guessed for one line (0 when it reads as body text)."""
    text = clean(line)
    if not text or len(text) > 90 or text[-1] in _END_PUNCT:
        return 0
    numbered = _NUMBERED.match(text)
    if numbered:
        words = numbered.group(2).split()
        if numbered.group(2)[0].isupper() and len(words) <= 8 and not _has_number_only(words):
            return numbered.group(1).count(".") + 1
        return 0
    if _RECOMMENDATION.match(text):
        return 2
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 4 and len(text) <= 60 and text.upper() == text:
        return 1
    return 0


def is_short_heading(line: str, max_len: int = 80) -> bool:
    """A short line without closing punctuation, in title or sentence case (plain-text heading)."""
    text = clean(line).rstrip(":")
    if not text or len(text) > max_len or text[-1] in _END_PUNCT:
        return False
    return text[0].isupper() or text[0].isdigit()


def dehyphenate_join(lines: list[str]) -> str:
    """Join wrapped lines; 'treat-' + 'ment' becomes 'treatment' (a lower-case continuation)."""
    out = ""
    for raw in lines:
        line = clean(raw)
        if not line:
            continue
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[0].islower():
            out = out[:-1] + line
        else:
            out = f"{out} {line}" if out else line
    return out


def _has_number_only(words: list[str]) -> bool:
    """'2 3 4' or '10 mg' style lines are table debris, not headings."""
    return all(any(ch.isdigit() for ch in word) for word in words)
