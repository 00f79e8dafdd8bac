"""HTML guideline reader: chrome dropped, heading paths, meta tags, lists, tables, grades."""

from __future__ import annotations

from pathlib import Path

from medcite.ingest.readers import get_reader
from medcite.records import BadRecord, Document, ReaderEvent, Section, SourceType

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "readers"


def read(path: Path) -> list[ReaderEvent]:
    return list(get_reader("html").read(path))


def test_guideline_page() -> None:
    path = FIXTURES / "guideline.html"
    (doc,) = read(path)
    assert isinstance(doc, Document)
    assert doc.source_type is SourceType.GUIDELINE
    assert doc.title == "Pars Defect Guideline"  # the <h1>, not "... | Example Society"
    assert doc.doi == "10.5555/html.2023.9"
    assert (doc.year, doc.published) == (2023, "2023-09-01")
    assert doc.publisher == "Example Spine Society"
    assert doc.evidence_level is None
    assert doc.id.startswith("file:") and doc.origin == str(path)
    assert doc.sections == [
        Section(heading="", text="Guidance on adolescent spondylolysis."),
        Section(
            heading="Recommendations",
            text="Rest from sport for 3 months (Strong, Moderate).",
            grade="Strong, Moderate",
        ),
        Section(heading="Recommendations", text="Use MRI rather than CT for diagnosis."),
        Section(
            heading="Recommendations > Medication",
            text="Drug: Naproxen; Dose: 250 mg twice daily.\n"
            "Loose text in a div without a paragraph.",
        ),
    ]
    body = doc.body_text()
    for chrome in ("Menu item", "tracking", "color: red", "Related links", "Copyright footer"):
        assert chrome not in body


def test_nested_lists_and_headerless_table(tmp_path: Path) -> None:
    target = tmp_path / "page.htm"
    target.write_text(
        "<html><body><h2>Steps</h2><ol><li>Rest<ul><li>No running</li></ul></li>"
        "<li>Physiotherapy</li></ol><table><tr><td>Week 1</td><td>Walk</td></tr></table>"
        "<h1>One</h1><h1>Two</h1><p>Under two.</p></body></html>",
        encoding="utf-8",
    )
    (doc,) = read(target)
    assert isinstance(doc, Document)
    assert doc.title == "One"  # no <title>: the first <h1>
    assert [(s.heading, s.text) for s in doc.sections] == [
        ("Steps", "Rest.\nNo running.\nPhysiotherapy.\nWeek 1; Walk."),
        ("Two", "Under two."),
    ]


def test_binary_and_empty_files(tmp_path: Path) -> None:
    binary = tmp_path / "b.html"
    binary.write_bytes(b"\x00\xff\x00garbage")
    empty = tmp_path / "e.html"
    empty.write_bytes(b"")
    for path in (binary, empty):
        (event,) = read(path)
        assert isinstance(event, BadRecord) and event.record == "file"


def test_declared_type_meta(tmp_path: Path) -> None:
    typed = tmp_path / "typed.html"
    typed.write_text(
        '<html><head><meta name="medcite:type" content="guideline"><title>T</title></head>'
        "<body><p>x</p></body></html>",
        encoding="utf-8",
    )
    generic = tmp_path / "generic.html"
    generic.write_text(
        '<html><head><meta name="DC.type" content="Text"></head><body><p>x</p></body></html>',
        encoding="utf-8",
    )
    (typed_doc,) = read(typed)
    (generic_doc,) = read(generic)
    assert isinstance(typed_doc, Document) and isinstance(generic_doc, Document)
    assert typed_doc.evidence_level == "guideline" and typed_doc.publication_types == ["guideline"]
    assert generic_doc.evidence_level is None and generic_doc.publication_types == []
