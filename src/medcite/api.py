"""The Python API for people who embed medcite: open a library, ingest, search, ask.

from medcite import open_library, ingest, search, ask
lib = open_library("~/.medcite/library")  # or "postgresql://user@host/medcite"
ingest(lib, ["pubmed24n0001.xml.gz"])
hits = search(lib, "pars defect treatment", k=5).hits
answer = ask(lib, "What is the treatment for pars defect?")
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from medcite.answering import Answerer
from medcite.embed import DEFAULT_EMBEDDER, Embedder, embedder_for_models, searchable_embedder
from medcite.ingest.pipeline import Ingestor, IngestSummary
from medcite.library.open import open_library as open_store
from medcite.library.protocol import LibraryStore
from medcite.records import Answer, Audience, SearchFilters, SearchResult
from medcite.retrieval import Mode, Searcher


def open_library(path: str | Path, *, create: bool = True) -> LibraryStore:
    """Open (or create) the library at `path`: a directory, or a `postgresql://` URL."""
    return open_store(path, create=create)


def _embedder(library: LibraryStore, name: str | None) -> Embedder | None:
    if name == "none":
        return None
    return searchable_embedder(name or DEFAULT_EMBEDDER, library.vector_models())


def ingest(
    library: LibraryStore,
    paths: Sequence[str | Path],
    *,
    embedder: str | None = DEFAULT_EMBEDDER,
) -> IngestSummary:
    """Ingest files or directories; `embedder=None`/'none' skips dense vectors.

    A library that already has vectors keeps its own model (see `embedder_for_models`).
    """
    use = embedder if embedder and embedder != "none" else None
    emb = embedder_for_models(use, library.vector_models()) if use else None
    return Ingestor(library, emb).run([Path(p).expanduser() for p in paths])


def search(
    library: LibraryStore,
    query: str,
    *,
    k: int = 10,
    filters: SearchFilters | None = None,
    mode: Mode = Mode.HYBRID,
    embedder: str | None = None,
) -> SearchResult:
    """Hybrid search (lexical + dense when the library has vectors)."""
    return Searcher(library, _embedder(library, embedder)).search(
        query, k=k, filters=filters, mode=mode
    )


def ask(
    library: LibraryStore,
    question: str,
    *,
    audience: Audience = Audience.CLINICIAN,
    filters: SearchFilters | None = None,
    embedder: str | None = None,
) -> Answer:
    """A verified, cited answer from the library (extractive composer; no thread kept).

    For follow-ups and an LLM composer build an :class:`medcite.answering.Answerer` directly.
    """
    searcher = Searcher(library, _embedder(library, embedder))
    return Answerer(searcher).ask(question, audience, filters=filters)
