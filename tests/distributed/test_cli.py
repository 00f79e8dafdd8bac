"""`medcite ingest --scheduler ADDRESS` end to end on a 2-worker cluster: JSON summary, resume."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from medcite.cli.main import app

from .conftest import RECORDS

runner = CliRunner()


def test_cli_distributed_ingest_and_rerun(client: Any, pubmed_dir: Path, tmp_path: Path) -> None:
    # --scheduler: the CLI connects to a running cluster by its address, as on a real cluster.
    address = client.scheduler.address
    lib = tmp_path / "lib"
    args = ["ingest", str(pubmed_dir), "--scheduler", address, "--library", str(lib),
            "--no-embed", "--json"]  # fmt: skip

    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert summary["distributed"] is True and summary["workers"] == 2
    assert summary["scheduler"] == address
    assert (summary["files"], summary["files_done"], summary["records"]) == (4, 4, RECORDS)
    assert summary["writer"] == "driver" and summary["files_failed"] == []

    again = json.loads(runner.invoke(app, args).stdout)
    assert (again["files_already_done"], again["records"], again["added"]) == (4, 0, 0)


def test_cli_help_shows_distributed_examples() -> None:
    result = runner.invoke(app, ["ingest", "--help"])
    assert result.exit_code == 0
    for text in ("--distributed", "--scheduler", "--workers", "tcp://scheduler:8786"):
        assert text in result.stdout
