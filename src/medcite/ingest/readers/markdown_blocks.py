"""A small Markdown block parser for guideline text: headings, paragraphs, list items, tables.

Not a full CommonMark implementation, and deliberately so: the readers need readable
sentences under the right heading, not HTML. Tables become one sentence per row
("Regimen: 1.2 mg orally; Duration: 5 days."), list items become one sentence each, and
inline markup (bold, italic, links, code, HTML tags) is stripped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .metadata import clean, sentence

__all__ = [
    "Block",
    "parse_blocks",
    "row_sentences",
    "strip_inline",
    "table_cells",
    "table_sentences",
]

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]|$)")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+(.*)$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_COMMENT = re.compile(r"<!--.*?-->", re.S)

# Every span is bounded ({0,300} rather than * or +): with unbounded spans a long line of
# unmatched '[' or '**a ' backtracks quadratically, and one hostile line would stall ingest.
_INLINE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[[^\]\[]{0,300}\]\([^()]{0,500}\)"), ""),  # images carry no prose
    (re.compile(r"\[\^[^\]\[]{1,50}\]"), ""),  # footnote markers
    (re.compile(r"\[([^\]\[]{1,300})\]\([^()]{0,500}\)"), r"\1"),  # [text](url)
    (re.compile(r"\[([^\]\[]{1,300})\]\[[^\]\[]{0,100}\]"), r"\1"),  # [text][ref]
    (re.compile(r"<(https?://[^<>\s]{1,500})>"), r"\1"),  # autolinks
    (re.compile(r"`([^`]{1,300})`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.{1,300}?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.{1,300}?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.{1,300}?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~(.{1,300}?)~~"), r"\1"),
    (re.compile(r"</?[A-Za-z][^<>]{0,300}>"), " "),  # inline HTML; '< 2 g' is not a tag
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])"), r"\1"),  # backslash escapes
)


@dataclass(frozen=True)
class Block:
    """A heading (level 1-6) or a text block (level 0): paragraph, list item, table row.

    ``kind`` says which text block it is ("paragraph", "item", "row", "code"); a list item
    keeps its ``indent`` (nesting), a table row its ``cells`` and the table's ``header``, so
    the reader can give them the context they need to stand alone.
    """

    level: int
    text: str
    kind: str = "paragraph"
    indent: int = 0
    cells: tuple[str, ...] = ()
    header: tuple[str, ...] = ()


def strip_inline(text: str) -> str:
    """Inline Markdown and HTML removed, entities decoded, whitespace cleaned."""
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return clean(html.unescape(text))


def parse_blocks(text: str) -> Iterator[Block]:
    """Blocks of a Markdown body in reading order."""
    state = _State()
    for line in _COMMENT.sub("", text).splitlines():
        yield from state.feed(line)
    yield from state.flush()


@dataclass
class _State:
    paragraph: list[str] = field(default_factory=list)
    item: list[str] = field(default_factory=list)
    item_indent: int = 0
    table: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)
    fence: str = ""

    def feed(self, line: str) -> Iterator[Block]:
        if self.fence:
            yield from self._in_code(line)
            return
        fence = _FENCE.match(line)
        if fence:
            yield from self.flush()
            self.fence = fence.group(1)[0] * 3
            return
        if not line.strip():
            yield from self.flush()
            return
        yield from self._structural(_QUOTE.sub("", line))

    def _in_code(self, line: str) -> Iterator[Block]:
        if line.strip().startswith(self.fence):
            self.fence = ""
            if self.code:
                yield Block(0, " ".join(clean(c) for c in self.code if clean(c)), "code")
            self.code = []
        else:
            self.code.append(line)

    def _structural(self, line: str) -> Iterator[Block]:
        atx = _ATX.match(line)
        if atx:
            yield from self.flush()
            yield Block(len(atx.group(1)), strip_inline(_heading_text(line[atx.end() :])))
        elif _SETEXT.match(line) and len(self.paragraph) == 1 and not self.item:
            level = 1 if line.strip().startswith("=") else 2
            yield Block(level, strip_inline(self.paragraph.pop()))
        elif _RULE.match(line):
            yield from self.flush()
        elif line.lstrip().startswith("|"):
            yield from self._flush_text()
            self.table.append(line)
        else:
            yield from self._text_line(line)

    def _text_line(self, line: str) -> Iterator[Block]:
        if self.table:
            yield from self._flush_table()
        item = _LIST_ITEM.match(line)
        if item:
            yield from self._flush_text()
            self.item = [item.group(1)]
            self.item_indent = len(line) - len(line.lstrip())
        elif self.item:
            self.item.append(line)  # lazy continuation of the list item
        else:
            self.paragraph.append(line)

    def flush(self) -> Iterator[Block]:
        yield from self._flush_text()
        yield from self._flush_table()

    def _flush_text(self) -> Iterator[Block]:
        if self.paragraph:
            yield Block(0, strip_inline(" ".join(self.paragraph)))
            self.paragraph = []
        if self.item:
            text = sentence(strip_inline(" ".join(self.item)))
            yield Block(0, text, "item", self.item_indent)
            self.item = []

    def _flush_table(self) -> Iterator[Block]:
        lines, self.table = self.table, []
        header, rows = table_cells(lines)
        for row in rows:
            for text in row_sentences(header, [row]):
                yield Block(0, text, "row", cells=tuple(row), header=tuple(header))


def _heading_text(rest: str) -> str:
    """ATX heading text without an optional closing run of '#' ("## Title ##" -> "Title").

    Done with string methods: a regex for the closing run backtracks badly on long lines.
    """
    text = rest.strip()
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        return bare.strip()
    return text


def table_sentences(lines: Iterable[str]) -> list[str]:
    """Markdown table lines -> one sentence per body row (see :func:`row_sentences`)."""
    header, rows = table_cells(lines)
    return row_sentences(header, rows)


def table_cells(lines: Iterable[str]) -> tuple[list[str], list[list[str]]]:
    """Markdown table lines -> (header cells, body rows of cells); no header without a rule."""
    rows = [_cells(line) for line in lines]
    header: list[str] = []
    if len(rows) >= 2 and _is_separator(rows[1]):
        header, rows = rows[0], rows[2:]
    return header, [row for row in rows if not _is_separator(row)]


def row_sentences(header: list[str], rows: list[list[str]]) -> list[str]:
    """'Header: cell; Header: cell.' per row; cells stand alone where there is no header."""
    sentences = []
    for row in rows:
        parts = []
        for index, cell in enumerate(row):
            if not cell:
                continue
            name = header[index] if index < len(header) else ""
            parts.append(f"{name}: {cell}" if name and name != cell else cell)
        if parts:
            sentences.append(sentence("; ".join(parts)))
    return sentences


def _is_separator(cells: list[str]) -> bool:
    return bool(cells) and _TABLE_SEP.match("|".join(cells)) is not None


def _cells(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    # Split on unescaped pipes only; '\|' is a literal pipe inside a cell.
    return [strip_inline(cell.replace("\\|", "|")) for cell in re.split(r"(?<!\\)\|", body)]
