"""JSONL reader: one document per line, e.g. MedRAG corpora (``id``, ``title``, ``content``).

Required: ``id`` and ``text`` (or ``content``/``contents``). Optional: ``title``, ``url``,
``year`` or ``published``, ``publisher``, ``journal``, ``type``, ``pmid``, ``doi``,
``authors`` (list or '; '-separated string), ``sections`` (list of ``{heading, text}``),
``keywords``, ``retracted``. Every bad line becomes a BadRecord naming the line, the field
and the fix; the lines around it are still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from medcite.records import Document, ReaderEvent, Section, SourceType

from .base import READ_ERRORS, BinaryStream, FileReader, bad, close_source, open_source
from .metadata import clean, clean_doi, date_parts, declared_level, is_number, pubmed_url
from .sniffing import head_text

__all__ = ["JsonlReader"]

_TEXT_FIELDS = ("text", "content", "contents")
# A first line longer than the sniffed head is read whole up to this size to check it.
_MAX_SNIFF_LINE = 1 << 20


class RecordError(ValueError):
    """A JSONL line that cannot become a Document; the message names field and fix."""


class JsonlReader(FileReader):
    """JSON Lines documents (``.jsonl``, ``.ndjson``)."""

    name = "jsonl"
    extensions = (".jsonl", ".ndjson", ".jsonlines")

    def matches_content(self, head: bytes, path: Path | None = None) -> bool:
        """First non-blank line is a complete JSON object.

        A first line longer than ``head`` (a long MedRAG passage) is read from ``path``.
        """
        text = head_text(head).lstrip()
        if not text.startswith("{"):
            return False
        first, newline, _ = text.partition("\n")
        if newline:
            return _is_object(first)
        return path is not None and _is_object(_first_line(path))

    def read(self, path: Path) -> Iterator[ReaderEvent]:
        """One Document per non-blank line; BadRecords for the lines that are not usable."""
        try:
            stream = open_source(path)
        except OSError as exc:
            yield bad(path, "file", f"cannot open the file ({exc}); check the path and permissions")
            return
        number = 0
        try:
            for number, raw in enumerate(stream, start=1):
                if raw.strip():
                    yield _line_event(path, number, raw)
        except READ_ERRORS as exc:
            yield bad(
                path, f"after line {number}", f"the file could not be read to the end ({exc})"
            )
        finally:
            close_source(stream)


def _first_line(path: Path) -> str:
    try:
        stream = open_source(path)
    except OSError:
        return ""
    try:
        return _read_line(stream)
    except READ_ERRORS:
        return ""
    finally:
        close_source(stream)


def _read_line(stream: BinaryStream) -> str:
    """First non-blank line, at most _MAX_SNIFF_LINE bytes (a longer one fails to parse)."""
    while raw := stream.readline(_MAX_SNIFF_LINE):
        if raw.strip():
            return raw.decode("utf-8-sig", "replace")
    return ""


def _is_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except (ValueError, RecursionError):  # json recurses once per nesting level
        return False


def _line_event(path: Path, number: int, raw: bytes) -> ReaderEvent:
    where = f"line {number}"
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return bad(path, where, "the line is not UTF-8 text; save the file as UTF-8")
    except ValueError as exc:
        return bad(path, where, f"invalid JSON ({exc}); each line must be one complete JSON object")
    except RecursionError:
        return bad(path, where, "JSON nested too deeply to read; flatten the record")
    if not isinstance(data, dict):
        return bad(path, where, f"expected a JSON object {{...}}, got {type(data).__name__}")
    try:
        return _document(data, origin=f"{path}#{number}")
    except RecordError as exc:
        return bad(path, where, str(exc))


def _document(data: dict[str, object], origin: str) -> Document:
    declared = _text(data, "type")
    pmid = _pmid(data)
    year, published = _date(data)
    return Document(
        id=_id(data),
        source_type=SourceType.JSONL,
        title=_text(data, "title") or "",
        sections=_sections(data),
        authors=_authors(data),
        journal=_text(data, "journal"),
        publisher=_text(data, "publisher"),
        year=year,
        published=published,
        url=_text(data, "url") or (pubmed_url(pmid) if pmid else None),
        pmid=pmid,
        doi=clean_doi(_text(data, "doi")),
        publication_types=[declared] if declared else [],
        keywords=_strings(data, "keywords"),
        retracted=_flag(data, "retracted"),
        origin=origin,
        evidence_level=declared_level(declared),
    )


def _id(data: dict[str, object]) -> str:
    value = data.get("id")
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise RecordError(
            f'field \'id\' is required: a string or number, got {value!r}; add "id": "..."'
        )
    text = clean(str(value))
    if not text:
        raise RecordError("field 'id' is empty; give every line a unique id")
    return text


def _sections(data: dict[str, object]) -> list[Section]:
    """``sections`` when given, else one unlabelled section from text/content."""
    if data.get("sections") is not None:
        return _given_sections(data["sections"])
    for key in _TEXT_FIELDS:
        if key in data:
            text = _text(data, key)
            if not text:
                raise RecordError(f"field '{key}' is empty; give the document's text")
            return [Section(heading="", text=text)]
    raise RecordError("field 'text' is required (or 'content'); add the document's text")


def _given_sections(value: object) -> list[Section]:
    if not isinstance(value, list) or not value:
        raise RecordError(
            'field \'sections\' must be a non-empty list of {"heading", "text"} objects'
        )
    sections = []
    for index, item in enumerate(value):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise RecordError(f"sections[{index}] must be an object with a string 'text'")
        heading, grade = item.get("heading", ""), item.get("grade")
        if not isinstance(heading, str) or not (grade is None or isinstance(grade, str)):
            raise RecordError(f"sections[{index}]: 'heading' and 'grade' must be strings")
        if clean(item["text"]):
            sections.append(Section(heading=clean(heading), text=clean(item["text"]), grade=grade))
    if not sections:
        raise RecordError("every entry of 'sections' has empty text; give the document's text")
    return sections


def _text(data: dict[str, object], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise RecordError(f"field '{key}' must be a string, got {type(value).__name__} {value!r}")
    return clean(value) or None


def _pmid(data: dict[str, object]) -> str | None:
    value = data.get("pmid")
    if value is None or value == "":
        return None
    text = (
        str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    )
    if not is_number(text):
        raise RecordError(f"field 'pmid' must be digits like \"12345678\", got {value!r}")
    return text


def _date(data: dict[str, object]) -> tuple[int | None, str | None]:
    """``published`` ('YYYY', 'YYYY-MM', 'YYYY-MM-DD') or ``year`` (number or digits)."""
    for key in ("published", "year"):
        value = data.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, str | int) and not isinstance(value, bool):
            year, published = date_parts(str(value))
            if year is not None:
                return year, published
        raise RecordError(
            f"field '{key}' must be a year like 2021 or a date like \"2021-06-30\", got {value!r}"
        )
    return None, None


def _authors(data: dict[str, object]) -> list[str]:
    value = data.get("authors")
    if value is None:
        return []
    if isinstance(value, str):
        separator = ";" if ";" in value else ","
        parts = [clean(p) for p in value.split(separator)]
        # "Smith, J" is one person written surname-first, not two authors.
        if separator == "," and any(len(p) <= 3 and p.isupper() for p in parts[1:]):
            return [clean(value)]
        return [p for p in parts if p]
    return _strings(data, "authors")


def _strings(data: dict[str, object], key: str) -> list[str]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RecordError(f"field '{key}' must be a list of strings, got {value!r}")
    return [clean(v) for v in value if clean(v)]


def _flag(data: dict[str, object], key: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise RecordError(f"field '{key}' must be true or false, got {value!r}")
    return value
