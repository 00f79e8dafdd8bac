"""The article store: articles, their versions and the append-only review log, in one database.

SQLite by default (``<library>/articles.sqlite3``, WAL); the same SQL runs on PostgreSQL.
Every status change is written together with its audit event in one transaction, so the log
and the article never disagree.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from medcite.articles.db import Database, Row, Tx
from medcite.articles.models import Article, ArticleVersion, CitedPassage, ReviewEvent, ReviewStatus
from medcite.articles.schema import migrate
from medcite.articles.snapshot import cited_passages, rendered_forms, slugify
from medcite.articles.workflow import Action, next_status
from medcite.records import Answer, Hit

DB_NAME = "articles.sqlite3"

_ARTICLE_COLUMNS = (
    "id, slug, question, audience, title, status, version, created_at, updated_at, "
    "created_by, stale_reason"
)
_VERSION_COLUMNS = "version, answer, passages, html, markdown, created_at, created_by, note"
_EVENT_COLUMNS = "id, article_id, version, at, actor, action, from_status, to_status, comment"


class ArticleNotFound(LookupError):
    """No article has that slug (or id)."""


def now() -> str:
    """The current UTC time, ISO 8601 with microseconds (so log entries sort in order)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _article(row: Row) -> Article:
    keys = [c.strip() for c in _ARTICLE_COLUMNS.split(",")]
    return Article.model_validate(dict(zip(keys, row, strict=True)))


def _version(row: Row) -> ArticleVersion:
    version, answer, passages, html, markdown, created_at, created_by, note = row
    return ArticleVersion(
        version=version, answer=Answer.model_validate_json(answer),
        passages=[CitedPassage.model_validate(p) for p in json.loads(passages)],
        html=html, markdown=markdown, created_at=created_at, created_by=created_by, note=note,
    )  # fmt: skip


def _event(row: Row) -> ReviewEvent:
    keys = [c.strip() for c in _EVENT_COLUMNS.split(",")]
    return ReviewEvent.model_validate(dict(zip(keys, row, strict=True)))


