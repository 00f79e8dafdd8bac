"""The CPU-heavy half of ingest: read, grade, chunk and serialise, with no database access.

It runs in the ingesting process for small inputs and in a worker process for large ones, so
on two cores parsing the next batch overlaps with writing the previous one. Messages are plain
tuples and small dataclasses: cheap to pickle.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from medcite.grading import grade
from medcite.ingest.chunking import chunk_document
from medcite.ingest.readers import reader_for
from medcite.library.store import PreparedDoc, prepare_rows
from medcite.records import BadRecord, Deletion, Document

# ("file", index, path) | ("docs", [PreparedDoc], records read) | ("delete", Deletion) | ("bad", BadRecord)
# | ("error", message) | ("done", None)
Message = tuple[str, Any] | tuple[str, Any, Any]


def prepare_document(doc: Document) -> PreparedDoc:
    """Grade, chunk and serialise one document; the hash ignores where it was read from."""
    if doc.evidence_level is None:
        doc = doc.model_copy(update={"evidence_level": grade(doc)})
    data = doc.model_dump_json(exclude={"origin"}, exclude_none=True)
    digest = hashlib.sha256(data.encode()).hexdigest()[:32]
    return prepare_rows(doc, chunk_document(doc), digest, data)


def prepare_files(paths: Sequence[Path], batch_size: int) -> Iterator[Message]:
    """Messages for every file in order; documents come in batches, newest version per id."""
    for index, path in enumerate(paths, start=1):
        yield ("file", index, str(path))
        reader = reader_for(path)
        if reader is None:  # listed by the caller, then moved, deleted or made unreadable
            reason = "cannot read the file (gone, unreadable or not a supported format)"
            yield ("bad", BadRecord(file=str(path), record="-", reason=reason))
            continue
        batch: dict[str, PreparedDoc] = {}
        read = 0
        for event in reader.read(path):
            if isinstance(event, Document):
                read += 1
                prepared = prepare_document(event)
                old = batch.get(prepared.id)
                # The same PMID twice in one file is a revision: keep the newest.
                if old is None or prepared.version >= old.version:
                    batch[prepared.id] = prepared
                if len(batch) >= batch_size:
                    yield ("docs", list(batch.values()), read)
                    batch, read = {}, 0
            elif isinstance(event, Deletion):
                if batch:
                    yield ("docs", list(batch.values()), read)
                    batch, read = {}, 0
                yield ("delete", event)
            elif isinstance(event, BadRecord):
                yield ("bad", event)
        if batch:
            yield ("docs", list(batch.values()), read)


def _worker(paths: list[str], queue: Any, batch_size: int) -> None:
    try:
        for message in prepare_files([Path(p) for p in paths], batch_size):
            queue.put(message)
    except BaseException:  # report, never hang the parent waiting for "done"
        queue.put(("error", traceback.format_exc(limit=5)))
    finally:
        queue.put(("done", None))


def prepare_in_worker(paths: Sequence[Path], batch_size: int) -> Iterator[Message]:
    """Like :func:`prepare_files`, produced by a separate process (spawned: safe with threads)."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue(maxsize=4)  # bounded: memory stays flat whatever the file size
    proc = ctx.Process(
        target=_worker, args=([str(p) for p in paths], queue, batch_size), daemon=True
    )
    proc.start()
    try:
        while True:
            message = queue.get()
            if message[0] == "done":
                return
            if message[0] == "error":
                raise RuntimeError(f"ingest worker failed:\n{message[1]}")
            yield message
    finally:
        if proc.is_alive():
            proc.terminate()
        proc.join(timeout=5)
