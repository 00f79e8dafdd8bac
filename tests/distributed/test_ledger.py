"""The job ledger on SQLite: statuses, attempts, counts and pending deletions."""

from __future__ import annotations

from pathlib import Path

from medcite.distributed import Counts, Ledger, SourceFile


def test_ledger_records_attempts_and_results(tmp_path: Path) -> None:
    a, b = SourceFile("/data/a.xml", "a" * 64, 10), SourceFile("/data/b.xml", "b" * 64, 20)
    ledger = Ledger.open(str(tmp_path / "lib"))
    ledger.start(a, "w1")
    ledger.start(a, "w2")  # rescheduled after w1 died
    ledger.finish(a, "w2", Counts(records=5, added=4, older=1), deletions=["pmid:1"], bad_records=0)
    ledger.start(b, "w1")
    ledger.fail(b, "KilledWorker: b.xml killed 3 workers")

    assert ledger.done([a.sha256, b.sha256, "c" * 64]) == {a.sha256}
    row = ledger.get(a.sha256)
    assert row is not None
    assert (row.status, row.attempts, row.worker) == ("done", 2, "w2")
    assert (row.counts.records, row.counts.added, row.counts.older) == (5, 4, 1)
    failed = ledger.get(b.sha256)
    assert (
        failed is not None and failed.status == "failed" and "KilledWorker" in (failed.error or "")
    )
    assert ledger.pending_deletions() == [(a.sha256, a.path, ["pmid:1"])]
    ledger.mark_deletions_applied(a.sha256)
    assert ledger.pending_deletions() == []
    ledger.close()


def test_ledger_survives_reopening(tmp_path: Path) -> None:
    f = SourceFile("/data/a.xml", "a" * 64, 10)
    ledger = Ledger.open(str(tmp_path / "lib"))
    ledger.start(f, "w1")
    ledger.finish(f, "w1", Counts(records=3), deletions=[], bad_records=1)
    ledger.close()

    again = Ledger.open(str(tmp_path / "lib"))
    rows = again.rows()
    again.close()
    assert [(r.path, r.status, r.counts.records, r.bad_records) for r in rows] == [
        ("/data/a.xml", "done", 3, 1)
    ]
