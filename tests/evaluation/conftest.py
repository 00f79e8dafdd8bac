"""Fixtures for the evaluation suites: the tiny data slices, a hash-embedded library, fakes."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from medcite.answering import Answerer
from medcite.embed import get_embedder
from medcite.ingest.pipeline import Ingestor
from medcite.library.store import Library
from medcite.retrieval import Searcher

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"


@pytest.fixture
def eval_data() -> Path:
    """tests/fixtures/evaluation: tiny slices in the real data sets' formats."""
    return FIXTURES / "evaluation"


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    """A library of the five fixture passages, with hash-embedder vectors."""
    where = tmp_path / "library"
    with Library.open(where) as lib:
        Ingestor(lib, get_embedder("hash"), use_worker=False).run([FIXTURES / "library"])
    return where


@pytest.fixture
def library(library_dir: Path) -> Iterator[Library]:
    """The fixture library, open."""
    lib = Library.open(library_dir, create=False)
    yield lib
    lib.close()


@pytest.fixture
def searcher(library: Library) -> Searcher:
    """Hybrid search over the fixture library (no synonym expansion: fast and deterministic)."""
    return Searcher(library, get_embedder("hash"), expand=False)


@pytest.fixture
def answerer(searcher: Searcher) -> Answerer:
    """The extractive answerer over the fixture library."""
    return Answerer(searcher)


def _load_server_module() -> ModuleType:
    name = "medcite_tests_fake_openai_server"
    if name in sys.modules:
        return sys.modules[name]
    path = HERE.parent / "llm" / "fake_openai_server.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def fake_server() -> Iterator[Any]:
    """A real local OpenAI-compatible server with scripted replies."""
    server = _load_server_module().FakeOpenAIServer()
    server.start()
    yield server
    server.stop()
