"""Text normalisation shared by the index builder and the query matcher.

Both sides must fold text the same way, or a label and a query phrase that a reader sees as equal
would never meet: lower case, accents removed, punctuation turned into spaces, and a simple plural
fold ("stones" -> "stone", "arteries" -> "artery").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

_WORD_RE = re.compile(r"[^\W_]+")
_PAREN_RE = re.compile(r"\s*[\(\[][^\)\]]*[\)\]]")
_SPACE_RE = re.compile(r"\s+")

# English function words plus the filler of clinical questions. A phrase made only of these never
# matches, and they never start a vocabulary match on their own.
_STOPWORD_LIST: tuple[str, ...] = tuple(
    """
    a about above after again against all also am an and any are as at be been before being
    below between both but by can could did do does doing down during each either else few for
    from further had has have having he her here hers herself him himself his how i if in into
    is it its itself just me more most my myself no nor not now of off on once only or other
    our ours ourselves out over own same she should so some such than that the their theirs
    them themselves then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your yours yourself
    yourselves may might must shall via per vs versus whether etc best better good bad usual
    usually common commonly new latest recent recommended recommendation recommendations treat
    treated treating treatment treatments therapy therapies manage management patient patients
    people person adult adults use used using effect effects effective risk risks cause causes
    caused sign signs help helps get need needs take taking
    """.split()
)

_SUFFIX_KEEP = ("ss", "us", "is", "as")


def strip_accents(text: str) -> str:
    """Drop combining marks so "paracétamol" and "paracetamol" fold together."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 16)
def fold_token(token: str) -> str:
    """Lower-case one token, drop its accents and fold a simple English plural.

    Acronyms written in capitals keep their final "s" ("AIDS" is not the plural of "AID"), but
    a lower-case one is a plural ("UTIs", "NSAIDs").
    Cached: the index build folds about two million tokens, mostly repeats.
    """
    word = token if token.isascii() else strip_accents(token)
    if word.isupper() and len(word) > 1:
        return word.lower()
    if len(word) > 2 and word.endswith("s") and word[:-1].isupper():
        return word[:-1].lower()
    word = word.lower()
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("s") and not word.endswith(_SUFFIX_KEEP):
        return word[:-1]
    return word


def fold_tokens(text: str) -> tuple[str, ...]:
    """Folded tokens of ``text``: the unit both labels and queries are compared in."""
    return tuple(map(fold_token, _WORD_RE.findall(text)))


def phrase_key(text: str) -> str:
    """The lookup key of a phrase: its folded tokens joined by single spaces."""
    return " ".join(fold_tokens(text))


# Folded forms too ("does" -> "doe"), since tokens are compared after folding.
STOPWORDS: frozenset[str] = frozenset(
    {*_STOPWORD_LIST, *(fold_token(word) for word in _STOPWORD_LIST)}
)


def content_tokens(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Tokens that are not stopwords, in order."""
    return tuple(tok for tok in tokens if tok not in STOPWORDS)


def is_stopword_phrase(tokens: tuple[str, ...]) -> bool:
    """True when every token is a stopword or a bare number."""
    return all(tok in STOPWORDS or tok.isdigit() for tok in tokens)


def drop_parentheticals(text: str) -> str:
    """Remove "(...)" and "[...]" asides: "Essential (primary) hypertension" -> "Essential ..."."""
    return _SPACE_RE.sub(" ", _PAREN_RE.sub("", text)).strip(" ,;")


def display_form(label: str) -> str:
    """How an expansion term is shown: lower case, except acronyms and mixed-case words ("COPD")."""
    words = _SPACE_RE.sub(" ", label.strip()).split(" ")
    return " ".join(word if _keeps_case(word) else word.lower() for word in words)


def _keeps_case(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return sum(ch.isupper() for ch in letters) >= 2 or (
        len(letters) > 1 and letters[0].islower() and any(ch.isupper() for ch in letters)
    )


class QueryToken(NamedTuple):
    """One token of a query: as written (for abbreviation checks), folded, and where it stands."""

    surface: str
    folded: str
    start: int
    end: int


def query_tokens(query: str) -> list[QueryToken]:
    """Tokenise a query, keeping each token's written form and character span."""
    return [
        QueryToken(m.group(), fold_token(m.group()), m.start(), m.end())
        for m in _WORD_RE.finditer(query)
    ]


def looks_like_abbreviation(surface: str, *, shouting: bool) -> bool:
    """Whether a token as written may stand for an abbreviation ("MI", "aPTT"; not "is", "Is").

    In a query typed all in capitals every word looks like an acronym, so there function words
    ("IS", "AS", "OR") are refused.
    """
    letters = [ch for ch in surface if ch.isalpha()]
    if len(surface) < 2 or not letters:
        return False
    if shouting and surface.lower() in STOPWORDS:
        return False
    upper = sum(ch.isupper() for ch in letters)
    return upper == len(letters) or upper >= 2
