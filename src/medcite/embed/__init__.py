"""Embedding providers, looked up by name.

``get_embedder("minilm-q8")`` (the default) is all-MiniLM-L6-v2 quantised for int8 arithmetic;
``get_embedder("minilm")`` the same model computing in float32; ``get_embedder("hash")``
is a model-free feature-hashing embedder for tests. Unknown names raise a ValueError that lists
the available ones.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from medcite.embed.base import Embedder, EmbedderUnavailable, Vectors
from medcite.embed.hashing import HashEmbedder
from medcite.embed.onnx_minilm import OnnxMiniLM

# The int8-arithmetic build: ~2x the passages per CPU-second of "minilm" for ~1% of dense
# recall on MedQuAD and none in hybrid search (docs/benchmarks.md). Libraries built with
# "minilm" keep using it (embedder_for_models).
DEFAULT_EMBEDDER = "minilm-q8"

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


def embedder_for_models(name: str, stored: Collection[str]) -> Embedder:
    """The embedder to use with a library holding vectors of the `stored` model ids.

    A library keeps the model it was built with: the configured embedder when the library has
    its vectors (or none at all yet), otherwise the registered embedder whose vectors it holds,
    so changing the default never silently turns dense search off or re-embeds a library.
    """
    preferred = get_embedder(name)
    if not stored or preferred.model_id in stored:
        return preferred
    for other in available_embedders():
        candidate = get_embedder(other)
        if candidate.model_id in stored:
            return candidate
    return preferred


def searchable_embedder(name: str, stored: Collection[str]) -> Embedder | None:
    """The embedder to search a library with (see :func:`embedder_for_models`), or None when
    the library holds no vectors it could compare against."""
    embedder = embedder_for_models(name, stored)
    return embedder if embedder.model_id in stored else None


__all__ = [
    "DEFAULT_EMBEDDER",
    "Embedder",
    "EmbedderUnavailable",
    "HashEmbedder",
    "OnnxMiniLM",
    "Vectors",
    "available_embedders",
    "embedder_for_models",
    "get_embedder",
    "searchable_embedder",
]
