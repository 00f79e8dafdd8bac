"""The public Python API: a curated, sorted __all__ that works end to end."""

from __future__ import annotations

from pathlib import Path

import medcite


def test_all_is_sorted_and_importable() -> None:
    assert medcite.__all__ == sorted(medcite.__all__)
    for name in medcite.__all__:
        assert getattr(medcite, name) is not None


def test_ingest_search_ask_round_trip(tmp_path: Path, fixtures_dir: Path) -> None:
    lib = medcite.open_library(tmp_path / "lib")
    summary = medcite.ingest(lib, [fixtures_dir / "library"], embedder="hash")
    assert summary.added == 5
    hits = medcite.search(lib, "gout colchicine", k=2, embedder="hash").hits
    assert hits[0].doc_id == "fx-gout-1" and hits[0].dense_rank is not None
    answer = medcite.ask(lib, "What is the capital of France?", embedder="hash")
    assert answer.abstained
