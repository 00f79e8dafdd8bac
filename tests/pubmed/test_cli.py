"""`medcite pubmed ...` and `medcite ask --source pubmed|both --explain` against the local server."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from medcite.cli.main import app

runner = CliRunner()
QUESTION = "What is the treatment for pars defect?"
FIXTURE_PMIDS = {f"3910000{i}" for i in range(1, 8)}


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def test_pubmed_search_stores_and_reports_json(cli_env: Any, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    result = run(
        "pubmed", "search", '"spondylolysis"[tiab] AND guideline[pt]', "-l", str(lib), "--json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["count"] == 1 and data["in_library"] == ["39100001"]
    searched = run("search", "spondylolysis conservative", "-l", str(lib), "--json")
    assert json.loads(searched.stdout)["hits"][0]["pmid"] == "39100001"
    log = (lib / "pubmed" / "searches.jsonl").read_text().splitlines()
    assert json.loads(log[-1])["pmids"] == ["39100001"]


def test_pubmed_search_dry_run_stores_nothing(cli_env: Any, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    result = run("pubmed", "search", "spondylolysis", "--dry-run", "-l", str(lib), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["count"] >= 5 and all(r["pmid"] in FIXTURE_PMIDS for r in data["results"])
    assert not lib.exists()


def test_pubmed_fetch_by_pmid(cli_env: Any, tmp_path: Path) -> None:
    result = run("pubmed", "fetch", "39100001,39100003", "12", "-l", str(tmp_path / "l"), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["fetched"] == ["39100001", "39100003"] and data["missing"] == ["12"]


def test_empty_search_is_a_clear_message(cli_env: Any, tmp_path: Path) -> None:
    result = run("pubmed", "search", "zzzunknownterm", "-l", str(tmp_path / "l"))
    assert result.exit_code == 0 and "found nothing" in result.stdout


def test_malformed_response_is_one_line_and_stores_nothing(cli_env: Any, tmp_path: Path) -> None:
    cli_env.fault("efetch.fcgi", malformed=True)
    lib = tmp_path / "lib"
    result = run("pubmed", "fetch", "39100001", "-l", str(lib))
    assert result.exit_code == 2
    assert "malformed XML" in result.stderr and "Traceback" not in result.output
    assert list(lib.glob("pubmed/*.xml")) == []
    assert json.loads(run("library", "stats", "-l", str(lib), "--json").stdout)["documents"] == 0


def test_offline_is_a_clear_error(
    cli_env: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("MEDCITE_EUTILS_URL", f"http://127.0.0.1:{port}/eutils")
    for args in (("pubmed", "fetch", "1"), ("ask", QUESTION, "--source", "pubmed")):
        result = run(*args, "-l", str(tmp_path / "lib"))
        assert result.exit_code == 2, result.output
        assert "offline" in result.stderr and "medcite ingest" in result.stderr
        assert "Traceback" not in result.output


def test_ask_source_pubmed_gives_an_answer_cited_from_fetched_pmids(
    cli_env: Any, tmp_path: Path
) -> None:
    lib = tmp_path / "lib"
    result = run("ask", QUESTION, "--source", "pubmed", "-l", str(lib), "--json", "--explain")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert not answer["abstained"] and answer["bottom_line"]["citations"]
    refs = {r["pmid"] for r in answer["references"]}
    log = json.loads((lib / "pubmed" / "searches.jsonl").read_text().splitlines()[-1])
    assert refs and refs <= set(log["pmids"]) <= FIXTURE_PMIDS
    assert "39100006" not in refs  # the retracted record was never fetched
    # --explain shows the PubMed queries, ready to rerun
    assert "PubMed queries" in result.stderr and "guideline[pt]" in result.stderr


def test_ask_source_both_and_bad_source(cli_env: Any, tmp_path: Path, fixtures_dir: Path) -> None:
    lib = tmp_path / "lib"
    assert run("ingest", str(fixtures_dir / "library"), "-l", str(lib), "--json").exit_code == 0
    result = run("ask", QUESTION, "--source", "both", "-l", str(lib), "--json")
    assert result.exit_code == 0, result.output
    bad = run("ask", QUESTION, "--source", "web", "-l", str(lib))
    assert bad.exit_code == 2 and "--source must be one of library, pubmed, both" in bad.stderr


def test_plan_shows_queries_without_sending(cli_env: Any) -> None:
    result = run("pubmed", "plan", QUESTION, "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["queries"][0]["tier"] == "guidelines and consensus"
    assert cli_env.requests == []


def test_help_has_examples() -> None:
    for args in (
        ("pubmed", "--help"),
        ("pubmed", "search", "--help"),
        ("pubmed", "fetch", "--help"),
    ):
        result = run(*args)
        assert result.exit_code == 0 and "Examples" in result.stdout
