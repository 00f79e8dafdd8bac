"""The library contract: the same behaviour from the embedded SQLite store and PostgreSQL."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from medcite.embed import get_embedder
from medcite.library.protocol import LibraryStore
from medcite.records import EvidenceLevel, SearchFilters, SourceType
from medcite.retrieval import Mode, Searcher
from medcite.retrieval.lexical import match_expression

from .conftest import FIXTURES, Opener, ingest

HASH = "hash-256"


def _docs(lib: LibraryStore, hits: list[tuple[int, float]]) -> list[str]:
    rows = lib.chunk_rows(r for r, _ in hits)
    return [rows[r].doc_id for r, _ in hits]


def _search_docs(lib: LibraryStore, query: str, mode: Mode, k: int = 5) -> list[str]:
    searcher = Searcher(lib, get_embedder("hash"), expand=False)
    return [h.doc_id for h in searcher.search(query, k=k, mode=mode).hits]


def test_ingest_fills_documents_chunks_vectors_and_stats(ingested: LibraryStore) -> None:
    stats = ingested.stats()
    assert (stats["documents"], stats["chunks"], stats["retracted"]) == (22, 31, 3)
    assert stats["vectors"] == {HASH: 31}
    by = stats["by"]
    assert isinstance(by, dict)
    assert by["evidence_level"] == {
        "case_series": 1, "cohort": 1, "guideline": 5, "narrative_review": 2, "other": 8,
        "rct": 3, "systematic_review": 2,
    }  # fmt: skip
    assert by["source_type"] == {"guideline": 3, "jsonl": 9, "pmc": 1, "pubmed": 8, "text": 1}
    assert by["year"]["2020"] == 3 and by["year"]["unknown"] == 4
    assert ingested.vector_models() == {HASH}
    assert ingested.count_pending_vectors(HASH) == 0


def test_documents_and_chunks_round_trip(ingested: LibraryStore) -> None:
    doc = ingested.document("fx-gout-1")
    assert doc is not None and doc.title == "Acute gout flare management"
    chunks = ingested.chunks_of("fx-gout-1")
    assert chunks and [c.ordinal for c in chunks] == list(range(len(chunks)))
    rowids = ingested.rowids_for_chunks([chunks[0].id, "no-such-chunk"])
    assert len(rowids) == 1
    row = ingested.chunk_rows(rowids)[rowids[0]]
    assert (row.doc_id, row.chunk_id, row.evidence_level) == (
        "fx-gout-1",
        chunks[0].id,
        "guideline",
    )
    assert ingested.document("nope") is None
    assert sorted(d.id for d in ingested.iter_documents())[:2] == ["Spine_Gray_0", "ex-3"]


def test_reingest_is_idempotent(ingested: LibraryStore) -> None:
    version = ingested.version()
    again = ingest(ingested)
    assert (again.added, again.updated, again.unchanged, again.embedded) == (0, 0, 22, 0)
    assert ingested.version() == version
    assert ingested.stats()["chunks"] == 31


def test_update_replaces_text_index_and_vectors(ingested: LibraryStore, tmp_path: Path) -> None:
    line = json.dumps({"id": "fx-gout-1", "title": "Acute gout flare management",
                       "text": "Colchicine at low dose treats a gout flare within a day.",
                       "year": 2020, "type": "guideline"})  # fmt: skip
    (tmp_path / "update.jsonl").write_text(line + "\n")
    summary = ingest(ingested, tmp_path / "update.jsonl")
    assert (summary.updated, summary.added) == (1, 0)
    assert [c.text for c in ingested.chunks_of("fx-gout-1")] == [
        "Colchicine at low dose treats a gout flare within a day."
    ]
    assert _docs(ingested, ingested.fts('"colchicine"', 5)) == ["fx-gout-1"]
    assert ingested.stats()["vectors"] == {HASH: ingested.stats()["chunks"]}


def test_delete_citation_removes_document_chunks_and_vectors(
    ingested: LibraryStore, tmp_path: Path
) -> None:
    xml = (FIXTURES / "readers" / "pubmed_sample.xml").read_text()
    start, end = xml.index("<PubmedArticle>"), xml.index("</PubmedArticle>") + 16
    article = xml[start:end].replace("39000001", "38000001", 1)
    (tmp_path / "add.xml").write_text(f"<PubmedArticleSet>{article}</PubmedArticleSet>")
    ingest(ingested, tmp_path / "add.xml")
    assert ingested.document("pmid:38000001") is not None
    before = ingested.stats()["chunks"]
    summary = ingest(ingested, FIXTURES / "readers" / "pubmed_sample.xml")
    assert summary.deleted == 1
    assert ingested.document("pmid:38000001") is None and ingested.chunks_of("pmid:38000001") == []
    stats = ingested.stats()
    assert isinstance(before, int) and stats["chunks"] < before
    assert stats["vectors"] == {HASH: stats["chunks"]}


def test_retracted_is_never_returned(ingested: LibraryStore) -> None:
    retracted = {"pmid:39000002", "pmid:39000003", "pmid:39100002"}
    expr = match_expression("retracted note pars healing surgical repair footballers")
    assert expr is not None
    assert not retracted & set(_docs(ingested, ingested.fts(expr, 50)))
    assert retracted & set(
        _docs(ingested, ingested.fts(expr, 50, SearchFilters(include_retracted=True)))
    )
    qvec = get_embedder("hash").embed(["A retracted note on pars healing."])[0]
    assert not retracted & set(_docs(ingested, ingested.dense_search(HASH, qvec, 50)))
    for mode in Mode:
        hits = _search_docs(ingested, "retracted note on pars healing", mode, k=20)
        assert hits and not retracted & set(hits)


@pytest.mark.parametrize(
    ("filters", "check"),
    [
        (SearchFilters(year_min=2020), lambda d: d.year is not None and d.year >= 2020),
        (SearchFilters(year_max=2010), lambda d: d.year is not None and d.year <= 2010),
        (
            SearchFilters(levels=[EvidenceLevel.GUIDELINE]),
            lambda d: d.evidence_level == "guideline",
        ),
        (SearchFilters(source_types=[SourceType.PUBMED]), lambda d: d.source_type == "pubmed"),
    ],
    ids=["year_min", "year_max", "level", "source"],
)
def test_filters_apply_to_lexical_and_dense(ingested: LibraryStore, filters: SearchFilters, check: object) -> None:  # fmt: skip
    assert callable(check)
    expr = match_expression("spondylolysis pars defect bracing imaging")
    assert expr is not None
    qvec = get_embedder("hash").embed(["spondylolysis pars defect"])[0]
    for hits in (ingested.fts(expr, 50, filters), ingested.dense_search(HASH, qvec, 50, filters)):
        assert hits
        docs = [ingested.document(d) for d in _docs(ingested, hits)]
        assert all(d is not None and check(d) for d in docs)
    allowed = ingested.allowed_rowids(
        [r for r, _ in ingested.dense_search(HASH, qvec, 50)], filters
    )
    assert allowed == {r for r, _ in ingested.dense_search(HASH, qvec, 50, filters)}


@pytest.mark.parametrize(
    ("query", "doc"),
    [
        ("acute gout flare treatment", "fx-gout-1"),
        ("aspirin after myocardial infarction", "fx-mi-1"),
        ("inhaled corticosteroids in asthma", "fx-asthma-1"),
        ("core stabilisation exercise adolescents spondylolysis", "pmid:39100001"),
    ],
)
@pytest.mark.parametrize("mode", list(Mode))
def test_search_finds_the_expected_document(ingested: LibraryStore, query: str, doc: str, mode: Mode) -> None:  # fmt: skip
    assert _search_docs(ingested, query, mode)[0] == doc


def test_dense_search_is_ranked_by_cosine(ingested: LibraryStore) -> None:
    qvec = get_embedder("hash").embed(["Acute gout flare management"])[0]
    hits = ingested.dense_search(HASH, qvec, 10)
    assert len(hits) == 10 and _docs(ingested, hits)[0] == "fx-gout-1"
    scores = [s for _, s in hits]
    assert scores == sorted(scores, reverse=True) and -1.0 <= scores[-1] <= scores[0] <= 1.0
    assert (
        ingested.dense_search(HASH, qvec, 0) == [] and ingested.dense_search("other", qvec, 5) == []
    )


def test_rollback_leaves_the_library_unchanged(ingested: LibraryStore) -> None:
    version = ingested.version()
    with pytest.raises(RuntimeError, match="stop"), ingested.transaction() as tx:
        tx.delete(["fx-gout-1"])
        raise RuntimeError("stop")
    assert ingested.document("fx-gout-1") is not None and ingested.version() == version


def test_reader_sees_committed_state_while_a_writer_holds_a_transaction(
    ingested: LibraryStore, opener: Opener
) -> None:
    reader = opener()
    holding, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with ingested.transaction() as tx:
                tx.delete(["fx-gout-1"])
                holding.set()
                release.wait()
        except BaseException as exc:
            errors.append(exc)
            holding.set()

    writer = threading.Thread(target=write)
    writer.start()
    holding.wait()
    assert _docs(reader, reader.fts('"gout"', 5)) == ["fx-gout-1"]  # not blocked, old state
    release.set()
    writer.join()
    assert errors == []
    assert reader.fts('"gout"', 5) == [] and reader.document("fx-gout-1") is None


def test_concurrent_search_while_another_worker_ingests(
    store: LibraryStore, opener: Opener
) -> None:
    ingest(store, FIXTURES / "library")
    reader = opener()
    errors: list[BaseException] = []
    done = threading.Event()

    def write() -> None:
        try:
            ingest(opener(), FIXTURES / "readers")
        except BaseException as exc:
            errors.append(exc)
        finally:
            done.set()

    writer = threading.Thread(target=write)
    writer.start()
    seen: list[list[str]] = []
    while not done.is_set() or not seen:
        seen.append(_search_docs(reader, "conservative care of lumbar spondylolysis", Mode.HYBRID))
    writer.join()
    assert errors == []
    assert all(docs and set(docs) <= {d.id for d in reader.iter_documents()} for docs in seen)
    assert reader.stats()["documents"] == 22
