"""Fixtures for the article store tests: a real answer (and hits) from a tiny library."""

from __future__ import annotations

from pathlib import Path

import pytest

from medcite.answering import Answerer
from medcite.articles import ArticleStore, Database
from medcite.embed import get_embedder
from medcite.ingest.pipeline import Ingestor
from medcite.library.store import Library
from medcite.records import Answer, Hit
from medcite.retrieval import Searcher

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "server"


@pytest.fixture
def library(tmp_path: Path) -> Library:
    lib = Library.open(tmp_path / "lib")
    Ingestor(lib, get_embedder("hash"), use_worker=False).run([FIXTURES / "library.jsonl"])
    return lib


@pytest.fixture
def searcher(library: Library) -> Searcher:
    return Searcher(library, get_embedder("hash"))


@pytest.fixture
def answered(searcher: Searcher) -> tuple[Answer, list[Hit]]:
    return Answerer(searcher).ask_with_evidence("What is the treatment for pars defect?")


@pytest.fixture(params=["sqlite", "postgres"])
def article_db(request: pytest.FixtureRequest, tmp_path: Path) -> Database:
    """The article database on each backend: SQLite beside the library, PostgreSQL by URL."""
    if request.param == "postgres":
        return Database(request.getfixturevalue("pg_url"))
    return Database(tmp_path / "articles.sqlite3")


@pytest.fixture
def store(article_db: Database) -> ArticleStore:
    return ArticleStore(article_db)
