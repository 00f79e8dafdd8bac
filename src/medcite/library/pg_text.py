"""Translate the FTS5 MATCH expressions the retrieval layer builds into PostgreSQL terms.

`retrieval.lexical.match_expression` writes `"word" OR "two words" OR ...`: quoted phrases
joined by OR, quotes doubled inside a phrase. Each phrase becomes one
`phraseto_tsquery('english', phrase)` in the PostgreSQL store (words in order, stemmed, with
English stopwords dropped, like FTS5's porter tokenizer), and the phrases are OR-ed.
"""

from __future__ import annotations

import re

_PHRASE = re.compile(r'"((?:[^"]|"")*)"')


def parse_match(expression: str) -> list[str]:
    """The phrases of an FTS5 OR expression, in order, without duplicates.

    Unquoted words (a hand-written expression) are taken one by one; the operators OR, AND
    and NOT are dropped, so any expression degrades to an OR of its words, never an error.
    """
    phrases: list[str] = []
    for match in _PHRASE.finditer(expression):
        phrases.append(match.group(1).replace('""', '"'))
    for word in _PHRASE.sub(" ", expression).split():
        if word.upper() not in {"OR", "AND", "NOT", "NEAR"}:
            phrases.append(word.strip("()*^:"))
    return [p for p in dict.fromkeys(p.strip() for p in phrases) if p]
