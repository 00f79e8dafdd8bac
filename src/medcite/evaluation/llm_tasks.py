"""LLM plumbing shared by the suites that need a model: finding the configured one, asking a
single-choice question with constrained JSON output, and formatting retrieved snippets.

Without a configured LLM, :func:`require_llm` raises :class:`NeedsLLM`; the CLI turns that into
a message and a clean exit. ``medcite.llm`` is imported lazily so that the offline suites never
need it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from medcite.records import Hit

if TYPE_CHECKING:
    from medcite.llm.base import LLM

NEEDS_LLM = (
    "this suite needs an LLM: set MEDCITE_LLM_BASE_URL and MEDCITE_LLM_MODEL "
    "(or --llm-base-url/--llm-model) to an OpenAI-compatible endpoint, or give a local GGUF "
    "model with --llm-gguf PATH|packaged (MEDCITE_LLM_GGUF)"
)


class NeedsLLM(RuntimeError):
    """The suite cannot run without an LLM and none is configured."""


def require_llm(
    base_url: str | None,
    model: str | None,
    api_key: str | None = None,
    timeout: float = 120.0,
    *,
    gguf_path: str | None = None,
    n_threads: int = 1,
    n_ctx: int = 4096,
) -> LLM:
    """The configured LLM; :class:`NeedsLLM` when none is configured or the client is missing."""
    if not base_url and not gguf_path:
        raise NeedsLLM(NEEDS_LLM)
    try:
        from medcite.llm import LLMError, llm_from_settings
    except ImportError as exc:  # pragma: no cover - the llm package ships with medcite
        raise NeedsLLM(f"{NEEDS_LLM} (medcite.llm unavailable: {exc})") from exc
    try:
        llm = llm_from_settings(
            base_url, model, api_key, timeout, gguf_path, n_threads=n_threads, n_ctx=n_ctx
        )
    except LLMError as exc:  # misconfiguration: a user error, not a missing LLM
        raise ValueError(str(exc)) from exc
    if llm is None:
        raise NeedsLLM(NEEDS_LLM)
    return llm


def choice_schema(choices: Sequence[str]) -> dict[str, Any]:
    """JSON Schema of ``{"answer": <one of choices>}``."""
    return {
        "type": "object",
        "properties": {"answer": {"type": "string", "enum": list(choices)}},
        "required": ["answer"],
        "additionalProperties": False,
    }


def parse_choice(raw: str, choices: Sequence[str]) -> str | None:
    """The chosen option in a reply: JSON ``answer`` first, else a lone option word; None if unclear."""
    from medcite.llm import LLMError
    from medcite.llm.output import first_json_object

    wanted = {c.lower(): c for c in choices}
    try:
        value = first_json_object(raw).get("answer")
    except LLMError:
        value = None
    if isinstance(value, str):
        key = value.strip().strip(".").lower()
        if key in wanted:
            return wanted[key]
    words = re.findall(r"[A-Za-z]+", raw)
    found = {wanted[w.lower()] for w in words if w.lower() in wanted}
    return found.pop() if len(found) == 1 else None


def ask_choice(
    llm: LLM, system: str, user: str, choices: Sequence[str], max_tokens: int = 16
) -> str | None:
    """Ask ``llm`` to pick one of ``choices``; None when the reply or the call fails."""
    from medcite.llm import LLMError, Message

    messages = [Message(role="system", content=system), Message(role="user", content=user)]
    try:
        raw = llm.complete(messages, schema=choice_schema(choices), max_tokens=max_tokens)
    except LLMError:
        return None
    return parse_choice(raw, choices)


def document(n: int, text: str) -> str:
    """One numbered, escaped ``<document>`` element (untrusted data, not instructions)."""
    from medcite.llm.prompting import escape_data

    return f'<document n="{n}">{escape_data(text)}</document>'


def format_snippets(hits: Sequence[Hit], max_chars: int = 1200) -> str:
    """Numbered evidence snippets for a prompt, each cut to ``max_chars``."""
    out = []
    for i, hit in enumerate(hits, start=1):
        text = hit.text if len(hit.text) <= max_chars else hit.text[: max_chars - 1] + "…"
        out.append(document(i, f"{hit.title}: {text}" if hit.title else text))
    return "\n".join(out)
