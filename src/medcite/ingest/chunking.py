"""Split documents into citable passages with stable, content-derived ids.

A passage is one section, or a window of whole sentences when a section is long, so a
citation points at a few sentences a reader can check, not at a whole article.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

from medcite.records import Chunk, Document, Section

MAX_WORDS = 180
MIN_WORDS = 25

# Sentence ends: a period/question/exclamation followed by space and an upper-case letter or digit,
# but not after common abbreviations (checked separately).
_SENT_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[])")
_ABBREV = re.compile(
    r"(?:\b(?:e\.g|i\.e|et al|vs|Fig|Figs|No|Dr|Mr|Mrs|approx|ca|cf|St)\.|\b[A-Z]\.)$"
)


def split_sentences(text: str) -> list[str]:
    """Split text into sentences, keeping abbreviations such as 'e.g.' and 'et al.' intact."""
    parts = _SENT_END.split(text.strip())
    out: list[str] = []
    for part in parts:
        if out and _ABBREV.search(out[-1]):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return [p.strip() for p in out if p.strip()]


def _windows(section: Section) -> Iterator[str]:
    words = section.text.split()
    if len(words) <= MAX_WORDS:
        yield section.text.strip()
        return
    buf: list[str] = []
    count = 0
    for sentence in split_sentences(section.text):
        n = len(sentence.split())
        if buf and count + n > MAX_WORDS:
            yield " ".join(buf)
            buf, count = [], 0
        buf.append(sentence)
        count += n
    if buf:
        yield " ".join(buf)


def _merged_sections(doc: Document) -> list[Section]:
    """Merge tiny sections into the next one with the same grade, so passages are not fragments."""
    out: list[Section] = []
    carry: Section | None = None
    for sec in doc.sections:
        if not sec.text.strip():
            continue
        if carry is not None:
            heading = " / ".join(h for h in (carry.heading, sec.heading) if h)
            sec = Section(
                heading=heading, text=f"{carry.text} {sec.text}", grade=sec.grade or carry.grade
            )
            carry = None
        if len(sec.text.split()) < MIN_WORDS and sec.grade is None:
            carry = sec
            continue
        out.append(sec)
    if carry is not None:
        if (
            out
            and out[-1].grade is None
            and len(out[-1].text.split()) + len(carry.text.split()) <= MAX_WORDS
        ):
            last = out.pop()
            heading = " / ".join(h for h in (last.heading, carry.heading) if h)
            out.append(Section(heading=heading, text=f"{last.text} {carry.text}"))
        else:
            out.append(carry)
    return out


def chunk_id(doc_id: str, section: str, text: str) -> str:
    """Stable id: same document, section and text give the same id on every machine."""
    digest = hashlib.sha1(f"{doc_id}\x1f{section}\x1f{text}".encode()).hexdigest()
    return f"c{digest[:15]}"


def chunk_document(doc: Document) -> list[Chunk]:
    """Passages of `doc` in reading order; a document with no body gets its title as one passage."""
    chunks: list[Chunk] = []
    for sec in _merged_sections(doc):
        for text in _windows(sec):
            if not text:
                continue
            chunks.append(
                Chunk(
                    id=chunk_id(doc.id, sec.heading, text),
                    doc_id=doc.id,
                    ordinal=len(chunks),
                    section=sec.heading,
                    text=text,
                    grade=sec.grade,
                )
            )
    if not chunks and doc.title.strip():
        chunks.append(
            Chunk(
                id=chunk_id(doc.id, "Title", doc.title),
                doc_id=doc.id,
                ordinal=0,
                section="Title",
                text=doc.title,
            )
        )
    return _dedupe_ids(chunks)


def _dedupe_ids(chunks: list[Chunk]) -> list[Chunk]:
    # Identical repeated passages in one document would collide on id; suffix the ordinal.
    seen: set[str] = set()
    out: list[Chunk] = []
    for c in chunks:
        if c.id in seen:
            c = c.model_copy(update={"id": f"{c.id}-{c.ordinal}"})
        seen.add(c.id)
        out.append(c)
    return out
