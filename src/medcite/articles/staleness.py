"""Staleness: flag an article for re-review when the library's evidence moved past it.

An article is stale when a document it cites is now retracted or gone from the library, or
when the library holds a guideline or systematic review newer than the newest source it
cites whose passages match the article's question. The reason is recorded on the article
and in its audit log; its status history is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from medcite.articles.models import Article, ReviewStatus
from medcite.articles.store import ArticleStore
from medcite.articles.workflow import Action
from medcite.library.protocol import LibraryStore
from medcite.records import Answer, EvidenceLevel, SearchFilters
from medcite.retrieval import Mode, Searcher
from medcite.retrieval.lexical import tokens

SYSTEM_ACTOR = "system"
NEWER_LEVELS = [EvidenceLevel.GUIDELINE, EvidenceLevel.SYSTEMATIC_REVIEW]
# A newer source counts as "on the topic" when it shares this many of the question's words.
MIN_SHARED_TERMS = 2


@dataclass(frozen=True)
class StaleFlag:
    """An article flagged by a check, and why."""

    slug: str
    reason: str


def cited_problem(library: LibraryStore, answer: Answer) -> str | None:
    """Why a cited document can no longer be trusted (retracted or deleted), if one can't."""
    for ref in answer.references:
        doc = library.document(ref.id)
        if doc is None:
            return f"cited source [{ref.n}] '{ref.title}' ({ref.id}) is no longer in the library"
        if doc.retracted:
            return f"cited source [{ref.n}] '{ref.title}' ({ref.id}) has been retracted"
    return None


def newer_evidence(searcher: Searcher, answer: Answer) -> str | None:
    """A newer guideline or systematic review that matches the question, if the library has one."""
    years = [ref.year for ref in answer.references if ref.year]
    if not years:
        return None
    cited = {ref.id for ref in answer.references}
    filters = SearchFilters(year_min=max(years) + 1, levels=NEWER_LEVELS)
    words = set(tokens(answer.question))
    need = min(MIN_SHARED_TERMS, len(words))
    for hit in searcher.search(answer.question, k=10, filters=filters, mode=Mode.LEXICAL).hits:
        shared = words & set(tokens(f"{hit.title} {hit.text}"))
        if hit.doc_id not in cited and need and len(shared) >= need:
            return (
                f"newer evidence: '{hit.title}' ({hit.year}, {hit.evidence_label}) matches the "
                f"question and is newer than every cited source (newest {max(years)})"
            )
    return None


def stale_reason(library: LibraryStore, searcher: Searcher, answer: Answer) -> str | None:
    """Why an article's answer is out of date, or None when it is not."""
    return cited_problem(library, answer) or newer_evidence(searcher, answer)


def check_stale(
    store: ArticleStore, searcher: Searcher, *, statuses: Sequence[ReviewStatus] = ()
) -> list[StaleFlag]:
    """Flag every out-of-date article (all but rejected and already-stale ones by default)."""
    wanted = statuses or [
        s for s in ReviewStatus if s not in (ReviewStatus.REJECTED, ReviewStatus.STALE)
    ]
    flags: list[StaleFlag] = []
    for article in _all(store, wanted):
        answer = store.version(article.slug).answer
        reason = stale_reason(searcher.library, searcher, answer)
        if reason is not None:
            store.transition(article.slug, Action.FLAG_STALE, by=SYSTEM_ACTOR, comment=reason)
            flags.append(StaleFlag(article.slug, reason))
    return flags


def _all(store: ArticleStore, statuses: Sequence[ReviewStatus]) -> list[Article]:
    out: list[Article] = []
    while batch := store.find(statuses, limit=500, offset=len(out)):
        out += batch
    return out
