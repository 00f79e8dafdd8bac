"""Articles: saved answers with versions, human medical review and staleness checks.

``ArticleStore`` keeps articles, versions and the append-only review log (SQLite by default,
the same SQL on PostgreSQL); ``UserStore`` keeps users and hashed API keys; ``check_stale``
flags articles whose evidence moved on.
"""

from medcite.articles.db import Database, DatabaseError
from medcite.articles.models import (
    Article,
    ArticleVersion,
    CitedPassage,
    ReviewEvent,
    ReviewStatus,
    Role,
    User,
)
from medcite.articles.staleness import StaleFlag, check_stale, stale_reason
from medcite.articles.store import ArticleNotFound, ArticleStore
from medcite.articles.users import UserError, UserStore
from medcite.articles.workflow import Action, TransitionError, parse_action

__all__ = [
    "Action",
    "Article",
    "ArticleNotFound",
    "ArticleStore",
    "ArticleVersion",
    "CitedPassage",
    "Database",
    "DatabaseError",
    "ReviewEvent",
    "ReviewStatus",
    "Role",
    "StaleFlag",
    "TransitionError",
    "User",
    "UserError",
    "UserStore",
    "check_stale",
    "parse_action",
    "stale_reason",
]
