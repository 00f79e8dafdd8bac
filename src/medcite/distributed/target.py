"""The library a job writes into, named by a directory (embedded SQLite) or a PostgreSQL URL.

The job uses only the write API both stores share (``transaction()`` with ``upsert_prepared`` and
``delete``, ``doc_states``, ``rowids_for_chunks``, ``put_vectors``, ``pending_vectors``,
``document``, ``log_ingest``), spelled out below as a Protocol so nothing here depends on
either store's internals.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol, cast

import numpy as np

from medcite.library.store import DocState, Library, PreparedDoc
from medcite.records import Document

SERVER_SCHEMES = ("postgresql://", "postgres://")


class WriteTransaction(Protocol):
    """One committed write batch."""

    def upsert_prepared(self, prepared: PreparedDoc) -> None: ...

    def delete(self, doc_ids: Sequence[str]) -> int: ...


class TargetLibrary(Protocol):
    """The part of a library's API that ingest needs."""

    def transaction(self) -> AbstractContextManager[WriteTransaction]: ...

    def doc_states(self, ids: Sequence[str]) -> dict[str, DocState]: ...

    def rowids_for_chunks(self, chunk_ids: Sequence[str]) -> list[int]: ...

    def put_vectors(self, model: str, rowids: Sequence[int], matrix: np.ndarray) -> None: ...

    def pending_vectors(self, model: str, limit: int) -> list[tuple[int, str]]: ...

    def document(self, doc_id: str) -> Document | None: ...

    def log_ingest(self, paths: Sequence[str], summary: dict[str, object]) -> None: ...

    def close(self) -> None: ...


def is_server(target: str) -> bool:
    """True for a PostgreSQL URL, False for a library directory."""
    return target.startswith(SERVER_SCHEMES)


def open_target(target: str, *, create: bool = True) -> TargetLibrary:
    """Open the library at `target`: a directory path or a ``postgresql://`` URL."""
    if not is_server(target):
        return cast(TargetLibrary, Library.open(Path(target).expanduser(), create=create))
    return cast(TargetLibrary, _server_factory()(target))


def _server_factory() -> Any:
    """The library factory that understands URLs, imported only when a URL is used."""
    try:
        module = importlib.import_module("medcite.library.open")
    except ImportError as exc:
        raise ValueError(
            "this medcite has no PostgreSQL backend (medcite.library.open): update medcite "
            f"and pip install 'medcite[postgres]' ({exc})"
        ) from exc
    return module.open_library
