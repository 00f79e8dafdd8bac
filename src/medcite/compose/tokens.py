"""Lexical helpers shared by the composer and the verifier: tokens, numbers, overlap measures.

Both stages must tokenise identically: the verifier re-checks the composer's sentences, and an
extractive sentence has to score full support against the passage it was copied from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[a-z][a-z0-9]*")
_NUMBER = re.compile(r"(?<![A-Za-z])\d+(?:[.,]\d+)*")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")

STOPWORDS: frozenset[str] = frozenset(
    """
    a about above after again all also am an and any are as at be been before being below
    between both but by can could did do does doing down during each few for from further had
    has have having he her here hers him his how i if in into is it its itself just me more most
    my no nor not of off on once only or other our ours out over own same she should so some
    such than that the their theirs them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your
    may might must shall us per via within without among whether either neither yet
    however therefore thus overall although though
    """.split()
)

#: Words that negate a clause; a claim and its support must agree on negation.
NEGATIONS: frozenset[str] = frozenset({"not", "no", "never", "without", "neither", "nor", "cannot"})

# Small number words so "six months" and "6 months" meet; larger ones are rare in claims.
_NUMBER_WORDS: dict[str, str] = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
}


def stem(word: str) -> str:
    """Crude suffix stripping so that plurals and common inflections meet.

    Deliberately lighter than Porter: over-stemming would let unrelated claims look supported.
    A final 'e' is dropped so that 'brace', 'braced' and 'bracing' share one stem.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "xes", "zes", "ches", "shes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Lower-cased word and number tokens in order; '1,054' becomes '1054'."""
    out: list[str] = []
    for tok in _TOKEN.findall(text.lower()):
        if tok[0].isdigit():
            out.append(normalise_number(tok))
        else:
            out.append(_NUMBER_WORDS.get(tok, tok))
    return out


def content_tokens(text: str) -> frozenset[str]:
    """Stemmed tokens without stopwords: what a claim is about."""
    return frozenset(stem(t) for t in tokens(text) if t not in STOPWORDS)


def normalise_number(raw: str) -> str:
    """'1,054' -> '1054', '4.80' -> '4.8', '07' -> '7', '1,5' -> '1.5': equal values meet."""
    text = raw.replace(",", "") if _THOUSANDS.fullmatch(raw) else raw.replace(",", ".")
    whole, _, frac = text.partition(".")
    whole = whole.lstrip("0") or "0"
    frac = frac.rstrip("0")
    return f"{whole}.{frac}" if frac else whole


def numbers(text: str) -> frozenset[str]:
    """Numeric values in a text (digits and small number words), normalised.

    Digits glued to letters ('L5', 'T12') are anatomy, not quantities, and are left out.
    """
    found = {normalise_number(m) for m in _NUMBER.findall(text)}
    found.update(_NUMBER_WORDS[t] for t in _TOKEN.findall(text.lower()) if t in _NUMBER_WORDS)
    return frozenset(found)


def has_negation(text: str) -> bool:
    """True when the text contains a negating word."""
    return any(t in NEGATIONS for t in tokens(text)) or "n't" in text.lower()


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Token-set Jaccard similarity (0 for two empty sets)."""
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set contained in the other: catches a sentence quoted inside another."""
    small = min(len(a), len(b))
    if small == 0:
        return 0.0
    return len(a & b) / small


def recall(claim: frozenset[str], passage: frozenset[str]) -> float:
    """Share of the claim's content tokens found in the passage."""
    if not claim:
        return 0.0
    return len(claim & passage) / len(claim)


def any_match(patterns: Iterable[re.Pattern[str]], text: str) -> bool:
    """True when any pattern matches the text."""
    return any(p.search(text) for p in patterns)
