"""`medcite library migrate --to postgresql://...`: a complete, resumable, idempotent copy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from medcite.cli.main import app
from medcite.embed import get_embedder
from medcite.ingest.pipeline import Ingestor
from medcite.library.migrate import Migrator
from medcite.library.postgres import PostgresLibrary
from medcite.library.store import Library
from medcite.retrieval import Searcher

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
runner = CliRunner()


@pytest.fixture
def source(tmp_path: Path) -> Path:
    with Library.open(tmp_path / "lib") as lib:
        Ingestor(lib, get_embedder("hash"), use_worker=False).run(
            [FIXTURES / "library", FIXTURES / "readers"]
        )
    return tmp_path / "lib"


def _comparable(stats: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in stats.items() if k not in ("path", "version")}


def _migrate(source: Path, url: str) -> dict[str, object]:
    result = runner.invoke(
        app, ["library", "migrate", "--to", url, "--library", str(source), "--json",
              "--batch-size", "7"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def test_migrate_copies_everything_then_nothing(source: Path, pg_url: str) -> None:
    first = _migrate(source, pg_url)
    assert (first["documents"], first["copied"], first["unchanged"]) == (22, 22, 0)
    assert (first["chunks"], first["vectors"], first["ingest_log"]) == (31, {"hash-256": 31}, 1)
    with Library.open(source) as lite, PostgresLibrary.open(pg_url) as pg:
        assert _comparable(pg.stats()) == _comparable(lite.stats())
        doc = pg.document("fx-gout-1")
        assert doc is not None and doc == lite.document("fx-gout-1")
        hits = Searcher(pg, get_embedder("hash")).search("acute gout flare treatment").hits
        assert hits[0].doc_id == "fx-gout-1" and hits[0].dense_rank == 1
    again = _migrate(source, pg_url)
    assert (again["copied"], again["unchanged"], again["vectors"], again["ingest_log"]) == (
        0, 22, {}, 0,
    )  # fmt: skip


def test_interrupted_migration_resumes_and_restores_missing_vectors(
    source: Path, pg_url: str
) -> None:
    def stop_after_first_batch(_n: int) -> None:
        raise KeyboardInterrupt

    with Library.open(source) as lite, PostgresLibrary.open(pg_url) as pg:
        partial = Migrator(lite, pg, batch_size=5, progress=stop_after_first_batch).run()
        assert partial.interrupted and partial.copied == 5
        assert pg.stats()["documents"] == 5
        with pg.transaction() as tx:  # lose some vectors, as a crash between steps might
            tx.query("DELETE FROM vectors WHERE chunk_rowid IN (SELECT rowid FROM chunks LIMIT 2)")
    rest = _migrate(source, pg_url)
    assert (rest["copied"], rest["unchanged"]) == (17, 5)
    with Library.open(source) as lite, PostgresLibrary.open(pg_url) as pg:
        assert _comparable(pg.stats()) == _comparable(lite.stats())


def test_migrate_refuses_a_directory_target(source: Path) -> None:
    result = runner.invoke(app, ["library", "migrate", "--to", "/tmp/x", "--library", str(source)])
    assert result.exit_code == 2 and "postgresql:// URL" in result.output


def test_cli_uses_the_postgresql_library_by_flag_or_environment(
    source: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _migrate(source, pg_url)
    monkeypatch.setenv("MEDCITE_EMBEDDER", "hash")
    stats = runner.invoke(app, ["library", "stats", "--library", pg_url, "--json"])
    assert stats.exit_code == 0, stats.output
    assert json.loads(stats.stdout)["documents"] == 22
    monkeypatch.setenv("MEDCITE_DATABASE_URL", pg_url)
    found = runner.invoke(app, ["search", "acute gout flare", "--json", "-k", "3"])
    assert found.exit_code == 0, found.output
    assert json.loads(found.stdout)["hits"][0]["doc_id"] == "fx-gout-1"
    local = runner.invoke(app, ["library", "stats", "--library", str(source), "--json"])
    assert json.loads(local.stdout)["path"] == str(source)  # a directory flag beats the env
