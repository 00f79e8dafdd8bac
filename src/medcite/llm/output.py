"""Reading the model's reply: find the JSON object, validate its shape, and clean its text.

Model output is untrusted. It may come wrapped in code fences or prose, carry citation markers
inside the text instead of the ``citations`` array, or echo HTML, Markdown links and scripts
from an injected passage. Everything is reduced to plain sentences here; the renderers escape
again, but the answer record itself stays clean.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from medcite.llm.base import LLMOutputError
from medcite.llm.prompting import (
    MAX_CITATIONS,
    MAX_FOLLOW_UPS,
    MAX_ITEMS,
    MAX_SECTIONS,
    MAX_SUBSECTIONS,
)

_MARKER = re.compile(r"\s*\[(\d+(?:\s*(?:,|;|–|-)\s*\d+)*)\]")
_MAX_RANGE = 10
_SCRIPT = re.compile(r"<(script|style|iframe|object)\b.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_TAG = re.compile(r"</?[A-Za-z][^>]*(?:>|$)")
_URL = re.compile(r"\b(?:https?://|www\.|javascript:|data:)\S*", re.IGNORECASE)
_MD_EMPHASIS = re.compile(r"\*\*|__|`+")
_LEADING_MARKUP = re.compile(r"^\s*(?:#{1,6}\s+|[-*+•]\s+|\d+[.)]\s+)")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?])")


def _numbers(spec: str) -> list[int]:
    """'1, 3-5' -> [1, 3, 4, 5]; long ranges are cut (a model writing [1-400] is not citing)."""
    out: list[int] = []
    for part in re.split(r"\s*[,;]\s*", spec):
        bounds = re.split(r"\s*[–-]\s*", part)
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
            low, high = int(bounds[0]), int(bounds[1])
            out.extend(range(low, min(high, low + _MAX_RANGE - 1) + 1))
        elif part.isdigit():
            out.append(int(part))
    return out


def split_markers(text: str) -> tuple[str, list[int]]:
    """Remove inline ``[n]`` markers from text, returning the text and the numbers found."""
    found: list[int] = []
    for match in _MARKER.finditer(text):
        found.extend(_numbers(match.group(1)))
    return _MARKER.sub("", text), found


def clean_text(text: str) -> str:
    """Plain text: no HTML, scripts, Markdown links or emphasis, URLs or extra whitespace."""
    text = html.unescape(text)
    text = _SCRIPT.sub(" ", text)
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _TAG.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _MD_EMPHASIS.sub("", text)
    text = _LEADING_MARKUP.sub("", text)
    text = " ".join(text.split())
    return _SPACE_BEFORE_PUNCT.sub(r"\1", text).strip()


def _coerce_citations(value: Any) -> list[int]:
    values = value if isinstance(value, list) else [value]
    out: list[int] = []
    for v in values:
        if isinstance(v, bool):
            continue
        if isinstance(v, int):
            out.append(v)
        elif isinstance(v, float) and v.is_integer():
            out.append(int(v))
        elif isinstance(v, str):
            out.extend(_numbers(v.strip().strip("[]()")))
    return out


class DraftItem(BaseModel):
    """A generated sentence with the passage numbers it cites (before mapping to references)."""

    text: str = Field(default="", description="Cleaned sentence text.")
    citations: list[int] = Field(default_factory=list, description="Passage numbers, as generated.")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        # Small models sometimes give a bare string where an item object belongs.
        return {"text": data} if isinstance(data, str) else data

    @field_validator("citations", mode="before")
    @classmethod
    def _citations(cls, value: Any) -> list[int]:
        return _coerce_citations(value)

    @model_validator(mode="after")
    def _clean(self) -> DraftItem:
        text, inline = split_markers(self.text)
        self.text = clean_text(text)
        self.citations = list(dict.fromkeys([*self.citations, *inline]))[: MAX_CITATIONS * 2]
        return self


class DraftSubsection(BaseModel):
    """A generated subsection."""

    heading: str = Field(default="", description="Heading as generated, cleaned.")
    items: list[DraftItem] = Field(default_factory=list, description="Items, bounded.")

    @field_validator("heading", mode="after")
    @classmethod
    def _heading(cls, value: str) -> str:
        return clean_text(split_markers(value)[0])

    @field_validator("items", mode="after")
    @classmethod
    def _bound_items(cls, value: list[DraftItem]) -> list[DraftItem]:
        # json_object mode (the fallback) does not enforce maxItems: bound here too.
        return value[:MAX_ITEMS]


class DraftSection(DraftSubsection):
    """A generated section."""

    subsections: list[DraftSubsection] = Field(default_factory=list, description="Subsections.")

    @field_validator("subsections", mode="after")
    @classmethod
    def _bound_subsections(cls, value: list[DraftSubsection]) -> list[DraftSubsection]:
        return value[:MAX_SUBSECTIONS]


class DraftAnswer(BaseModel):
    """The model's answer as generated: passage numbers, not yet references."""

    bottom_line: DraftItem = Field(default_factory=DraftItem, description="Bottom line.")
    sections: list[DraftSection] = Field(default_factory=list, description="Sections.")
    follow_ups: list[str] = Field(default_factory=list, description="Follow-up questions.")
    insufficient: bool = Field(default=False, description="The model judged the evidence too thin.")

    @field_validator("sections", mode="after")
    @classmethod
    def _bound_sections(cls, value: list[DraftSection]) -> list[DraftSection]:
        return value[:MAX_SECTIONS]

    @field_validator("follow_ups", mode="after")
    @classmethod
    def _clean_follow_ups(cls, value: list[str]) -> list[str]:
        cleaned = (clean_text(split_markers(q)[0]) for q in value)
        return [q for q in cleaned if q][:MAX_FOLLOW_UPS]


def first_json_object(raw: str) -> dict[str, Any]:
    """The first JSON object in ``raw`` (code fences and surrounding prose are skipped)."""
    decoder = json.JSONDecoder()
    start = raw.find("{")
    while start != -1:
        try:
            value, _ = decoder.raw_decode(raw, start)
        except json.JSONDecodeError:
            start = raw.find("{", start + 1)
            continue
        if isinstance(value, dict):
            return value
        start = raw.find("{", start + 1)
    excerpt = " ".join(raw.split())[:200]
    raise LLMOutputError(f"LLM reply contains no valid JSON object: {excerpt!r}")


def parse_answer(raw: str) -> DraftAnswer:
    """Validate the model's reply as a :class:`DraftAnswer`; :class:`LLMOutputError` if unusable."""
    data = first_json_object(raw)
    if not {"bottom_line", "sections"} & data.keys():
        # A reply cut off at max_tokens leaves only inner objects (an item) parseable.
        raise LLMOutputError(
            "LLM reply has no bottom_line or sections (cut off at max_tokens?): "
            f"{' '.join(raw.split())[:200]!r}"
        )
    try:
        return DraftAnswer.model_validate(data)
    except ValidationError as exc:
        raise LLMOutputError(
            f"LLM reply does not have the answer's shape: {exc.errors()[0]['msg']}"
        ) from exc
