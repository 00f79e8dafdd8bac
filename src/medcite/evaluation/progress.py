"""Per-item results written as they are produced, so that a long LLM run can be resumed.

An :class:`ItemLog` appends one JSON line per evaluated item (its key, its value and the seconds
it took) and flushes it at once; a run given the same file skips every item already there. Keys
carry everything that changes an item's outcome (model, setting, snippets, data set, item id), so
one file can hold several runs without mixing them. No wall-clock timeout is involved: a process
that is paused and resumed, or killed and restarted, loses at most the item in flight.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class ItemLog:
    """A JSONL file of ``{"key", "value", "seconds"}`` records; without a path, memory only."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._items: dict[str, dict[str, Any]] = {}
        if path is not None and path.is_file():
            self._items = dict(_read(path))

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored record of ``key``, or None."""
        return self._items.get(key)

    def put(self, key: str, value: Any, seconds: float) -> None:
        """Store (and append to the file) the value of ``key``."""
        record = {"key": key, "value": value, "seconds": round(seconds, 3)}
        self._items[key] = record
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")

    def run(self, key: str, compute: Callable[[], T]) -> T:
        """The stored value of ``key``, else ``compute()`` stored with its duration."""
        found = self.get(key)
        if found is not None:
            value: T = found["value"]
            return value
        t0 = time.perf_counter()
        value = compute()
        self.put(key, value, time.perf_counter() - t0)
        return value

    def seconds(self, keys: Iterable[str]) -> float | None:
        """Mean seconds per item over ``keys`` (as first computed), or None if none is stored."""
        times = [r["seconds"] for k in keys if (r := self._items.get(k)) is not None]
        return round(sum(times) / len(times), 2) if times else None


def _read(path: Path) -> Iterable[tuple[str, dict[str, Any]]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short when the process was killed mid-write
            if isinstance(record, dict) and isinstance(record.get("key"), str):
                yield record["key"], record
