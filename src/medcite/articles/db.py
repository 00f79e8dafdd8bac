"""A small portable database layer: SQLite by default, PostgreSQL when given a postgres URL.

All SQL in the article store is written once with ``?`` placeholders and portable syntax
(TEXT/INTEGER columns, ``INSERT ... ON CONFLICT``, no AUTOINCREMENT, ids made by the
application). Everything that differs between the engines lives here: connecting, the
SQLite PRAGMAs (WAL, busy timeout) and the placeholder style of psycopg (``%s``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

Row = tuple[Any, ...]
ARTICLE_LOCK = 0x61727463  # "artc": the advisory lock that serialises article transactions


class DatabaseError(RuntimeError):
    """The article database could not be opened or used; the message says how to fix it."""


class Cursor(Protocol):
    """The part of a DB-API cursor the store uses."""

    rowcount: int

    def execute(self, sql: str, params: Sequence[Any] = ...) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Tx:
    """One transaction: ``execute`` and friends with portable ``?`` placeholders."""

    def __init__(self, cursor: Cursor, postgres: bool) -> None:
        self._cursor = cursor
        self._postgres = postgres

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; returns the number of rows changed."""
        self._cursor.execute(self._sql(sql), tuple(params))
        return int(self._cursor.rowcount or 0)

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """The first row of a query, or None."""
        self._cursor.execute(self._sql(sql), tuple(params))
        row = self._cursor.fetchone()
        return tuple(row) if row is not None else None

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """All rows of a query."""
        self._cursor.execute(self._sql(sql), tuple(params))
        return [tuple(r) for r in self._cursor.fetchall()]

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self._postgres else sql


class Database:
    """Opens a short-lived connection per unit of work, so any thread may use the store."""

    def __init__(self, target: str | Path) -> None:
        self.target = str(target)
        self.postgres = self.target.startswith(("postgres://", "postgresql://"))
        if not self.postgres:
            Path(self.target).expanduser().parent.mkdir(parents=True, exist_ok=True)

    @contextmanager
    def tx(self) -> Iterator[Tx]:
        """A transaction that commits on clean exit and rolls back on error."""
        conn = self._connect()
        try:
            cursor = conn.cursor()
            if self.postgres:
                # The same guarantee as SQLite's BEGIN IMMEDIATE: one unit of work at a time.
                # A review reads the status, checks the transition and writes; under READ
                # COMMITTED two reviewers could both read "submitted" and one update would be
                # lost. Units of work are a few short statements, so serialising them is cheap.
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", (ARTICLE_LOCK,))
            else:
                conn.execute(
                    "BEGIN IMMEDIATE"
                )  # take the write lock up front: no upgrade deadlocks
            yield Tx(cursor, self.postgres)
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            conn.close()

    def _connect(self) -> Any:
        if self.postgres:
            return _connect_postgres(self.target)
        try:
            conn = sqlite3.connect(
                Path(self.target).expanduser(), timeout=30.0, isolation_level=None
            )
        except sqlite3.Error as exc:
            raise DatabaseError(f"cannot open article database {self.target}: {exc}") from exc
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=30000")
        return conn


def _connect_postgres(url: str) -> Any:
    try:
        import psycopg  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        raise DatabaseError(
            "a PostgreSQL article database needs psycopg: pip install 'psycopg[binary]'"
        ) from exc
    try:
        return psycopg.connect(url)
    except Exception as exc:  # the driver's own error types vary by version
        raise DatabaseError(
            f"cannot connect to the article database {url.split('@')[-1]}: {str(exc).strip()} "
            "(is the server running and the URL right? check MEDCITE_ARTICLES_DB or "
            "MEDCITE_DATABASE_URL)"
        ) from exc
