"""A model-free embedder: feature hashing of words and character trigrams.

It is a real provider (deterministic across processes and platforms, no files, no downloads),
so tests and tiny demos can exercise dense retrieval without a model. It captures surface
overlap only: "heart attack" and "myocardial infarction" are unrelated to it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

import numpy as np

from medcite.embed.base import Vectors, check_texts, l2_normalise

_WORD = re.compile(r"[^\W_]+")
# Trigrams make inflections and misspellings overlap ("infarct" vs "infarction"); they get a
# smaller weight so that whole-word matches still dominate.
_TRIGRAM_WEIGHT = 0.5


@lru_cache(maxsize=65536)
def _slot(feature: str, dim: int) -> tuple[int, float]:
    """Bucket and sign of a feature.

    blake2b rather than ``hash()``: Python's string hash is salted per process, and stored
    vectors must match query vectors computed in a later run. The sign halves the bias that
    colliding features add to dot products.
    """
    digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
    value = int.from_bytes(digest, "little")
    return value % dim, (1.0 if (value >> 63) & 1 else -1.0)


def _features(text: str) -> Iterator[tuple[str, float]]:
    """Weighted features of a text: lower-cased words and their boundary-marked trigrams."""
    for word in _WORD.findall(text.lower()):
        yield "w:" + word, 1.0
        marked = f"#{word}#"
        for i in range(len(marked) - 2):
            yield "c:" + marked[i : i + 3], _TRIGRAM_WEIGHT


class HashEmbedder:
    """Bag of words plus character trigrams, hashed into ``dim`` signed buckets."""

    def __init__(self, dim: int = 256) -> None:
        if dim < 8:
            raise ValueError(f"HashEmbedder dim must be at least 8, got {dim}")
        self.dim = dim
        self.model_id = f"hash-{dim}"

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Embed ``texts``; a text without any word gives an all-zero row."""
        items = check_texts(texts)
        matrix = np.zeros((len(items), self.dim), dtype=np.float64)
        for row, text in enumerate(items):
            for feature, weight in _features(text):
                bucket, sign = _slot(feature, self.dim)
                matrix[row, bucket] += sign * weight
        return l2_normalise(matrix)
