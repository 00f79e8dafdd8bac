"""Fixtures for composer tests: the hand-written spondylolysis library and analysed questions."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from medcite.compose import ComposeOptions, compose_extractive
from medcite.records import Answer, Audience, Hit, QuestionAnalysis

DATA = Path(__file__).resolve().parents[1] / "fixtures" / "compose"


def load_hits() -> list[Hit]:
    """The fixture library, best-ranked first (as retrieval would return it)."""
    return [Hit.model_validate(h) for h in json.loads((DATA / "hits.json").read_text("utf-8"))]


def load_analyses() -> dict[str, QuestionAnalysis]:
    raw = json.loads((DATA / "analyses.json").read_text("utf-8"))
    return {name: QuestionAnalysis.model_validate(value) for name, value in raw.items()}


@pytest.fixture
def hits() -> list[Hit]:
    return load_hits()


@pytest.fixture
def analyses() -> dict[str, QuestionAnalysis]:
    return load_analyses()


@pytest.fixture
def options() -> ComposeOptions:
    # A fixed reference year keeps recency boosts (and so the answers) stable over time.
    return ComposeOptions(reference_year=2025)


@pytest.fixture
def by_chunk(hits: list[Hit]) -> Callable[[str], Hit]:
    """Look a fixture hit up by chunk id."""
    return lambda chunk_id: next(h for h in hits if h.chunk_id == chunk_id)


@pytest.fixture
def compose(
    hits: list[Hit], analyses: dict[str, QuestionAnalysis], options: ComposeOptions
) -> Callable[..., Answer]:
    """`compose("generic", Audience.PATIENT)` with the fixture library."""

    def run(
        name: str,
        audience: Audience = Audience.CLINICIAN,
        *,
        library: list[Hit] | None = None,
        opts: ComposeOptions | None = None,
    ) -> Answer:
        chosen = hits if library is None else library
        return compose_extractive(analyses[name], chosen, audience, options=opts or options)

    return run
