"""Several files prepared by several worker processes land exactly as a serial ingest would."""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from medcite.ingest import parallel
from medcite.ingest.pipeline import Ingestor
from medcite.ingest.prepare import prepare_files
from medcite.library.store import Library

from .test_pipeline import _pubmed


def _update_series(tmp_path: Path) -> list[Path]:
    """A baseline then two updates: a revision, a deletion, a re-addition, in that order."""
    base = _pubmed(
        tmp_path / "u1.xml",
        [
            {"pmid": str(i), "title": f"Trial {i}", "text": f"Bracing result {i}.", "revised": "2019"}
            for i in range(1, 40)
        ],
    )  # fmt: skip
    revise = _pubmed(
        tmp_path / "u2.xml",
        [{"pmid": "1", "title": "Trial 1 revised", "text": "New result.", "revised": "2021"}],
        deletes=["2", "3"],
    )
    readd = _pubmed(
        tmp_path / "u3.xml",
        [{"pmid": "3", "title": "Trial 3 again", "text": "Restored.", "revised": "2022"}],
    )
    return [base, revise, readd]


def _contents(lib: Library) -> list[dict[str, object]]:
    return [d.model_dump(exclude={"origin"}) for d in lib.iter_documents()]


def test_workers_apply_files_in_order_like_a_serial_ingest(tmp_path: Path) -> None:
    files = _update_series(tmp_path)
    serial = Library.open(tmp_path / "serial")
    multi = Library.open(tmp_path / "multi")
    a = Ingestor(serial, use_worker=False).run(files)
    b = Ingestor(multi, worker_threshold_bytes=0, workers=2).run(files)
    assert (a.added, a.updated, a.deleted, a.files) == (b.added, b.updated, b.deleted, b.files)
    assert (b.files, b.deleted) == (3, 2)
    assert _contents(serial) == _contents(multi)
    assert multi.document("pmid:2") is None
    assert multi.document("pmid:3").title == "Trial 3 again"  # type: ignore[union-attr]
    assert multi.document("pmid:1").title == "Trial 1 revised"  # type: ignore[union-attr]


def test_message_stream_equals_the_serial_stream(tmp_path: Path) -> None:
    files = _update_series(tmp_path)
    serial = list(prepare_files(files, 7))
    multi = list(parallel.prepare_in_workers(files, 7, 2))
    assert [m[0] for m in serial] == [m[0] for m in multi]
    assert [m for m in serial if m[0] != "docs"] == [m for m in multi if m[0] != "docs"]
    docs = [[d.row for d in m[1]] for m in serial if m[0] == "docs"]
    assert docs == [[d.row for d in m[1]] for m in multi if m[0] == "docs"]


def test_a_missing_file_is_a_bad_record_not_a_crash(tmp_path: Path) -> None:
    files = _update_series(tmp_path)
    messages = list(parallel.prepare_in_workers([*files, tmp_path / "vanished.xml"], 7, 2))
    bad = [m[1] for m in messages if m[0] == "bad"]
    assert len(bad) == 1 and bad[0].file.endswith("vanished.xml")


def test_a_dead_worker_stops_the_reader_with_its_reason(tmp_path: Path) -> None:
    """A worker killed mid-file leaves a truncated spool; the reader must not wait forever."""
    spool = tmp_path / "0.spool"
    parallel.spool_file(str(_update_series(tmp_path)[0]), 7, str(spool))
    spool.write_bytes(spool.read_bytes()[:-5])  # the end marker never arrived
    dead: Future[int] = Future()
    dead.set_exception(BrokenProcessPool("A process in the process pool was terminated abruptly"))
    with pytest.raises(RuntimeError, match=r"ingest worker failed: A process .* terminated"):
        list(parallel._follow(str(spool), dead))
    with pytest.raises(RuntimeError, match="ingest worker failed"):
        list(parallel._follow(str(tmp_path / "never-written.spool"), dead))


def test_default_workers_never_exceed_files() -> None:
    assert parallel.default_workers(1) == 1
    assert 1 <= parallel.default_workers(1000) <= 1000
