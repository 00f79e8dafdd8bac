"""MEDLINE text format ('PMID- 12345' tagged lines), as PubMed's "Save > PubMed format" writes.

Each record is a block of ``TAG - value`` lines (tags padded to four characters, long
values continued on lines indented by six spaces), records separated by blank lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from medcite.records import Document, MeshHeading, ReaderEvent, Section, SourceType

from .base import READ_ERRORS, BinaryStream, bad, close_source, open_source
from .metadata import clean, clean_doi, date_parts, is_number, pubmed_url
from .pubmed_fields import medline_date

__all__ = ["is_medline_text", "read_medline_text"]

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]{1,3})\s*-(?: (.*)|$)")
# Structured abstract labels in MEDLINE text: "BACKGROUND: ...", "MATERIALS AND METHODS: ...".
_ABSTRACT_LABEL = re.compile(r"(?:^|(?<=\s))([A-Z][A-Z &/,-]{2,40}[A-Z]):\s+")
Fields = dict[str, list[str]]


def is_medline_text(head: bytes) -> bool:
    """True when the first non-blank line is a 'PMID- ' tag."""
    return head.lstrip().startswith(b"PMID-")


def read_medline_text(path: Path) -> Iterator[ReaderEvent]:
    """One Document per record; a record without a PMID is a BadRecord."""
    try:
        stream = open_source(path)
    except OSError as exc:
        yield bad(path, "file", f"cannot open the file ({exc}); check the path and permissions")
        return
    index = 0
    try:
        for start_line, fields in _records(stream):
            index += 1
            yield _document(path, fields, f"record {index} (line {start_line})")
    except READ_ERRORS as exc:
        yield bad(path, f"after record {index}", f"the file could not be read to the end ({exc})")
    finally:
        close_source(stream)


def _records(stream: BinaryStream) -> Iterator[tuple[int, Fields]]:
    """(first line number, tag -> values) per blank-line-separated record."""
    fields: Fields = {}
    start = 0
    last_tag = ""
    for number, raw in enumerate(stream, start=1):
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        if not line.strip():
            if fields:
                yield start, fields
            fields, last_tag = {}, ""
            continue
        match = _TAG_LINE.match(line)
        if match:
            last_tag = match.group(1)
            start = start if fields else number
            fields.setdefault(last_tag, []).append(match.group(2) or "")
        elif last_tag and line.startswith(" "):
            values = fields[last_tag]
            values[-1] = f"{values[-1]} {line.strip()}"
    if fields:
        yield start, fields


def _document(path: Path, fields: Fields, where: str) -> ReaderEvent:
    pmid = _one(fields, "PMID")
    if not is_number(pmid):
        return bad(
            path, where, "MEDLINE record skipped: no numeric 'PMID- ' line; every record needs one"
        )
    pub_types = [clean(p) for p in fields.get("PT", []) if clean(p)]
    year, published = medline_date(_one(fields, "DP"))
    return Document(
        id=f"pmid:{pmid}",
        source_type=SourceType.PUBMED,
        title=_one(fields, "TI") or _one(fields, "BTI"),
        sections=_abstract(_one(fields, "AB")),
        authors=[clean(a) for a in fields.get("AU", []) + fields.get("CN", []) if clean(a)],
        journal=_one(fields, "JT") or _one(fields, "TA") or None,
        year=year,
        published=published,
        url=pubmed_url(pmid),
        pmid=pmid,
        doi=_doi(fields),
        pmcid=_one(fields, "PMC") or None,
        language=_one(fields, "LA") or None,
        publication_types=pub_types,
        mesh=[_mesh(m) for m in fields.get("MH", []) if clean(m)],
        keywords=[clean(k) for k in fields.get("OT", []) if clean(k)],
        retracted="Retracted Publication" in pub_types or bool(fields.get("RIN")),
        version=date_parts(_lr_date(_one(fields, "LR")))[1] or "",
        origin=f"{path}#{pmid}",
    )


def _one(fields: Fields, tag: str) -> str:
    values = fields.get(tag)
    return clean(values[0]) if values else ""


def _abstract(text: str) -> list[Section]:
    """Split 'BACKGROUND: ... METHODS: ...' into labelled sections; else one unlabelled one."""
    if not text:
        return []
    labels = list(_ABSTRACT_LABEL.finditer(text))
    if not labels or labels[0].start() != 0:
        return [Section(heading="", text=text)]
    sections = []
    for label, following in zip(labels, [*labels[1:], None], strict=True):
        end = following.start() if following else len(text)
        body = clean(text[label.end() : end])
        if body:
            sections.append(Section(heading=label.group(1), text=body))
    return sections


def _doi(fields: Fields) -> str | None:
    for value in fields.get("LID", []) + fields.get("AID", []):
        if value.endswith("[doi]"):
            return clean_doi(value[: -len("[doi]")])
    return None


def _mesh(value: str) -> MeshHeading:
    """'*Spondylolysis/diagnostic imaging/*therapy' -> descriptor, qualifiers, major flag."""
    parts = [clean(p) for p in value.split("/")]
    major = any(p.startswith("*") for p in parts)
    names = [p.lstrip("*") for p in parts if p.lstrip("*")]
    return MeshHeading(descriptor=names[0] if names else value, major=major, qualifiers=names[1:])


def _lr_date(value: str) -> str:
    """'20041117' -> '2004-11-17'."""
    digits = value[:8]
    if len(digits) == 8 and is_number(digits):
        return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    return ""
