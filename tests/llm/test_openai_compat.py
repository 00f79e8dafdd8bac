"""OpenAICompatLLM against a real local HTTP server: streaming, fallbacks, retries, privacy."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from medcite.llm import (
    LLMError,
    LLMHTTPError,
    LLMOutputError,
    LLMTimeoutError,
    LLMUnavailableError,
    Message,
    OpenAICompatLLM,
)
from medcite.llm.openai_compat import is_loopback, iter_sse_data

MakeLLM = Callable[..., OpenAICompatLLM]
USER = [Message(role="user", content="Say hello")]
SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"a": {"type": "string"}},
    "required": ["a"],
    "additionalProperties": False,
}


def test_streamed_tokens_arrive_in_order(server: Any, make_llm: MakeLLM) -> None:
    server.enqueue(tokens=["Con", "servative", " care", " first", "."])
    seen: list[str] = []
    text = make_llm().complete(USER, on_token=seen.append)
    assert seen == ["Con", "servative", " care", " first", "."]
    assert text == "Conservative care first."
    assert server.requests[0].body["stream"] is True


def test_non_streaming_server_is_read_as_json(server: Any, make_llm: MakeLLM) -> None:
    server.enqueue(text="plain reply", stream=False)
    seen: list[str] = []
    assert make_llm().complete(USER, on_token=seen.append) == "plain reply"
    assert seen == ["plain reply"]


def test_request_shape_with_schema_and_key(server: Any, make_llm: MakeLLM) -> None:
    server.enqueue(text='{"a": "b"}')
    make_llm(api_key="sk-test").complete(USER, schema=SCHEMA, max_tokens=77, temperature=0.2)
    request = server.requests[0]
    assert request.headers["authorization"] == "Bearer sk-test"
    assert request.body["model"] == "test-model"
    assert request.body["max_tokens"] == 77
    assert request.body["temperature"] == 0.2
    assert request.body["messages"] == [{"role": "user", "content": "Say hello"}]
    assert request.body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "answer", "schema": SCHEMA, "strict": True},
    }


def test_no_authorization_header_without_key(server: Any, make_llm: MakeLLM) -> None:
    make_llm().complete(USER)
    assert "authorization" not in server.requests[0].headers
    assert "response_format" not in server.requests[0].body


def test_json_schema_rejected_with_400_retries_with_json_object(
    server: Any, make_llm: MakeLLM
) -> None:
    server.enqueue(status=400, raw='{"error": "response_format json_schema not supported"}')
    server.enqueue(text='{"a": "b"}')
    system = Message(role="system", content="Be brief.")
    assert make_llm().complete([system, *USER], schema=SCHEMA) == '{"a": "b"}'
    assert len(server.requests) == 2
    retry = server.requests[1].body
    assert retry["response_format"] == {"type": "json_object"}
    # Without server-side schema support the schema travels in the system prompt.
    assert json.dumps(SCHEMA) in retry["messages"][0]["content"]


def test_400_without_schema_is_not_retried(server: Any, make_llm: MakeLLM) -> None:
    server.enqueue(status=400, raw="bad request: context too long", content_type="text/plain")
    with pytest.raises(LLMHTTPError) as info:
        make_llm().complete(USER)
    assert info.value.status == 400
    assert "HTTP 400" in str(info.value) and "context too long" in str(info.value)
    assert len(server.requests) == 1


def test_429_is_retried(server: Any, make_llm: MakeLLM) -> None:
    server.enqueue(status=429, headers={"Retry-After": "0"})
    server.enqueue(text="after rate limit")
    assert make_llm().complete(USER) == "after rate limit"
    assert len(server.requests) == 2


def test_persistent_500_gives_up_after_two_retries(server: Any, make_llm: MakeLLM) -> None:
    for _ in range(3):
        server.enqueue(status=500, raw="internal meltdown", content_type="text/plain")
    with pytest.raises(LLMHTTPError) as info:
        make_llm().complete(USER)
    assert info.value.status == 500
    assert "internal meltdown" in str(info.value)
    assert len(server.requests) == 3


def test_slow_server_times_out(server: Any, make_llm: MakeLLM) -> None:
    server.enqueue(delay=1.0, text="too late")
    started = time.monotonic()
    with pytest.raises(LLMTimeoutError, match=r"did not answer within 0\.3 s"):
        make_llm(timeout=0.3).complete(USER)
    assert time.monotonic() - started < 0.9


def test_total_timeout_covers_retries(server: Any, make_llm: MakeLLM) -> None:
    for _ in range(3):
        server.enqueue(status=503, delay=0.25)
    started = time.monotonic()
    with pytest.raises(LLMTimeoutError):
        make_llm(timeout=0.4, backoff=0.2).complete(USER)
    assert time.monotonic() - started < 0.8


def test_trickling_stream_is_cut_at_the_deadline(server: Any, make_llm: MakeLLM) -> None:
    server.enqueue(tokens=["a"] * 20, chunk_delay=0.1)
    with pytest.raises(LLMTimeoutError):
        make_llm(timeout=0.5).complete(USER)


def test_stream_dropped_midway_is_not_retried(server: Any, make_llm: MakeLLM) -> None:
    server.enqueue(tokens=["one", " two", " three"], drop_after=2)
    server.enqueue(text="must not be requested")
    seen: list[str] = []
    with pytest.raises(LLMUnavailableError):
        make_llm().complete(USER, on_token=seen.append)
    # A retry would have streamed "one two" a second time.
    assert seen == ["one", " two"]
    assert len(server.requests) == 1


def test_connection_refused_names_the_url(make_llm: MakeLLM) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    llm = OpenAICompatLLM(f"http://127.0.0.1:{port}/v1", "m", backoff=0.01, timeout=5)
    with pytest.raises(LLMUnavailableError) as info:
        llm.complete(USER)
    message = str(info.value)
    assert f"http://127.0.0.1:{port}/v1/chat/completions" in message
    assert "MEDCITE_LLM_BASE_URL" in message
    llm.close()


def test_malformed_json_body_is_an_output_error(server: Any, make_llm: MakeLLM) -> None:
    server.enqueue(raw="{not json", stream=False)
    with pytest.raises(LLMOutputError, match="not JSON"):
        make_llm().complete(USER)


def test_malformed_sse_chunk_is_an_output_error(server: Any, make_llm: MakeLLM) -> None:
    server.enqueue(raw="data: {broken\n\n", content_type="text/event-stream")
    with pytest.raises(LLMOutputError):
        make_llm().complete(USER)


def test_error_event_in_stream(server: Any, make_llm: MakeLLM) -> None:
    body = 'data: {"error": {"message": "model overloaded"}}\n\n'
    server.enqueue(raw=body, content_type="text/event-stream")
    with pytest.raises(LLMError, match="model overloaded"):
        make_llm().complete(USER)


PRIVATE = (
    "Mrs. Jane Doe (DOB 03/14/1990, MRN 48213377, phone 555-201-3344, jane.doe@example.org, "
    "lives at 42 Elm Street, Springfield) is a 22-year-old with bilateral L5 pars defect after a "
    "fall; she takes ibuprofen 500 mg twice daily and has had pain for 3–6 months."
)
IDENTIFIERS = ("Jane", "Doe", "03/14/1990", "48213377", "555-201-3344", "jane.doe", "Elm Street")
CLINICAL = ("22-year-old", "bilateral L5 pars defect", "500 mg", "3–6 months", "Mrs.")


def test_request_body_carries_no_identifiers(server: Any, make_llm: MakeLLM) -> None:
    make_llm().complete(
        [Message(role="system", content="x"), Message(role="user", content=PRIVATE)]
    )
    sent = json.loads(server.requests[0].text)["messages"][1]["content"]
    raw = server.requests[0].text
    for identifier in IDENTIFIERS:
        assert identifier not in raw
    for fact in CLINICAL:
        assert fact in sent
    assert "[NAME]" in sent and "[MRN]" in sent and "[EMAIL]" in sent


def test_external_hosts_are_scrubbed_and_cannot_opt_out() -> None:
    bodies: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(request.content.decode())
        reply = {"choices": [{"message": {"role": "assistant", "content": "ok"}}]}
        return httpx.Response(200, json=reply)

    transport = httpx.MockTransport(handler)
    with OpenAICompatLLM("https://llm.example.com/v1", "m", transport=transport) as llm:
        assert llm.complete([Message(role="user", content=PRIVATE)]) == "ok"
    assert not any(identifier in bodies[0] for identifier in IDENTIFIERS)
    with pytest.raises(ValueError, match="only allowed for a loopback endpoint"):
        OpenAICompatLLM("https://llm.example.com/v1", "m", scrub_identifiers=False)


def test_loopback_may_opt_out_of_scrubbing(server: Any, make_llm: MakeLLM) -> None:
    make_llm(scrub_identifiers=False).complete([Message(role="user", content=PRIVATE)])
    assert "Jane Doe" in server.requests[0].text


def test_loopback_detection() -> None:
    assert is_loopback("http://127.0.0.1:8000/v1")
    assert is_loopback("http://localhost:11434/v1")
    assert is_loopback("http://[::1]:8000/v1")
    assert not is_loopback("https://api.example.com/v1")
    assert not is_loopback("http://10.0.0.5:8000/v1")


def test_sse_parsing_joins_multiline_data_and_skips_comments() -> None:
    lines = [": keep-alive", "event: message", "data: a", "data: b", "", "data: [DONE]", ""]
    assert list(iter_sse_data(lines)) == ["a\nb", "[DONE]"]


def test_bad_base_url_is_explained() -> None:
    with pytest.raises(LLMError, match="must start with http"):
        OpenAICompatLLM("localhost:8000/v1", "m")
