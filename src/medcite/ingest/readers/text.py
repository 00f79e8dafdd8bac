"""Plain-text reader (``.txt``): title from the first line, paragraphs under guessed headings.

Paragraphs are separated by blank lines; wrapped lines are joined. A paragraph that is one
short line without closing punctuation, followed by more text, is taken as a heading, as
is a short first line directly above its paragraph ("Treatment" / "Rest from sport...").
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from medcite.records import Document, ReaderEvent, Section, SourceType

from .base import READ_ERRORS, FileReader, bad, read_text
from .grades import HeadingStack, SectionBuilder
from .metadata import clean, path_id, sentence
from .plaintext import BULLET, dehyphenate_join, heading_level, is_short_heading

__all__ = ["TextReader"]


class TextReader(FileReader):
    """Plain UTF-8 (or Windows-1252) text files."""

    name = "text"
    extensions = (".txt", ".text")

    def read(self, path: Path) -> Iterator[ReaderEvent]:
        """One Document per file, or a BadRecord for unreadable or empty files."""
        try:
            text = read_text(path)
        except READ_ERRORS as exc:
            yield bad(path, "file", f"cannot read the file ({exc}); check the path and permissions")
            return
        except ValueError as exc:
            yield bad(path, "file", f"{exc}; only plain text files can be read as .txt")
            return
        paragraphs = _paragraphs(text)
        if not paragraphs:
            yield bad(path, "file", "the file is empty; add text or remove the file")
            return
        title = clean(paragraphs[0].pop(0))
        paragraphs = [p for p in paragraphs if p]
        yield Document(
            id=path_id(path),
            source_type=SourceType.TEXT,
            title=title,
            sections=_sections(paragraphs),
            origin=str(path),
        )


def _paragraphs(text: str) -> list[list[str]]:
    """Blank-line separated groups of non-blank lines."""
    paragraphs: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def _sections(paragraphs: list[list[str]]) -> list[Section]:
    builder = SectionBuilder()
    headings = HeadingStack()
    for index, lines in enumerate(paragraphs):
        followed = index + 1 < len(paragraphs)
        first = lines[0]
        level = heading_level(first)
        if len(lines) == 1 and followed and (level or is_short_heading(first)):
            builder.heading(headings.push(level or 1, clean(first).rstrip(":")))
            continue
        if len(lines) > 1 and _heads_paragraph(first, lines[1], level):
            builder.heading(headings.push(level or 1, clean(first).rstrip(":")))
            lines = lines[1:]
        for block in _blocks(lines):
            builder.add(block)
    return builder.build()


def _heads_paragraph(first: str, second: str, level: int) -> bool:
    """A heading line directly above its text; a wrapped sentence's first line is not one.

    Wrapped lines are about as long as the next one, so a heading must be clearly
    shorter, and the text below it must start a new sentence.
    """
    if not second.strip()[:1].isupper():
        return False
    if level:
        return True
    return is_short_heading(first, 50) and len(clean(first)) < 0.6 * len(clean(second))


def _blocks(lines: list[str]) -> Iterator[str]:
    """The paragraph as one block, or one block per bullet when it is a list."""
    current: list[str] = []
    bulleted = False
    for line in lines:
        if BULLET.match(line):
            if current:
                yield sentence(dehyphenate_join(current)) if bulleted else dehyphenate_join(current)
            current, bulleted = [BULLET.sub("", line, count=1)], True
        else:
            current.append(line)
    if current:
        yield sentence(dehyphenate_join(current)) if bulleted else dehyphenate_join(current)
