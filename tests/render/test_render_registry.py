"""The ``render`` entry point and the content every format must carry."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

import medcite.render as render_pkg
from medcite.records import Answer
from medcite.render import FORMATS, render, render_terminal_text
from medcite.render.common import BANNER, FOLLOW_UPS_HEADING

TEXT_FORMATS = ["terminal", "markdown", "html"]


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag in {"style", "title"}

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.chunks.append(data)


def visible_text(answer: Answer, fmt: str) -> str:
    """What a reader sees, on one line: HTML tags removed, Markdown escapes undone."""
    out = render(answer, fmt)
    if fmt == "html":
        parser = _TextOnly()
        parser.feed(out)
        out = " ".join(parser.chunks)
    if fmt == "markdown":
        out = re.sub(r"\\(.)", r"\1", out)
    return re.sub(r"\s+", " ", out)


def test_formats_are_listed() -> None:
    assert FORMATS == ("html", "json", "markdown", "terminal")


def test_unknown_format_lists_the_choices(treatment_answer: Answer) -> None:
    with pytest.raises(ValueError, match=r"'pdf'.*html, json, markdown, terminal"):
        render(treatment_answer, "pdf")


def test_all_is_sorted_and_exported() -> None:
    assert render_pkg.__all__ == sorted(render_pkg.__all__)
    for name in render_pkg.__all__:
        assert hasattr(render_pkg, name)


def test_terminal_format_is_the_plain_terminal_text(treatment_answer: Answer) -> None:
    assert render(treatment_answer, "terminal") == render_terminal_text(treatment_answer)
    assert "\x1b[" not in render(treatment_answer, "terminal")


@pytest.mark.parametrize("fmt", [*TEXT_FORMATS, "json"])
def test_every_format_is_deterministic(treatment_answer: Answer, fmt: str) -> None:
    assert render(treatment_answer, fmt) == render(treatment_answer.model_copy(), fmt)


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_every_format_carries_the_page(treatment_answer: Answer, fmt: str) -> None:
    text = visible_text(treatment_answer, fmt)
    expected = [
        treatment_answer.title,
        BANNER,
        "Pending review",
        "Written for: Clinician",
        "Patient: 22-year-old · female · L5 · bilateral · fall",
        treatment_answer.bottom_line.text,
        "Treatment algorithm",
        "First-line: conservative care",
        "Surgical options",
        "Only three sources matched",
        "Spine J, 2019.",
        "Systematic review / meta-analysis",
        "Citations verified: 12 checked, 11 kept, 1 re-attributed, 0 dropped",
        FOLLOW_UPS_HEADING,
        "Is bracing useful?",
        treatment_answer.disclaimer,
        "Composer: llm • Model: qwen2.5-7b-instruct • Settings: abc123def456",
    ]
    positions = [text.find(part) for part in expected]
    assert -1 not in positions, [p for p, i in zip(expected, positions, strict=True) if i < 0]
    assert positions == sorted(positions), "content must appear in page order"
    assert "Empty section" not in text
    raw = render(treatment_answer, fmt)
    assert "https://pubmed.ncbi.nlm.nih.gov/31234567/" in raw
    assert "https://doi.org/10.1016/j.spinee.2019.01.001" in raw


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_urgent_notice_comes_first(urgent_answer: Answer, fmt: str) -> None:
    text = visible_text(urgent_answer, fmt)
    notice = text.find("Possible cauda equina syndrome")
    assert -1 < notice < text.find(urgent_answer.title)
    assert "fell back to expert opinion" in text
    assert "javascript:" not in render(urgent_answer, fmt)


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_abstained_answer_says_so(abstained_answer: Answer, fmt: str) -> None:
    text = visible_text(abstained_answer, fmt)
    expected = [
        abstained_answer.title,
        "Not enough evidence",
        "too thin to answer",
        "zebra fever treatment",
        "zebra fever management",
        "medcite ingest PATH",
        "What causes zebra fever?",
        abstained_answer.disclaimer,
    ]
    positions = [text.find(part) for part in expected]
    assert -1 not in positions
    assert positions == sorted(positions)
    assert "Bottom line" not in text
    assert "Written for: Patient" in text
