"""The `medcite` command: ingest, search, stats, ask, with --json and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from medcite.cli.main import app

runner = CliRunner()


@pytest.fixture
def lib_dir(tmp_path: Path, fixtures_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MEDCITE_EMBEDDER", "hash")  # a real provider that needs no model files
    lib = tmp_path / "lib"
    result = runner.invoke(
        app, ["ingest", str(fixtures_dir / "library"), "--library", str(lib), "--json"]
    )
    assert result.exit_code == 0, result.output
    return lib


def test_ingest_json_summary(
    tmp_path: Path, fixtures_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEDCITE_EMBEDDER", "hash")
    result = runner.invoke(
        app, ["ingest", str(fixtures_dir / "library"), "-l", str(tmp_path / "l"), "--json"]
    )
    data = json.loads(result.stdout)
    assert data["added"] == 5 and data["embedded"] == data["chunks"] and data["skipped"] == 0


def test_ingest_reports_unsupported_file(tmp_path: Path) -> None:
    bad = tmp_path / "x.bin"
    bad.write_bytes(b"\x00\x01\x02")
    result = runner.invoke(
        app, ["ingest", str(bad), "-l", str(tmp_path / "l"), "--json", "--no-embed"]
    )
    data = json.loads(result.stdout)
    assert data["skipped"] == 1 and "unsupported format" in data["skipped_records"][0]["reason"]


def test_search_json_hits_have_citable_fields(lib_dir: Path) -> None:
    result = runner.invoke(
        app, ["search", "pars defect", "-k", "2", "--library", str(lib_dir), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    hit = data["hits"][0]
    assert hit["doc_id"] == "fx-guideline-1"
    for key in (
        "title",
        "year",
        "evidence_level",
        "evidence_label",
        "section",
        "text",
        "score",
        "url",
    ):
        assert key in hit


def test_search_batch_mode_writes_one_line_per_query(lib_dir: Path, tmp_path: Path) -> None:
    q = tmp_path / "q.jsonl"
    q.write_text('{"id": "a", "query": "gout"}\n{"id": "b", "query": "asthma steroids"}\n')
    result = runner.invoke(
        app, ["search", "--queries", str(q), "-k", "1", "--library", str(lib_dir)]
    )
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert [x["id"] for x in lines] == ["a", "b"]
    assert lines[0]["hits"][0]["doc_id"] == "fx-gout-1"


def test_search_batch_bad_line_names_file_and_line(lib_dir: Path, tmp_path: Path) -> None:
    q = tmp_path / "q.jsonl"
    q.write_text('{"id": "a"}\n')
    result = runner.invoke(app, ["search", "--queries", str(q), "--library", str(lib_dir)])
    assert result.exit_code == 2 and "q.jsonl:1" in result.output


def test_missing_library_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["search", "asthma", "--library", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "medcite ingest" in result.output and "Traceback" not in result.output


def test_stats_json(lib_dir: Path) -> None:
    data = json.loads(
        runner.invoke(app, ["library", "stats", "--library", str(lib_dir), "--json"]).stdout
    )
    assert data["documents"] == 5
    assert data["by"]["evidence_level"]["guideline"] == 2


def test_ask_json_contract(lib_dir: Path) -> None:
    result = runner.invoke(
        app,
        ["ask", "What is the treatment for spondylolysis?", "--library", str(lib_dir), "--json"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in ("question", "title", "intent", "audience", "context", "bottom_line", "sections", "references",
                "verification", "follow_ups", "disclaimer", "abstained", "warnings", "settings_hash"):  # fmt: skip
        assert key in data
    cited = set(data["bottom_line"]["citations"])
    assert cited <= {r["n"] for r in data["references"]}


def test_ask_formats_and_bad_format(lib_dir: Path) -> None:
    md = runner.invoke(
        app, ["ask", "gout flare treatment", "-l", str(lib_dir), "--format", "markdown"]
    )
    assert md.exit_code == 0 and md.stdout.startswith("#")
    html = runner.invoke(
        app, ["ask", "gout flare treatment", "-l", str(lib_dir), "--format", "html"]
    )
    assert "<html" in html.stdout
    bad = runner.invoke(app, ["ask", "gout", "-l", str(lib_dir), "--format", "pdf"])
    assert bad.exit_code == 2 and "--format must be one of" in bad.output


def test_ask_batch(lib_dir: Path, tmp_path: Path) -> None:
    q = tmp_path / "q.jsonl"
    q.write_text(
        '{"id": 1, "question": "gout flare treatment"}\n{"id": 2, "question": "asthma", "audience": "patient"}\n'
    )
    result = runner.invoke(app, ["ask", "--questions", str(q), "-l", str(lib_dir)])
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == [1, 2] and rows[1]["audience"] == "patient"


def test_help_teaches_with_examples() -> None:
    for cmd in (["ingest", "--help"], ["search", "--help"], ["ask", "--help"]):
        out = runner.invoke(app, cmd).output
        assert "Examples" in out and "medcite" in out
