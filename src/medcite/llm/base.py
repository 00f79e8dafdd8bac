"""The LLM provider protocol, the chat message record and the errors every provider raises.

A provider is anything with a ``model_id`` and a ``complete`` method: the OpenAI-compatible
client, the in-process GGUF runner and the scripted fake all satisfy :class:`LLM`, so the
composer and the judge never know which one they talk to.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

#: Called with each streamed piece of generated text, in order.
TokenCallback = Callable[[str], None]

Role = Literal["system", "user", "assistant"]


class Message(BaseModel):
    """One chat message sent to a model."""

    model_config = ConfigDict(frozen=True)

    role: Role = Field(description="'system', 'user' or 'assistant'.")
    content: str = Field(description="Message text.")


@runtime_checkable
class LLM(Protocol):
    """A chat model: messages in, the full generated text out (streamed through ``on_token``)."""

    model_id: str

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None = None,
        max_tokens: int = 1024,
        temperature: float = 0.0,
        on_token: TokenCallback | None = None,
    ) -> str:
        """Generate a reply; with ``schema`` the reply is constrained to that JSON Schema."""
        ...


class LLMError(RuntimeError):
    """An LLM call failed; the message says what failed and how to fix it.

    The orchestrator catches this and falls back to the extractive composer.
    """


class LLMUnavailableError(LLMError):
    """The endpoint or runtime could not be reached or loaded."""


class LLMTimeoutError(LLMError):
    """The call did not finish within its total time budget."""


class LLMHTTPError(LLMError):
    """The endpoint answered with an HTTP error status."""

    def __init__(
        self, message: str, *, status: int, body: str, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body = body
        self.retry_after = retry_after


class LLMOutputError(LLMError):
    """The model answered, but not in a form that could be used (not JSON, wrong shape)."""
