"""One factory for every caller: a directory opens the embedded library, a URL PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from medcite.library.postgres import PostgresLibrary, is_database_url
from medcite.library.protocol import LibraryStore
from medcite.library.store import Library


def open_library(
    target: str | Path, *, create: bool = True, cache_dir: Path | None = None
) -> LibraryStore:
    """Open the library at `target`: a directory (SQLite) or a `postgresql://` URL.

    `cache_dir` is where a PostgreSQL library keeps local side files (the PubMed fetch cache);
    a directory library keeps them inside itself.
    """
    if is_database_url(target):
        return PostgresLibrary.open(str(target), create=create, cache_dir=cache_dir)
    return Library.open(Path(target).expanduser(), create=create)
