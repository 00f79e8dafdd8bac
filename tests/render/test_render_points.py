"""A list item's points render as sub-bullets under its lead-in in every format, escaped."""

from __future__ import annotations

import pytest

from medcite.records import Answer, ContentItem
from medcite.render import render, render_terminal_text

POINTS = ["Resistant hypertension on three drugs", "Onset before age 30 <b>early</b>"]


@pytest.fixture
def listed(treatment_answer: Answer) -> Answer:
    answer = treatment_answer.model_copy(deep=True)
    lead = ContentItem(text="Look for a secondary cause in these cases:", citations=[1])
    answer.sections[0].items.append(lead.model_copy(update={"points": POINTS}))
    return answer


def test_markdown_nests_the_points_under_the_lead_in(listed: Answer) -> None:
    lines = render(listed, "markdown").splitlines()
    at = next(i for i, line in enumerate(lines) if "secondary cause in these cases:" in line)
    assert lines[at].startswith("- ") and lines[at].endswith("[1]")
    assert lines[at + 1] == "  - Resistant hypertension on three drugs"
    assert lines[at + 2].startswith("  - Onset before age 30") and "<b>" not in lines[at + 2]


def test_html_nests_an_escaped_list(listed: Answer) -> None:
    html = render(listed, "html")
    assert (
        "<ul><li>Resistant hypertension on three drugs</li><li>Onset before age 30 &lt;b&gt;"
        in html
    )


def test_terminal_shows_each_point_on_its_own_line(listed: Answer) -> None:
    text = render_terminal_text(listed, width=100)
    lines = [line.strip() for line in text.splitlines()]
    assert "◦ Resistant hypertension on three drugs" in lines
    assert any(line.startswith("◦ Onset before age 30 <b>early</b>") for line in lines)


def test_json_carries_the_points(listed: Answer) -> None:
    import json

    data = json.loads(render(listed, "json"))
    assert data["sections"][0]["items"][-1]["points"] == POINTS
