"""Schema of the article store, applied by numbered migrations (portable SQL only).

Each migration is a list of statements run one by one, so the same migrations run on SQLite
and PostgreSQL. Append new migrations; never edit one that has shipped.
"""

from __future__ import annotations

from collections.abc import Callable

from medcite.articles.db import Database, Tx

Migration = Callable[[Tx], None]
MIGRATIONS: list[Migration] = []


def migration(fn: Migration) -> Migration:
    """Register a migration; they run in definition order, once each."""
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_articles(tx: Tx) -> None:
    for statement in (
        """CREATE TABLE articles(
            id TEXT PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            question TEXT NOT NULL,
            audience TEXT NOT NULL,
            title TEXT NOT NULL,
            status TEXT NOT NULL,
            version INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            stale_reason TEXT
        )""",
        "CREATE INDEX articles_status ON articles(status)",
        "CREATE INDEX articles_updated ON articles(updated_at)",
        """CREATE TABLE article_versions(
            article_id TEXT NOT NULL REFERENCES articles(id),
            version INTEGER NOT NULL,
            answer TEXT NOT NULL,
            passages TEXT NOT NULL,
            html TEXT NOT NULL,
            markdown TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            note TEXT NOT NULL,
            PRIMARY KEY(article_id, version)
        )""",
        """CREATE TABLE review_events(
            id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id),
            version INTEGER NOT NULL,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            from_status TEXT,
            to_status TEXT NOT NULL,
            comment TEXT NOT NULL
        )""",
        "CREATE INDEX review_events_article ON review_events(article_id, at)",
    ):
        tx.execute(statement)


@migration
def m002_users(tx: Tx) -> None:
    tx.execute(
        """CREATE TABLE users(
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL,
            key_id TEXT NOT NULL UNIQUE,
            key_salt TEXT NOT NULL,
            key_hash TEXT NOT NULL,
            created_at TEXT NOT NULL
        )"""
    )


def migrate(db: Database) -> int:
    """Apply pending migrations, each in its own transaction; returns the version reached."""
    with db.tx() as tx:
        tx.execute(
            "CREATE TABLE IF NOT EXISTS article_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)"
        )
        row = tx.one("SELECT value FROM article_meta WHERE key = 'schema_version'")
    current = int(row[0]) if row else 0
    for number, fn in enumerate(MIGRATIONS, start=1):
        if number <= current:
            continue
        with db.tx() as tx:
            fn(tx)
            tx.execute(
                "INSERT INTO article_meta(key, value) VALUES ('schema_version', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (str(number),),
            )
    return len(MIGRATIONS)
