"""PubMed/MEDLINE reader: our fixtures (XML, MedlineCitationSet, MEDLINE text) and damage."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from medcite.ingest.readers import get_reader
from medcite.records import BadRecord, Deletion, Document, MeshHeading, ReaderEvent, SourceType

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "readers"


def fixture(name: str) -> Path:
    return FIXTURES / name


def read_all(path: Path) -> list[ReaderEvent]:
    return list(get_reader("pubmed").read(path))


@pytest.fixture(scope="module")
def sample_events() -> list[ReaderEvent]:
    return read_all(fixture("pubmed_sample.xml"))


def _doc(events: list[ReaderEvent], pmid: str) -> Document:
    return next(e for e in events if isinstance(e, Document) and e.pmid == pmid)


def test_event_order_and_kinds(sample_events: list[ReaderEvent]) -> None:
    kinds = [type(e).__name__ for e in sample_events]
    assert kinds == ["Document", "Document", "Document", "BadRecord", "Document", "Deletion"]


def test_structured_abstract_and_metadata(sample_events: list[ReaderEvent]) -> None:
    doc = _doc(sample_events, "39000001")
    assert doc.id == "pmid:39000001"
    assert doc.source_type is SourceType.PUBMED
    assert doc.title == (
        "Conservative care of lumbar spondylolysis in adolescent athletes: a randomized trial."
    )
    assert [s.heading for s in doc.sections] == [
        "",
        "BACKGROUND",
        "METHODS",
        "RESULTS",
        "CONCLUSIONS",
    ]
    assert doc.sections[2].text.endswith("healing was assessed with CT at 3 months (β2 adjusted).")
    assert "Copyright" not in doc.body_text()
    # ValidYN="N" authors are errata; a missing Initials is derived from ForeName.
    assert doc.authors == ["Okafor AM", "Lindqvist P", "Youth Spine Study Group"]
    assert doc.journal == "Journal of Adolescent Spine Care"
    assert (doc.year, doc.published) == (2024, "2024-03-15")
    # The record's own ArticleIdList, not the one of its references.
    assert doc.doi == "10.5555/jasc.2024.001"
    assert doc.pmcid == "PMC11000001"
    assert doc.language == "eng"
    assert doc.publication_types == ["Journal Article", "Randomized Controlled Trial"]
    assert doc.keywords == ["pars defect", "bracing"]
    assert doc.url == "https://pubmed.ncbi.nlm.nih.gov/39000001/"
    assert doc.version == "2024-05-01|v1"
    assert doc.origin.endswith("pubmed_sample.xml#39000001")
    assert doc.retracted is False
    assert doc.evidence_level is None  # grading decides for PubMed records


def test_mesh_major_from_descriptor_or_qualifier(sample_events: list[ReaderEvent]) -> None:
    doc = _doc(sample_events, "39000001")
    assert doc.mesh == [
        MeshHeading(descriptor="Humans", ui="D006801", major=False, qualifiers=[]),
        MeshHeading(
            descriptor="Spondylolysis",
            ui="D013168",
            major=True,
            qualifiers=["diagnostic imaging", "therapy"],
        ),
        MeshHeading(descriptor="Braces", ui="D001917", major=True, qualifiers=[]),
    ]


def test_retracted_publication_title_only_medline_date(sample_events: list[ReaderEvent]) -> None:
    doc = _doc(sample_events, "39000002")
    assert doc.retracted is True
    assert doc.sections == []  # no abstract: still a document, the pipeline decides
    assert doc.title == "Surgical repair of the pars defect in young footballers."
    assert (doc.year, doc.published) == (1998, "1998-12")
    assert doc.journal == "Rev Chir Rachis"  # MedlineTA when Journal/Title is missing
    assert doc.authors == ["Moreau JL"]
    assert doc.version == "2019-05-01"


def test_retraction_in_comment_and_other_abstract(sample_events: list[ReaderEvent]) -> None:
    doc = _doc(sample_events, "39000003")
    assert doc.retracted is True
    assert doc.doi == "10.5555/sml.2022.77"  # from ELocationID
    assert [(s.heading, s.text) for s in doc.sections] == [
        ("", "Most athletes returned to sport within six months of diagnosis.")
    ]
    assert (doc.year, doc.published) == (2022, "2022")  # a Season gives no month


def test_missing_pmid_is_bad_record(sample_events: list[ReaderEvent]) -> None:
    (bad,) = [e for e in sample_events if isinstance(e, BadRecord)]
    assert bad.record == "record 4"
    assert "no PMID" in bad.reason and "numeric PMID" in bad.reason
    assert bad.file.endswith("pubmed_sample.xml")


def test_book_article(sample_events: list[ReaderEvent]) -> None:
    doc = _doc(sample_events, "39000005")
    assert doc.title == "Spondylolysis"
    assert doc.publisher == "Spine Press"
    assert (doc.year, doc.published) == (2021, "2021-06")
    assert doc.sections[0].heading == "CLINICAL CHARACTERISTICS"
    assert doc.authors == ["Haddad R"]


def test_delete_citation(sample_events: list[ReaderEvent]) -> None:
    assert [e for e in sample_events if isinstance(e, Deletion)] == [
        Deletion(file=str(fixture("pubmed_sample.xml")), ids=["pmid:38000001", "pmid:38000002"])
    ]


def test_medline_citation_set() -> None:
    events = read_all(fixture("medline_citation_set.xml"))
    docs = [e for e in events if isinstance(e, Document)]
    assert [d.id for d in docs] == ["pmid:17000001", "pmid:17000002"]
    assert docs[0].doi == "10.5555/srq.2007.10"
    assert docs[0].version == "2015-12-26"
    assert docs[1].version == "2008-01-05"  # DateCreated when never revised
    assert [e.ids for e in events if isinstance(e, Deletion)] == [["pmid:16000009"]]
    assert [e for e in events if isinstance(e, BadRecord)] == []


def test_gzip_is_transparent(tmp_path: Path) -> None:
    target = tmp_path / "sample.xml.gz"
    target.write_bytes(gzip.compress(fixture("pubmed_sample.xml").read_bytes()))
    events = read_all(target)
    assert (
        len([e for e in events if isinstance(e, Document)]) == 4
        and len([e for e in events if isinstance(e, Deletion)]) == 1
    )


def test_truncated_gzip_keeps_documents_before_the_damage(tmp_path: Path) -> None:
    data = gzip.compress(fixture("pubmed_sample.xml").read_bytes())
    target = tmp_path / "cut.xml.gz"
    target.write_bytes(data[: int(len(data) * 0.6)])
    events = read_all(target)
    assert isinstance(events[-1], BadRecord)
    assert "download it again" in events[-1].reason
    assert all(isinstance(e, Document) for e in events[:-1])


def test_syntax_error_mid_stream(tmp_path: Path) -> None:
    text = fixture("pubmed_sample.xml").read_text(encoding="utf-8")
    broken = text.replace('<PMID Version="1">39000003</PMID>', '<PMID Version="1">39000003</PMD>')
    target = tmp_path / "broken.xml"
    target.write_text(broken, encoding="utf-8")
    events = read_all(target)
    assert [type(e).__name__ for e in events] == ["Document", "Document", "BadRecord"]
    bad = events[-1]
    assert isinstance(bad, BadRecord)
    assert bad.record == "after record 2 (PMID 39000002)"
    assert "XML syntax error at line" in bad.reason


def test_not_pubmed_xml(tmp_path: Path) -> None:
    target = tmp_path / "other.xml"
    target.write_text("<?xml version='1.0'?><catalog><book/></catalog>", encoding="utf-8")
    (event,) = read_all(target)
    assert isinstance(event, BadRecord) and "root element <catalog>" in event.reason


def test_missing_file_is_bad_record(tmp_path: Path) -> None:
    (event,) = read_all(tmp_path / "nope.xml")
    assert isinstance(event, BadRecord) and "cannot open" in event.reason


def test_medline_text_format() -> None:
    events = read_all(fixture("medline_records.txt"))
    first, second, bad = events
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.title == (
        "Core stabilisation exercise for adolescents with spondylolysis: a cohort study."
    )
    assert [s.heading for s in first.sections] == [
        "BACKGROUND",
        "METHODS",
        "RESULTS",
        "CONCLUSIONS",
    ]
    assert first.sections[1].text == "We followed 84 adolescents for one year."
    assert first.authors == ["Tanaka H", "Spine Rehab Collaborative"]
    assert first.doi == "10.5555/core.2023.5"
    assert first.pmcid == "PMC11100001"
    assert (first.year, first.published) == (2023, "2023-11-05")
    assert first.version == "2024-01-10"
    assert first.mesh[1] == MeshHeading(
        descriptor="Spondylolysis", major=True, qualifiers=["diagnostic imaging", "rehabilitation"]
    )
    assert second.retracted is True
    assert isinstance(bad, BadRecord) and bad.record == "record 3 (line 34)"


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    target = tmp_path / "xxe.xml"
    target.write_text(
        f'<?xml version="1.0"?><!DOCTYPE PubmedArticleSet [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
        "<ArticleTitle>Title &x;</ArticleTitle></Article></MedlineCitation></PubmedArticle>"
        "</PubmedArticleSet>",
        encoding="utf-8",
    )
    events = read_all(target)
    assert all("TOP-SECRET" not in event.model_dump_json() for event in events)
