"""The retrieval suite end-to-end on the fixture slices: every mode, the bm25s baseline, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from medcite.cli.main import app
from medcite.evaluation import RetrievalConfig, run_retrieval, to_markdown
from medcite.retrieval import Mode

runner = CliRunner()


def _config(eval_data: Path, **kw: object) -> RetrievalConfig:
    base: dict[str, object] = {"data_dir": eval_data, "embedder": "hash", "expand": False}
    return RetrievalConfig(**{**base, **kw})  # type: ignore[arg-type]


def test_pubmedqa_all_modes_and_baseline(eval_data: Path) -> None:
    result = run_retrieval(_config(eval_data))
    m = result.metrics
    assert m["corpus_docs"] == 6 and m["queries"] == 6
    for key in ("bm25s", "medcite_lexical", "medcite_dense", "medcite_hybrid"):
        assert set(m[key]) >= {"recall@1", "recall@10", "mrr@10", "ndcg@10"}
    # Questions share their abstract's words: lexical search finds every one in the top 10.
    assert m["medcite_lexical"]["recall@10"] == 1.0
    assert m["bm25s"]["recall@10"] == 1.0
    assert "medcite_lexical" in to_markdown(result)


def test_same_seed_same_numbers(eval_data: Path) -> None:
    first = run_retrieval(_config(eval_data, limit=3, seed=5, modes=(Mode.LEXICAL,)))
    again = run_retrieval(_config(eval_data, limit=3, seed=5, modes=(Mode.LEXICAL,)))
    assert first.metrics == again.metrics and first.metrics["queries"] == 3


def test_medquad(eval_data: Path) -> None:
    result = run_retrieval(_config(eval_data, dataset="medquad", modes=(Mode.LEXICAL,)))
    assert result.metrics["medcite_lexical"]["queries"] == 6


def test_bad_combinations_are_clear_errors(eval_data: Path) -> None:
    with pytest.raises(ValueError, match="--modes lexical"):
        run_retrieval(_config(eval_data, distractors=True))
    with pytest.raises(ValueError, match="pubmedqa only"):
        run_retrieval(_config(eval_data, dataset="medquad", distractors=True))
    with pytest.raises(ValueError, match="unknown retrieval data set"):
        run_retrieval(_config(eval_data, dataset="bioasq"))


def test_distractor_files_are_ingested(eval_data: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra.jsonl"
    extra.write_text(
        json.dumps({"id": "pmid:1", "title": "Unrelated", "text": "Knee pain."}) + "\n"
    )
    config = _config(eval_data, modes=(Mode.LEXICAL,), distractors=True, distractor_files=[extra])
    result = run_retrieval(config)
    assert result.metrics["corpus_docs"] == 7
    assert any("distractors" in n for n in result.notes)


def test_cli_json_and_files(eval_data: Path, tmp_path: Path) -> None:
    out, md = tmp_path / "r.json", tmp_path / "r.md"
    args = ["eval", "retrieval", "--data-dir", str(eval_data), "--modes", "lexical,hybrid"]
    args += [
        "--embedder",
        "hash",
        "--no-expand",
        "--json",
        "--out",
        str(out),
        "--markdown",
        str(md),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["suite"] == "retrieval" and "medcite_hybrid" in data["metrics"]
    assert json.loads(out.read_text())["metrics"] == data["metrics"]
    assert (
        "Command: `medcite eval retrieval --modes lexical,hybrid --embedder hash" in md.read_text()
    )
    assert "cores" in md.read_text()


def test_cli_missing_data_names_file(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["eval", "retrieval", "--data-dir", str(tmp_path), "--modes", "lexical"]
    )
    assert result.exit_code == 2
    assert "pubmedqa/ori_pqal.json" in result.output.replace("\n", "")


def test_cli_bad_modes() -> None:
    result = runner.invoke(app, ["eval", "retrieval", "--modes", "lexical,fancy"])
    assert result.exit_code == 2 and "--modes" in result.output
