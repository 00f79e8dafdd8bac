"""JSONL reader: MedRAG lines, declared types, and a BadRecord per broken line."""

from __future__ import annotations

from pathlib import Path

import pytest

from medcite.ingest.readers import get_reader, reader_for
from medcite.records import BadRecord, Document, EvidenceLevel, ReaderEvent, Section, SourceType

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "readers"
SAMPLE = FIXTURES / "medrag_sample.jsonl"


def read(path: Path) -> list[ReaderEvent]:
    return list(get_reader("jsonl").read(path))


@pytest.fixture(scope="module")
def events() -> list[ReaderEvent]:
    return read(SAMPLE)


def test_medrag_lines_load_as_is(events: list[ReaderEvent]) -> None:
    first, second = events[0], events[1]
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.id == "Spine_Gray_0"
    assert first.source_type is SourceType.JSONL
    assert first.title == "Spondylolysis"
    assert first.sections == [
        Section(text="A defect of the pars interarticularis, most often at L5.")
    ]
    assert first.origin == f"{SAMPLE}#1"
    assert second.title == "" and second.origin == f"{SAMPLE}#3"  # line 2 is blank


def test_optional_fields_and_declared_type(events: list[ReaderEvent]) -> None:
    doc = events[2]
    assert isinstance(doc, Document)
    assert doc.pmid == "39300003"
    assert doc.url == "https://pubmed.ncbi.nlm.nih.gov/39300003/"
    assert (doc.year, doc.published) == (2021, "2021")
    assert doc.authors == ["Lee K", "Park J"]
    assert doc.journal == "Spine Evidence"
    assert doc.publication_types == ["meta-analysis"]
    assert doc.evidence_level is EvidenceLevel.SYSTEMATIC_REVIEW


def test_sections_field(events: list[ReaderEvent]) -> None:
    doc = events[-1]
    assert isinstance(doc, Document)
    assert doc.sections == [
        Section(heading="Background", text="Sectioned text."),
        Section(heading="Recommendation", text="Use MRI.", grade="Strong, High"),
    ]
    assert (doc.published, doc.url, doc.evidence_level) == (
        "2020-06",
        "https://example.org/ex-9",
        EvidenceLevel.RCT,
    )


def test_bad_lines_name_line_field_and_fix(events: list[ReaderEvent]) -> None:
    bad = {e.record: e.reason for e in events if isinstance(e, BadRecord)}
    assert set(bad) == {"line 5", "line 6", "line 7", "line 8", "line 9"}
    assert "invalid JSON" in bad["line 5"] and "one complete JSON object" in bad["line 5"]
    assert "field 'id' is required" in bad["line 6"]
    assert "field 'year'" in bad["line 7"] and "2021" in bad["line 7"]
    assert "field 'text' must be a string" in bad["line 8"]
    assert "expected a JSON object" in bad["line 9"]
    assert sum(isinstance(e, Document) for e in events) == 4  # lines 1, 3, 4 and 10


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        ('{"id": "a"}', "field 'text' is required"),
        ('{"id": "a", "text": "  "}', "field 'text' is empty"),
        ('{"id": true, "text": "x"}', "field 'id' is required"),
        ('{"id": "a", "text": "x", "pmid": "PMC1"}', "field 'pmid' must be digits"),
        ('{"id": "a", "text": "x", "authors": [1]}', "field 'authors' must be a list"),
        ('{"id": "a", "sections": [{"text": 3}]}', "sections[0]"),
        ('{"id": "a", "text": "x", "retracted": "yes"}', "field 'retracted' must be true"),
    ],
)
def test_field_errors(tmp_path: Path, line: str, needle: str) -> None:
    target = tmp_path / "x.jsonl"
    target.write_text(line + "\n", encoding="utf-8")
    (bad,) = read(target)
    assert isinstance(bad, BadRecord) and needle in bad.reason and bad.record == "line 1"


def test_invalid_utf8_line_does_not_stop_the_file(tmp_path: Path) -> None:
    target = tmp_path / "x.jsonl"
    target.write_bytes(b'{"id": "a", "text": "\xff\xfe"}\n{"id": "b", "text": "ok"}\n')
    bad, doc = read(target)
    assert isinstance(bad, BadRecord) and "UTF-8" in bad.reason
    assert isinstance(doc, Document) and doc.id == "b"


def test_long_first_line_is_still_sniffed(tmp_path: Path) -> None:
    target = tmp_path / "medrag.data"  # no telling extension
    target.write_text('{"id": "x", "content": "' + "word " * 2000 + '"}\n', encoding="utf-8")
    reader = reader_for(target)
    assert reader is not None and reader.name == "jsonl"
