"""PDF reader on PDFs written by the test itself: headings, paragraphs, grades, damage."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pypdf

from medcite.ingest.readers import get_reader, reader_for
from medcite.records import BadRecord, Document, ReaderEvent, SourceType

MakePdf = Callable[..., bytes]

PAGES = [
    [
        "Adolescent Spondylolysis Guideline",
        "1. Introduction",
        "Spondylolysis is a stress fracture of the pars interarticularis that is common in",
        "young athletes who repeatedly extend the lumbar spine during training and play.",
        "It usually presents as activity related low back pain.",
        "2. RECOMMENDATIONS",
        "Recommendation 1",
        "Stop the provoking sport for three months and review monthly (Strong, High).",
        "- Use MRI to confirm the diagnosis",
        "- Avoid repeated CT in adolescents",
        "1",
    ],
    [
        "2.1 Bracing",
        "A rigid brace may be considered when pain persists after six weeks of rest in treat-",
        "ment resistant cases (Conditional, Low).",
        "2",
    ],
]


def read(path: Path) -> list[ReaderEvent]:
    return list(get_reader("pdf").read(path))


def write(tmp_path: Path, data: bytes, name: str = "guideline.pdf") -> Path:
    target = tmp_path / name
    target.write_bytes(data)
    return target


def test_pdf_sections_and_grades(tmp_path: Path, pdf_bytes: MakePdf) -> None:
    path = write(tmp_path, pdf_bytes(PAGES))
    assert (reader := reader_for(path)) is not None and reader.name == "pdf"
    (doc,) = read(path)
    assert isinstance(doc, Document)
    assert doc.source_type is SourceType.GUIDELINE
    assert doc.title == "Adolescent Spondylolysis Guideline"  # first line: no metadata title
    assert [(s.heading, s.text, s.grade) for s in doc.sections] == [
        (
            "1. Introduction",
            "Spondylolysis is a stress fracture of the pars interarticularis that is common in "
            "young athletes who repeatedly extend the lumbar spine during training and play. "
            "It usually presents as activity related low back pain.",
            None,
        ),
        (
            "2. RECOMMENDATIONS > Recommendation 1",
            "Stop the provoking sport for three months and review monthly (Strong, High).",
            "Strong, High",
        ),
        (
            "2. RECOMMENDATIONS > Recommendation 1",
            "Use MRI to confirm the diagnosis.\nAvoid repeated CT in adolescents.",
            None,
        ),
        (
            "2. RECOMMENDATIONS > 2.1 Bracing",
            "A rigid brace may be considered when pain persists after six weeks of rest in "
            "treatment resistant cases (Conditional, Low).",
            "Conditional, Low",
        ),
    ]
    assert "\n1\n" not in doc.body_text()  # page numbers dropped


def test_metadata_title_wins(tmp_path: Path, pdf_bytes: MakePdf) -> None:
    path = write(tmp_path, pdf_bytes([["Body text line."]], title="Pars Defect Care (2024)"))
    (doc,) = read(path)
    assert isinstance(doc, Document)
    assert doc.title == "Pars Defect Care (2024)"
    assert doc.sections[0].text == "Body text line."


def test_running_headers_are_dropped(tmp_path: Path, pdf_bytes: MakePdf) -> None:
    pages = [["Example Society Guideline 2024", f"Text of page {n}."] for n in range(4)]
    (doc,) = read(write(tmp_path, pdf_bytes(pages, title="T")))
    assert isinstance(doc, Document)
    assert "Example Society" not in doc.body_text()
    assert doc.body_text().count("Text of page") == 4


def test_encrypted_pdf_is_bad_record(tmp_path: Path, pdf_bytes: MakePdf) -> None:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_bytes(PAGES)))
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    (bad,) = read(write(tmp_path, out.getvalue()))
    assert isinstance(bad, BadRecord) and "encrypted" in bad.reason and "qpdf" in bad.reason


def test_pdf_without_text_is_bad_record(tmp_path: Path, pdf_bytes: MakePdf) -> None:
    (bad,) = read(write(tmp_path, pdf_bytes([[]])))
    assert isinstance(bad, BadRecord) and "OCR" in bad.reason


def test_damaged_pdf_is_bad_record(tmp_path: Path, pdf_bytes: MakePdf) -> None:
    data = pdf_bytes(PAGES)
    for cut in (b"%PDF-1.4\n", data[: len(data) // 3], b"%PDF-" + b"\xff" * 200):
        events = read(write(tmp_path, cut))
        assert len(events) == 1 and isinstance(events[0], BadRecord), events
