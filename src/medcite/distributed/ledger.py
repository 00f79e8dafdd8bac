"""The job ledger: one row per input file in the target library, so a job can resume.

``ingest_files`` lives beside the documents it describes (same SQLite file, same PostgreSQL
database), so "which files are in this library" survives any driver, worker or cluster. A file
is keyed by the SHA-256 of its bytes: the same file under another path is not ingested again, a
changed file with the same name is. Status goes ``running`` -> ``done`` (or ``failed``, retried
by the next run). ``deletions`` keeps the ids a file's DeleteCitation elements name; they are
applied once every file of the job is in, in file-name order (see :mod:`medcite.distributed.job`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from medcite.distributed.records import Counts, SourceFile
from medcite.distributed.target import is_server
from medcite.library.store import DB_NAME

RUNNING, DONE, FAILED = "running", "done", "failed"

_COUNT_COLUMNS = ("records", "added", "updated", "unchanged", "older", "chunks", "embedded")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS ingest_files(
    sha256 TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    bytes BIGINT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    worker TEXT,
    started TEXT,
    finished TEXT,
    records INTEGER NOT NULL DEFAULT 0,
    added INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    older INTEGER NOT NULL DEFAULT 0,
    chunks INTEGER NOT NULL DEFAULT 0,
    embedded INTEGER NOT NULL DEFAULT 0,
    bad_records INTEGER NOT NULL DEFAULT 0,
    deletions TEXT NOT NULL DEFAULT '[]',
    deletions_applied INTEGER NOT NULL DEFAULT 0,
    error TEXT
)
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class LedgerRow:
    """One file as the ledger knows it."""

    sha256: str
    path: str
    status: str
    attempts: int
    worker: str | None
    started: str | None
    finished: str | None
    counts: Counts
    bad_records: int
    error: str | None

    def as_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "sha256": self.sha256,
            "path": self.path,
            "status": self.status,
            "attempts": self.attempts,
            "worker": self.worker,
            "started": self.started,
            "finished": self.finished,
            **self.counts.as_dict(),
            "bad_records": self.bad_records,
            "error": self.error,
        }


_ROW_SQL = (
    "SELECT sha256, path, status, attempts, worker, started, finished, "
    f"{', '.join(_COUNT_COLUMNS)}, bad_records, error FROM ingest_files"
)


def _row(r: Sequence[Any]) -> LedgerRow:
    counts = Counts(**{c: int(r[7 + i]) for i, c in enumerate(_COUNT_COLUMNS)})
    n = 7 + len(_COUNT_COLUMNS)
    return LedgerRow(
        sha256=r[0], path=r[1], status=r[2], attempts=int(r[3]), worker=r[4], started=r[5],
        finished=r[6], counts=counts, bad_records=int(r[n]), error=r[n + 1],
    )  # fmt: skip


class Ledger:
    """``ingest_files`` in a SQLite library or a PostgreSQL database. Open with :meth:`open`."""

    def __init__(self, conn: Any, *, placeholder: str) -> None:
        self._conn = conn
        self._ph = placeholder
        self._exec(_SCHEMA)

    @classmethod
    def open(cls, target: str) -> Ledger:
        """The ledger of the library at `target` (directory or ``postgresql://`` URL)."""
        if is_server(target):
            import psycopg  # the PostgreSQL extra; only imported for a URL

            return cls(psycopg.connect(target, autocommit=True), placeholder="%s")
        path = Path(target).expanduser()
        path.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(
            path / DB_NAME, timeout=30.0, isolation_level=None, check_same_thread=False
        )
        conn.execute("PRAGMA busy_timeout=30000")
        return cls(conn, placeholder="?")

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def _exec(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        cur = self._conn.execute(sql.replace("?", self._ph), params)
        return list(cur.fetchall()) if cur.description else []

    def get(self, sha256: str) -> LedgerRow | None:
        """The row of one file, or None."""
        rows = self._exec(f"{_ROW_SQL} WHERE sha256 = ?", (sha256,))
        return _row(rows[0]) if rows else None

    def rows(self) -> list[LedgerRow]:
        """Every file, by path."""
        return [_row(r) for r in self._exec(f"{_ROW_SQL} ORDER BY path, sha256")]

    def done(self, shas: Iterable[str]) -> set[str]:
        """Those of `shas` whose file is done."""
        wanted = list(dict.fromkeys(shas))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            marks = ",".join("?" * len(part))
            sql = f"SELECT sha256 FROM ingest_files WHERE status = ? AND sha256 IN ({marks})"
            found.update(r[0] for r in self._exec(sql, (DONE, *part)))
        return found

    def start(self, file: SourceFile, worker: str) -> None:
        """A worker (or the driver, for it) starts the file: one more attempt."""
        self._exec(
            "INSERT INTO ingest_files(sha256, path, bytes, status, attempts, worker, started) "
            "VALUES (?, ?, ?, ?, 1, ?, ?) ON CONFLICT(sha256) DO UPDATE SET "
            "path = excluded.path, status = excluded.status, worker = excluded.worker, "
            "started = excluded.started, attempts = ingest_files.attempts + 1, error = NULL",
            (file.sha256, file.path, file.size, RUNNING, worker, _now()),
        )

    def finish(
        self,
        file: SourceFile,
        worker: str,
        counts: Counts,
        *,
        deletions: Sequence[str],
        bad_records: int,
    ) -> None:
        """Every record of the file is committed: mark it done with what happened."""
        values = [getattr(counts, c) for c in _COUNT_COLUMNS]
        self._exec(
            "INSERT INTO ingest_files(sha256, path, bytes, status, attempts) "
            "VALUES (?, ?, ?, ?, 1) ON CONFLICT(sha256) DO NOTHING",
            (file.sha256, file.path, file.size, RUNNING),
        )
        self._exec(
            f"UPDATE ingest_files SET status = ?, worker = ?, finished = ?, "
            f"{', '.join(f'{c} = ?' for c in _COUNT_COLUMNS)}, bad_records = ?, deletions = ?, "
            "deletions_applied = 0, error = NULL WHERE sha256 = ?",
            (DONE, worker, _now(), *values, bad_records, json.dumps(list(deletions)), file.sha256),
        )

    def fail(self, file: SourceFile, error: str) -> None:
        """The file could not be ingested (after Dask's retries); the next run retries it."""
        self._exec(
            "INSERT INTO ingest_files(sha256, path, bytes, status, attempts, error) "
            "VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT(sha256) DO UPDATE SET status = excluded.status, "
            "error = excluded.error",
            (file.sha256, file.path, file.size, FAILED, error[:4000]),
        )

    def pending_deletions(self) -> list[tuple[str, str, list[str]]]:
        """(sha256, path, ids) of done files whose deletions are not applied yet."""
        rows = self._exec(
            "SELECT sha256, path, deletions FROM ingest_files WHERE status = ? "
            "AND deletions_applied = 0 AND deletions <> '[]'",
            (DONE,),
        )
        return [(r[0], r[1], list(json.loads(r[2]))) for r in rows]

    def mark_deletions_applied(self, sha256: str) -> None:
        """The file's deletions are in the library."""
        self._exec("UPDATE ingest_files SET deletions_applied = 1 WHERE sha256 = ?", (sha256,))
