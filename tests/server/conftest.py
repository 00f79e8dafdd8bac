"""Fixtures for the API tests: a tiny library (hash embedder), services and role keys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from medcite.articles import Role
from medcite.embed import get_embedder
from medcite.ingest.pipeline import Ingestor
from medcite.library.store import Library
from medcite.server import ServerConfig, build_services, create_app
from medcite.server.services import Services
from medcite.settings import load_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "server"


def build_library(path: Path, *files: Path) -> Path:
    """Ingest fixture files into a library at ``path`` with the hash embedder."""
    with Library.open(path) as lib:
        Ingestor(lib, get_embedder("hash"), use_worker=False).run(list(files))
    return path


@pytest.fixture(scope="session")
def library_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A shared read-only library for tests that do not ingest."""
    return build_library(tmp_path_factory.mktemp("srvlib") / "lib", FIXTURES / "library.jsonl")


def make_services(library: Path, tmp: Path, **config: object) -> Services:
    """Services over ``library`` with their own article database under ``tmp``."""
    settings = load_settings(library=library, embedder="hash")
    cfg = ServerConfig(articles_db=str(tmp / "articles.sqlite3"), workers=1, **config)  # type: ignore[arg-type]
    return build_services(settings, cfg)


class Api:
    """A TestClient plus one API key per role."""

    def __init__(self, client: TestClient, keys: dict[Role, str]) -> None:
        self.client = client
        self.keys = keys

    def auth(self, role: Role) -> dict[str, str]:
        """The Authorization header of the user with ``role``."""
        return {"Authorization": f"Bearer {self.keys[role]}"}


def make_api(services: Services) -> Iterator[Api]:
    keys = {role: services.users.add(f"{role.value}-user", role)[1] for role in Role}
    app = create_app(services.settings, services=services)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, keys)


@pytest.fixture
def api(library_dir: Path, tmp_path: Path) -> Iterator[Api]:
    """A private server (no anonymous access)."""
    yield from make_api(make_services(library_dir, tmp_path))


@pytest.fixture
def public_api(library_dir: Path, tmp_path: Path) -> Iterator[Api]:
    """A public-read server."""
    yield from make_api(make_services(library_dir, tmp_path, public_read=True))


@pytest.fixture
def library_factory() -> object:
    """``build_library(path, *files)`` for tests that ingest into their own library."""
    return build_library


@pytest.fixture
def services_for() -> object:
    """``make_services(library, tmp, **config)``."""
    return make_services


@pytest.fixture
def make_api_for(tmp_path: Path) -> Iterator[object]:
    """``make_api_for(library)``: an Api over another library (closed after the test)."""
    opened: list[Iterator[Api]] = []

    def build(library: Path) -> Api:
        gen = make_api(make_services(library, tmp_path))
        opened.append(gen)
        return next(gen)

    yield build
    for gen in opened:
        gen.close()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives the web page in headless Chromium (needs chromium + playwright)"
    )
