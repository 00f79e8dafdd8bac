"""Shared CLI plumbing: settings, library opening, errors as messages (never tracebacks)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console

from medcite.embed import (
    Embedder,
    EmbedderUnavailable,
    embedder_for_models,
    get_embedder,
    searchable_embedder,
)
from medcite.library.open import open_library as open_store
from medcite.library.pg_embedded import EmbeddedPostgresError
from medcite.library.protocol import LibraryStore
from medcite.library.store import LibraryError
from medcite.settings import Settings, SettingsError, database_url_of, load_settings

err_console = Console(stderr=True)
out_console = Console()

LibraryOpt = typer.Option(
    None,
    "--library",
    "-l",
    help="Library directory (default: $MEDCITE_HOME/library) or a postgresql:// URL "
    "(default: $MEDCITE_DATABASE_URL when set).",
)
JsonOpt = typer.Option(False, "--json", help="Write machine-readable JSON to stdout.")

USER_ERRORS: tuple[type[Exception], ...] = (
    LibraryError,
    EmbeddedPostgresError,
    SettingsError,
    EmbedderUnavailable,
    FileNotFoundError,
    ValueError,
)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print an error that says what went wrong and how to fix it, then exit."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, markup=True)
    raise typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn expected failures into one-line messages with exit code 2."""
    try:
        yield
    except USER_ERRORS as exc:
        fail(str(exc))


def settings_for(library: Path | None, **overrides: Any) -> Settings:
    """Settings with flags applied."""
    if library is not None and database_url_of(library) is None:
        # A directory flag beats MEDCITE_DATABASE_URL from the environment.
        overrides.setdefault("database_url", "")
    with user_errors():
        return load_settings(library=library, **overrides)


def open_library(settings: Settings, *, create: bool) -> LibraryStore:
    """Open the library the settings point at: a directory, or PostgreSQL by URL."""
    with user_errors():
        return open_store(settings.library_target, create=create, cache_dir=settings.library_dir)


def embedder_for(settings: Settings, library: LibraryStore | None = None) -> Embedder | None:
    """The configured embedder, or None when disabled or when `library` holds no vectors for it."""
    if settings.embedder == "none":
        return None
    with user_errors():
        if library is None:
            return get_embedder(settings.embedder)
        return searchable_embedder(settings.embedder, library.vector_models())


def ingest_embedder(settings: Settings, library: LibraryStore) -> Embedder | None:
    """The embedder for new passages: the library's own model, or the configured one."""
    if settings.embedder == "none":
        return None
    with user_errors():
        return embedder_for_models(settings.embedder, library.vector_models())


def print_json(data: Any) -> None:
    """JSON to stdout, one document, UTF-8."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def run_guarded(fn: Callable[[], None]) -> None:
    """Run a command body with user errors turned into messages."""
    with user_errors():
        fn()
