"""Word bags: the content words of a label or of a definition's head phrase.

A bag lets a query phrase match a concept without matching any of its names word for word.
"pars defect" names no HPO term, but Spondylolysis is defined as "an osseous defect of the pars
interarticularis": the head of that definition, reduced to its content words, holds both "pars"
and "defect". Heads are cut at the first clause boundary so a bag stays a short noun phrase
rather than a whole sentence of loosely related words.
"""

from __future__ import annotations

import re

from ._text import content_tokens, drop_parentheticals, fold_tokens

MIN_BAG = 2
MAX_BAG = 6

# "X is a ...", "Xs are ...", "X refers to ..." near the start of a definition.
_COPULA_RE = re.compile(r"^(?:[^,;:]*?)\b(?:is|are|refers to|describes)\s+", re.IGNORECASE)
_ARTICLE_RE = re.compile(r"^(?:an?|the|any)\s+", re.IGNORECASE)
_CLAUSE_RE = re.compile(
    r"[,;:.]|\b(?:that|which|who|whose|where|when|while|resulting|results|caused|due|"
    r"characteri[sz]ed|thought|leading|leads|associated|usually|often|typically|manifest\w*|"
    r"such|as|involving|because|whereby|defined|most|may|can|but|or|with)\b",
    re.IGNORECASE,
)
_MAX_COPULA_WORDS = 6


def definition_head(definition: str) -> tuple[str, ...] | None:
    """Content words of the noun phrase a definition opens with, or None if unusable."""
    sentence = drop_parentheticals(definition.split(". ", 1)[0])
    copula = _COPULA_RE.match(sentence)
    if copula and len(copula.group(0).split()) <= _MAX_COPULA_WORDS:
        sentence = sentence[copula.end() :]
    sentence = _ARTICLE_RE.sub("", sentence)
    clause = _CLAUSE_RE.search(sentence)
    head = sentence[: clause.start()] if clause else sentence
    return bag_of(head)


def bag_of(text: str) -> tuple[str, ...] | None:
    """Sorted distinct content words of ``text`` if there are between MIN_BAG and MAX_BAG."""
    words = tuple(sorted(set(content_tokens(fold_tokens(text)))))
    return words if MIN_BAG <= len(words) <= MAX_BAG else None
