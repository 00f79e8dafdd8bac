"""Suite results: one JSON-ready record per run, with the settings and machine, and its Markdown.

Numbers that depend only on the data, the seed and the settings go in ``metrics``; wall-clock
times go in ``timing`` so that two runs with the same seed compare equal on ``metrics``.
"""

from __future__ import annotations

import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from medcite import __version__


class SuiteResult(BaseModel):
    """The outcome of one evaluation suite."""

    suite: str = Field(description="Suite name, e.g. 'retrieval'.")
    dataset: str = Field(default="", description="Data set(s) evaluated.")
    settings: dict[str, Any] = Field(default_factory=dict, description="Everything that was set.")
    metrics: dict[str, Any] = Field(default_factory=dict, description="Reproducible numbers.")
    timing: dict[str, float] = Field(default_factory=dict, description="Seconds per stage.")
    notes: list[str] = Field(default_factory=list, description="Caveats (proxies, skipped parts).")
    skipped: str | None = Field(
        default=None, description="Why the suite did not run, if it did not."
    )
    command: str = Field(default_factory=lambda: " ".join(["medcite", *sys.argv[1:]]))
    machine: dict[str, Any] = Field(default_factory=lambda: machine())
    medcite_version: str = Field(default=__version__)
    finished_at: str = Field(
        default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds")
    )


def machine() -> dict[str, Any]:
    """CPU model, cores, RAM, Python and platform: what the numbers were measured on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        ram = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError, AttributeError):
        ram = 0.0
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": ram,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def write_json(result: SuiteResult, path: Path) -> Path:
    """Write the result as indented JSON (parents created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result.model_dump(mode="json"), indent=2) + "\n", encoding="utf-8")
    return path


def to_markdown(result: SuiteResult) -> str:
    """A Markdown section: heading, command, settings, metrics table(s), notes, machine."""
    title = f"### {result.suite}" + (f" — {result.dataset}" if result.dataset else "")
    lines = [title, "", f"Command: `{result.command}`", ""]
    if result.skipped:
        return "\n".join([*lines, f"Skipped: {result.skipped}", ""])
    settings = ", ".join(f"{k}={v}" for k, v in sorted(result.settings.items()))
    lines += [f"Settings: {settings}", ""]
    lines += _metric_tables(result.metrics)
    lines += [f"- note: {note}" for note in result.notes]
    if result.timing:
        lines.append("- time: " + ", ".join(f"{k} {v:.1f}s" for k, v in result.timing.items()))
    m = result.machine
    lines.append(
        f"- machine: {m.get('cpu')}, {m.get('cores')} cores, {m.get('ram_gib')} GiB, "
        f"Python {m.get('python')}; medcite {result.medcite_version}"
    )
    return "\n".join([*lines, ""])


def _metric_tables(metrics: dict[str, Any]) -> list[str]:
    """Scalar metrics as one key/value table; dicts of scalar dicts as a row-per-key table."""
    scalars = {k: v for k, v in metrics.items() if not isinstance(v, dict)}
    nested = {k: v for k, v in metrics.items() if isinstance(v, dict)}
    out: list[str] = []
    if scalars:
        out += ["| metric | value |", "|---|---|"]
        out += [f"| {k} | {_fmt(v)} |" for k, v in scalars.items()]
        out.append("")
    rows = {k: v for k, v in nested.items() if all(not isinstance(x, dict) for x in v.values())}
    groups: dict[tuple[str, ...], dict[str, dict[str, Any]]] = {}
    for name, row in rows.items():
        groups.setdefault(tuple(row), {})[name] = row
    for columns, group in groups.items():
        out += ["| | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
        for name, row in group.items():
            out.append(f"| {name} | " + " | ".join(_fmt(row[c]) for c in columns) + " |")
        out.append("")
    for name, value in nested.items():
        if name not in rows:
            out += [f"{name}:", "", *_metric_tables(value)]
    return out


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:.1f}"
    return str(value)
