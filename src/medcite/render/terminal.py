"""Terminal rendering with rich: panels, rules and coloured evidence labels.

Evidence text is never passed to rich as a markup string: every string goes into a
:class:`rich.text.Text`, so a passage containing ``[bold]`` or ``[/]`` prints literally.
The layout is built for 100 columns and degrades without error down to 40.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.style import Style
from rich.table import Table
from rich.text import Text

from medcite.records import Answer, AnswerSection, ContentItem, Hit, Reference
from medcite.render import common

CITE_STYLE = "dim cyan"
WARNING_STYLE = "yellow"
LINK_COLOR = "blue"
STRENGTH_STYLES: dict[common.Strength, str] = {
    "strong": "bold green",
    "moderate": "yellow",
    "weak": "red",
}
_INDENT = 2


def render_terminal(answer: Answer, console: Console | None = None) -> None:
    """Print the answer to ``console`` (a new stdout console when not given)."""
    console = console or Console()
    for renderable in answer_renderables(answer):
        console.print(renderable)


def render_terminal_text(
    answer: Answer,
    hits: Sequence[Hit] | None = None,
    *,
    width: int = 100,
    color: bool = False,
) -> str:
    """The terminal rendering as a string: plain text, or with ANSI styles when ``color``."""
    del hits  # a terminal has no hover text for passages
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        highlight=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
    )
    render_terminal(answer, console)
    text = buffer.getvalue()
    if color:
        return text
    # rich pads table cells to the column width; trailing blanks are noise in plain text
    return "\n".join(line.rstrip() for line in text.split("\n"))


def answer_renderables(answer: Answer) -> list[RenderableType]:
    """Everything the terminal shows, top to bottom, as rich renderables."""
    parts = _header(answer)
    parts.append(Text(""))
    parts += [_abstained(answer)] if answer.abstained else _bottom_line(answer)
    for depth, section in common.walk_sections(answer.sections):
        parts += _section(section, depth)
    if answer.warnings:
        parts += [Text(""), _warnings(answer.warnings)]
    parts += _references(answer)
    parts += _follow_ups(answer.follow_ups)
    parts += _closing(answer)
    return parts


def _bullets(rows: Sequence[Text], marker: str = "•", indent: int = 0) -> RenderableType:
    """Rows with a hanging marker, so wrapped lines align under the text."""
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    for row in rows:
        table.add_row(Text(marker, style="dim"), row)
    return Padding(table, (0, 0, 0, indent), expand=False)


def _item_text(item: ContentItem) -> Text:
    text = Text(common.one_line(item.text))
    if cites := common.format_citations(item.citations):
        text.append(" ")
        text.append(cites, style=CITE_STYLE)
    for point in item.points:
        text.append("\n  ◦ ", style="dim")
        text.append(common.one_line(point))
    return text


def _header(answer: Answer) -> list[RenderableType]:
    parts: list[RenderableType] = []
    if answer.urgent_notice:
        title = Text(f"⚠ {common.URGENT_LABEL}", style="bold")
        notice = Text(common.one_line(answer.urgent_notice), style="bold")
        parts.append(
            Panel(notice, title=title, title_align="left", border_style="red", style="red")
        )
    parts.append(Text(common.one_line(answer.title), style="bold"))
    parts.append(Text(common.BANNER, style="italic yellow"))
    meta = Text(f" {common.REVIEW_STATUS} ", style="black on yellow")
    meta.append("  ")
    meta.append(common.audience_line(answer), style="dim")
    parts.append(meta)
    if context := common.context_line(answer.context):
        parts.append(Text(context, style="dim"))
    return parts


def _bottom_line(answer: Answer) -> list[RenderableType]:
    if not answer.bottom_line.text.strip():
        return []
    title = Text(common.BOTTOM_LINE_HEADING, style="bold")
    body = _item_text(answer.bottom_line)
    return [Panel(body, title=title, title_align="left", border_style="green", padding=(0, 1))]


def _abstained(answer: Answer) -> RenderableType:
    body: list[RenderableType] = [Text(common.abstain_message(answer))]
    if answer.searched:
        body.append(Text(f"{common.SEARCHED_HEADING}:", style="bold"))
        body.append(_bullets([Text(common.one_line(q)) for q in answer.searched]))
    title = Text(common.ABSTAIN_HEADING, style="bold")
    return Panel(Group(*body), title=title, title_align="left", border_style="yellow")


def _section(section: AnswerSection, depth: int) -> list[RenderableType]:
    heading = Text(common.one_line(section.heading), style="bold")
    parts: list[RenderableType]
    if depth == 0:
        parts = [Text(""), Rule(heading, align="left", style="bright_black")]
    else:
        parts = [Padding(heading, (1, 0, 0, _INDENT * depth), expand=False)]
    if section.items:
        rows = [_item_text(item) for item in section.items]
        parts.append(_bullets(rows, indent=_INDENT * depth))
    return parts


def _warnings(warnings: Sequence[str]) -> RenderableType:
    rows = [Text(common.one_line(w), style=WARNING_STYLE) for w in warnings]
    title = Text(common.WARNINGS_HEADING, style="bold yellow")
    body = _bullets(rows, marker="⚠")
    return Panel(body, title=title, title_align="left", border_style="yellow")


def _reference_text(ref: Reference) -> Text:
    text = Text(common.source_text(ref))
    text.append(" ")
    text.append(
        f"[{ref.evidence_label}]", style=STRENGTH_STYLES[common.strength(ref.evidence_level)]
    )
    for link in common.reference_links(ref):
        text.append("\n")
        text.append(link.url, style=Style(color=LINK_COLOR, link=link.url))
    return text


def _references(answer: Answer) -> list[RenderableType]:
    parts: list[RenderableType] = []
    if answer.references:
        parts.append(
            Rule(Text(common.REFERENCES_HEADING, style="bold"), align="left", style="bright_black")
        )
        table = Table.grid(padding=(0, 1))
        table.add_column(justify="right", no_wrap=True)
        table.add_column(ratio=1, overflow="fold")
        for ref in answer.references:
            table.add_row(Text(f"{ref.n}."), _reference_text(ref))
        parts.append(table)
    parts.append(Text(common.verification_summary(answer.verification), style="dim"))
    if answer.verification.notes:
        notes = [Text(common.one_line(n), style="dim") for n in answer.verification.notes]
        parts.append(_bullets(notes, marker="-"))
    return parts


def _follow_ups(follow_ups: Sequence[str]) -> list[RenderableType]:
    if not follow_ups:
        return []
    rows = [Text(common.one_line(q)) for q in follow_ups]
    return [Text(""), Text(common.FOLLOW_UPS_HEADING, style="bold"), _bullets(rows, marker="→")]


def _closing(answer: Answer) -> list[RenderableType]:
    return [
        Text(""),
        Rule(style="bright_black"),
        Text(common.one_line(answer.disclaimer), style="italic"),
        Text(common.footer_line(answer), style="dim"),
    ]
