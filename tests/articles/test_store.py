"""The article store: versions, the audit log, the workflow and migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from medcite.articles import (
    Action,
    ArticleNotFound,
    ArticleStore,
    Database,
    ReviewStatus,
    TransitionError,
    parse_action,
)
from medcite.articles.schema import MIGRATIONS
from medcite.records import Answer, Hit


def test_create_keeps_answer_passages_and_rendered_forms(
    store: ArticleStore, answered: tuple[Answer, list[Hit]]
) -> None:
    answer, hits = answered
    article = store.create(answer, hits, by="dr.a")
    assert article.slug.startswith("treatment-for-pars-defect-")
    assert article.status is ReviewStatus.SUBMITTED and article.version == 1
    version = store.version(article.slug)
    assert version.answer == answer
    assert {p.n for p in version.passages} == {r.n for r in answer.references}
    assert version.html.startswith("<article") and version.markdown.startswith("# ")


def test_workflow_and_append_only_log(
    store: ArticleStore, answered: tuple[Answer, list[Hit]]
) -> None:
    slug = store.create(*answered, by="dr.a").slug
    store.transition(slug, Action.START, by="rev")
    store.transition(slug, Action.REQUEST_CHANGES, by="rev", comment="add outcomes")
    with pytest.raises(TransitionError, match="allowed from: Under review"):
        store.transition(slug, Action.APPROVE, by="rev")
    article = store.add_version(slug, *answered, by="dr.a", note="added outcomes")
    assert (article.version, article.status) == (2, ReviewStatus.SUBMITTED)
    store.transition(slug, Action.START, by="rev")
    assert store.transition(slug, Action.APPROVE, by="rev").status is ReviewStatus.APPROVED
    log = [(e.action, e.version, e.to_status.value, e.comment) for e in store.events(slug)]
    assert log == [
        ("create", 1, "submitted", ""),
        ("start", 1, "under_review", ""),
        ("request_changes", 1, "changes_requested", "add outcomes"),
        ("new_version", 2, "submitted", "added outcomes"),
        ("start", 2, "under_review", ""),
        ("approve", 2, "approved", ""),
    ]
    assert [v.version for v in store.versions(slug)] == [1, 2]


def test_find_by_status_and_missing(
    store: ArticleStore, answered: tuple[Answer, list[Hit]]
) -> None:
    a = store.create(*answered, by="x")
    b = store.create(*answered, by="x")
    store.transition(b.slug, Action.START, by="rev")
    assert [x.slug for x in store.find([ReviewStatus.SUBMITTED])] == [a.slug]
    assert store.count() == 2
    with pytest.raises(ArticleNotFound, match="medcite articles list"):
        store.get("nope")


def test_parse_action() -> None:
    assert parse_action("request-changes") is Action.REQUEST_CHANGES
    with pytest.raises(TransitionError, match="start, approve"):
        parse_action("create")


def test_migrations_are_recorded_and_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    ArticleStore(Database(path))
    ArticleStore(Database(path))
    conn = sqlite3.connect(path)
    version = conn.execute("SELECT value FROM article_meta WHERE key='schema_version'").fetchone()
    assert int(version[0]) == len(MIGRATIONS)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
