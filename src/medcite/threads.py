"""Conversation threads: each follow-up carries the patient context and evidence already found.

A thread is a JSON file under `<home>/threads/`; turns are appended, never rewritten, so a
thread is also a record of how each answer came about.
"""

from __future__ import annotations

import json
import re
import secrets
from pathlib import Path

from pydantic import BaseModel, Field

from medcite.records import QuestionAnalysis

_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class ThreadError(ValueError):
    """A thread id is malformed or unknown."""


class Turn(BaseModel):
    """One question and what answered it."""

    question: str = Field(description="The question as asked.")
    analysis: QuestionAnalysis = Field(description="Analysis after merging the thread's context.")
    chunk_ids: list[str] = Field(default_factory=list, description="Passages the answer cited.")
    title: str = Field(default="", description="Answer title.")


class Thread(BaseModel):
    """A conversation: its turns in order."""

    id: str = Field(description="Thread id.")
    turns: list[Turn] = Field(default_factory=list, description="Turns, oldest first.")

    @property
    def last(self) -> Turn | None:
        """The latest turn, if any."""
        return self.turns[-1] if self.turns else None


class ThreadStore:
    """Threads as JSON files in one directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def new_id(self) -> str:
        """A fresh random thread id."""
        return secrets.token_hex(6)

    def _path(self, thread_id: str) -> Path:
        if not _ID.match(thread_id):
            raise ThreadError(f"thread id {thread_id!r} must be 1-64 letters, digits, '-' or '_'")
        return self.directory / f"{thread_id}.json"

    def load(self, thread_id: str, *, create: bool = False) -> Thread:
        """The thread, or an empty one when `create` and it does not exist yet."""
        path = self._path(thread_id)
        if not path.exists():
            if create:
                return Thread(id=thread_id)
            raise ThreadError(
                f"no thread {thread_id!r} in {self.directory}; start one without --thread"
            )
        return Thread.model_validate_json(path.read_text(encoding="utf-8"))

    def append(self, thread: Thread, turn: Turn) -> Thread:
        """Add a turn and write the thread atomically (a crash never leaves half a file)."""
        thread = thread.model_copy(update={"turns": [*thread.turns, turn]})
        path = self._path(thread.id)
        self.directory.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(thread.model_dump(mode="json"), indent=1), encoding="utf-8")
        tmp.replace(path)
        return thread
