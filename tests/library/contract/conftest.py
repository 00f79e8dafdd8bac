"""The contract suite's fixtures: every test runs once per backend (SQLite, PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from medcite.embed import get_embedder
from medcite.ingest.pipeline import Ingestor, IngestSummary
from medcite.library.open import open_library
from medcite.library.protocol import LibraryStore

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SOURCES = [FIXTURES / "library", FIXTURES / "readers"]
Opener = Callable[[], LibraryStore]


@pytest.fixture(params=["sqlite", "postgres"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where the library lives: a directory, or a fresh PostgreSQL database."""
    if request.param == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return str(tmp_path / "lib")


@pytest.fixture
def opener(target: str) -> Iterator[Opener]:
    """Opens more connections to the same library (another worker); all closed at the end."""
    opened: list[LibraryStore] = []

    def open_one() -> LibraryStore:
        opened.append(open_library(target))
        return opened[-1]

    yield open_one
    for lib in opened:
        lib.close()


@pytest.fixture
def store(opener: Opener) -> LibraryStore:
    return opener()


def ingest(lib: LibraryStore, *paths: Path) -> IngestSummary:
    """Ingest with the hash embedder (real vectors, no model download)."""
    return Ingestor(lib, get_embedder("hash"), use_worker=False).run(list(paths or SOURCES))


@pytest.fixture
def ingested(store: LibraryStore) -> LibraryStore:
    """The store with the reader and library fixtures ingested."""
    ingest(store)
    return store
