"""Fixtures for verification tests: the composer's fixture library and a composed answer."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from medcite.compose import ComposeOptions, compose_extractive
from medcite.records import Answer, Hit, QuestionAnalysis

DATA = Path(__file__).resolve().parents[1] / "fixtures" / "compose"


@pytest.fixture
def hits() -> list[Hit]:
    return [Hit.model_validate(h) for h in json.loads((DATA / "hits.json").read_text("utf-8"))]


@pytest.fixture
def analyses() -> dict[str, QuestionAnalysis]:
    raw = json.loads((DATA / "analyses.json").read_text("utf-8"))
    return {name: QuestionAnalysis.model_validate(value) for name, value in raw.items()}


@pytest.fixture
def answer(hits: list[Hit], analyses: dict[str, QuestionAnalysis]) -> Answer:
    """The extractive clinician answer to the generic pars-defect question."""
    return compose_extractive(
        analyses["generic"], hits, options=ComposeOptions(reference_year=2025)
    )


@pytest.fixture
def by_chunk(hits: list[Hit]) -> Callable[[str], Hit]:
    """Look a fixture hit up by chunk id."""
    return lambda chunk_id: next(h for h in hits if h.chunk_id == chunk_id)
