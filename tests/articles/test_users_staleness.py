"""Users and API keys; staleness when cited sources are retracted or newer evidence arrives."""

from __future__ import annotations

from pathlib import Path

import pytest

from medcite.articles import ArticleStore, ReviewStatus, Role, UserError, UserStore, check_stale
from medcite.embed import get_embedder
from medcite.ingest.pipeline import Ingestor
from medcite.library.store import Library
from medcite.records import Answer, Hit
from medcite.retrieval import Searcher

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "server"


def test_keys_are_hashed_and_authenticate(store: ArticleStore, tmp_path: Path) -> None:
    users = UserStore(store.db)
    user, key = users.add("dr.lee", Role.REVIEWER)
    assert users.authenticate(key) == user
    assert users.authenticate(key[:-2] + "zz") is None
    assert users.authenticate("garbage") is None
    secret = key.split("_", 2)[2]  # "mck_<id>_<secret>"; the secret itself may contain "_"
    assert len(secret) >= 40
    with store.db.tx() as tx:
        assert secret not in repr(tx.all("SELECT * FROM users"))
    if not store.db.postgres:
        assert secret not in (tmp_path / "articles.sqlite3").read_bytes().decode("latin-1")
    with pytest.raises(UserError, match="exists"):
        users.add("dr.lee", Role.READER)
    with pytest.raises(UserError, match="user name"):
        users.add("bad name!", Role.READER)
    assert Role.ADMIN.allows(Role.REVIEWER) and not Role.READER.allows(Role.CLINICIAN)


def test_fresh_article_is_not_stale(store: ArticleStore, searcher: Searcher,
                                    answered: tuple[Answer, list[Hit]]) -> None:  # fmt: skip
    store.create(*answered, by="x")
    assert check_stale(store, searcher) == []


def test_retracted_citation_flags_article(store: ArticleStore, library: Library, searcher: Searcher,
                                          answered: tuple[Answer, list[Hit]]) -> None:  # fmt: skip
    slug = store.create(*answered, by="x").slug
    cited = answered[0].references[0].id
    doc = library.document(cited)
    assert doc is not None
    with library.transaction() as tx:
        tx.upsert(doc.model_copy(update={"retracted": True}), library.chunks_of(cited), "changed")
    flags = check_stale(store, searcher)
    assert [f.slug for f in flags] == [slug] and "retracted" in flags[0].reason
    article = store.get(slug)
    assert article.status is ReviewStatus.STALE and article.stale_reason == flags[0].reason
    assert check_stale(store, searcher) == []  # already flagged: not flagged twice


def test_newer_guideline_flags_article(store: ArticleStore, library: Library, searcher: Searcher,
                                       answered: tuple[Answer, list[Hit]]) -> None:  # fmt: skip
    slug = store.create(*answered, by="x").slug
    Ingestor(library, get_embedder("hash"), use_worker=False).run(
        [FIXTURES / "newer_guideline.jsonl"]
    )
    flags = check_stale(store, searcher)
    assert [f.slug for f in flags] == [slug]
    assert "newer evidence" in flags[0].reason and "2024" in flags[0].reason
