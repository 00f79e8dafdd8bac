"""Hybrid search on our fixture library: synonyms, evidence-aware ranking, filters, diversity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from medcite.embed import HashEmbedder
from medcite.ingest.pipeline import Ingestor
from medcite.library.store import Library
from medcite.records import EvidenceLevel, SearchFilters, SourceType
from medcite.retrieval import Mode, Searcher


@pytest.fixture
def library(tmp_path: Path, fixtures_dir: Path) -> Library:
    lib = Library.open(tmp_path / "lib")
    Ingestor(lib, HashEmbedder()).run([fixtures_dir / "library" / "spondylolysis.jsonl"])
    return lib


def _searcher(lib: Library, **kw: object) -> Searcher:
    return Searcher(lib, HashEmbedder(), now_year=2026, **kw)  # type: ignore[arg-type]


def test_pars_defect_finds_spondylolysis_through_synonyms(library: Library) -> None:
    result = _searcher(library).search("pars defect treatment", k=3)
    assert "spondylolysis" in [t.lower() for t in result.expanded_terms]
    assert result.hits[0].doc_id in {"fx-guideline-1", "fx-case-1"}


def test_without_expansion_plain_words_still_match(library: Library) -> None:
    result = _searcher(library, expand=False).search(
        "pars interarticularis", k=3, mode=Mode.LEXICAL
    )
    assert {h.doc_id for h in result.hits} == {"fx-guideline-1", "fx-case-1"}


def test_guideline_beats_old_case_report_on_equal_relevance(tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "eq")
    same = "Spondylolysis is treated with bracing and activity restriction."
    f = tmp_path / "eq.jsonl"
    rows = [
        {
            "id": "case-1978",
            "title": "Spondylolysis",
            "text": same,
            "year": 1978,
            "type": "case-report",
        },
        {
            "id": "guide-2014",
            "title": "Spondylolysis",
            "text": same,
            "year": 2014,
            "type": "guideline",
        },
    ]
    f.write_text("".join(json.dumps(r) + "\n" for r in rows))
    Ingestor(lib, HashEmbedder()).run([f])
    hits = _searcher(lib).search("spondylolysis bracing", k=2).hits
    assert [h.doc_id for h in hits] == ["guide-2014", "case-1978"]
    assert hits[0].evidence_level == EvidenceLevel.GUIDELINE
    assert hits[0].evidence_label == "Clinical practice guideline / consensus statement"


def test_heart_attack_finds_myocardial_infarction(library: Library) -> None:
    hits = _searcher(library).search("heart attack", k=3, mode=Mode.LEXICAL).hits
    assert hits and hits[0].doc_id == "fx-mi-1"


def test_filters_year_level_source(library: Library) -> None:
    s = _searcher(library)
    recent = s.search("spondylolysis", k=5, filters=SearchFilters(year_min=2000)).hits
    assert recent[0].doc_id == "fx-guideline-1"
    assert all(
        h.year is not None and h.year >= 2000 for h in recent
    )  # the 1978 case report is gone
    rcts = s.search(
        "asthma corticosteroids", k=5, filters=SearchFilters(levels=[EvidenceLevel.RCT])
    ).hits
    assert {h.doc_id for h in rcts} == {"fx-asthma-1"}
    none = s.search("asthma", k=5, filters=SearchFilters(source_types=[SourceType.PUBMED])).hits
    assert none == []


def test_one_document_does_not_fill_the_list(tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "div")
    long_text = " ".join(
        f"Asthma control sentence number {i} about inhaled steroids." for i in range(120)
    )
    f = tmp_path / "div.jsonl"
    rows = [
        {"id": "big", "title": "Asthma", "text": long_text},
        {"id": "small", "title": "Asthma", "text": "Asthma steroids help."},
    ]
    f.write_text("".join(json.dumps(r) + "\n" for r in rows))
    Ingestor(lib, HashEmbedder()).run([f])
    hits = Searcher(lib, HashEmbedder(), per_doc=2).search("asthma inhaled steroids", k=3).hits
    assert [h.doc_id for h in hits].count("big") == 2 and "small" in [h.doc_id for h in hits]


def test_hit_carries_everything_to_cite(library: Library) -> None:
    hit = _searcher(library).search("gout colchicine", k=1).hits[0]
    data = hit.model_dump(mode="json")
    for field in (
        "doc_id",
        "title",
        "source_type",
        "year",
        "url",
        "pmid",
        "evidence_level",
        "section",
        "text",
        "score",
    ):
        assert field in data
    assert hit.doc_id == "fx-gout-1" and hit.lexical_rank == 1 and hit.dense_rank is not None


def test_dense_only_and_lexical_only_modes(library: Library) -> None:
    s = _searcher(library)
    assert all(h.lexical_rank is None for h in s.search("gout", k=3, mode=Mode.DENSE).hits)
    assert all(h.dense_rank is None for h in s.search("gout", k=3, mode=Mode.LEXICAL).hits)


def test_carried_chunks_resolve_to_hits(library: Library) -> None:
    s = _searcher(library)
    first = s.search("gout", k=1).hits[0]
    again = s.hits_for_chunks([first.chunk_id, "c-missing"])
    assert [h.chunk_id for h in again] == [first.chunk_id]
