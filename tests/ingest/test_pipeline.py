"""The ingest pipeline end to end on our fixtures: idempotent, replaces, deletes, reports, resumes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from medcite.embed import HashEmbedder
from medcite.ingest.pipeline import Ingestor
from medcite.library.store import Library
from medcite.records import EvidenceLevel

PUBMED_XML = """<?xml version="1.0"?>
<PubmedArticleSet>
{articles}
{deletes}
</PubmedArticleSet>
"""

ARTICLE = """<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM">
<PMID Version="1">{pmid}</PMID>
<DateRevised><Year>{year}</Year><Month>01</Month><Day>01</Day></DateRevised>
<Article><Journal><Title>Spine Journal</Title><JournalIssue><PubDate><Year>2015</Year></PubDate></JournalIssue></Journal>
<ArticleTitle>{title}</ArticleTitle>
<Abstract><AbstractText Label="RESULTS">{text}</AbstractText></Abstract>
<PublicationTypeList>{types}</PublicationTypeList>
</Article></MedlineCitation></PubmedArticle>"""


def _pubmed(path: Path, articles: list[dict[str, str]], deletes: list[str] = ()) -> Path:  # type: ignore[assignment]
    body = "\n".join(
        ARTICLE.format(
            pmid=a["pmid"],
            year=a.get("revised", "2020"),
            title=a["title"],
            text=a["text"],
            types="".join(
                f"<PublicationType>{t}</PublicationType>"
                for t in a.get("types", ["Journal Article"])
            ),
        )
        for a in articles
    )
    dels = ""
    if deletes:
        dels = (
            "<DeleteCitation>"
            + "".join(f'<PMID Version="1">{p}</PMID>' for p in deletes)
            + "</DeleteCitation>"
        )
    path.write_text(PUBMED_XML.format(articles=body, deletes=dels), encoding="utf-8")
    return path


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    return Library.open(tmp_path / "lib")


def test_jsonl_fixture_ingests_graded_and_searchable(lib: Library, fixtures_dir: Path) -> None:
    summary = Ingestor(lib, HashEmbedder()).run([fixtures_dir / "library" / "spondylolysis.jsonl"])
    assert (summary.added, summary.updated, summary.skipped) == (5, 0, [])
    assert summary.embedded == summary.chunks > 0
    doc = lib.document("fx-guideline-1")
    assert doc is not None and doc.evidence_level == EvidenceLevel.GUIDELINE
    assert lib.document("fx-case-1").evidence_level == EvidenceLevel.CASE_SERIES  # type: ignore[union-attr]


def test_second_ingest_changes_nothing(lib: Library, fixtures_dir: Path) -> None:
    path = fixtures_dir / "library" / "spondylolysis.jsonl"
    Ingestor(lib).run([path])
    gen = lib.generation()
    again = Ingestor(lib).run([path])
    assert (again.added, again.updated, again.unchanged) == (0, 0, 5)
    assert lib.generation() == gen  # no write happened: the library version is unchanged


def test_changed_document_replaces_old_version(lib: Library, tmp_path: Path) -> None:
    f = tmp_path / "c.jsonl"
    f.write_text(json.dumps({"id": "d1", "title": "T", "text": "bracing for spondylolysis"}) + "\n")
    Ingestor(lib).run([f])
    f.write_text(json.dumps({"id": "d1", "title": "T", "text": "surgery for spondylolysis"}) + "\n")
    s = Ingestor(lib).run([f])
    assert s.updated == 1
    assert lib.fts('"bracing"', 5) == [] and len(lib.fts('"surgery"', 5)) == 1


def test_pubmed_deletions_retractions_and_newest_version(lib: Library, tmp_path: Path) -> None:
    first = _pubmed(
        tmp_path / "a.xml",
        [
            {"pmid": "1", "title": "Bracing trial", "text": "Bracing healed defects.", "revised": "2020"},
            {"pmid": "2", "title": "Retracted work", "text": "Fabricated data.", "types": ["Journal Article", "Retracted Publication"]},
            {"pmid": "3", "title": "To delete", "text": "Gone soon."},
        ],
    )  # fmt: skip
    update = _pubmed(
        tmp_path / "b.xml",
        [
            {
                "pmid": "1",
                "title": "Bracing trial (old copy)",
                "text": "Old text.",
                "revised": "2019",
            }
        ],
        deletes=["3"],
    )
    Ingestor(lib).run([first])
    s = Ingestor(lib).run([update])
    assert s.deleted == 1 and s.older == 1
    assert lib.document("pmid:3") is None
    assert lib.document("pmid:1").title == "Bracing trial"  # type: ignore[union-attr]
    assert lib.document("pmid:2").retracted  # type: ignore[union-attr]
    assert lib.fts('"fabricated"', 5) == []  # retracted: never a search hit by default


def test_bad_records_are_reported_and_the_rest_goes_in(lib: Library, tmp_path: Path) -> None:
    f = tmp_path / "mixed.jsonl"
    f.write_text('{"id": "ok", "text": "fine"}\n{not json}\n{"id": "no-text"}\n', encoding="utf-8")
    s = Ingestor(lib).run([f, tmp_path / "missing.xml"])
    assert s.added == 1
    reasons = {(b.record, b.file.endswith("missing.xml")) for b in s.skipped}
    assert len(s.skipped) == 3 and ("-", True) in reasons


def test_interrupted_ingest_keeps_committed_batches_and_resumes(
    lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = tmp_path / "many.jsonl"
    f.write_text(
        "".join(
            json.dumps({"id": f"d{i}", "text": f"passage {i} about asthma"}) + "\n"
            for i in range(50)
        )
    )
    calls = {"n": 0}
    real_flush = Ingestor._store

    def flaky(self: Ingestor, batch: list, summary: object) -> None:  # type: ignore[type-arg]
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        real_flush(self, batch, summary)  # type: ignore[arg-type]

    monkeypatch.setattr(Ingestor, "_store", flaky)
    s = Ingestor(lib, batch_size=10).run([f])
    assert s.interrupted and lib.stats()["documents"] == 20
    monkeypatch.setattr(Ingestor, "_store", real_flush)
    again = Ingestor(lib, batch_size=10).run([f])
    assert (again.unchanged, again.added) == (20, 30)
    assert lib.stats()["documents"] == 50


def test_directory_walk_reads_every_format(
    lib: Library, tmp_path: Path, fixtures_dir: Path
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(fixtures_dir / "library", corpus)
    (corpus / "guide.md").write_text(
        "---\nid: g1\ntitle: Asthma guide\npublisher: Fixture Society\npublished: 2021\ntype: guideline\n---\n"
        "# Asthma\n\n## Treatment\n\nInhaled corticosteroids are recommended (Strong, High).\n",
        encoding="utf-8",
    )
    (corpus / "notes.bin").write_bytes(b"\x00\x01")
    s = Ingestor(lib).run([corpus])
    assert s.added == 6 and s.files == 2


def test_worker_process_path_gives_the_same_library(tmp_path: Path, fixtures_dir: Path) -> None:
    src = fixtures_dir / "library" / "spondylolysis.jsonl"
    inline = Library.open(tmp_path / "inline")
    worker = Library.open(tmp_path / "worker")
    a = Ingestor(inline, use_worker=False).run([src])
    b = Ingestor(worker, worker_threshold_bytes=0).run([src])  # force the spawned worker
    assert (a.added, a.chunks) == (b.added, b.chunks) == (5, a.chunks)
    assert [d.model_dump() for d in inline.iter_documents()] == [
        d.model_dump() for d in worker.iter_documents()
    ]
