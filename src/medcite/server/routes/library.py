"""Library search, statistics and ingest upload."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Query, UploadFile

from medcite.articles import Role, check_stale
from medcite.embed import get_embedder
from medcite.ingest.pipeline import Ingestor
from medcite.library.open import open_library
from medcite.server.auth import check
from medcite.server.config import UPLOAD_SUFFIXES
from medcite.server.deps import PrincipalDep, ServicesDep
from medcite.server.errors import ApiError
from medcite.server.schemas import IngestResponse, SearchResponse
from medcite.server.services import Services

router = APIRouter(prefix="/api/library", tags=["library"])

_CHUNK = 1 << 20


@router.get("/search", response_model=SearchResponse, summary="Search the library")
def search(
    services: ServicesDep,
    principal: PrincipalDep,
    q: Annotated[str, Query(min_length=1, max_length=1000, description="What to search for.")],
    k: Annotated[int, Query(ge=1, le=100)] = 10,
) -> SearchResponse:
    """Hybrid search: BM25 and dense results fused, evidence-aware, synonyms expanded."""
    check(principal, Role.READER, services.config, asking=True)
    with services.answerer() as answerer:
        result = answerer.searcher.search(q, k=k)
    return SearchResponse.model_validate(result.model_dump())


@router.get("/stats", summary="Library statistics")
def stats(services: ServicesDep, principal: PrincipalDep) -> dict[str, object]:
    """Counts by source type, evidence level and year."""
    check(principal, Role.READER, services.config)
    with services.answerer() as answerer:
        return answerer.searcher.library.stats()


def _suffix(name: str) -> str:
    lowered = name.lower()
    for suffix in sorted(UPLOAD_SUFFIXES, key=len, reverse=True):
        if lowered.endswith(suffix):
            return suffix
    raise ApiError(
        415, f"{name!r}: unsupported file type; upload one of {', '.join(UPLOAD_SUFFIXES)}"
    )


def _save(upload: UploadFile, target: Path, limit: int) -> None:
    written = 0
    with target.open("wb") as out:
        while chunk := upload.file.read(_CHUNK):
            written += len(chunk)
            if written > limit:
                raise ApiError(413, f"upload larger than {limit:,} bytes; split the file")
            out.write(chunk)
    if written == 0:
        raise ApiError(422, "file: the upload is empty")


def _ingest(services: Services, path: Path) -> dict[str, object]:
    settings = services.settings
    target = settings.library_target
    with open_library(target, create=False, cache_dir=settings.library_dir) as lib:
        vectors = lib.vector_models()
        embedder = None
        if settings.embedder != "none":
            candidate = get_embedder(settings.embedder)
            embedder = candidate if candidate.model_id in vectors or not vectors else None
        summary = Ingestor(lib, embedder, use_worker=False).run([path])
    return summary.as_dict()


@router.post("/ingest", response_model=IngestResponse, summary="Upload a file into the library")
def ingest(
    services: ServicesDep, principal: PrincipalDep, file: Annotated[UploadFile, File()]
) -> IngestResponse:
    """Ingest one uploaded file (admins only), then flag articles that newer evidence overtook."""
    check(principal, Role.ADMIN, services.config)
    name = Path(file.filename or "upload").name
    suffix = _suffix(name)
    with tempfile.TemporaryDirectory(prefix="medcite-upload-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        _save(file, path, services.config.max_upload_bytes)
        summary = _ingest(services, path)
        shutil.rmtree(tmp, ignore_errors=True)
    with services.answerer() as answerer:
        flags = check_stale(services.articles, answerer.searcher)
    stale = [{"slug": f.slug, "reason": f.reason} for f in flags]
    return IngestResponse(file=name, summary=summary, stale=stale)
