"""`medcite articles`, `medcite review` and `medcite users` end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from medcite.articles import ArticleStore
from medcite.cli.main import app
from medcite.library.store import Library
from medcite.records import Answer, Hit

runner = CliRunner()


def test_review_cli_flow(library: Library, answered: tuple[Answer, list[Hit]]) -> None:
    lib = ["--library", str(library.path)]
    slug = ArticleStore.for_library(library.path).create(*answered, by="dr.a").slug
    added = runner.invoke(app, ["users", "add", "dr.lee", "--role", "reviewer", "--json", *lib])
    assert added.exit_code == 0 and json.loads(added.stdout)["api_key"].startswith("mck_")
    runner.invoke(app, ["users", "add", "pat", "--role", "reader", *lib])
    denied = runner.invoke(app, ["review", "start", slug, "--reviewer", "pat", *lib])
    assert denied.exit_code == 2 and "only reviewers" in denied.output
    for action in ("start", "approve"):
        r = runner.invoke(app, ["review", action, slug, "-r", "dr.lee", "-c", "fine", *lib])
        assert r.exit_code == 0, r.output
    wrong = runner.invoke(app, ["review", "reject", slug, "-r", "dr.lee", *lib])
    assert wrong.exit_code == 2 and "allowed from" in wrong.output
    listed = json.loads(runner.invoke(app, ["articles", "list", "--json", *lib]).stdout)
    assert [(a["slug"], a["status"]) for a in listed] == [(slug, "approved")]
    shown = runner.invoke(app, ["articles", "show", slug, *lib])
    assert "Approved" in shown.stdout and "dr.lee: approve" in shown.stdout
    html = runner.invoke(app, ["articles", "export", slug, "--format", "html", *lib]).stdout
    assert "pending human review" not in html and "Approved" in html
    md = runner.invoke(app, ["articles", "export", slug, *lib]).stdout
    assert md.startswith("# Treatment for Pars Defect")


def test_check_stale_cli(
    library: Library, answered: tuple[Answer, list[Hit]], monkeypatch: pytest.MonkeyPatch
) -> None:
    ArticleStore.for_library(library.path).create(*answered, by="dr.a")
    monkeypatch.setenv("MEDCITE_EMBEDDER", "hash")
    r = runner.invoke(app, ["articles", "check-stale", "--json", "--library", str(library.path)])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == []


def test_missing_article_is_a_message(tmp_path: Path) -> None:
    r = runner.invoke(app, ["articles", "show", "nope", "--library", str(tmp_path / "lib")])
    assert r.exit_code == 2 and "no article 'nope'" in r.output
