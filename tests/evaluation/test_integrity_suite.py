"""Citation integrity of an answer set written like `medcite ask --questions`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from medcite.answering import Answerer
from medcite.cli.main import app
from medcite.evaluation import run_integrity
from medcite.library.store import Library

runner = CliRunner()

QUESTIONS = [
    "What is the treatment for pars defect?",
    "What is the first-line treatment for a gout flare?",
]


@pytest.fixture
def answers_file(answerer: Answerer, tmp_path: Path) -> Path:
    path = tmp_path / "answers.jsonl"
    with path.open("w") as fh:
        for i, q in enumerate(QUESTIONS):
            answer = answerer.ask(q)
            fh.write(json.dumps({"id": f"q{i}", **answer.model_dump(mode="json")}) + "\n")
    return path


def test_sound_answers(answers_file: Path, library: Library) -> None:
    m = run_integrity(answers_file, library).metrics
    assert m["answers"] == 2
    assert m["citations_resolving"] == 1.0 and m["cited_passages_in_library"] == 1.0
    assert m["sentences_with_citation"] == 1.0 and m["answers_structurally_sound"] == 1.0
    assert m["citations_verified"] > 0.5


def test_broken_answer_is_counted(answers_file: Path, library: Library, tmp_path: Path) -> None:
    first = json.loads(answers_file.read_text().splitlines()[0])
    first["bottom_line"]["citations"] = [99]
    first["references"][0]["chunk_ids"] = ["no-such-chunk"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(first) + "\n")
    result = run_integrity(bad, library)
    m = result.metrics
    assert m["citations_resolving"] < 1.0 and m["cited_passages_in_library"] < 1.0
    assert m["answers_structurally_sound"] == 0.0
    assert any("resolves to no reference" in n for n in result.notes)


def test_bad_file_errors(tmp_path: Path, library: Library) -> None:
    with pytest.raises(FileNotFoundError, match="no such answers file"):
        run_integrity(tmp_path / "nope.jsonl", library)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "question": "q"}\n')
    with pytest.raises(ValueError, match=r"bad\.jsonl:1"):
        run_integrity(bad, library)


def test_cli(answers_file: Path, library_dir: Path) -> None:
    args = ["eval", "integrity", str(answers_file), "--library", str(library_dir), "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["metrics"]["answers"] == 2
    missing = runner.invoke(app, ["eval", "integrity", "nope.jsonl", "--library", str(library_dir)])
    assert missing.exit_code == 2 and "no such answers file" in missing.output
