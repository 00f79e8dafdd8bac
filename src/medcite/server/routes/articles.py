"""Articles and their versions: list, read, save, new version, export."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import PlainTextResponse

from medcite.articles import Article, ArticleVersion, ReviewStatus, Role
from medcite.articles.snapshot import html_for_status, passages_as_hits
from medcite.records import Audience
from medcite.render.common import BANNER
from medcite.server.auth import Principal, check
from medcite.server.deps import PrincipalDep, ServicesDep
from medcite.server.errors import ApiError
from medcite.server.schemas import (
    ArticleView,
    AskRequest,
    SaveRequest,
    VersionRequest,
    VersionSummary,
)
from medcite.server.services import Services

router = APIRouter(prefix="/api/articles", tags=["articles"])


def readable(services: Services, principal: Principal, slug: str) -> Article:
    """The article, if the caller may read it (anonymous: approved ones on a public-read server)."""
    if principal.anonymous and services.config.public_read:
        article = services.articles.get(slug)
        if article.status is not ReviewStatus.APPROVED:
            raise ApiError(404, f"no approved article {slug!r}; sign in to read articles in review")
        return article
    check(principal, Role.READER, services.config)
    return services.articles.get(slug)


def view(services: Services, article: Article, version: ArticleVersion) -> ArticleView:
    """An article with its shown version, status-aware HTML and audit log."""
    html = html_for_status(version.html, article.status)
    return ArticleView(
        article=article,
        status_label=article.status.label,
        banner=None if article.status is ReviewStatus.APPROVED else BANNER,
        current=version.model_copy(update={"html": html}),
        events=services.articles.events(article.slug),
    )


@router.get("", response_model=list[Article], summary="List articles")
def list_articles(
    services: ServicesDep,
    principal: PrincipalDep,
    status: Annotated[list[ReviewStatus] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[Article]:
    """Newest first; anonymous readers of a public-read server see approved articles only."""
    if principal.anonymous and services.config.public_read:
        status = [ReviewStatus.APPROVED]
    else:
        check(principal, Role.READER, services.config)
    return services.articles.find(status or [], limit=limit, offset=offset)


@router.post("", response_model=Article, status_code=201, summary="Save an answer as an article")
def save_article(body: SaveRequest, services: ServicesDep, principal: PrincipalDep) -> Article:
    """Keep an answer (as returned by /api/ask) as a new article, status Submitted."""
    check(principal, Role.CLINICIAN, services.config)
    hits = passages_as_hits(body.answer, body.passages)
    return services.articles.create(body.answer, hits, by=principal.name)


@router.get("/{slug}", response_model=ArticleView, summary="Read an article")
def get_article(slug: str, services: ServicesDep, principal: PrincipalDep) -> ArticleView:
    """The current version with its review status and audit log."""
    article = readable(services, principal, slug)
    return view(services, article, services.articles.version(article.slug))


@router.get("/{slug}/versions", response_model=list[VersionSummary], summary="List versions")
def list_versions(
    slug: str, services: ServicesDep, principal: PrincipalDep
) -> list[VersionSummary]:
    """Every version, oldest first; old versions stay readable."""
    article = readable(services, principal, slug)
    return [
        VersionSummary(
            version=v.version,
            title=v.answer.title,
            created_at=v.created_at,
            created_by=v.created_by,
            note=v.note,
        )
        for v in services.articles.versions(article.slug)
    ]


@router.get("/{slug}/versions/{number}", response_model=ArticleView, summary="Read one version")
def get_version(
    slug: str, number: int, services: ServicesDep, principal: PrincipalDep
) -> ArticleView:
    """An older (or the current) version of the article."""
    article = readable(services, principal, slug)
    return view(services, article, services.articles.version(article.slug, number))


@router.post("/{slug}/versions", response_model=Article, status_code=201, summary="Add a version")
def add_version(
    slug: str, body: VersionRequest, services: ServicesDep, principal: PrincipalDep
) -> Article:
    """Regenerate from the library or save an edited answer; the article goes back to Submitted."""
    check(principal, Role.CLINICIAN, services.config)
    article = services.articles.get(slug)
    if body.regenerate:
        request = AskRequest(question=article.question, audience=Audience(article.audience))
        with services.answerer() as answerer:
            answer, hits = answerer.ask_with_evidence(request.question, request.audience)
    elif body.answer is not None:
        answer, hits = body.answer, passages_as_hits(body.answer, body.passages)
    else:
        raise ApiError(422, "give `regenerate: true` or an edited `answer`")
    note = body.note or ("regenerated" if body.regenerate else "edited")
    return services.articles.add_version(article.slug, answer, hits, by=principal.name, note=note)


@router.get("/{slug}/export", summary="Export an article", response_class=PlainTextResponse)
def export_article(
    slug: str,
    services: ServicesDep,
    principal: PrincipalDep,
    format: Literal["markdown", "html", "json"] = "markdown",
) -> PlainTextResponse:
    """The current version as Markdown, an HTML fragment or JSON."""
    article = readable(services, principal, slug)
    version = services.articles.version(article.slug)
    if format == "json":
        body = view(services, article, version).model_dump_json(indent=1)
        return PlainTextResponse(body, media_type="application/json")
    if format == "html":
        return PlainTextResponse(
            html_for_status(version.html, article.status), media_type="text/html"
        )
    return PlainTextResponse(version.markdown, media_type="text/markdown")
