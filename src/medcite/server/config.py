"""Server configuration: who may do what anonymously, input limits and rate limits.

Read from the environment (``MEDCITE_PUBLIC_READ``, ``MEDCITE_OPEN``, ...) by
:func:`config_from_env`; ``medcite serve`` flags override it.
"""

from __future__ import annotations

import os

from pydantic import BaseModel, Field

UPLOAD_SUFFIXES = (
    ".xml", ".xml.gz", ".nxml", ".md", ".markdown", ".html", ".htm", ".pdf", ".txt", ".jsonl",
)  # fmt: skip


class ServerConfig(BaseModel):
    """Settings of the HTTP server (the library and models come from medcite's Settings)."""

    public_read: bool = Field(
        default=False,
        description="MEDCITE_PUBLIC_READ: anonymous users may read approved articles.",
    )
    open: bool = Field(
        default=False, description="MEDCITE_OPEN: anonymous users may ask and search (a demo)."
    )
    max_question_chars: int = Field(default=1000, description="Longest question accepted.")
    max_upload_bytes: int = Field(default=25_000_000, description="Largest ingest upload.")
    max_body_bytes: int = Field(default=26_000_000, description="Largest request body of any kind.")
    rate_per_minute: float = Field(
        default=300.0, description="Requests per minute per API key (or client address); 0 = off."
    )
    rate_burst: int = Field(default=60, description="Requests allowed in a burst.")
    workers: int = Field(
        default=2, description="Answerers kept ready (one library connection each)."
    )
    articles_db: str | None = Field(
        default=None, description="MEDCITE_ARTICLES_DB: article database (default: in the library)."
    )
    check_stale_on_start: bool = Field(
        default=True, description="Flag out-of-date articles when the server starts."
    )


def _flag(name: str) -> bool | None:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return None
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def config_from_env() -> ServerConfig:
    """Defaults overridden by the MEDCITE_* variables of the server."""
    values: dict[str, object] = {}
    for field, var in (("public_read", "MEDCITE_PUBLIC_READ"), ("open", "MEDCITE_OPEN")):
        if (flag := _flag(var)) is not None:
            values[field] = flag
    if url := os.environ.get("MEDCITE_ARTICLES_DB"):
        values["articles_db"] = url
    if rate := os.environ.get("MEDCITE_RATE_LIMIT"):
        values["rate_per_minute"] = float(rate)
    return ServerConfig.model_validate(values)
