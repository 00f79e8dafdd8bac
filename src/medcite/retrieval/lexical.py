"""Lexical side: turn a query (and its synonyms) into a safe FTS5 MATCH expression."""

from __future__ import annotations

import re

# Function words and question scaffolding carry no topical signal for BM25.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "may",
        "me",
        "might",
        "my",
        "no",
        "nor",
        "not",
        "of",
        "on",
        "or",
        "our",
        "should",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "about",
        "after",
        "again",
        "against",
        "all",
        "also",
        "any",
        "because",
        "before",
        "between",
        "both",
        "during",
        "each",
        "few",
        "further",
        "here",
        "more",
        "most",
        "other",
        "own",
        "same",
        "some",
        "such",
        "too",
        "very",
        "just",
        "over",
        "under",
        "up",
        "down",
        "out",
        "off",
        "once",
        "only",
        "s",
        "t",
        "year",
        "old",
        "yo",
        "patient",
        "patients",
        "please",
        "tell",
        "explain",
        "describe",
    ]
)
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*")


def tokens(text: str) -> list[str]:
    """Lower-case content tokens of `text`, stopwords removed, order kept, no duplicates."""
    out: list[str] = []
    for raw in _TOKEN.findall(text.lower()):
        for tok in raw.replace("'", " ").split("-") if "-" in raw else [raw.replace("'", "")]:
            if len(tok) > 1 and tok not in STOPWORDS and tok not in out:
                out.append(tok)
    return out


def _quote(term: str) -> str:
    # FTS5 string literals neutralise operators (AND, NEAR, *, :) a user may type.
    return '"' + term.replace('"', '""') + '"'


def match_expression(query: str, phrases: list[str] | None = None) -> str | None:
    """OR-query of the query's tokens plus each synonym phrase; None when nothing is searchable."""
    parts = [_quote(t) for t in tokens(query)]
    for phrase in phrases or []:
        words = tokens(phrase)
        if words:
            parts.append(_quote(" ".join(words)))
    unique = list(dict.fromkeys(parts))
    return " OR ".join(unique) if unique else None
