"""minilm-q8: the packaged MiniLM folded and quantised to int8 once, cached under MEDCITE_HOME."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from medcite.embed import OnnxMiniLM, get_embedder
from medcite.embed import onnx_minilm as module
from medcite.embed.quantize import models_cache_dir, quantized_model

from .test_embed_onnx_minilm import MEDICAL_SENTENCES, needs_model

pytest.importorskip(
    "onnx", reason="quantising needs the onnx package (pip install 'medcite[embed]')"
)


@needs_model
def test_built_once_into_the_cache_deterministically(tmp_path: Path) -> None:
    source = module.default_model_path()
    first = quantized_model(source, tmp_path)
    stamp = first.stat().st_mtime_ns
    again = quantized_model(source, tmp_path)
    assert again == first and again.stat().st_mtime_ns == stamp  # reused, not rebuilt
    rebuilt = quantized_model(source, tmp_path / "other")
    assert rebuilt.read_bytes() == first.read_bytes()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build")] == []


@needs_model
def test_q8_is_its_own_model_close_to_the_float_one() -> None:
    q8 = get_embedder("minilm-q8")
    base = OnnxMiniLM()
    assert isinstance(q8, OnnxMiniLM) and q8.model_id != base.model_id
    a = base.embed(MEDICAL_SENTENCES)
    b = q8.embed(MEDICAL_SENTENCES)
    assert b.shape == (len(MEDICAL_SENTENCES), 384)
    assert np.allclose(np.linalg.norm(b, axis=1), 1.0, atol=1e-5)
    assert ((a * b).sum(axis=1)).min() > 0.97
    # Meaning survives: each sentence's nearest neighbour among the float vectors is itself.
    assert (np.argmax(b @ a.T, axis=1) == np.arange(len(MEDICAL_SENTENCES))).all()
    assert list(models_cache_dir().glob("minilm-q8-*.onnx"))


def test_cache_location_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEDCITE_MODEL_CACHE", str(tmp_path / "models"))
    assert models_cache_dir() == tmp_path / "models"
    monkeypatch.delenv("MEDCITE_MODEL_CACHE")
    monkeypatch.setenv("MEDCITE_HOME", str(tmp_path / "home"))
    assert models_cache_dir() == tmp_path / "home" / "cache" / "models"


@needs_model
def test_unwritable_cache_says_how_to_fix(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    with pytest.raises(Exception, match="MEDCITE_HOME"):
        quantized_model(module.default_model_path(), blocker / "models")
