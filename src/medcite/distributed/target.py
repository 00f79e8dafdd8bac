"""The library a job writes into, named by a directory (embedded SQLite) or a PostgreSQL URL.

The job uses only the write API both stores share (``transaction()`` with ``upsert_prepared`` and
``delete``, ``doc_states``, ``rowids_for_chunks``, ``put_vectors``, ``pending_vectors``,
``document``, ``log_ingest``), spelled out below as a Protocol so nothing here depends on
either store's internals (a subset of :class:`medcite.library.protocol.LibraryStore`).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Protocol, cast

import numpy as np

from medcite.library.open import open_library
from medcite.library.postgres import is_database_url
from medcite.library.store import DocState, PreparedDoc
from medcite.records import Document


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
    return is_database_url(target)


def open_target(target: str, *, create: bool = True) -> TargetLibrary:
    """Open the library at `target`: a directory path or a ``postgresql://`` URL."""
    return cast(TargetLibrary, open_library(target, create=create))
