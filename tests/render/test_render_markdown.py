"""Markdown: GitHub-flavoured, bracketed citations, evidence text neutralised."""

from __future__ import annotations

import pytest

from medcite.records import Answer
from medcite.render import render
from medcite.render.markdown import escape_md, md_link


@pytest.fixture
def markdown(treatment_answer: Answer) -> str:
    return render(treatment_answer, "markdown")


def test_structure(markdown: str) -> None:
    lines = markdown.splitlines()
    assert lines[0] == (
        "# Treatment Options for Bilateral L5 Pars Defect After Fall in a 22-Year-Old Female"
    )
    assert "## Bottom line" in lines
    assert (
        "**Conservative management for at least 3–6 months; surgery if it fails. [1, 2]**" in lines
    )
    assert "## Treatment algorithm" in lines
    assert "### First-line: conservative care" in lines
    assert "#### Surgical options" in lines
    assert "- Activity modification and physiotherapy for 3–6 months. [1, 2]" in lines
    assert "## Have a follow-up question?" in lines
    assert "- Is bracing useful?" in lines
    assert markdown.endswith("lib-2024-06-01\n")


def test_references_are_a_numbered_list_with_links(markdown: str) -> None:
    lines = markdown.splitlines()
    ref2 = next(line for line in lines if line.startswith("2. "))
    assert ref2 == (
        "2. Conservative versus surgical treatment of spondylolysis: a meta-analysis. "
        "Spine J, 2019. [PMID: 31234567](https://pubmed.ncbi.nlm.nih.gov/31234567/) · "
        "[doi:10.1016/j.spinee.2019.01.001](https://doi.org/10.1016/j.spinee.2019.01.001) "
        "\\[Systematic review / meta-analysis\\]"
    )
    ref1 = next(line for line in lines if line.startswith("1. "))
    assert "(https://www.spine.org/guidelines/spondylolysis)" in ref1
    assert next(line for line in lines if line.startswith("3. ")).count("](") == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[click](http://evil)", "\\[click\\](http://evil)"),
        ("<script>x</script>", "\\<script\\>x\\</script\\>"),
        (
            "*a* _b_ `c` ~d~ a|b &amp; #1 ![i]",
            "\\*a\\* \\_b\\_ \\`c\\` \\~d\\~ a\\|b \\&amp; \\#1 \\!\\[i\\]",
        ),
        ("- not a list", "\\- not a list"),
        ("1. not a list", "1\\. not a list"),
        ("2020 was a year", "2020 was a year"),
        ("line\n\n# heading", "line \\# heading"),
        ("back\\slash", "back\\\\slash"),
    ],
)
def test_escape_md(text: str, expected: str) -> None:
    assert escape_md(text) == expected


def test_md_link_url_cannot_break_out() -> None:
    assert md_link("x]", "https://a.org/p (1)<b>") == "[x\\]](https://a.org/p%20%281%29%3Cb%3E)"


def test_evidence_renders_literally() -> None:
    markdown_it = pytest.importorskip("markdown_it")
    hostile = "<script>alert(1)</script> [click](http://evil) <a href='http://evil'>x</a> **b**"
    html = markdown_it.MarkdownIt("commonmark", {"html": True}).render(escape_md(hostile))
    assert "<script" not in html
    assert "<a " not in html
    assert "<strong>" not in html
    assert "[click](http://evil)" in html


def test_whole_page_parses_without_injection(treatment_answer: Answer) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    md = markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table")
    html = md.render(render(treatment_answer, "markdown"))
    assert "<script" not in html
    assert 'href="http://evil"' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "[bold]loud[/]" in html
    assert (
        'href="https://doi.org/10.1002/%28SICI%291097-0258%2819980815%2917:15%3C1661::AID-SIM968'
        '%3E3.0.CO;2-2"' in html
    )
    assert html.count("<ol>") == 1
    assert html.count("<h4>") == 1


def test_abstained_markdown(abstained_answer: Answer) -> None:
    lines = render(abstained_answer, "markdown").splitlines()
    assert "## Not enough evidence" in lines
    assert "- zebra fever treatment" in lines
    assert (
        "- ⚠ Add guidelines on this topic to your library with \\`medcite ingest PATH\\`." in lines
    )
    assert "## References" not in lines


def test_urgent_markdown_starts_with_the_notice(urgent_answer: Answer) -> None:
    markdown = render(urgent_answer, "markdown")
    assert markdown.startswith(
        "> **⚠ Urgent:** Possible cauda equina syndrome: seek emergency care now.\n\n# "
    )
    assert "javascript" not in markdown
