"""Typed messages between the ingest driver and its Dask workers: small, picklable dataclasses."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, fields

import numpy as np

from medcite.library.store import PreparedDoc
from medcite.records import BadRecord


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One input file, the unit of work. Identified by its content, not its path."""

    path: str
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class JobConfig:
    """What every file task needs to know; the same object is sent with every task."""

    target: str
    """Library directory or ``postgresql://`` URL."""
    workers_write: bool
    """True: each worker writes to the target itself (PostgreSQL); False: it returns its rows
    and vectors to the driver, the library's only writer (SQLite)."""
    embedder: str | None = None
    batch_size: int = 1000
    topic: str = "medcite-ingest"
    """Dask event topic that carries per-batch progress from workers to the driver."""
    only: frozenset[int] | None = None
    """When set, only documents whose id hash is in it are written (the reconcile pass)."""


@dataclass(slots=True)
class Counts:
    """What happened to the records of one file (or, summed, of a whole job)."""

    records: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    older: int = 0
    deleted: int = 0
    chunks: int = 0
    embedded: int = 0

    def add(self, other: Counts) -> None:
        """Add `other` into this one."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def as_dict(self) -> dict[str, int]:
        """Field name -> count."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class PreparedBatch:
    """Rows of up to `batch_size` documents and, when embedding, one vector per chunk.

    Vectors travel as float16 (the stores keep float16 or compare in float32 anyway): half
    the bytes through the scheduler and the driver's memory.
    """

    docs: list[PreparedDoc]
    vectors: np.ndarray | None = None


@dataclass(slots=True)
class FileResult:
    """What a worker did with one file."""

    file: SourceFile
    worker: str
    counts: Counts = field(default_factory=Counts)
    deletions: list[str] = field(default_factory=list)
    bad: list[BadRecord] = field(default_factory=list)
    batches: list[PreparedBatch] = field(default_factory=list)
    """Only when the driver writes: every batch of the file, in order."""
    written: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    """64-bit hashes of the ids this file added or updated: the driver looks for ids that
    two concurrently processed files both wrote (see ``job.reconcile``)."""
    model: str | None = None
    seconds: float = 0.0
    already_done: bool = False
    """The ledger said another attempt had finished this file: nothing was redone."""


def id_hash(doc_id: str) -> int:
    """A stable signed 64-bit hash of a document id (8 bytes instead of a string per id)."""
    return int.from_bytes(
        hashlib.blake2b(doc_id.encode(), digest_size=8).digest(), "little", signed=True
    )


def id_hashes(ids: Iterable[str]) -> np.ndarray:
    """:func:`id_hash` of every id, as an int64 array."""
    return np.fromiter((id_hash(i) for i in ids), dtype=np.int64)
