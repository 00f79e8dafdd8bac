"""Building, caching, rebuilding and degrading gracefully, on a tiny fake vocabulary."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

import medcite.vocab as vocab
import medcite.vocab._index as index_module
import medcite.vocab._sources as sources_module
from medcite.vocab import SynonymIndex, VocabSource, VocabWarning, default_cache_dir
from medcite.vocab._hpo import load_hpo

Sources = tuple[VocabSource, ...]


def test_default_cache_dir_follows_medcite_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEDCITE_HOME", str(tmp_path / "elsewhere"))
    assert default_cache_dir() == tmp_path / "elsewhere" / "cache"
    assert default_cache_dir().is_dir()


def test_default_cache_dir_without_medcite_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MEDCITE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / ".medcite" / "cache"


def test_build_then_reuse(tmp_path: Path, tiny_sources: Sources) -> None:
    with SynonymIndex.open(tmp_path / "cache", sources=tiny_sources) as first:
        assert first.path is not None and first.path.is_file()
        built = first.path.stat().st_mtime_ns
        assert first.sources_found == ("hpo", "abbrev")
        assert first.sources_missing == ("mesh",)
    with SynonymIndex.open(tmp_path / "cache", sources=tiny_sources) as second:
        assert second.path == first.path
        assert second.path.stat().st_mtime_ns == built  # opened, not rebuilt
        assert second.expansion_terms("heart attack") == ["myocardial infarction", "MI"]


def test_rebuild_when_builder_or_data_changes(
    tmp_path: Path, tiny_sources: Sources, monkeypatch: pytest.MonkeyPatch
) -> None:
    with SynonymIndex.open(tmp_path, sources=tiny_sources) as first:
        old = first.path
    monkeypatch.setattr(sources_module, "BUILDER_VERSION", sources_module.BUILDER_VERSION + 1)
    with SynonymIndex.open(tmp_path, sources=tiny_sources) as second:
        assert second.path != old
        assert second.fingerprint != first.fingerprint
    obo = tmp_path / "site" / "tinyvocab" / "hp.obo"
    obo.write_text(obo.read_text().replace("Heart attack", "Cardiac arrest of the heart"))
    with SynonymIndex.open(tmp_path, sources=tiny_sources) as third:
        assert third.path not in (old, second.path)
        assert "myocardial infarction" in third.expansion_terms("cardiac arrest of the heart")


def test_explicit_rebuild(tmp_path: Path, tiny_sources: Sources) -> None:
    with SynonymIndex.open(tmp_path, sources=tiny_sources) as first:
        assert first.path is not None
        first.path.write_bytes(b"")  # the open connection keeps reading the old inode
    with SynonymIndex.open(tmp_path, sources=tiny_sources, rebuild=True) as again:
        assert again.expansion_terms("MI") == ["myocardial infarction", "mitral insufficiency"]


def test_corrupt_cache_file_is_rebuilt(tmp_path: Path, tiny_sources: Sources) -> None:
    with SynonymIndex.open(tmp_path, sources=tiny_sources) as first:
        path = first.path
    assert path is not None
    path.write_bytes(b"this is not a database")
    with SynonymIndex.open(tmp_path, sources=tiny_sources) as again:
        assert again.path == path
        assert again.expansion_terms("heart attack")[0] == "myocardial infarction"
    sqlite3.connect(path).close()


def test_unwritable_cache_falls_back_to_memory(tmp_path: Path, tiny_sources: Sources) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("a file where the cache folder should be")
    with pytest.warns(VocabWarning, match="in-memory index"):
        index = SynonymIndex.open(blocker / "cache", sources=tiny_sources)
    with index:
        assert index.path is None
        assert index.expansion_terms("heart attack")[0] == "myocardial infarction"


def test_in_memory_touches_no_file(tmp_path: Path, tiny_sources: Sources) -> None:
    with SynonymIndex.in_memory(sources=tiny_sources) as index:
        assert index.path is None
        assert index.lay_terms("myocardial infarction") == ["heart attack"]
    assert not (tmp_path / "home").exists()


def test_missing_packages_are_skipped(tmp_path: Path, no_sources: Sources) -> None:
    with SynonymIndex.open(tmp_path, sources=no_sources) as index:
        assert index.sources_found == ()
        assert set(index.sources_missing) == {"hpo", "icd10cm", "drug", "mesh", "abbrev"}
        assert index.expand("heart attack") == []
        assert index.expand("MI") == []
        assert index.lay_terms("myocardial infarction") == []
        assert index.definition("myocardial infarction") is None


def test_unreadable_data_file_is_reported_missing(tmp_path: Path, tiny_sources: Sources) -> None:
    (tmp_path / "site" / "tinyvocab" / "abbrv.json.gz").write_bytes(b"not gzip")
    with pytest.warns(VocabWarning, match="'abbrev' skipped"):
        index = SynonymIndex.open(tmp_path / "cache", sources=tiny_sources)
    with index:
        assert "abbrev" in index.sources_missing
        assert index.expansion_terms("heart attack")[0] == "myocardial infarction"


def test_obsolete_and_broad_terms_are_ignored(tmp_path: Path, tiny_sources: Sources) -> None:
    with SynonymIndex.in_memory(sources=tiny_sources) as index:
        assert index.expand("old name") == []
        broad = "hypertension of the whole body"
        assert all(e.matched == "hypertension" for e in index.expand(broad))
        assert index.expansion_terms("high blood pressure") == [
            "hypertension",
            "arterial hypertension",
        ]


def test_get_index_is_a_thread_safe_singleton(
    tmp_path: Path, tiny_sources: Sources, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "DEFAULT_SOURCES", tiny_sources)
    seen: list[SynonymIndex] = []
    threads = [threading.Thread(target=lambda: seen.append(vocab.get_index())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 8 and all(index is seen[0] for index in seen)
    assert seen[0].path is not None
    assert seen[0].path.parent == tmp_path / "home" / "cache"
    assert vocab.expansion_terms("heart attack")[0] == "myocardial infarction"
    assert vocab.lay_terms("myocardial infarction") == ["heart attack"]
    assert vocab.definition("spondylolysis") is not None


def test_index_shared_between_threads(tiny_sources: Sources) -> None:
    with SynonymIndex.in_memory(sources=tiny_sources) as index:
        results: list[list[str]] = []

        def work() -> None:
            results.extend(index.expansion_terms("heart attack") for _ in range(50))

        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(results) == 200
    assert all(terms == ["myocardial infarction", "MI"] for terms in results)


def test_a_source_with_an_unknown_distribution_still_loads(
    tmp_path: Path, tiny_sources: Sources
) -> None:
    hpo = VocabSource("hpo", "tinyvocab", "no-such-distribution", "hp.obo", load_hpo)
    assert hpo.version() == "unknown"
    with SynonymIndex.in_memory(sources=(hpo,)) as index:
        assert index.sources_found == ("hpo",)
        assert index.definition("Myocardial infarction") is not None


def test_public_names_are_sorted_and_exported() -> None:
    assert vocab.__all__ == sorted(vocab.__all__)
    for name in vocab.__all__:
        assert hasattr(vocab, name)
