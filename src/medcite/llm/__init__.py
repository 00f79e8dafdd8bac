"""The LLM path: providers (OpenAI-compatible endpoints, in-process GGUF, a scripted fake),
identifier scrubbing, the LLM composer and the LLM entailment judge.

Nothing here is needed for the default, extractive answers; an LLM is used only when configured.
"""

from medcite.llm.base import (
    LLM,
    LLMError,
    LLMHTTPError,
    LLMOutputError,
    LLMTimeoutError,
    LLMUnavailableError,
    Message,
    TokenCallback,
)
from medcite.llm.composer import compose_llm
from medcite.llm.gguf import GGUFLLM, find_packaged_gguf
from medcite.llm.judge import LLMEntailmentJudge, Verdict
from medcite.llm.openai_compat import OpenAICompatLLM
from medcite.llm.registry import ScriptedLLM, llm_from_settings
from medcite.llm.scrub import ScrubResult, scrub

__all__ = [
    "GGUFLLM",
    "LLM",
    "LLMEntailmentJudge",
    "LLMError",
    "LLMHTTPError",
    "LLMOutputError",
    "LLMTimeoutError",
    "LLMUnavailableError",
    "Message",
    "OpenAICompatLLM",
    "ScriptedLLM",
    "ScrubResult",
    "TokenCallback",
    "Verdict",
    "compose_llm",
    "find_packaged_gguf",
    "llm_from_settings",
    "scrub",
]
