"""Chunking: passages small enough to cite, stable ids, tiny sections merged."""

from __future__ import annotations

from medcite.ingest.chunking import MAX_WORDS, chunk_document, split_sentences
from medcite.records import Document, Section, SourceType


def _doc(*sections: Section) -> Document:
    return Document(id="d1", source_type=SourceType.JSONL, title="T", sections=list(sections))


def test_split_sentences_keeps_abbreviations() -> None:
    text = (
        "Bracing helps, e.g. in athletes. Smith et al. reported 90% healing. Dose was 1.5 mg daily."
    )
    assert split_sentences(text) == [
        "Bracing helps, e.g. in athletes.",
        "Smith et al. reported 90% healing.",
        "Dose was 1.5 mg daily.",
    ]


def test_long_section_is_windowed_on_sentence_boundaries() -> None:
    sentence = "Conservative management with bracing improves pain in most adolescents with spondylolysis. "
    chunks = chunk_document(_doc(Section(heading="Treatment", text=sentence * 40)))
    assert len(chunks) > 1
    assert all(len(c.text.split()) <= MAX_WORDS for c in chunks)
    assert all(c.text.endswith(".") for c in chunks)
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))


def test_ids_are_stable_and_content_derived() -> None:
    a = chunk_document(_doc(Section(heading="A", text="word " * 30)))
    b = chunk_document(_doc(Section(heading="A", text="word " * 30)))
    c = chunk_document(_doc(Section(heading="A", text="other " * 30)))
    assert [x.id for x in a] == [x.id for x in b]
    assert a[0].id != c[0].id


def test_tiny_sections_merge_but_graded_ones_stay_apart() -> None:
    chunks = chunk_document(
        _doc(
            Section(heading="BACKGROUND", text="Short."),
            Section(heading="METHODS", text="word " * 40),
            Section(heading="Rec", text="Use bracing.", grade="Strong, High"),
        )
    )
    assert chunks[0].section == "BACKGROUND / METHODS"
    assert chunks[-1].grade == "Strong, High"
    assert chunks[-1].text == "Use bracing."


def test_title_only_document_gets_one_passage() -> None:
    chunks = chunk_document(_doc())
    assert len(chunks) == 1 and chunks[0].text == "T" and chunks[0].section == "Title"
