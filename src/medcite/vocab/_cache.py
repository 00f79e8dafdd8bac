"""Where the built index lives, and how it is reused, rebuilt or kept in memory.

The file name carries the fingerprint of the installed vocabulary packages, so upgrading one of
them makes the next process build a fresh file instead of reading a stale one. A new file is
written under a temporary name and renamed into place, so a reader never sees half a file and
two processes building at once simply race to the same result.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from ._build import VocabWarning, build_rows, load_sources
from ._sources import BUILDER_VERSION, Survey
from ._store import IndexRows, write_index

_PREFIX = "vocab-"
_SUFFIX = ".sqlite"
_KEEP_OLD = 2  # other cache files kept, e.g. for a second virtualenv sharing MEDCITE_HOME


def default_cache_dir() -> Path:
    """``$MEDCITE_HOME/cache`` if MEDCITE_HOME is set, else ``~/.medcite/cache`` (created)."""
    home = os.environ.get("MEDCITE_HOME")
    base = Path(home).expanduser() if home else Path.home() / ".medcite"
    path = base / "cache"
    # A failure is reported when the index is first written there, with the fallback taken.
    with contextlib.suppress(OSError):
        path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True, slots=True)
class OpenedIndex:
    """A connection to a built index, the file behind it (None when in memory), its metadata."""

    conn: sqlite3.Connection
    path: Path | None
    meta: dict[str, str]


def cache_path(cache_dir: Path, survey: Survey) -> Path:
    """The cache file for the installed sources."""
    return cache_dir / f"{_PREFIX}{survey.fingerprint()[:16]}{_SUFFIX}"


def open_or_build(survey: Survey, cache_dir: Path, *, rebuild: bool = False) -> OpenedIndex:
    """Open the cached index for ``survey``, building it first if missing, stale or unreadable."""
    path = cache_path(cache_dir, survey)
    if not rebuild and path.is_file():
        opened = _open_file(path, survey.fingerprint())
        if opened is not None:
            return opened
    rows, meta = build_rows_for(survey)
    try:
        _write_file(path, rows, meta)
    except (OSError, sqlite3.Error) as exc:
        warnings.warn(
            f"cannot write the vocabulary cache {path} ({exc}); using an in-memory index for "
            "this process. Point MEDCITE_HOME at a writable folder to keep it between runs.",
            VocabWarning,
            stacklevel=3,
        )
        return build_in_memory(rows, meta)
    _prune(cache_dir, keep=path)
    opened = _open_file(path, survey.fingerprint())
    return opened if opened is not None else build_in_memory(rows, meta)


def build_in_memory(rows: IndexRows, meta: dict[str, str]) -> OpenedIndex:
    """An index held in this process's memory only."""
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    write_index(conn, rows, meta)
    return OpenedIndex(conn, None, meta)


def build_rows_for(survey: Survey) -> tuple[IndexRows, dict[str, str]]:
    """Load the surveyed sources and turn them into rows and metadata."""
    loaded, failed = load_sources(survey.found)
    meta = {
        "fingerprint": survey.fingerprint(),
        "builder_version": str(BUILDER_VERSION),
        "sources_found": ",".join(name for name in loaded),
        "sources_missing": ",".join([*survey.missing, *failed]),
        "versions": json.dumps({f.source.name: f.version for f in survey.found}, sort_keys=True),
    }
    return build_rows(loaded), meta


def _open_file(path: Path, fingerprint: str) -> OpenedIndex | None:
    try:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        meta = {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM meta")}
    except sqlite3.Error:
        return None  # truncated or foreign file: rebuilt by the caller
    if meta.get("fingerprint") != fingerprint:
        conn.close()
        return None
    return OpenedIndex(conn, path, meta)


def _write_file(path: Path, rows: IndexRows, meta: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115  (closed at once; sqlite reopens it)
        dir=path.parent, prefix=f".{_PREFIX}", suffix=".tmp", delete=False
    )
    handle.close()
    tmp = Path(handle.name)
    try:
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            write_index(conn, rows, meta)
        finally:
            conn.close()
        tmp.chmod(0o644)  # the temporary file was created private; the cache need not be
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _prune(cache_dir: Path, keep: Path) -> None:
    """Delete all but the most recent few cache files of other fingerprints."""
    try:
        others = [(p.stat().st_mtime, p) for p in cache_dir.glob(f"{_PREFIX}*{_SUFFIX}")]
        others.sort(reverse=True)
        for _, old in [item for item in others if item[1] != keep][_KEEP_OLD:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # another process pruned first; an old file left behind is harmless
