"""Prepare several input files at once, in worker processes, delivered strictly in file order.

PubMed arrives as many files (a baseline is ~1,300 of them), so files are the unit of
parallelism: each worker prepares one whole file and writes its messages to a spool file on
disk as it goes, and the ingesting process reads the spools back in input order, following the
one being written. Order matters: a later update file may delete or revise a PMID an earlier
file added. Memory stays flat (messages wait on disk, not in queues) and at most
``workers + 1`` files are in flight, so the spool never holds more than those.
"""

from __future__ import annotations

import os
import pickle
import struct
import tempfile
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from medcite.ingest.prepare import Message, prepare_files

_HEADER = struct.Struct("<Q")  # byte length of the pickled message that follows
_END: Message = ("end", None)
_POLL_SECONDS = 0.005


def default_workers(n_files: int) -> int:
    """One worker per core, never more than there are files."""
    return max(1, min(os.cpu_count() or 1, n_files))


def spool_file(path: str, batch_size: int, spool: str) -> int:
    """Worker task: prepare one file, appending each message to `spool`; returns the count."""
    count = 0
    with open(spool, "wb", buffering=0) as out:
        for message in prepare_files([Path(path)], batch_size):
            _write(out, message)
            count += 1
        _write(out, _END)
    return count


def _write(out: object, message: Message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_HEADER.pack(len(data)) + data)  # type: ignore[attr-defined]


def prepare_in_workers(paths: Sequence[Path], batch_size: int, workers: int) -> Iterator[Message]:
    """The messages of :func:`prepare_files` over `paths`, prepared by `workers` processes."""
    ctx = get_context("spawn")  # safe whatever threads the parent runs
    with (
        tempfile.TemporaryDirectory(prefix="medcite-spool-") as spool_dir,
        ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool,
    ):
        futures: dict[int, Future[int]] = {}
        spools = [os.path.join(spool_dir, f"{i:07d}.spool") for i in range(len(paths))]

        def submit_upto(last: int) -> None:
            for i in range(len(futures), min(last + 1, len(paths))):
                futures[i] = pool.submit(spool_file, str(paths[i]), batch_size, spools[i])

        try:
            for i in range(len(paths)):
                submit_upto(i + workers)
                try:
                    for message in _follow(spools[i], futures[i]):
                        # A worker numbers its single file 1; the caller sees its place in paths.
                        yield ("file", i + 1, str(paths[i])) if message[0] == "file" else message
                except RuntimeError as exc:
                    raise RuntimeError(
                        f"{exc} (while preparing {paths[i]}); check or remove that file and run "
                        "the ingest again: everything already committed is kept"
                    ) from exc
                os.unlink(spools[i])
        except BaseException:
            for future in futures.values():
                future.cancel()
            raise


def _follow(spool: str, future: Future[int]) -> Iterator[Message]:
    """Messages from `spool` as its worker writes them, until the end marker."""
    while not os.path.exists(spool):
        _check(future)
        time.sleep(_POLL_SECONDS)
    with open(spool, "rb") as src:
        while True:
            header = _read_exactly(src, _HEADER.size, future)
            (size,) = _HEADER.unpack(header)
            message: Message = pickle.loads(_read_exactly(src, size, future))
            if message == _END:
                future.result()  # surfaces a failure after the marker, if any
                return
            yield message


def _read_exactly(src: object, size: int, future: Future[int]) -> bytes:
    """`size` bytes from a file still being written, waiting for the writer as needed."""
    parts: list[bytes] = []
    missing = size
    while missing:
        chunk: bytes = src.read(missing)  # type: ignore[attr-defined]
        if chunk:
            parts.append(chunk)
            missing -= len(chunk)
            continue
        _check(future)
        time.sleep(_POLL_SECONDS)
    return b"".join(parts)


def _check(future: Future[int]) -> None:
    """Raise the worker's failure (a dead worker raises BrokenProcessPool) if it has one."""
    if future.done():
        exc = future.exception()
        if exc is not None:
            raise RuntimeError(f"ingest worker failed: {exc}") from exc
