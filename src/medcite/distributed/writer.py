"""Writing prepared documents and their vectors: the same rules as the single-process pipeline.

A document whose content hash is already stored is left alone and an older version never
replaces a newer one, so writing the same batch twice (a retried file) changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from medcite.distributed.records import Counts
from medcite.distributed.target import TargetLibrary
from medcite.embed import Embedder
from medcite.library.store import PreparedDoc, embed_text


def write_batch(lib: TargetLibrary, docs: Sequence[PreparedDoc], counts: Counts) -> list[int]:
    """Upsert the new and changed documents in one transaction; indexes of those written."""
    states = lib.doc_states([d.id for d in docs])
    written: list[int] = []
    with lib.transaction() as tx:
        for i, doc in enumerate(docs):
            state = states.get(doc.id)
            if state is not None and state.content_hash == doc.content_hash:
                counts.unchanged += 1
                continue
            if state is not None and doc.version and state.version and doc.version < state.version:
                counts.older += 1
                continue
            tx.upsert_prepared(doc)
            written.append(i)
            counts.chunks += len(doc.chunks)
            if state is None:
                counts.added += 1
            else:
                counts.updated += 1
    return written


def chunk_texts(docs: Sequence[PreparedDoc]) -> list[str]:
    """What the dense model sees for every chunk of `docs`, in order."""
    # chunk rows are (id, doc_id, ordinal, title, section, text, grade)
    return [embed_text(str(c[3]), str(c[4]), str(c[5])) for d in docs for c in d.chunks]


def embed_docs(embedder: Embedder, docs: Sequence[PreparedDoc]) -> np.ndarray:
    """float16 vectors, one row per chunk of `docs` in order."""
    texts = chunk_texts(docs)
    if not texts:
        return np.zeros((0, embedder.dim), dtype=np.float16)
    return embedder.embed(texts).astype(np.float16)


def store_vectors(
    lib: TargetLibrary, model: str, docs: Sequence[PreparedDoc], vectors: np.ndarray
) -> int:
    """Attach `vectors` (one per chunk of `docs`) to the stored chunks; returns how many.

    When a chunk is missing (deleted meanwhile) nothing is stored for the batch: the job's
    final sweep embeds whatever chunk is still without a vector.
    """
    chunk_ids = [str(c[0]) for d in docs for c in d.chunks]
    if not chunk_ids:
        return 0
    rowids = lib.rowids_for_chunks(chunk_ids)
    if len(rowids) != len(chunk_ids):
        return 0
    lib.put_vectors(model, rowids, np.asarray(vectors, dtype=np.float32))
    return len(rowids)


def select(docs: Sequence[PreparedDoc], vectors: np.ndarray, keep: Sequence[int]) -> np.ndarray:
    """The rows of `vectors` that belong to the documents at indexes `keep`."""
    starts = np.cumsum([0, *(len(d.chunks) for d in docs)])
    rows = [r for i in keep for r in range(int(starts[i]), int(starts[i + 1]))]
    return vectors[rows]
