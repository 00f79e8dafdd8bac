"""The worker side: ingest one file. Runs inside a Dask worker (or plainly, in tests).

Per worker thread, the library connection, the ledger connection and the embedder are opened
once and reused for every file that thread gets: a PostgreSQL connection per worker, one
ONNX session per worker.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from medcite.distributed.ledger import DONE, Ledger
from medcite.distributed.records import (
    FileResult,
    JobConfig,
    PreparedBatch,
    SourceFile,
    id_hash,
    id_hashes,
)
from medcite.distributed.target import TargetLibrary, open_target
from medcite.distributed.writer import embed_docs, store_vectors, write_batch
from medcite.embed import Embedder, get_embedder
from medcite.ingest.prepare import prepare_files
from medcite.library.store import PreparedDoc
from medcite.records import BadRecord, Deletion

_local = threading.local()


def _cached(kind: str, key: str, make: Any) -> Any:
    cache: dict[tuple[str, str], Any] = _local.__dict__.setdefault("cache", {})
    if (kind, key) not in cache:
        cache[(kind, key)] = make()
    return cache[(kind, key)]


def _embedder(name: str) -> Embedder:
    def make() -> Embedder:
        # One intra-op thread per Dask worker thread: the cluster is sized one thread per core,
        # and an ONNX session that also spreads over every core oversubscribes the machine.
        try:
            return get_embedder(name, threads=1)
        except TypeError:  # a provider without a thread setting
            return get_embedder(name)

    embedder: Embedder = _cached("embedder", name, make)
    return embedder


def _library(target: str) -> TargetLibrary:
    lib: TargetLibrary = _cached("library", target, lambda: open_target(target))
    return lib


def _ledger(target: str) -> Ledger:
    ledger: Ledger = _cached("ledger", target, lambda: Ledger.open(target))
    return ledger


def worker_name() -> str:
    """The Dask worker's address, or 'local' outside a worker."""
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):
        return "local"


def _report(config: JobConfig, file: SourceFile, records: int, worker: str) -> None:
    """Progress to the driver: records read so far in this attempt at this file."""
    try:
        from distributed import get_worker

        get_worker().log_event(
            config.topic, {"sha256": file.sha256, "records": records, "worker": worker}
        )
    except (ImportError, ValueError):
        pass  # not in a Dask worker: nobody to tell


def ingest_file(file: SourceFile, config: JobConfig) -> FileResult:
    """Parse, grade, chunk and embed one file; write it (workers_write) or return its rows."""
    t0 = time.perf_counter()
    worker = worker_name()
    result = FileResult(file=file, worker=worker)
    embedder = _embedder(config.embedder) if config.embedder else None
    result.model = embedder.model_id if embedder else None
    lib = _library(config.target) if config.workers_write else None
    if config.workers_write and config.only is None:
        ledger = _ledger(config.target)
        row = ledger.get(file.sha256)
        if row is not None and row.status == DONE:
            # A previous attempt finished and committed, then its worker died before the
            # driver heard: report what it did instead of doing it again.
            result.counts, result.already_done = row.counts, True
            return result
        ledger.start(file, worker)
    for message in prepare_files([Path(file.path)], config.batch_size):
        kind = message[0]
        if kind == "docs" and len(message) == 3:
            result.counts.records += int(message[2])
            docs = list(message[1])
            if config.only is not None:
                docs = [d for d in docs if id_hash(d.id) in config.only]
            _handle_batch(lib, embedder, docs, result)
            _report(config, file, result.counts.records, worker)
        elif kind == "delete" and isinstance(message[1], Deletion):
            result.deletions.extend(message[1].ids)
        elif kind == "bad" and isinstance(message[1], BadRecord):
            result.bad.append(message[1])
    if config.workers_write and config.only is None:
        _ledger(config.target).finish(
            file, worker, result.counts, deletions=result.deletions, bad_records=len(result.bad)
        )
    result.seconds = time.perf_counter() - t0
    return result


def _handle_batch(
    lib: TargetLibrary | None,
    embedder: Embedder | None,
    docs: list[PreparedDoc],
    result: FileResult,
) -> None:
    if lib is None:
        vectors = embed_docs(embedder, docs) if embedder else None
        result.batches.append(PreparedBatch(docs, vectors))
        return
    written = [docs[i] for i in write_batch(lib, docs, result.counts)]
    result.written = np.concatenate([result.written, id_hashes(d.id for d in written)])
    if embedder is not None and written:
        # Embed only what was written: a retried file's unchanged documents cost nothing.
        vectors = embed_docs(embedder, written)
        result.counts.embedded += store_vectors(lib, embedder.model_id, written, vectors)
