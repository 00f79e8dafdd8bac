"""DeleteCitations are applied in file-name order, whichever worker finished first."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from medcite.distributed import DistributedIngestor
from medcite.ingest.pipeline import Ingestor
from medcite.library.store import Library

from .conftest import library_state

DELETE = """<?xml version="1.0"?>
<PubmedArticleSet><DeleteCitation><PMID Version="1">{pmid}</PMID></DeleteCitation></PubmedArticleSet>
"""


def _pmids(path: Path) -> list[str]:
    lib = Library.open(path)
    try:
        return sorted(d.pmid or "" for d in lib.iter_documents())
    finally:
        lib.close()


def test_deletions_follow_file_name_order(client: Any, pubmed_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "in"
    shutil.copytree(pubmed_dir, src)
    probe = tmp_path / "probe"
    Ingestor(Library.open(probe), use_worker=False).run([next(iter(sorted(src.iterdir())))])
    early, late = _pmids(probe)[:2]
    # Sorts before every part: the citation is (re)added after it, so it stays.
    (src / "a-delete.xml").write_text(DELETE.format(pmid=early))
    # Sorts after every part: the citation goes.
    (src / "z-delete.xml").write_text(DELETE.format(pmid=late))

    summary = DistributedIngestor(client, str(tmp_path / "dist")).run([src])
    single = tmp_path / "single"
    Ingestor(Library.open(single), use_worker=False).run([src])

    assert summary.ok and summary.counts.deleted == 1
    kept = _pmids(tmp_path / "dist")
    assert early in kept and late not in kept
    assert library_state(str(tmp_path / "dist")) == library_state(str(single))
