"""HashEmbedder: the model-free provider that other stages' tests rely on."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from medcite.embed import Embedder, HashEmbedder


def test_is_an_embedder_with_its_dim_in_the_id() -> None:
    embedder = HashEmbedder(dim=64)
    assert isinstance(embedder, Embedder)
    assert (embedder.model_id, embedder.dim) == ("hash-64", 64)
    assert HashEmbedder().dim == 256


def test_rows_are_float32_and_unit_length() -> None:
    vectors = HashEmbedder().embed(["Aspirin after myocardial infarction", "knee pain"])
    assert vectors.dtype == np.float32
    assert vectors.shape == (2, 256)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)


def test_deterministic_across_instances() -> None:
    texts = ["Metformin for type 2 diabetes", "Statins lower LDL"]
    np.testing.assert_array_equal(HashEmbedder().embed(texts), HashEmbedder().embed(texts))


def test_same_vectors_in_another_process() -> None:
    # blake2b, not the salted built-in hash(): stored vectors must match later query vectors.
    script = (
        "from medcite.embed import HashEmbedder;"
        "print(HashEmbedder(16).embed(['aspirin'])[0].tolist())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": os.pathsep.join(sys.path)}
    output = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(output) == HashEmbedder(16).embed(["aspirin"])[0].tolist()


def test_case_and_punctuation_do_not_matter() -> None:
    np.testing.assert_array_equal(*HashEmbedder().embed(["Aspirin, MI", "aspirin mi"]))


def test_similar_texts_are_closer_than_unrelated() -> None:
    query, near, far = HashEmbedder().embed(
        [
            "treatment of acute myocardial infarction",
            "acute myocardial infarction treated with aspirin",
            "exercise therapy for knee osteoarthritis in older adults",
        ]
    )
    assert float(query @ near) > float(query @ far) + 0.2


def test_trigrams_relate_inflections() -> None:
    base, inflected, other = HashEmbedder().embed(["infarction", "infarctions", "osteoporosis"])
    assert float(base @ inflected) > float(base @ other)


def test_empty_input_and_wordless_text() -> None:
    embedder = HashEmbedder(dim=32)
    assert embedder.embed([]).shape == (0, 32)
    vectors = embedder.embed(["", "?!"])
    assert vectors.shape == (2, 32)
    assert not np.any(vectors)  # nothing to hash: zero rows, never NaN


def test_rejects_a_bare_string_and_tiny_dims() -> None:
    with pytest.raises(TypeError, match="not a single string"):
        HashEmbedder().embed("aspirin")
    with pytest.raises(ValueError, match="at least 8"):
        HashEmbedder(dim=4)
