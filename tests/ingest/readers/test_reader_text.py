"""Plain-text reader: title, guessed headings, bullets and grades."""

from __future__ import annotations

from pathlib import Path

from medcite.ingest.readers import get_reader
from medcite.records import BadRecord, Document, ReaderEvent, Section, SourceType

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "readers"


def read(path: Path) -> list[ReaderEvent]:
    return list(get_reader("text").read(path))


def test_text_file() -> None:
    path = FIXTURES / "clinic_notes.txt"
    (doc,) = read(path)
    assert isinstance(doc, Document)
    assert doc.source_type is SourceType.TEXT
    assert doc.title == "Spondylolysis Information for Coaches"
    assert doc.id.startswith("file:") and doc.origin == str(path)
    assert doc.sections == [
        Section(
            heading="",
            text="Spondylolysis is a stress fracture of a small bone bridge at the back of the "
            "spine. It is common in gymnasts, cricket fast bowlers and football players.",
        ),
        Section(
            heading="Warning signs",
            text="Low back pain that is worse when arching backwards. Pain that stops training "
            "for more than two weeks.",
        ),
        Section(
            heading="Treatment",
            text="Most young athletes recover with rest from sport for about three months.\n"
            "Rest from the sport that causes pain.\nPhysiotherapy for core strength.",
        ),
        Section(
            heading="Treatment",
            text="A return to sport plan is agreed with the doctor (Grade B).",
            grade="Grade B",
        ),
    ]


def test_numbered_and_caps_headings_and_hyphenation(tmp_path: Path) -> None:
    target = tmp_path / "t.txt"
    target.write_text(
        "Title line\n\n1. INTRODUCTION\nThe pars is a thin bridge of bone that is prone to frac-\n"
        "ture in athletes.\n\n1.1 Background details\nMore text here.\n",
        encoding="utf-8",
    )
    (doc,) = read(target)
    assert isinstance(doc, Document)
    assert [(s.heading, s.text) for s in doc.sections] == [
        (
            "1. INTRODUCTION",
            "The pars is a thin bridge of bone that is prone to fracture in athletes.",
        ),
        ("1. INTRODUCTION > 1.1 Background details", "More text here."),
    ]


def test_empty_binary_and_latin1(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n  \n", encoding="utf-8")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\u00e9 notes\n\nNa\u00efve text.\n".encode("cp1252"))
    (bad_empty,) = read(empty)
    (bad_binary,) = read(binary)
    (doc,) = read(latin)
    assert isinstance(bad_empty, BadRecord) and "empty" in bad_empty.reason
    assert isinstance(bad_binary, BadRecord) and "binary" in bad_binary.reason
    assert isinstance(doc, Document) and doc.title == "Café notes"
