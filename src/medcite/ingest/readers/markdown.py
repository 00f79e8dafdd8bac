"""Markdown guideline reader: YAML front matter for metadata, headings for sections.

Front matter is optional (a plain Markdown file takes its title from the first '# '
heading and an id from its path). Recommendation grades stated in the text stay on their
paragraph (see :mod:`.grades`). A guideline's own H1 title is not repeated in every
section heading path. List items and table rows get back the lead-in, heading or header they
need to stand alone as sentences (see :mod:`.markdown_context`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from medcite.records import Document, ReaderEvent, Section, SourceType

from .base import READ_ERRORS, FileReader, bad, read_text
from .frontmatter import FrontMatter, FrontMatterError, parse_front_matter, split_front_matter
from .grades import HeadingStack, SectionBuilder
from .markdown_blocks import Block, parse_blocks
from .markdown_context import contextualise
from .metadata import declared_level, path_id, pubmed_url
from .sniffing import head_text

__all__ = ["MarkdownReader", "guideline_document"]


class MarkdownReader(FileReader):
    """Guidelines and notes written in Markdown (``.md``, ``.markdown``)."""

    name = "markdown"
    extensions = (".md", ".markdown", ".mdown")

    def matches_content(self, head: bytes, path: Path | None = None) -> bool:
        """A YAML front matter block ('---' on the first line, then 'key: value')."""
        lines = head_text(head).splitlines()
        return len(lines) > 1 and lines[0].rstrip() == "---" and ":" in lines[1]

    def read(self, path: Path) -> Iterator[ReaderEvent]:
        """One Document per file, or one BadRecord saying what to fix."""
        try:
            text = read_text(path)
            yaml_text, body, _ = split_front_matter(text)
            front = parse_front_matter(yaml_text) if yaml_text is not None else FrontMatter()
        except READ_ERRORS as exc:
            yield bad(path, "file", f"cannot read the file ({exc}); check it is a text file")
            return
        except FrontMatterError as exc:
            yield bad(path, "front matter", str(exc))
            return
        except ValueError as exc:
            yield bad(path, "file", f"{exc}; a Markdown guideline must be a text file")
            return
        yield _document(path, front, list(parse_blocks(body)))


def _document(path: Path, front: FrontMatter, blocks: list[Block]) -> Document:
    title, blocks = _title(front, blocks, path)
    return guideline_document(path, front, title, _sections(contextualise(blocks)))


def guideline_document(
    path: Path, front: FrontMatter, title: str, sections: list[Section]
) -> Document:
    """A guideline Document from its metadata (shared with the HTML and PDF readers)."""
    return Document(
        id=front.id or path_id(path),
        source_type=SourceType.GUIDELINE,
        title=title,
        sections=sections,
        authors=front.authors,
        publisher=front.publisher,
        year=front.year,
        published=front.published,
        url=front.url or (pubmed_url(front.pmid) if front.pmid else None),
        pmid=front.pmid,
        doi=front.doi,
        publication_types=[front.type] if front.type else [],
        keywords=front.keywords,
        version=front.version,
        origin=str(path),
        evidence_level=declared_level(front.type),
    )


def _title(front: FrontMatter, blocks: list[Block], path: Path) -> tuple[str, list[Block]]:
    """Title from front matter or the first H1; a leading H1 that is the title is dropped."""
    first = next((b for b in blocks if b.level > 0), None)
    is_title_heading = (
        first is not None
        and first.level == 1
        and (front.title is None or first.text.casefold() == front.title.casefold())
    )
    if is_title_heading and first is not None:
        blocks = [b for b in blocks if b is not first]
        return front.title or first.text, blocks
    return front.title or _title_from_name(path), blocks


def _title_from_name(path: Path) -> str:
    stem = path.name.split(".")[0]
    return stem.replace("_", " ").replace("-", " ").strip() or path.name


def _sections(blocks: list[Block]) -> list[Section]:
    builder = SectionBuilder()
    headings = HeadingStack()
    for block in blocks:
        if block.level:
            builder.heading(headings.push(block.level, block.text))
        else:
            builder.add(block.text)
    return builder.build()
