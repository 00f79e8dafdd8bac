"""The embedding provider protocol and the error raised when a provider cannot run."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

#: Embedding matrices: one float32 row per input text.
Vectors = npt.NDArray[np.float32]


class EmbedderUnavailable(RuntimeError):
    """A provider's packages or model files are missing; the message says what to install."""


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised vectors for dense retrieval.

    ``embed`` returns a float32 array of shape ``(len(texts), dim)`` with unit-length rows
    (a row may be all zeros only when a provider finds nothing to embed, e.g. an empty string),
    in the order of ``texts``; an empty input gives shape ``(0, dim)``. Vectors from different
    ``model_id`` values are not comparable, so the library stores the id beside them.
    """

    model_id: str
    dim: int

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Embed ``texts`` in order."""
        ...


def check_texts(texts: Sequence[str]) -> list[str]:
    """Return ``texts`` as a list, refusing a bare string.

    A ``str`` is itself a ``Sequence[str]``; embedding it would silently embed each character.
    """
    if isinstance(texts, str):
        raise TypeError("embed() takes a sequence of texts, not a single string: wrap it in a list")
    return list(texts)


def l2_normalise(matrix: npt.NDArray[np.floating]) -> Vectors:
    """Scale rows to unit length as float32; all-zero rows stay zero instead of becoming NaN."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    scaled: Vectors = (matrix / np.maximum(norms, 1e-12)).astype(np.float32, copy=False)
    return scaled
