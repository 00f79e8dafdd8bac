"""Resumable per-item logs and nested samples: the pieces that make long LLM runs restartable."""

from __future__ import annotations

from pathlib import Path

from medcite.evaluation import MCQConfig, run_mcq
from medcite.evaluation.data import nested_sample
from medcite.evaluation.progress import ItemLog
from medcite.llm import ScriptedLLM


def test_item_log_reuses_stored_values_across_instances(tmp_path: Path) -> None:
    path = tmp_path / "progress.jsonl"
    log = ItemLog(path)
    calls: list[str] = []
    assert log.run("a", lambda: calls.append("a") or "yes") == "yes"
    assert log.run("a", lambda: calls.append("again") or "no") == "yes"
    assert calls == ["a"]
    reopened = ItemLog(path)
    assert len(reopened) == 1 and reopened.run("a", lambda: "no") == "yes"
    assert reopened.seconds(["a", "missing"]) is not None
    assert reopened.seconds(["missing"]) is None


def test_item_log_skips_a_line_cut_short(tmp_path: Path) -> None:
    path = tmp_path / "progress.jsonl"
    ItemLog(path).put("done", "B", 1.0)
    with path.open("a", encoding="utf-8") as fh:
        fh.write('{"key": "half", "val')  # killed mid-write
    log = ItemLog(path)
    assert log.get("done") is not None and log.get("half") is None


def test_item_log_without_path_keeps_memory_only() -> None:
    log = ItemLog()
    log.put("k", None, 0.5)
    assert log.get("k") == {"key": "k", "value": None, "seconds": 0.5}


def test_nested_sample_prefixes_and_file_order() -> None:
    items = list(range(500))
    big = nested_sample(items, 100, 13)
    assert nested_sample(items, 30, 13) == big[:30]
    assert len(set(big)) == 100 and big != items[:100]
    assert nested_sample(items, None, 13) == items
    assert nested_sample(items, 900, 13) == items
    assert nested_sample(items, 30, 14) != big[:30]


def test_mcq_run_resumes_from_its_progress_file(eval_data: Path, tmp_path: Path) -> None:
    progress = tmp_path / "mcq.jsonl"
    config = MCQConfig(
        datasets=("medqa",), settings=("closed-book",), data_dir=eval_data, progress=progress
    )
    first = run_mcq(config, ScriptedLLM('{"answer": "B"}', '{"answer": "A"}'))
    # A second run has nothing queued: every answer must come from the file.
    llm = ScriptedLLM()
    second = run_mcq(config, llm)
    assert llm.history == []
    assert second.metrics == first.metrics
    assert "medqa_closed_book_s_per_question" in second.timing
