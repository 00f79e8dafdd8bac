"""Embedding providers, looked up by name.

``get_embedder("minilm")`` (the default) is all-MiniLM-L6-v2 as int8 ONNX; ``get_embedder("hash")``
is a model-free feature-hashing embedder for tests. Unknown names raise a ValueError that lists
the available ones.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from medcite.embed.base import Embedder, EmbedderUnavailable, Vectors
from medcite.embed.hashing import HashEmbedder
from medcite.embed.onnx_minilm import OnnxMiniLM

DEFAULT_EMBEDDER = "minilm"

_REGISTRY: dict[str, Callable[..., Embedder]] = {
    "hash": HashEmbedder,
    "minilm": OnnxMiniLM,
    "minilm-q8": lambda **kw: OnnxMiniLM(quantized=True, **kw),
}


def available_embedders() -> list[str]:
    """Names accepted by :func:`get_embedder`, sorted."""
    return sorted(_REGISTRY)


def get_embedder(name: str = DEFAULT_EMBEDDER, **kwargs: Any) -> Embedder:
    """Build the embedder called ``name`` with provider-specific keyword arguments.

    Construction never loads a model, so this is cheap and does not fail when model packages
    are missing; the first ``embed`` raises :class:`EmbedderUnavailable` in that case.
    """
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise ValueError(
            f"Unknown embedder {name!r}; available: {', '.join(available_embedders())}"
        ) from None
    return factory(**kwargs)


__all__ = [
    "DEFAULT_EMBEDDER",
    "Embedder",
    "EmbedderUnavailable",
    "HashEmbedder",
    "OnnxMiniLM",
    "Vectors",
    "available_embedders",
    "get_embedder",
]
