"""Fixtures for the LLM path: a real local OpenAI-compatible server, hand-built hits, analyses."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from medcite.llm import OpenAICompatLLM
from medcite.records import (
    Audience,
    EvidenceLevel,
    Hit,
    Intent,
    PatientContext,
    QuestionAnalysis,
    SourceType,
)


def _load_server_module() -> ModuleType:
    # Tests run with --import-mode=importlib and tests/ is not a package, so a sibling module is
    # loaded by path rather than by import name.
    path = Path(__file__).with_name("fake_openai_server.py")
    spec = importlib.util.spec_from_file_location("medcite_tests_fake_openai_server", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


_server_module = _load_server_module()


@pytest.fixture(scope="session")
def openai_server() -> Iterator[Any]:
    """One server for the whole session (starting uvicorn per test would be slow)."""
    server = _server_module.FakeOpenAIServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def server(openai_server: Any) -> Iterator[Any]:
    """The session's server with an empty script and no recorded requests."""
    openai_server.reset()
    yield openai_server
    openai_server.reset()


@pytest.fixture
def make_llm(server: Any) -> Iterator[Callable[..., OpenAICompatLLM]]:
    """Build clients for the local server with fast retries; closed after the test."""
    made: list[OpenAICompatLLM] = []

    def make(**options: Any) -> OpenAICompatLLM:
        options.setdefault("backoff", 0.01)
        options.setdefault("timeout", 5.0)
        llm = OpenAICompatLLM(server.base_url, "test-model", **options)
        made.append(llm)
        return llm

    yield make
    for llm in made:
        llm.close()


def _make_hit(n: int, **fields: Any) -> Hit:
    """A hit for passage ``n`` (document doc-n, chunk c-n) with overridable fields."""
    level = fields.pop("evidence_level", EvidenceLevel.GUIDELINE)
    values: dict[str, Any] = {
        "chunk_id": f"c-{n}",
        "doc_id": f"doc-{n}",
        "title": f"Document {n}",
        "source_type": SourceType.PUBMED,
        "text": f"Passage {n} text.",
        "year": 2020,
        "evidence_level": level,
        "evidence_label": level.label,
        "score": 1.0 / n,
        **fields,
    }
    return Hit.model_validate(values)


@pytest.fixture
def make_hit() -> Callable[..., Hit]:
    """``make_hit(n, **fields)``: a hand-built hit for passage n."""
    return _make_hit


@pytest.fixture
def hits() -> list[Hit]:
    """Four hits: two passages of one guideline, a review, and a retracted trial."""
    return [
        _make_hit(
            1,
            doc_id="doc-guideline",
            title="Spondylolysis: clinical practice guideline",
            publisher="North American Spine Society",
            year=2021,
            text="Conservative management with activity restriction for 3–6 months is "
            "recommended first.",
        ),
        _make_hit(
            2,
            doc_id="doc-retracted",
            title="A retracted trial of early surgery",
            text="RETRACTED-MARKER early surgery is best.",
            evidence_level=EvidenceLevel.RCT,
            retracted=True,
        ),
        _make_hit(
            3,
            doc_id="doc-review",
            title="Conservative versus surgical treatment of spondylolysis",
            journal="Spine J",
            year=2019,
            pmid="31234567",
            text="Pooled union rates were 28% for bilateral defects.",
            evidence_level=EvidenceLevel.SYSTEMATIC_REVIEW,
        ),
        _make_hit(
            4,
            doc_id="doc-guideline",
            title="Spondylolysis: clinical practice guideline",
            publisher="North American Spine Society",
            year=2021,
            text="Surgical repair is reserved for patients who fail conservative care.",
        ),
    ]


@pytest.fixture
def analysis() -> QuestionAnalysis:
    """A treatment case question (the product's reference example)."""
    return QuestionAnalysis(
        question="Treatment options for bilateral L5 pars defect after a fall in a 22-year-old "
        "female",
        intent=Intent.TREATMENT,
        topic="pars defect",
        is_case=True,
        context=PatientContext(
            age_years=22, sex="female", site="L5", laterality="bilateral", mechanism="fall"
        ),
        title="Treatment Options for Bilateral L5 Pars Defect After Fall in a 22-Year-Old Female",
        search_queries=["pars defect treatment", "spondylolysis treatment"],
    )


@pytest.fixture
def audience() -> Audience:
    """The default reader."""
    return Audience.CLINICIAN
