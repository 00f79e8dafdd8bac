"""Records of the article store: articles, versions, cited-passage snapshots, review events, users."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from medcite.records import Answer, Audience


class ReviewStatus(StrEnum):
    """Where an article stands in human medical review."""

    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"
    STALE = "stale"

    @property
    def label(self) -> str:
        """Human label shown on the status badge."""
        return _STATUS_LABELS[self]


_STATUS_LABELS: dict[ReviewStatus, str] = {
    ReviewStatus.SUBMITTED: "Submitted",
    ReviewStatus.UNDER_REVIEW: "Under review",
    ReviewStatus.APPROVED: "Approved",
    ReviewStatus.CHANGES_REQUESTED: "Changes requested",
    ReviewStatus.REJECTED: "Rejected",
    ReviewStatus.STALE: "Re-review needed",
}


class Role(StrEnum):
    """What a user may do; each role includes the ones before it."""

    READER = "reader"
    CLINICIAN = "clinician"
    REVIEWER = "reviewer"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        """0 for reader, growing with privilege."""
        return list(Role).index(self)

    def allows(self, needed: Role) -> bool:
        """True when this role has at least the privileges of ``needed``."""
        return self.rank >= needed.rank


class CitedPassage(BaseModel):
    """A snapshot of one passage an article cites, kept so the article reads the same later."""

    n: int = Field(description="Reference number the passage belongs to.")
    chunk_id: str = Field(description="Library passage id.")
    doc_id: str = Field(description="Library document id.")
    title: str = Field(description="Document title.")
    section: str = Field(default="", description="Section heading of the passage.")
    text: str = Field(description="Passage text as it was when cited.")
    year: int | None = Field(default=None, description="Publication year.")
    evidence_label: str = Field(description="Human label of the evidence level.")


class ArticleVersion(BaseModel):
    """One immutable version of an article; regenerating or editing adds a new one."""

    version: int = Field(description="Version number, 1 for the first.")
    answer: Answer = Field(description="The structured answer of this version.")
    passages: list[CitedPassage] = Field(
        default_factory=list, description="Snapshot of the passages the answer cites."
    )
    html: str = Field(default="", description="Rendered <article> HTML of this version.")
    markdown: str = Field(default="", description="Rendered Markdown of this version.")
    created_at: str = Field(description="When the version was made (ISO 8601, UTC).")
    created_by: str = Field(description="Who made it.")
    note: str = Field(default="", description="Why this version was made.")


class Article(BaseModel):
    """An answer kept for people to read, share, review and trust."""

    id: str = Field(description="Stable article id.")
    slug: str = Field(description="URL name of the article.")
    question: str = Field(description="Question the article answers.")
    audience: Audience = Field(description="Reader the article is written for.")
    title: str = Field(description="Title of the current version.")
    status: ReviewStatus = Field(description="Review status.")
    version: int = Field(description="Current version number.")
    created_at: str = Field(description="When the article was created (ISO 8601, UTC).")
    updated_at: str = Field(description="When it last changed (ISO 8601, UTC).")
    created_by: str = Field(description="Who created it.")
    stale_reason: str | None = Field(
        default=None, description="Why the article needs re-review, when newer evidence arrived."
    )

    @property
    def status_label(self) -> str:
        """Human label of the status."""
        return self.status.label


class ReviewEvent(BaseModel):
    """One entry of the append-only audit log: who did what to which version, and when."""

    id: str = Field(description="Event id.")
    article_id: str = Field(description="Article id.")
    version: int = Field(description="Article version the action applied to.")
    at: str = Field(description="When (ISO 8601, UTC, microseconds).")
    actor: str = Field(description="User name, or 'system' for automatic flags.")
    action: str = Field(description="create, new_version, start, approve, request_changes, ...")
    from_status: ReviewStatus | None = Field(default=None, description="Status before.")
    to_status: ReviewStatus = Field(description="Status after.")
    comment: str = Field(default="", description="Reviewer comment or reason.")


class User(BaseModel):
    """A user of the server; the API key itself is never stored, only a salted hash."""

    name: str = Field(description="User name.")
    role: Role = Field(description="Role.")
    created_at: str = Field(description="When the user was added.")
