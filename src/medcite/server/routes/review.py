"""Review actions, the reviewer queue and the staleness check."""

from __future__ import annotations

from fastapi import APIRouter

from medcite.articles import Article, Role, check_stale, parse_action
from medcite.articles.workflow import QUEUE
from medcite.server.auth import check
from medcite.server.deps import PrincipalDep, ServicesDep
from medcite.server.schemas import ReviewRequest, StaleReport

router = APIRouter(prefix="/api", tags=["review"])


@router.post("/articles/{slug}/review", response_model=Article, summary="Act on a review")
def review(
    slug: str, body: ReviewRequest, services: ServicesDep, principal: PrincipalDep
) -> Article:
    """start, approve, request-changes or reject (reviewers and admins only); logged with the comment."""
    check(principal, Role.REVIEWER, services.config)
    action = parse_action(body.action)
    return services.articles.transition(slug, action, by=principal.name, comment=body.comment)


@router.get("/review/queue", response_model=list[Article], summary="Reviewer queue")
def queue(services: ServicesDep, principal: PrincipalDep) -> list[Article]:
    """Articles waiting for review (submitted, under review, re-review needed), oldest first."""
    check(principal, Role.REVIEWER, services.config)
    return services.articles.find(QUEUE, limit=500, oldest_first=True)


@router.post("/review/check-stale", response_model=StaleReport, summary="Flag out-of-date articles")
def check_stale_route(services: ServicesDep, principal: PrincipalDep) -> StaleReport:
    """Flag articles whose cited sources were retracted or deleted, or that newer evidence overtook."""
    check(principal, Role.REVIEWER, services.config)
    with services.answerer() as answerer:
        flags = check_stale(services.articles, answerer.searcher)
    return StaleReport(flagged=[{"slug": f.slug, "reason": f.reason} for f in flags])
