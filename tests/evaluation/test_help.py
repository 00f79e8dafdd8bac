"""`medcite eval --help` documents every suite."""

from __future__ import annotations

from typer.testing import CliRunner

from medcite.cli.main import app

SUITES = ("retrieval", "mcq", "pubmedqa", "kqa", "citations-expertqa", "integrity")


def test_help_lists_every_suite() -> None:
    result = runner_invoke(["eval", "--help"])
    for suite in SUITES:
        assert suite in result


def test_each_suite_has_help() -> None:
    for suite in SUITES:
        assert "--json" in runner_invoke(["eval", suite, "--help"])


def runner_invoke(args: list[str]) -> str:
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output
