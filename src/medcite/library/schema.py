"""SQLite schema of the embedded library, applied by numbered migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[Migration] = []


def migration(fn: Migration) -> Migration:
    """Register a migration; they run in definition order, once each."""
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_initial(conn: sqlite3.Connection) -> None:
    conn.executescript(
        """
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE documents(
            id TEXT PRIMARY KEY,
            source_type TEXT NOT NULL,
            title TEXT NOT NULL,
            journal TEXT, publisher TEXT,
            year INTEGER, published TEXT,
            url TEXT, pmid TEXT, doi TEXT, pmcid TEXT, language TEXT,
            evidence_level TEXT NOT NULL,
            retracted INTEGER NOT NULL DEFAULT 0,
            version TEXT NOT NULL DEFAULT '',
            content_hash TEXT NOT NULL,
            origin TEXT NOT NULL DEFAULT '',
            data TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX documents_pmid ON documents(pmid);
        CREATE TABLE chunks(
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            title TEXT NOT NULL,
            section TEXT NOT NULL,
            text TEXT NOT NULL,
            grade TEXT
        );
        CREATE INDEX chunks_doc ON chunks(doc_id);
        -- External-content FTS5 index kept in step by triggers (SQLite 3.40 has no
        -- contentless_delete); porter stemming so 'fractures' finds 'fracture'.
        CREATE VIRTUAL TABLE chunks_fts USING fts5(
            title, section, text, content='chunks', content_rowid='rowid',
            tokenize='porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER chunks_ai AFTER INSERT ON chunks BEGIN
            INSERT INTO chunks_fts(rowid, title, section, text)
            VALUES (new.rowid, new.title, new.section, new.text);
        END;
        CREATE TRIGGER chunks_ad AFTER DELETE ON chunks BEGIN
            INSERT INTO chunks_fts(chunks_fts, rowid, title, section, text)
            VALUES ('delete', old.rowid, old.title, old.section, old.text);
        END;
        CREATE TABLE vectors(
            chunk_rowid INTEGER PRIMARY KEY REFERENCES chunks(rowid) ON DELETE CASCADE,
            model TEXT NOT NULL,
            vec BLOB NOT NULL
        );
        CREATE TABLE ingest_log(
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            paths TEXT NOT NULL,
            summary TEXT
        );
        """
    )


@migration
def m002_vector_model_index(conn: sqlite3.Connection) -> None:
    # "Which models have vectors here?" is asked on every search start-up; without an index it
    # read every vector blob.
    conn.execute("CREATE INDEX IF NOT EXISTS vectors_model ON vectors(model)")


def migrate(conn: sqlite3.Connection) -> int:
    """Apply pending migrations; returns the schema version reached."""
    conn.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    current = int(row[0]) if row else 0
    for number, fn in enumerate(MIGRATIONS, start=1):
        if number <= current:
            continue
        with conn:
            fn(conn)
            conn.execute(
                "INSERT INTO meta(key, value) VALUES('schema_version', ?) "
                "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (str(number),),
            )
    return len(MIGRATIONS)