class ArticleStore:
    """Articles in one database. Construction applies pending migrations."""

    def __init__(self, db: Database) -> None:
        self.db = db
        migrate(db)

    @classmethod
    def for_library(cls, library_dir: Path, url: str | None = None) -> ArticleStore:
        """The store beside a library (``articles.sqlite3``), or at ``url`` (e.g. PostgreSQL)."""
        return cls(Database(url or library_dir.expanduser() / DB_NAME))

    # -- writing -----------------------------------------------------------------------------
    def create(self, answer: Answer, hits: Sequence[Hit], *, by: str) -> Article:
        """Save an answer as a new article (version 1, status Submitted)."""
        article_id = secrets.token_hex(8)
        at = now()
        slug = slugify(answer.title, article_id[:6])
        with self.db.tx() as tx:
            tx.execute(
                f"INSERT INTO articles({_ARTICLE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (article_id, slug, answer.question, str(answer.audience), answer.title,
                 str(ReviewStatus.SUBMITTED), 1, at, at, by, None),
            )  # fmt: skip
            self._insert_version(tx, article_id, 1, answer, hits, by, "created", at)
            self._log(tx, article_id, 1, by, Action.CREATE, None, ReviewStatus.SUBMITTED, "", at)
        return self.get(slug)

    def add_version(
        self, slug: str, answer: Answer, hits: Sequence[Hit], *, by: str, note: str = ""
    ) -> Article:
        """A new version (regenerated or edited); it goes back to Submitted for review."""
        with self.db.tx() as tx:
            article = self._get(tx, slug)
            number = article.version + 1
            at = now()
            self._insert_version(
                tx, article.id, number, answer, hits, by, note or "new version", at
            )
            status = next_status(article.status, Action.NEW_VERSION)
            tx.execute(
                "UPDATE articles SET version = ?, title = ?, status = ?, updated_at = ?, "
                "stale_reason = NULL WHERE id = ?",
                (number, answer.title, str(status), at, article.id),
            )
            self._log(
                tx, article.id, number, by, Action.NEW_VERSION, article.status, status, note, at
            )
        return self.get(slug)

    def transition(self, slug: str, action: Action, *, by: str, comment: str = "") -> Article:
        """Apply a review action; raises TransitionError when the status does not allow it."""
        with self.db.tx() as tx:
            article = self._get(tx, slug)
            status = next_status(article.status, action)
            at = now()
            reason = comment if action is Action.FLAG_STALE else None
            tx.execute(
                "UPDATE articles SET status = ?, updated_at = ?, stale_reason = ? WHERE id = ?",
                (str(status), at, reason, article.id),
            )
            self._log(
                tx, article.id, article.version, by, action, article.status, status, comment, at
            )
        return self.get(slug)

    def _insert_version(
        self, tx: Tx, article_id: str, number: int, answer: Answer, hits: Sequence[Hit],
        by: str, note: str, at: str,
    ) -> None:  # fmt: skip
        passages = cited_passages(answer, hits)
        html, markdown = rendered_forms(answer, hits)
        tx.execute(
            f"INSERT INTO article_versions(article_id, {_VERSION_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",
            (article_id, number, answer.model_dump_json(),
             json.dumps([p.model_dump(mode="json") for p in passages]), html, markdown, at, by, note),
        )  # fmt: skip

    def _log(
        self, tx: Tx, article_id: str, version: int, actor: str, action: Action,
        before: ReviewStatus | None, after: ReviewStatus, comment: str, at: str,
    ) -> None:  # fmt: skip
        tx.execute(
            f"INSERT INTO review_events({_EVENT_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",
            (secrets.token_hex(8), article_id, version, at, actor, str(action),
             str(before) if before else None, str(after), comment),
        )  # fmt: skip

    # -- reading -----------------------------------------------------------------------------
    def get(self, slug: str) -> Article:
        """The article with this slug (or id); raises ArticleNotFound."""
        with self.db.tx() as tx:
            return self._get(tx, slug)

    def _get(self, tx: Tx, slug: str) -> Article:
        row = tx.one(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE slug = ? OR id = ?", (slug, slug)
        )
        if row is None:
            raise ArticleNotFound(f"no article {slug!r}; list them with `medcite articles list`")
        return _article(row)

    def find(
        self, statuses: Sequence[ReviewStatus] = (), *, limit: int = 100, offset: int = 0,
        oldest_first: bool = False,
    ) -> list[Article]:  # fmt: skip
        """Articles, newest change first (or oldest first, for a review queue)."""
        where, params = "", [str(s) for s in statuses]
        if statuses:
            where = f"WHERE status IN ({','.join('?' * len(statuses))})"
        order = "ASC" if oldest_first else "DESC"
        sql = (
            f"SELECT {_ARTICLE_COLUMNS} FROM articles {where} "
            f"ORDER BY updated_at {order}, id LIMIT ? OFFSET ?"
        )
        with self.db.tx() as tx:
            return [_article(r) for r in tx.all(sql, (*params, limit, offset))]

    def count(self) -> int:
        """Number of articles."""
        with self.db.tx() as tx:
            row = tx.one("SELECT COUNT(*) FROM articles")
        return int(row[0]) if row else 0

    def version(self, slug: str, number: int | None = None) -> ArticleVersion:
        """One version of an article: the current one unless ``number`` is given."""
        with self.db.tx() as tx:
            article = self._get(tx, slug)
            wanted = number or article.version
            row = tx.one(
                f"SELECT {_VERSION_COLUMNS} FROM article_versions WHERE article_id = ? AND version = ?",
                (article.id, wanted),
            )
        if row is None:
            raise ArticleNotFound(
                f"article {slug!r} has no version {wanted}; it has versions 1 to {article.version}"
            )
        return _version(row)

    def versions(self, slug: str) -> list[ArticleVersion]:
        """Every version, oldest first."""
        with self.db.tx() as tx:
            article = self._get(tx, slug)
            rows = tx.all(
                f"SELECT {_VERSION_COLUMNS} FROM article_versions WHERE article_id = ? ORDER BY version",
                (article.id,),
            )
        return [_version(r) for r in rows]

    def events(self, slug: str) -> list[ReviewEvent]:
        """The audit log of an article, oldest first."""
        with self.db.tx() as tx:
            article = self._get(tx, slug)
            rows = tx.all(
                f"SELECT {_EVENT_COLUMNS} FROM review_events WHERE article_id = ? ORDER BY at, id",
                (article.id,),
            )
        return [_event(r) for r in rows]
