"""The SQLite library: upsert, delete, FTS, vectors, filters, stats, concurrency."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from medcite.ingest.chunking import chunk_document
from medcite.library.store import Library, LibraryError
from medcite.records import Document, EvidenceLevel, SearchFilters, Section, SourceType


def _doc(
    i: int,
    text: str,
    year: int = 2020,
    level: EvidenceLevel = EvidenceLevel.RCT,
    retracted: bool = False,
) -> Document:
    return Document(
        id=f"pmid:{i}",
        source_type=SourceType.PUBMED,
        title=f"Title {i}",
        sections=[Section(heading="RESULTS", text=text)],
        year=year,
        pmid=str(i),
        evidence_level=level,
        retracted=retracted,
    )


def _put(lib: Library, *docs: Document) -> None:
    with lib.transaction() as tx:
        for d in docs:
            tx.upsert(d, chunk_document(d), content_hash=d.id + d.body_text())


def test_open_missing_library_without_create_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="medcite ingest"):
        Library.open(tmp_path / "nope", create=False)


def test_upsert_replaces_chunks_and_fts_follows(tmp_path: Path) -> None:
    lib = Library.open(tmp_path)
    _put(lib, _doc(1, "spondylolysis treated with bracing"))
    assert [r for r, _ in lib.fts('"bracing"', 10)]
    _put(lib, _doc(1, "spondylolysis treated with physiotherapy"))
    assert lib.fts('"bracing"', 10) == []
    assert len(lib.fts('"physiotherapy"', 10)) == 1
    assert lib.stats()["chunks"] == 1


def test_delete_cascades_to_chunks_vectors_and_index(tmp_path: Path) -> None:
    lib = Library.open(tmp_path)
    _put(lib, _doc(1, "alpha beta gamma"), _doc(2, "alpha delta"))
    rows = lib.pending_vectors("m", 10)
    lib.put_vectors("m", [r for r, _ in rows], np.ones((len(rows), 4), dtype=np.float32))
    with lib.transaction() as tx:
        assert tx.delete(["pmid:1", "pmid:999"]) == 1
    assert lib.document("pmid:1") is None
    assert len(lib.fts('"alpha"', 10)) == 1
    ids, matrix = lib.vector_matrix("m")
    assert len(ids) == 1 and matrix.shape == (1, 4)


def test_filters_exclude_retracted_years_levels(tmp_path: Path) -> None:
    lib = Library.open(tmp_path)
    _put(
        lib,
        _doc(1, "aspirin trial", year=1990),
        _doc(2, "aspirin trial", year=2015, level=EvidenceLevel.GUIDELINE),
        _doc(3, "aspirin trial", year=2018, retracted=True),
    )
    found = {lib.chunk_rows([r])[r].doc_id for r, _ in lib.fts('"aspirin"', 10)}
    assert found == {"pmid:1", "pmid:2"}
    recent = lib.fts('"aspirin"', 10, SearchFilters(year_min=2000))
    assert {lib.chunk_rows([r])[r].doc_id for r, _ in recent} == {"pmid:2"}
    guideline = lib.fts('"aspirin"', 10, SearchFilters(levels=[EvidenceLevel.GUIDELINE]))
    assert len(guideline) == 1
    with_retracted = lib.fts('"aspirin"', 10, SearchFilters(include_retracted=True))
    assert len(with_retracted) == 3


def test_rollback_keeps_library_unchanged(tmp_path: Path) -> None:
    lib = Library.open(tmp_path)
    _put(lib, _doc(1, "kept"))
    with pytest.raises(RuntimeError), lib.transaction() as tx:
        tx.upsert(_doc(2, "lost"), chunk_document(_doc(2, "lost")), "h")
        raise RuntimeError("interrupted")
    assert lib.document("pmid:2") is None
    assert lib.stats()["documents"] == 1


def test_stats_counts_by_level_source_and_year(tmp_path: Path) -> None:
    lib = Library.open(tmp_path)
    _put(
        lib, _doc(1, "a b c", year=2001), _doc(2, "d e f", year=2001, level=EvidenceLevel.GUIDELINE)
    )
    by = lib.stats()["by"]
    assert by == {
        "source_type": {"pubmed": 2},
        "evidence_level": {"guideline": 1, "rct": 1},
        "year": {"2001": 2},
    }


def test_vector_matrix_cache_invalidates_on_write(tmp_path: Path) -> None:
    lib = Library.open(tmp_path)
    _put(lib, _doc(1, "one"))
    rows = lib.pending_vectors("m", 10)
    lib.put_vectors("m", [r for r, _ in rows], np.ones((1, 3), dtype=np.float32))
    assert lib.vector_matrix("m")[1].shape == (1, 3)
    _put(lib, _doc(2, "two"))
    rows = lib.pending_vectors("m", 10)
    lib.put_vectors("m", [r for r, _ in rows], np.ones((1, 3), dtype=np.float32))
    reopened = Library.open(tmp_path)
    assert reopened.vector_matrix("m")[1].shape == (2, 3)


def test_readers_work_while_a_writer_holds_a_transaction(tmp_path: Path) -> None:
    writer = Library.open(tmp_path)
    _put(writer, _doc(1, "visible before the write"))
    reader = Library.open(tmp_path)
    started, release = threading.Event(), threading.Event()

    def write() -> None:
        with writer.transaction() as tx:
            tx.upsert(
                _doc(2, "visible after commit"),
                chunk_document(_doc(2, "visible after commit")),
                "h2",
            )
            started.set()
            release.wait(5)

    t = threading.Thread(target=write)
    t.start()
    started.wait(5)
    # WAL: the reader sees the committed state while the write is open, without blocking.
    assert len(reader.fts('"visible"', 10)) == 1
    release.set()
    t.join()
    assert len(reader.fts('"visible"', 10)) == 2
