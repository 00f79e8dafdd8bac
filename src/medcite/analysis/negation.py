"""Negation: findings the question states as absent ("no fever", "denies chest pain").

A small NegEx-style scanner: a cue opens a scope that runs to the next clause boundary.
The negated text is blanked in a *masked* copy of the question, which is what comorbidity,
drug and red-flag detection read, so "no saddle anaesthesia" can never raise a red flag.

Commas are the hard case: "denies fever, chills or sweats" is one list, but in "no fever,
saddle anaesthesia" the second finding is present. A comma continues the scope only when the
list is closed by "or"/"nor" (or by "and" after a denial, where lists are the norm); otherwise
the scope stops, because wrongly negating a red flag is the worse error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from medcite.analysis._text import Span, blank, dedupe, phrases
from medcite.analysis.lexicon import acronym_form

_CUE = re.compile(
    r"(?<![\w-])(?:"
    r"no\s+(?:prior\s+|previous\s+|past\s+|family\s+)?(?:history|hx|signs?|evidence|symptoms?|complaints?"
    r"|features?|episodes?)\s+of"
    r"|no\s+known"
    r"|no(?!\s+(?:longer|more|matter|one|doubt|idea|need|way|better|worse|different)\b)"
    r"|(?P<deny>denies|denied|denying|deny)"
    r"|(?<!with or )without"
    r"|negative\s+for"
    r"|absence\s+of"
    r"|free\s+of"
    r"|never\s+had"
    r"|ruled\s+out"
    r"|(?:not|isn't|is\s+not|no\s+longer)\s+(?:currently\s+)?(?:on|taking|using|receiving|prescribed)"
    r"|(?:does|did|do)\s*(?:not|n't)\s+have"
    r"|(?:has|have)\s*(?:not|n't)\s+(?:had|got)"
    r")(?![\w-])",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[A-Za-z0-9][\w'/-]*|[^\w\s]")
_HARD_STOPS = frozenset(".;:!?()[]")
# Words that start a new clause: the negation does not reach past them.
_STOP_WORDS = frozenset(
    phrases(
        """
        but, however, although, though, yet, except, which, who, whose, that, presents,
        presenting, presented, has, have, had, having, is, are, was, were, reports, reported,
        complains, complaining, with, after, following, since, for, in, on, at, due, because,
        what, how, when, where, why, should, can, could, would, will, does, do, did, to, now,
        then, treatment, management
"""
    )
)
_LIST_CLOSERS = frozenset({"or", "nor"})
_MAX_SCOPE_WORDS = 8
_SCOPE_CHARS = 240
_ITEM_SPLIT = re.compile(r",|\s(?:or|nor|and)\s", re.IGNORECASE)
_ITEM_LEAD = re.compile(
    r"^(?:(?:any|a|an|the|significant|obvious|other|further|known|prior|previous|recent|associated)\s+"
    r"|(?:signs?|evidence|history|symptoms?|features?)\s+of\s+)+",
    re.IGNORECASE,
)
# Single words that carry their own negation.
_SELF_NEGATING: dict[str, str] = {
    "afebrile": "fever",
    "asymptomatic": "symptoms",
    "apyrexial": "fever",
}
_SELF_NEGATING_RE = re.compile(
    r"(?<![\w-])(" + "|".join(_SELF_NEGATING) + r")(?![\w-])", re.IGNORECASE
)


@dataclass(frozen=True)
class Negations:
    """Negated findings, the spans they cover (cue included), and the masked question."""

    items: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    masked: str = ""


def find_negations(text: str) -> Negations:
    """Scan ``text`` (normalised) for negation cues and their scopes."""
    items: list[str] = []
    spans: list[Span] = []
    for cue in _CUE.finditer(text):
        if spans and cue.start() < spans[-1].end:
            continue  # inside the previous scope ("no fever or no rash" is one scope)
        end = _scope_end(text, cue.end(), allow_and=cue.group("deny") is not None)
        scoped = text[cue.end() : end].strip()
        found = _split_items(scoped)
        if found:
            items.extend(found)
            spans.append(Span(cue.start(), end))
    for m in _SELF_NEGATING_RE.finditer(text):
        items.append(_SELF_NEGATING[m.group(1).lower()])
    return Negations(items=dedupe(items), spans=spans, masked=blank(text, spans))


def _scope_end(text: str, start: int, *, allow_and: bool) -> int:
    """Character offset where the scope opened at ``start`` ends."""
    # a scope is a few words long, so only a short stretch needs tokenising
    tokens = list(_TOKEN.finditer(text, start, min(len(text), start + _SCOPE_CHARS)))
    closers = _LIST_CLOSERS | ({"and"} if allow_and else set())
    end = start
    count = 0
    for i, tok in enumerate(tokens):
        low = tok.group(0).lower()
        if low in _HARD_STOPS or low in _STOP_WORDS:
            break
        if low == "and" and not allow_and:
            break  # "no fever and neck stiffness" is ambiguous; do not negate the second finding
        if low == ",":
            if not _list_closed_later(tokens[i + 1 :], closers):
                break
            continue
        count += 1
        if count > _MAX_SCOPE_WORDS:
            break
        end = tok.end()
    return end


def _list_closed_later(tokens: list[re.Match[str]], closers: frozenset[str] | set[str]) -> bool:
    """True when a list closer ("or", "nor") follows before the clause ends."""
    for tok in tokens:
        low = tok.group(0).lower()
        if low in closers:
            return True
        if low in _HARD_STOPS or low in _STOP_WORDS:
            return False
    return False


def _split_items(scoped: str) -> list[str]:
    """'fever, chills or night sweats' -> ['fever', 'chills', 'night sweats']."""
    out: list[str] = []
    for part in _ITEM_SPLIT.split(f" {scoped} "):
        item = _ITEM_LEAD.sub("", part.strip().strip(",").strip()).strip()
        if item and item.lower() not in {"or", "and", "nor"}:
            out.append(" ".join(acronym_form(w) or w.lower() for w in item.split()))
    return out
