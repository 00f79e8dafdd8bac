"""Terminal: rich output that prints evidence literally and survives narrow terminals."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from medcite.records import Answer
from medcite.render import render_terminal, render_terminal_text


def test_rich_markup_in_evidence_prints_literally(treatment_answer: Answer) -> None:
    text = render_terminal_text(treatment_answer)
    assert "[bold]loud[/] text [3]" in text
    assert "<script>alert(1)</script> see [click](http://evil)" in text


@pytest.mark.parametrize("width", [40, 60, 100])
@pytest.mark.parametrize("name", ["treatment_answer", "abstained_answer", "urgent_answer"])
def test_fits_the_width(request: pytest.FixtureRequest, name: str, width: int) -> None:
    answer: Answer = request.getfixturevalue(name)
    text = render_terminal_text(answer, width=width)
    assert text.strip()
    assert max(len(line) for line in text.splitlines()) <= width
    assert answer.disclaimer.split()[0] in text


def test_layout_at_100_columns(treatment_answer: Answer) -> None:
    lines = render_terminal_text(treatment_answer).splitlines()
    assert lines[0] == treatment_answer.title
    assert any(line.startswith("╭─ Bottom line") for line in lines)
    assert any(line.startswith("Treatment algorithm ─") for line in lines)
    assert "  • Activity modification and physiotherapy for 3–6 months. [1, 2]" in lines
    assert "    Surgical options" in lines
    assert "   https://pubmed.ncbi.nlm.nih.gov/31234567/" in lines
    assert "Citations verified: 12 checked, 11 kept, 1 re-attributed, 0 dropped" in lines
    assert "→ When can she return to sport?" in lines
    assert all(line == line.rstrip() for line in lines)


def test_abstained_panel(abstained_answer: Answer) -> None:
    text = render_terminal_text(abstained_answer)
    assert "╭─ Not enough evidence" in text
    assert "• zebra fever management" in text
    assert "Bottom line" not in text


def test_urgent_panel_comes_first(urgent_answer: Answer) -> None:
    lines = render_terminal_text(urgent_answer).splitlines()
    assert lines[0].startswith("╭─ ⚠ Urgent")
    assert "Possible cauda equina syndrome" in lines[1]


def test_colour_output_has_styles(treatment_answer: Answer) -> None:
    text = render_terminal_text(treatment_answer, color=True)
    assert "\x1b[" in text
    assert "[bold]loud[/]" in text


def test_render_terminal_prints_to_the_given_console(treatment_answer: Answer) -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, width=120, color_system=None, record=True)
    render_terminal(treatment_answer, console)
    assert treatment_answer.title in buffer.getvalue()
    assert "[bold]loud[/]" in console.export_text()


def test_render_terminal_defaults_to_stdout(
    urgent_answer: Answer, capsys: pytest.CaptureFixture[str]
) -> None:
    render_terminal(urgent_answer)
    assert urgent_answer.title in capsys.readouterr().out
