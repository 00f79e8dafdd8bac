"""The compact SQLite file that holds the built index, and the few queries run against it.

SQLite rather than a pickle: opening the file costs about a millisecond whatever its size, and
each query reads only the rows it needs, so a CLI pays nothing for the 200k labels it never uses.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE concept (
    id INTEGER PRIMARY KEY, source TEXT NOT NULL, code TEXT NOT NULL, definition TEXT
);
CREATE TABLE label (
    concept INTEGER NOT NULL, pos INTEGER NOT NULL, text TEXT NOT NULL, key TEXT NOT NULL,
    kind TEXT NOT NULL, match_w REAL NOT NULL, out_w REAL NOT NULL,
    PRIMARY KEY (concept, pos)
) WITHOUT ROWID;
CREATE TABLE abbrev (abbr TEXT PRIMARY KEY, meanings TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE bag (id INTEGER PRIMARY KEY, concept INTEGER NOT NULL, tokens TEXT NOT NULL);
CREATE TABLE bag_token (token TEXT NOT NULL, bag INTEGER NOT NULL, PRIMARY KEY (token, bag))
    WITHOUT ROWID;
CREATE TABLE bag_df (token TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
"""
INDEXES = "CREATE INDEX label_by_key ON label (key);"

# Meanings of one abbreviation are stored in one column, joined by the ASCII unit separator.
_SEP = "\x1f"


class ConceptRow(NamedTuple):
    """A row of ``concept``."""

    id: int
    source: str
    code: str
    definition: str | None


class LabelRow(NamedTuple):
    """A row of ``label``: one name of a concept with its lookup key and weights."""

    concept: int
    pos: int
    text: str
    key: str
    kind: str
    match_w: float
    out_w: float


class BagRow(NamedTuple):
    """A set of content words that stands for a concept (a label or a definition's head)."""

    id: int
    concept: int
    tokens: tuple[str, ...]


@dataclass(slots=True)
class IndexRows:
    """Everything the builder writes."""

    concepts: list[ConceptRow]
    labels: list[LabelRow]
    abbreviations: dict[str, tuple[str, ...]]
    bags: list[BagRow]


@dataclass(frozen=True, slots=True)
class ConceptView:
    """A concept as read back for expansion: its source and all its labels in order."""

    id: int
    source: str
    code: str
    labels: tuple[LabelRow, ...]


def write_index(conn: sqlite3.Connection, rows: IndexRows, meta: Mapping[str, str]) -> None:
    """Create the schema in an empty database and fill it."""
    conn.executescript(SCHEMA)
    with conn:
        conn.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        conn.executemany("INSERT INTO concept VALUES (?, ?, ?, ?)", rows.concepts)
        conn.executemany("INSERT INTO label VALUES (?, ?, ?, ?, ?, ?, ?)", rows.labels)
        conn.executemany(
            "INSERT INTO abbrev VALUES (?, ?)",
            ((abbr, _SEP.join(means)) for abbr, means in rows.abbreviations.items()),
        )
        conn.executemany(
            "INSERT INTO bag VALUES (?, ?, ?)",
            ((bag.id, bag.concept, " ".join(bag.tokens)) for bag in rows.bags),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO bag_token VALUES (?, ?)",
            ((token, bag.id) for bag in rows.bags for token in set(bag.tokens)),
        )
        conn.execute("INSERT INTO bag_df SELECT token, COUNT(*) FROM bag_token GROUP BY token")
    conn.executescript(INDEXES)


class VocabStore:
    """Read-only queries over a built index. Not thread-safe: the caller holds a lock."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def close(self) -> None:
        """Close the underlying connection."""
        self._conn.close()

    def meta(self) -> dict[str, str]:
        """The build's metadata (fingerprint, sources found and missing)."""
        return {str(k): str(v) for k, v in self._conn.execute("SELECT key, value FROM meta")}

    def label_hits(self, keys: Iterable[str]) -> list[LabelRow]:
        """Matchable labels whose key is one of ``keys``."""
        wanted = sorted(set(keys))
        if not wanted:
            return []
        marks = ",".join("?" * len(wanted))
        sql = f"SELECT * FROM label WHERE key IN ({marks}) AND match_w > 0"
        return [LabelRow(*row) for row in self._conn.execute(sql, wanted)]

    def concepts(self, ids: Iterable[int]) -> dict[int, ConceptView]:
        """Concepts by id, each with all its labels in their stored order."""
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        marks = ",".join("?" * len(wanted))
        heads = self._conn.execute(
            f"SELECT id, source, code FROM concept WHERE id IN ({marks})",
            wanted,
        ).fetchall()
        labels: dict[int, list[LabelRow]] = {cid: [] for cid in wanted}
        sql = f"SELECT * FROM label WHERE concept IN ({marks}) ORDER BY concept, pos"
        for row in self._conn.execute(sql, wanted):
            labels[row[0]].append(LabelRow(*row))
        return {
            cid: ConceptView(cid, source, code, tuple(labels[cid])) for cid, source, code in heads
        }

    def abbreviation(self, abbr: str) -> tuple[str, ...]:
        """Meanings of an abbreviation as written, best first; () if unknown."""
        row = self._conn.execute("SELECT meanings FROM abbrev WHERE abbr = ?", (abbr,)).fetchone()
        return tuple(str(row[0]).split(_SEP)) if row else ()

    def bag_counts(self, tokens: Iterable[str]) -> dict[str, int]:
        """How many bags hold each token (0 for a token in none)."""
        wanted = sorted(set(tokens))
        counts = dict.fromkeys(wanted, 0)
        if wanted:
            marks = ",".join("?" * len(wanted))
            sql = f"SELECT token, n FROM bag_df WHERE token IN ({marks})"
            counts.update((str(tok), int(n)) for tok, n in self._conn.execute(sql, wanted))
        return counts

    def bags_with(self, token: str, limit: int) -> list[BagRow]:
        """Up to ``limit`` bags that contain ``token``."""
        sql = (
            "SELECT bag.id, bag.concept, bag.tokens FROM bag_token "
            "JOIN bag ON bag.id = bag_token.bag WHERE bag_token.token = ? LIMIT ?"
        )
        return [
            BagRow(bid, cid, tuple(str(tokens).split()))
            for bid, cid, tokens in self._conn.execute(sql, (token, limit))
        ]

    def definitions(self, concept_ids: Sequence[int]) -> dict[int, str]:
        """Definitions of the given concepts (those that have one)."""
        if not concept_ids:
            return {}
        marks = ",".join("?" * len(concept_ids))
        sql = f"SELECT id, definition FROM concept WHERE id IN ({marks}) AND definition IS NOT NULL"
        return {int(cid): str(text) for cid, text in self._conn.execute(sql, list(concept_ids))}
