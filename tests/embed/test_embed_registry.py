"""Embedder lookup by name."""

from __future__ import annotations

import pytest

import medcite.embed as embed
from medcite.embed import HashEmbedder, OnnxMiniLM, available_embedders, get_embedder


def test_available_names() -> None:
    assert available_embedders() == ["hash", "minilm", "minilm-q8"]


def test_default_is_minilm_q8_and_construction_loads_nothing() -> None:
    embedder = get_embedder()
    assert isinstance(embedder, OnnxMiniLM) and embedder.quantized
    assert embedder.model_id == "all-MiniLM-L6-v2-q8dyn-onnx"
    assert get_embedder("minilm").model_id == "all-MiniLM-L6-v2-int8-onnx"
    assert embedder.dim == 384


def test_keyword_arguments_reach_the_provider() -> None:
    embedder = get_embedder("hash", dim=32)
    assert isinstance(embedder, HashEmbedder)
    assert embedder.dim == 32


def test_unknown_name_lists_available() -> None:
    with pytest.raises(
        ValueError, match=r"Unknown embedder 'bert'; available: hash, minilm, minilm-q8"
    ):
        get_embedder("bert")


def test_all_is_sorted_and_complete() -> None:
    assert embed.__all__ == sorted(embed.__all__)
    for name in embed.__all__:
        assert hasattr(embed, name)


def test_a_library_keeps_the_model_it_was_built_with() -> None:
    from medcite.embed import embedder_for_models

    # Empty library, or one with the configured model's vectors: the configured embedder.
    assert embedder_for_models("minilm", set()).model_id == "all-MiniLM-L6-v2-int8-onnx"
    q8 = get_embedder("minilm-q8").model_id
    assert embedder_for_models("minilm-q8", {q8}).model_id == q8
    # A library built with another registered model keeps using that model.
    assert embedder_for_models("minilm-q8", {"all-MiniLM-L6-v2-int8-onnx"}).model_id == (
        "all-MiniLM-L6-v2-int8-onnx"
    )
    assert embedder_for_models("minilm", {"hash-256"}).model_id == "hash-256"
    # Vectors of an unknown model: nothing better to offer than the configured one.
    assert embedder_for_models("minilm", {"some-other-model"}).model_id == (
        "all-MiniLM-L6-v2-int8-onnx"
    )
