"""GitHub-flavoured Markdown rendering of an answer.

Evidence text is data: every piece of it is escaped so that a passage containing Markdown
link syntax, emphasis or raw HTML shows up as the characters it holds, never as markup.
Citations are plain bracketed numbers, ``[1, 2]``, that match the numbered reference list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote

from medcite.records import Answer, AnswerSection, ContentItem, Hit, Reference
from medcite.render import common

# Characters that can start inline markup (emphasis, code, links, raw HTML, entities, tables,
# strikethrough, heading closers); escaped wherever they appear.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!])")
# Line starts that would open a nested list inside the list item or paragraph holding the text.
_BULLET_START = re.compile(r"^([-+])(?=\s|$)")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_URL_SAFE = ":/?#@!$&'*+,;=%-._~"


def escape_md(text: str) -> str:
    """Text that renders literally in Markdown, on a single line."""
    escaped = _INLINE_SPECIAL.sub(r"\\\1", common.one_line(text))
    escaped = _BULLET_START.sub(r"\\\1", escaped)
    return _ORDERED_START.sub(r"\1\\\2", escaped)


def md_link(label: str, url: str) -> str:
    """A Markdown link whose label is escaped and whose URL cannot break out of the link."""
    return f"[{escape_md(label)}]({quote(url, safe=_URL_SAFE)})"


def render_markdown(answer: Answer, hits: Sequence[Hit] | None = None) -> str:
    """The whole answer page as a Markdown document; ``hits`` is unused here."""
    del hits  # Markdown has no hover text for passages
    blocks = [*_header_blocks(answer)]
    blocks += _abstain_blocks(answer) if answer.abstained else _bottom_line_blocks(answer)
    for depth, section in common.walk_sections(answer.sections):
        blocks += _section_blocks(section, depth)
    blocks += _list_block(common.WARNINGS_HEADING, [f"⚠ {escape_md(w)}" for w in answer.warnings])
    blocks += _reference_blocks(answer)
    blocks += _list_block(common.FOLLOW_UPS_HEADING, [escape_md(q) for q in answer.follow_ups])
    blocks += _closing_blocks(answer)
    return "\n\n".join(blocks) + "\n"


def _header_blocks(answer: Answer) -> list[str]:
    blocks = []
    if answer.urgent_notice:
        urgent = f"**⚠ {common.URGENT_LABEL}:** {escape_md(answer.urgent_notice)}"
        blocks.append(f"> {urgent}")
    blocks.append(f"# {escape_md(answer.title)}")
    blocks.append(f"> {escape_md(common.BANNER)}")
    meta = f"**Review status:** {common.REVIEW_STATUS} · {escape_md(common.audience_line(answer))}"
    blocks.append(meta)
    if context := common.context_line(answer.context):
        blocks.append(escape_md(context))
    return blocks


def _item_text(item: ContentItem) -> str:
    cites = common.format_citations(item.citations)
    text = f"{escape_md(item.text)} {cites}".rstrip()
    return "".join([text, *(f"\n  - {escape_md(point)}" for point in item.points)])


def _bottom_line_blocks(answer: Answer) -> list[str]:
    text = _item_text(answer.bottom_line)
    return [f"## {common.BOTTOM_LINE_HEADING}", f"**{text}**"] if text else []


def _abstain_blocks(answer: Answer) -> list[str]:
    blocks = [f"## {common.ABSTAIN_HEADING}", escape_md(common.abstain_message(answer))]
    if answer.searched:
        blocks.append(f"**{common.SEARCHED_HEADING}:**")
        blocks.append("\n".join(f"- {escape_md(query)}" for query in answer.searched))
    return blocks


def _section_blocks(section: AnswerSection, depth: int) -> list[str]:
    level = "#" * min(depth + 2, 6)
    blocks = [f"{level} {escape_md(section.heading)}"]
    if section.items:
        blocks.append("\n".join(f"- {_item_text(item)}" for item in section.items))
    return blocks


def _list_block(heading: str, lines: list[str]) -> list[str]:
    if not lines:
        return []
    return [f"## {heading}", "\n".join(f"- {line}" for line in lines)]


def _reference_line(ref: Reference) -> str:
    links = " · ".join(md_link(link.label, link.url) for link in common.reference_links(ref))
    parts = [
        f"{ref.n}. {escape_md(common.source_text(ref))}",
        links,
        escape_md(f"[{ref.evidence_label}]"),
    ]
    return " ".join(part for part in parts if part)


def _reference_blocks(answer: Answer) -> list[str]:
    blocks = []
    if answer.references:
        blocks.append(f"## {common.REFERENCES_HEADING}")
        blocks.append("\n".join(_reference_line(ref) for ref in answer.references))
    blocks.append(f"_{escape_md(common.verification_summary(answer.verification))}_")
    if answer.verification.notes:
        blocks.append("\n".join(f"- {escape_md(note)}" for note in answer.verification.notes))
    return blocks


def _closing_blocks(answer: Answer) -> list[str]:
    return ["---", f"*{escape_md(answer.disclaimer)}*", escape_md(common.footer_line(answer))]
