"""PDF guideline reader: pypdf's text layer, with headings and paragraphs recovered.

PDF text comes as lines with no paragraph marks, so paragraphs are rebuilt: a line that
ends a sentence and is clearly shorter than a full line closes its paragraph, bullets open
a new one, and words hyphenated across lines are rejoined. Page numbers and running
headers (lines repeated on most pages) are dropped. Encrypted PDFs (unless the password
is empty) and scanned PDFs without a text layer become BadRecords saying what to run.
"""

from __future__ import annotations

import io
import re
import warnings
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pypdf

from medcite.records import ReaderEvent, Section

from .base import FileReader, bad, closing_source
from .frontmatter import FrontMatter
from .grades import HeadingStack, SectionBuilder
from .markdown import guideline_document
from .metadata import clean, sentence
from .plaintext import BULLET, dehyphenate_join, heading_level

__all__ = ["PdfReader"]

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
_JUNK_TITLE = re.compile(r"^(?:untitled|microsoft word\b|.*\.(?:docx?|pdf|indd|tex)$)", re.I)
_PDF_MAGIC = b"%PDF-"


class _Extracted(NamedTuple):
    """What was pulled out of a PDF before any structure is guessed."""

    pages: list[str]
    title: str


class PdfReader(FileReader):
    """Guidelines published as PDF (text layer only; no OCR)."""

    name = "pdf"
    extensions = (".pdf",)

    def matches_content(self, head: bytes, path: Path | None = None) -> bool:
        """'%PDF-' within the first kilobyte (the spec allows leading junk)."""
        return _PDF_MAGIC in head[:1024]

    def read(self, path: Path) -> Iterator[ReaderEvent]:
        """One Document per PDF, or a BadRecord saying why it could not be read."""
        extracted = _extract(path)
        if isinstance(extracted, str):
            yield bad(path, "file", extracted)
            return
        lines = _body_lines(extracted.pages)
        if not lines:
            yield bad(
                path,
                "file",
                "the PDF has no text layer (a scan?); run OCR first: 'ocrmypdf in.pdf out.pdf'",
            )
            return
        title = extracted.title
        if not title:
            title = clean(lines.pop(0))
        yield guideline_document(path, FrontMatter(), title, _sections(lines, title))


def _extract(path: Path) -> _Extracted | str:
    """Page texts and metadata, or the reason the PDF cannot be read."""
    # pypdf raises a wide, undocumented range of exceptions on damaged files (struct,
    # zlib, KeyError, RecursionError, ...). A reader must never raise for bad content,
    # so everything is caught here, in this one place, and reported as a BadRecord.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _extract_unchecked(path)
    except Exception as exc:
        return (
            f"cannot read the PDF ({type(exc).__name__}: {exc}); the file is damaged or not a PDF"
        )


def _extract_unchecked(path: Path) -> _Extracted | str:
    with closing_source(path) as stream:  # through open_source, so a .pdf.gz reads too
        data = io.BytesIO(stream.read())
    reader = pypdf.PdfReader(data, strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        return (
            "the PDF is encrypted; remove the password first, e.g. 'qpdf --decrypt in.pdf out.pdf'"
        )
    pages = [page.extract_text() or "" for page in reader.pages]
    meta = reader.metadata
    title = clean(str(meta.title)) if meta is not None and meta.title else ""
    # The file's creation date is not the guideline's publication date, so no year is
    # guessed from metadata: a wrong year would mislead recency ranking.
    return _Extracted(pages, "" if _JUNK_TITLE.match(title) else title)


def _body_lines(pages: list[str]) -> list[str]:
    """All lines in order, without page numbers and running headers/footers."""
    page_lines = [[clean(line) for line in page.splitlines() if clean(line)] for page in pages]
    counts = Counter(line for lines in page_lines for line in set(lines))
    repeated = {
        line for line, n in counts.items() if len(pages) >= 3 and n >= max(3, len(pages) // 2)
    }
    return [
        line
        for lines in page_lines
        for line in lines
        if not _PAGE_NUMBER.match(line) and line not in repeated
    ]


def _sections(lines: list[str], title: str) -> list[Section]:
    builder = SectionBuilder()
    headings = HeadingStack()
    full = _full_line_length(lines)
    paragraph: list[str] = []
    bulleted = False
    for line in lines:
        level = heading_level(line)
        if level and clean(line) != title:
            _flush(builder, paragraph, bulleted)
            paragraph, bulleted = [], False
            builder.heading(headings.push(level, clean(line)))
            continue
        if BULLET.match(line):
            _flush(builder, paragraph, bulleted)
            paragraph, bulleted = [BULLET.sub("", line, count=1)], True
            continue
        paragraph.append(line)
        if line[-1] in ".!?" and len(line) < 0.75 * full:
            _flush(builder, paragraph, bulleted)
            paragraph, bulleted = [], False
    _flush(builder, paragraph, bulleted)
    return builder.build()


def _flush(builder: SectionBuilder, paragraph: list[str], bulleted: bool) -> None:
    if paragraph:
        text = dehyphenate_join(paragraph)
        builder.add(sentence(text) if bulleted else text)


def _full_line_length(lines: list[str]) -> int:
    """Length of a full-width line: the 90th percentile, robust to a few very long lines."""
    lengths = sorted(len(line) for line in lines)
    return lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
