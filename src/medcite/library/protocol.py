"""The store protocol every library backend satisfies (embedded SQLite, PostgreSQL).

Ingest, search, answering, the server and migration only use these methods, so a backend
is chosen by a path or a URL (:func:`medcite.library.open_library`) and nothing else changes.
The contract suite in ``tests/library/contract/`` runs the same tests against every backend.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from medcite.library.store import ChunkMeta, ChunkRow, DocState, PreparedDoc
from medcite.records import Chunk, Document, SearchFilters


class WriteTransaction(Protocol):
    """One write batch; commits on clean exit, rolls back on error or interrupt."""

    changed: bool

    def __enter__(self) -> WriteTransaction: ...

    def __exit__(self, exc_type: object, *rest: object) -> None: ...

    def upsert(self, doc: Document, chunks: Sequence[Chunk], content_hash: str) -> None:
        """Insert or replace `doc` and all its chunks."""
        ...

    def upsert_prepared(self, prepared: PreparedDoc) -> None:
        """Insert or replace a document from rows made by `prepare_rows`."""
        ...

    def delete(self, doc_ids: Sequence[str]) -> int:
        """Delete documents (chunks and vectors go with them); returns how many existed."""
        ...


class LibraryStore(Protocol):
    """Documents, passages, a full-text index and vectors, behind one small interface."""

    path: Path
    """A local directory for caches and side files (the library itself for SQLite)."""

    def close(self) -> None: ...

    def __enter__(self) -> LibraryStore: ...

    def __exit__(self, *exc: object) -> None: ...

    # -- writing -------------------------------------------------------------------------
    def transaction(self) -> WriteTransaction:
        """A write transaction: `with lib.transaction() as tx: tx.upsert(...)`."""
        ...

    def doc_states(self, ids: Sequence[str]) -> dict[str, DocState]:
        """Stored hash and version for those of `ids` already in the library."""
        ...

    def pending_vectors(self, model: str, limit: int) -> list[tuple[int, str]]:
        """Chunks with no vector from `model` yet: (rowid, text to embed)."""
        ...

    def count_pending_vectors(self, model: str) -> int:
        """Number of chunks still without a vector from `model`."""
        ...

    def put_vectors(self, model: str, rowids: Sequence[int], matrix: np.ndarray) -> None:
        """Store one L2-normalised vector per rowid."""
        ...

    def log_ingest(self, paths: Sequence[str], summary: dict[str, object]) -> None:
        """Append an ingest run to the log."""
        ...

    # -- reading -------------------------------------------------------------------------
    def vector_models(self) -> set[str]:
        """Embedding models that have vectors in this library."""
        ...

    def generation(self) -> str:
        """Changes on every committed write."""
        ...

    def version(self) -> str:
        """Library version recorded on answers."""
        ...

    def document(self, doc_id: str) -> Document | None:
        """The stored document, or None."""
        ...

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        """A document's chunks in order."""
        ...

    def fts(
        self, match: str, limit: int, filters: SearchFilters | None = None
    ) -> list[tuple[int, float]]:
        """Lexical search for an FTS5-style OR expression: (rowid, score) best first."""
        ...

    def dense_search(
        self, model: str, query: np.ndarray, k: int, filters: SearchFilters | None = None
    ) -> list[tuple[int, float]]:
        """Nearest passages by cosine to `query`: (rowid, cosine) best first, filters applied."""
        ...

    def chunk_rows(self, rowids: Iterable[int]) -> dict[int, ChunkRow]:
        """Chunk + document metadata for the given rowids."""
        ...

    def rowids_for_chunks(self, chunk_ids: Sequence[str]) -> list[int]:
        """Rowids of the given chunk ids that still exist, in the given order."""
        ...

    def allowed_rowids(self, rowids: Sequence[int], filters: SearchFilters | None) -> set[int]:
        """Those of `rowids` whose documents pass `filters`."""
        ...

    def chunk_meta(self, rowids: Sequence[int] | None = None) -> ChunkMeta:
        """Filter/ranking arrays: for every passage, or at least for `rowids` when given."""
        ...

    def stats(self) -> dict[str, object]:
        """Counts by source type, evidence level and year, and totals."""
        ...

    def iter_documents(self) -> Iterator[Document]:
        """Every stored document."""
        ...
