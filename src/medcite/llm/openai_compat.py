"""Client for OpenAI-compatible chat endpoints: vLLM, llama.cpp server, Ollama (/v1), hosted APIs.

One POST to ``{base_url}/chat/completions`` per call, streamed (SSE) when the server streams and
read as plain JSON when it does not. Structured output asks for ``json_schema`` first and, if the
server refuses that with HTTP 400, asks once more for ``json_object``. 429, 5xx and connection
errors are retried with backoff; the whole call, retries included, stays within ``timeout``.

Every message is scrubbed of personal identifiers before it leaves (see :mod:`medcite.llm.scrub`).
"""

from __future__ import annotations

import ipaddress
import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import httpx

from medcite.llm.base import (
    LLMError,
    LLMHTTPError,
    LLMOutputError,
    LLMTimeoutError,
    LLMUnavailableError,
    Message,
    TokenCallback,
)
from medcite.llm.scrub import scrub

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_MAX_RETRY_AFTER = 10.0
_BODY_EXCERPT = 300
_CONFIGURE_HINT = (
    "start the server, or point llm_base_url (MEDCITE_LLM_BASE_URL) at a running "
    "OpenAI-compatible endpoint such as http://127.0.0.1:8000/v1"
)


def is_loopback(base_url: str) -> bool:
    """True when the endpoint is on this machine (localhost, 127.0.0.0/8, ::1)."""
    host = (urlsplit(base_url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def iter_sse_data(lines: Iterable[str]) -> Iterator[str]:
    """The ``data`` payload of each server-sent event (multi-line data joined by newlines)."""
    data: list[str] = []
    for line in lines:
        if not line.strip():
            if data:
                yield "\n".join(data)
                data = []
            continue
        if line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))
        # Comments (":"), "event:", "id:" and "retry:" carry nothing a chat stream needs.
    if data:
        yield "\n".join(data)


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _BODY_EXCERPT else flat[:_BODY_EXCERPT] + "…"


def _error_in(payload: dict[str, Any]) -> str | None:
    error = payload.get("error")
    if error is None:
        return None
    if isinstance(error, dict):
        return str(error.get("message") or error)
    return str(error)


def _delta_text(payload: dict[str, Any]) -> str:
    """Text of one streamed chunk; role-only and usage-only chunks carry none."""
    choices = payload.get("choices") or []
    if not choices:
        return ""
    delta = choices[0].get("delta") or {}
    content = delta.get("content")
    return content if isinstance(content, str) else ""


