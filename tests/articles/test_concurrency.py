"""Several writers on one article database: no review update is lost, on either backend."""

from __future__ import annotations

import threading
from collections.abc import Callable

from medcite.articles import Action, ArticleStore, Database, ReviewStatus, TransitionError
from medcite.records import Answer, Hit


def _race(n: int, work: Callable[[int], None]) -> list[BaseException]:
    """Run `work(i)` in n threads released together; returns the errors raised."""
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        barrier.wait()
        try:
            work(i)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_competing_reviewers_one_transition_wins(
    article_db: Database, answered: tuple[Answer, list[Hit]]
) -> None:
    # Each reviewer has its own store (connection), as API workers in separate processes do.
    slug = ArticleStore(article_db).create(*answered, by="dr.a").slug
    stores = [ArticleStore(Database(article_db.target)) for _ in range(6)]
    errors = _race(6, lambda i: stores[i].transition(slug, Action.START, by=f"rev{i}"))
    assert len(errors) == 5 and all(isinstance(e, TransitionError) for e in errors)
    events = stores[0].events(slug)
    assert [e.action for e in events] == ["create", "start"]
    assert stores[0].get(slug).status is ReviewStatus.UNDER_REVIEW


def test_concurrent_new_versions_are_all_kept_in_order(
    article_db: Database, answered: tuple[Answer, list[Hit]]
) -> None:
    slug = ArticleStore(article_db).create(*answered, by="dr.a").slug
    stores = [ArticleStore(Database(article_db.target)) for _ in range(5)]
    rounds = 4

    def edit(i: int) -> None:
        for r in range(rounds):
            stores[i].add_version(slug, *answered, by=f"ed{i}", note=f"edit {i}.{r}")

    assert _race(5, edit) == []
    article = stores[0].get(slug)
    assert article.version == 1 + 5 * rounds
    assert [v.version for v in stores[0].versions(slug)] == list(range(1, 2 + 5 * rounds))
    notes = sorted(e.comment for e in stores[0].events(slug) if e.action == "new_version")
    assert notes == sorted(f"edit {i}.{r}" for i in range(5) for r in range(rounds))
