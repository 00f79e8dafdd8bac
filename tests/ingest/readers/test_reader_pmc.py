"""PMC JATS reader on our own article: metadata, abstract, nested body sections, damage."""

from __future__ import annotations

from pathlib import Path

from medcite.ingest.readers import get_reader
from medcite.records import BadRecord, Document, ReaderEvent, Section, SourceType

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "readers"
ARTICLE = FIXTURES / "pmc_article.nxml"


def read(path: Path) -> list[ReaderEvent]:
    return list(get_reader("pmc").read(path))


def test_article_metadata() -> None:
    (doc,) = read(ARTICLE)
    assert isinstance(doc, Document)
    assert doc.id == "pmc:PMC11200001"
    assert doc.source_type is SourceType.PMC
    assert doc.title == "Spondylolysis in young athletes: a narrative review"
    assert doc.journal == "Pediatric Spine Reviews"
    assert doc.authors == ["Nakamura YS", "O'Neill MK", "Pars Research Consortium"]
    assert (doc.year, doc.published) == (2022, "2022-07-14")  # epub preferred
    assert (doc.pmid, doc.pmcid, doc.doi) == ("39200001", "PMC11200001", "10.5555/psr.2022.14")
    assert doc.publication_types == ["review-article", "Review"]
    assert doc.keywords == ["spondylolysis", "pars interarticularis"]
    assert doc.language == "en"
    assert doc.url == "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC11200001/"
    assert doc.origin == str(ARTICLE)
    assert doc.evidence_level is None


def test_sections_flatten_xrefs_and_drop_figures() -> None:
    (doc,) = read(ARTICLE)
    assert isinstance(doc, Document)
    assert doc.sections == [
        Section(
            heading="Background",
            text="Spondylolysis affects up to 47% of adolescent athletes with low back pain.",
        ),
        Section(heading="Conclusions", text="Most defects heal with rest from sport."),
        Section(heading="", text="This review summarises conservative care."),
        Section(
            heading="Diagnosis",
            text="MRI is preferred over CT in adolescents because it avoids ionising "
            "radiation [1].",
        ),
        Section(
            heading="Diagnosis > Imaging",
            text="Oblique radiographs miss many early lesions. CT shows the fracture line.",
        ),
        Section(
            heading="Treatment",
            text="Rest from sport for 3 months.\nPhysiotherapy with core stabilisation.",
        ),
    ]
    body = doc.body_text()
    for dropped in ("Figure caption", "Table cell", "Graphical abstract", "Reference text"):
        assert dropped not in body


def test_pmc_articleset_with_namespace_and_fallback_ids(tmp_path: Path) -> None:
    article = ARTICLE.read_text(encoding="utf-8").split("<article ", 1)[1]
    only_pmid = article.replace('<article-id pub-id-type="pmc">11200001</article-id>', "")
    no_ids = only_pmid.replace('<article-id pub-id-type="pmid">39200001</article-id>', "")
    target = tmp_path / "batch.xml"
    target.write_text(
        "<?xml version='1.0'?><pmc-articleset>"
        f"<article {only_pmid.split('</article>')[0]}</article>"
        f"<article xmlns='http://example.org/jats' {no_ids.split('</article>')[0]}</article>"
        "</pmc-articleset>",
        encoding="utf-8",
    )
    first, second = read(target)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.id == "pmid:39200001" and first.url is None
    assert second.id.startswith("file:") and second.id.endswith("#2")
    assert second.title == first.title  # the default namespace was handled
    assert first.origin == f"{target}#1"


def test_truncated_article_is_bad_record(tmp_path: Path) -> None:
    target = tmp_path / "cut.nxml"
    target.write_bytes(ARTICLE.read_bytes()[:1500])
    (event,) = read(target)
    assert isinstance(event, BadRecord)
    assert event.record == "file" and "XML syntax error" in event.reason


def test_xml_without_article(tmp_path: Path) -> None:
    target = tmp_path / "x.nxml"
    target.write_text("<root><p>hi</p></root>", encoding="utf-8")
    (event,) = read(target)
    assert isinstance(event, BadRecord) and "no <article>" in event.reason
