"""PostgreSQL-only behaviour: selection by URL, clear errors, the FTS5-to-tsquery translation."""

from __future__ import annotations

from pathlib import Path

import pytest

from medcite.library.open import open_library
from medcite.library.pg_embedded import free_port
from medcite.library.pg_text import parse_match
from medcite.library.postgres import PostgresLibrary, redact
from medcite.library.store import Library, LibraryError
from medcite.retrieval.lexical import match_expression
from medcite.settings import load_settings


def test_parse_match_reads_the_expressions_retrieval_builds() -> None:
    expr = match_expression("treatment of pars defect", ["pars interarticularis defect"])
    assert expr is not None
    assert parse_match(expr) == ["treatment", "pars", "defect", "pars interarticularis defect"]
    assert parse_match('"say ""hi""" OR bare AND (x*)') == ['say "hi"', "bare", "x"]
    assert parse_match("") == []


def test_unreachable_server_names_the_url_and_the_fix() -> None:
    url = f"postgresql://medcite:secret@127.0.0.1:{free_port()}/medcite"
    with pytest.raises(LibraryError) as info:
        open_library(url)
    message = str(info.value)
    assert "postgresql://medcite@127.0.0.1" in message and "secret" not in message
    assert "MEDCITE_DATABASE_URL" in message


def test_empty_database_without_create_says_how_to_fill_it(pg_url: str) -> None:
    with pytest.raises(LibraryError, match="medcite library migrate --to"):
        PostgresLibrary.open(pg_url, create=False)
    with open_library(pg_url) as lib:
        assert isinstance(lib, PostgresLibrary) and lib.stats()["documents"] == 0
    PostgresLibrary.open(pg_url, create=False).close()  # now it exists


def test_directory_opens_sqlite(tmp_path: Path) -> None:
    with open_library(tmp_path / "lib") as lib:
        assert isinstance(lib, Library)


def test_library_url_from_flag_env_or_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql://medcite@db.internal:5432/medcite"
    flag = load_settings(library=Path(url))  # typer hands a Path: its '//' collapsed
    assert flag.database_url == url and flag.library_target == url and flag.library is None
    monkeypatch.setenv("MEDCITE_DATABASE_URL", url)
    assert load_settings().library_target == url
    assert load_settings().answer_hash() == load_settings(library=Path("/x")).answer_hash()


def test_redact_drops_the_password() -> None:
    assert redact("postgresql://u:p@h:5/d") == "postgresql://u@h:5/d"
    assert redact("postgresql://h/d") == "postgresql://h/d"
