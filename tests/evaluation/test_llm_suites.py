"""The suites that need an LLM: run with the scripted fake and a local OpenAI-compatible server;
without an LLM they say so and exit cleanly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from medcite.cli.main import app
from medcite.evaluation import (
    MCQConfig,
    NeedsLLM,
    PubMedQAConfig,
    require_llm,
    run_mcq,
    run_pubmedqa,
)
from medcite.evaluation.llm_tasks import parse_choice
from medcite.llm import LLMError, ScriptedLLM
from medcite.retrieval import Searcher

runner = CliRunner()


def test_parse_choice() -> None:
    assert parse_choice('{"answer": "B"}', "ABCD") == "B"
    assert parse_choice("The answer is C.", "ABCD") == "C"
    assert parse_choice("A or B", "ABCD") is None
    assert parse_choice("maybe", ("yes", "no", "maybe")) == "maybe"
    assert parse_choice("yes or no", ("yes", "no", "maybe")) is None
    assert parse_choice('{"answer": "E"}', "ABCD") is None


def test_mcq_closed_book_and_retrieval(eval_data: Path, searcher: Searcher) -> None:
    llm = ScriptedLLM()
    # medqa: 2 questions x 2 settings. Closed-book right then wrong; with retrieval both right.
    llm.enqueue('{"answer": "B"}', '{"answer": "A"}', '{"answer": "B"}', '{"answer": "B"}')
    config = MCQConfig(datasets=("medqa",), data_dir=eval_data)
    result = run_mcq(config, llm, searcher)
    row = result.metrics["medqa"]
    assert row["n"] == 2
    assert row["closed_book_accuracy"] == 0.5 and row["retrieval_accuracy"] == 1.0
    # Question-only retrieval: the options are not in the query, retrieved documents are in the prompt.
    rag_prompt = llm.history[2].messages[-1].content
    assert "<document" in rag_prompt and llm.history[2].schema is not None
    assert "Options:" in rag_prompt


def test_mcq_without_library_notes_skip(eval_data: Path) -> None:
    llm = ScriptedLLM('{"answer": "A"}')
    result = run_mcq(MCQConfig(datasets=("mmlu",), data_dir=eval_data), llm, None)
    assert result.metrics["mmlu"]["closed_book_accuracy"] == 1.0
    assert "retrieval_accuracy" not in result.metrics["mmlu"]
    assert any("no library" in n for n in result.notes)


def test_mcq_llm_failure_counts_as_unparsed(eval_data: Path) -> None:
    llm = ScriptedLLM(LLMError("down"))
    config = MCQConfig(datasets=("pubmedqa",), settings=("closed-book",), data_dir=eval_data)
    row = run_mcq(config, llm).metrics["pubmedqa"]
    assert row["closed_book_accuracy"] == 0.0 and row["closed_book_unparsed"] == 1


def test_pubmedqa_reasoning_required(eval_data: Path) -> None:
    llm = ScriptedLLM('{"answer": "yes"}', '{"answer": "no"}', '{"answer": "yes"}', "no")
    result = run_pubmedqa(PubMedQAConfig(data_dir=eval_data), llm)
    m = result.metrics
    assert m["n"] == 4 and m["accuracy"] == 0.75
    assert m["confusion"]["maybe"]["yes"] == 1
    assert "bony healing" in llm.history[0].messages[-1].content.lower()


def test_pubmedqa_retrieval_builds_abstract_library(eval_data: Path) -> None:
    llm = ScriptedLLM(*['{"answer": "no"}'] * 2)
    config = PubMedQAConfig(setting="retrieval", limit=2, seed=1, data_dir=eval_data)
    result = run_pubmedqa(config, llm)
    assert result.metrics["n"] == 2 and "<document" in llm.history[0].messages[-1].content
    assert any("PQA-L abstracts" in n for n in result.notes)


def test_require_llm() -> None:
    with pytest.raises(NeedsLLM, match="MEDCITE_LLM_BASE_URL"):
        require_llm(None, None)
    with pytest.raises(ValueError, match="llm_model"):
        require_llm("http://127.0.0.1:9/v1", None)


@pytest.mark.parametrize("suite", ["mcq", "pubmedqa"])
def test_cli_without_llm_exits_cleanly(suite: str, eval_data: Path) -> None:
    result = runner.invoke(app, ["eval", suite, "--data-dir", str(eval_data), "--json"])
    assert result.exit_code == 0, result.output
    assert "needs an LLM" in result.output
    assert json.loads(result.stdout)["skipped"].startswith("this suite needs an LLM")


def test_cli_mcq_against_local_server(
    fake_server: Any, eval_data: Path, library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEDCITE_EMBEDDER", "hash")
    monkeypatch.setenv("MEDCITE_EXPAND_SYNONYMS", "false")
    for answer in ("A", "B", "A", "A"):
        fake_server.enqueue(text=json.dumps({"answer": answer}))
    args = ["eval", "mcq", "--dataset", "medmcqa", "--data-dir", str(eval_data), "--json"]
    args += [
        "--library",
        str(library_dir),
        "--llm-base-url",
        fake_server.base_url,
        "--llm-model",
        "m",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)["metrics"]["medmcqa"]
    assert row["closed_book_accuracy"] == 1.0 and row["retrieval_accuracy"] == 0.5
    assert len(fake_server.requests) == 4