def _message_text(payload: dict[str, Any]) -> str:
    try:
        content = payload["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as exc:
        raise LLMOutputError(
            f"LLM response has no choices[0].message.content: {_excerpt(json.dumps(payload))}"
        ) from exc
    return content if isinstance(content, str) else ""


@dataclass
class _Attempt:
    """What one request sends; ``response_format`` may be downgraded between attempts."""

    payload: dict[str, Any]
    deadline: float
    on_token: TokenCallback | None
    # Once text has reached on_token a retry would deliver it twice, so errors are final.
    delivered: bool = False


class OpenAICompatLLM:
    """An OpenAI-compatible chat endpoint as an :class:`~medcite.llm.base.LLM` provider."""

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        timeout: float = 120.0,
        transport: httpx.BaseTransport | None = None,
        *,
        scrub_identifiers: bool = True,
        max_retries: int = 2,
        backoff: float = 0.5,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise LLMError(f"llm_base_url {base_url!r} must start with http:// or https://")
        if not scrub_identifiers and not is_loopback(base_url):
            # Patient identifiers never leave this machine unscrubbed: the switch only
            # exists for endpoints on loopback.
            raise ValueError(
                f"scrub_identifiers=False is only allowed for a loopback endpoint; {base_url} is "
                "not on this machine, so identifiers are always scrubbed before sending"
            )
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.model_id = model
        self.timeout = timeout
        self.scrub_identifiers = scrub_identifiers
        self.max_retries = max_retries
        self.backoff = backoff
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(transport=transport, headers=headers, timeout=timeout)

    @property
    def url(self) -> str:
        """The chat completions URL."""
        return f"{self.base_url}/chat/completions"

    def close(self) -> None:
        """Close pooled connections."""
        self._client.close()

    def __enter__(self) -> OpenAICompatLLM:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None = None,
        max_tokens: int = 1024,
        temperature: float = 0.0,
        on_token: TokenCallback | None = None,
    ) -> str:
        """Send the (scrubbed) messages and return the full reply text."""
        sent = [self._outgoing(m) for m in messages]
        payload: dict[str, Any] = {
            "model": self.model,
            "messages": [m.model_dump() for m in sent],
            "max_tokens": max_tokens,
            "temperature": temperature,
            "stream": True,
        }
        if schema is not None:
            payload["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "answer", "schema": schema, "strict": True},
            }
        attempt = _Attempt(payload, time.monotonic() + self.timeout, on_token)
        try:
            return self._with_retries(attempt)
        except LLMHTTPError as exc:
            if schema is None or exc.status != 400:
                raise
        # Servers without json_schema support (older llama.cpp, some hosted APIs) still honour
        # json_object; the schema then travels in the prompt instead.
        attempt.payload = {
            **payload,
            "response_format": {"type": "json_object"},
            "messages": _with_schema_hint(payload["messages"], schema),
        }
        return self._with_retries(attempt)

    def _outgoing(self, message: Message) -> Message:
        if not self.scrub_identifiers:
            return message
        return message.model_copy(update={"content": scrub(message.content).text})

    def _with_retries(self, attempt: _Attempt) -> str:
        retries = 0
        while True:
            try:
                return self._send(attempt)
            except (LLMUnavailableError, LLMHTTPError) as exc:
                retryable = not isinstance(exc, LLMHTTPError) or exc.status in _RETRY_STATUSES
                if not retryable or attempt.delivered or retries >= self.max_retries:
                    raise
                wait = self._wait_before_retry(exc, retries)
                if time.monotonic() + wait >= attempt.deadline:
                    raise self._timeout_error() from exc
                time.sleep(wait)
                retries += 1

    def _wait_before_retry(self, exc: LLMError, retries: int) -> float:
        wait = self.backoff * 2.0**retries
        if isinstance(exc, LLMHTTPError) and exc.retry_after is not None:
            wait = max(wait, min(exc.retry_after, _MAX_RETRY_AFTER))
        return wait

    def _timeout_error(self) -> LLMTimeoutError:
        return LLMTimeoutError(
            f"LLM endpoint {self.url} did not answer within {self.timeout:g} s; raise "
            "llm_timeout (MEDCITE_LLM_TIMEOUT) or use a smaller/faster model"
        )

    def _send(self, attempt: _Attempt) -> str:
        remaining = attempt.deadline - time.monotonic()
        if remaining <= 0:
            raise self._timeout_error()
        try:
            with self._client.stream(
                "POST", self.url, json=attempt.payload, timeout=httpx.Timeout(remaining)
            ) as response:
                self._raise_for_status(response)
                if response.headers.get("content-type", "").startswith("text/event-stream"):
                    return self._read_stream(response, attempt)
                return self._read_json(response, attempt)
        except httpx.TimeoutException as exc:
            raise self._timeout_error() from exc
        except (httpx.ConnectError, httpx.RemoteProtocolError) as exc:
            raise LLMUnavailableError(
                f"cannot reach the LLM endpoint {self.url} ({exc or type(exc).__name__}); "
                + _CONFIGURE_HINT
            ) from exc
        except httpx.HTTPError as exc:
            raise LLMUnavailableError(f"LLM request to {self.url} failed: {exc}") from exc

    def _raise_for_status(self, response: httpx.Response) -> None:
        if response.status_code < 400:
            return
        body = response.read().decode("utf-8", errors="replace")
        hint = " (check llm_api_key)" if response.status_code in (401, 403) else ""
        raise LLMHTTPError(
            f"LLM endpoint {self.url} answered HTTP {response.status_code}{hint}: "
            f"{_excerpt(body) or '(empty body)'}",
            status=response.status_code,
            body=body,
            retry_after=_retry_after(response),
        )

    def _read_stream(self, response: httpx.Response, attempt: _Attempt) -> str:
        parts: list[str] = []
        for data in iter_sse_data(response.iter_lines()):
            if data.strip() == "[DONE]":
                break
            chunk = self._decode(data)
            text = _delta_text(chunk)
            if text:
                parts.append(text)
                attempt.delivered = True
                if attempt.on_token is not None:
                    attempt.on_token(text)
            # The read timeout bounds each chunk; this bounds a server that trickles forever.
            if time.monotonic() > attempt.deadline:
                raise self._timeout_error()
        return "".join(parts)

    def _read_json(self, response: httpx.Response, attempt: _Attempt) -> str:
        text = _message_text(self._decode(response.read().decode("utf-8", errors="replace")))
        if text and attempt.on_token is not None:
            attempt.on_token(text)
        return text

    def _decode(self, data: str) -> dict[str, Any]:
        try:
            payload = json.loads(data)
        except json.JSONDecodeError as exc:
            raise LLMOutputError(
                f"LLM endpoint {self.url} sent data that is not JSON: {_excerpt(data)!r}"
            ) from exc
        if not isinstance(payload, dict):
            raise LLMOutputError(
                f"LLM endpoint {self.url} sent {type(payload).__name__}, not an object"
            )
        error = _error_in(payload)
        if error is not None:
            raise LLMError(f"LLM endpoint {self.url} reported an error: {_excerpt(error)}")
        return payload


def _retry_after(response: httpx.Response) -> float | None:
    raw = response.headers.get("retry-after")
    try:
        return float(raw) if raw is not None else None
    except ValueError:
        return None  # an HTTP-date: fall back to our own backoff


def _with_schema_hint(
    messages: list[dict[str, str]], schema: dict[str, Any]
) -> list[dict[str, str]]:
    hint = "Reply with one JSON object that follows this JSON Schema:\n" + json.dumps(schema)
    if messages and messages[0]["role"] == "system":
        first = {**messages[0], "content": messages[0]["content"] + "\n\n" + hint}
        return [first, *messages[1:]]
    return [{"role": "system", "content": hint}, *messages]
