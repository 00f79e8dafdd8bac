"""Request and response bodies of the HTTP API (pydantic, so they appear in the OpenAPI doc)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from medcite.articles import Article, ArticleVersion, CitedPassage, ReviewEvent, Role
from medcite.records import Answer, Audience, SearchResult

MAX_QUESTION = 4000  # the hard ceiling; the configured limit (default 1000) is checked per request


class AskRequest(BaseModel):
    """A question, who it is for, and optionally the thread it follows up."""

    question: str = Field(min_length=1, max_length=MAX_QUESTION, description="The question.")
    audience: Audience = Field(
        default=Audience.CLINICIAN, description="clinician, patient or student."
    )
    thread_id: str | None = Field(default=None, description="Thread to continue (a follow-up).")
    save: bool = Field(default=False, description="Also save the answer as an article.")


class AskResponse(BaseModel):
    """The answer, the passages it cites (for hover text) and the article when saved."""

    answer: Answer = Field(description="The structured, verified answer.")
    passages: list[CitedPassage] = Field(description="Cited passages, per reference number.")
    article: Article | None = Field(default=None, description="The saved article, if saved.")


class SaveRequest(BaseModel):
    """An answer (from /api/ask) to keep as an article."""

    answer: Answer = Field(description="The answer to save.")
    passages: list[CitedPassage] = Field(default_factory=list, description="Its cited passages.")


class VersionRequest(BaseModel):
    """A new version: regenerate from the library, or an edited answer."""

    regenerate: bool = Field(default=False, description="Ask the article's question again.")
    answer: Answer | None = Field(
        default=None, description="An edited answer, when not regenerating."
    )
    passages: list[CitedPassage] = Field(default_factory=list, description="Cited passages.")
    note: str = Field(default="", max_length=2000, description="Why the version was made.")


class ReviewRequest(BaseModel):
    """A review action with the reviewer's comment."""

    action: str = Field(description="start, approve, request-changes or reject.")
    comment: str = Field(default="", max_length=5000, description="Reviewer comment.")


class ArticleView(BaseModel):
    """An article as a reader sees it: status, banner, current version and audit log."""

    article: Article = Field(description="The article.")
    status_label: str = Field(description="Human label of the review status.")
    banner: str | None = Field(description="Banner to show until the article is approved.")
    current: ArticleVersion = Field(description="The version shown (current unless asked).")
    events: list[ReviewEvent] = Field(description="Audit log, oldest first.")


class VersionSummary(BaseModel):
    """One version in a version list."""

    version: int = Field(description="Version number.")
    title: str = Field(description="Title of that version.")
    created_at: str = Field(description="When it was made.")
    created_by: str = Field(description="Who made it.")
    note: str = Field(description="Why.")


class StaleReport(BaseModel):
    """Articles flagged for re-review by a staleness check."""

    flagged: list[dict[str, str]] = Field(description="slug and reason of each flagged article.")


class SearchResponse(SearchResult):
    """Library search hits (same shape as `medcite search --json`)."""


class IngestResponse(BaseModel):
    """What an ingest upload did."""

    file: str = Field(description="Uploaded file name.")
    summary: dict[str, object] = Field(description="Ingest summary (added, updated, bad, ...).")
    stale: list[dict[str, str]] = Field(description="Articles flagged stale after the ingest.")


class UserRequest(BaseModel):
    """A user to add."""

    name: str = Field(description="User name.")
    role: Role = Field(default=Role.READER, description="reader, clinician, reviewer or admin.")


class NewUser(BaseModel):
    """A new user with their API key (shown once)."""

    name: str = Field(description="User name.")
    role: Role = Field(description="Role.")
    api_key: str = Field(description="The API key; store it now, it is not kept.")


class Me(BaseModel):
    """Who the caller is and what the server allows anonymously."""

    name: str = Field(description="User name or 'anonymous'.")
    role: Role | None = Field(description="Role, or null when anonymous.")
    public_read: bool = Field(description="Anonymous users may read approved articles.")
    open: bool = Field(description="Anonymous users may ask.")
    max_question_chars: int = Field(description="Longest question accepted.")
