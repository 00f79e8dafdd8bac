"""What the server holds for its lifetime: answerers (a small pool), the article and user stores.

Each answerer has its own library connection and is used by one request at a time, so a
SQLite connection is never shared between threads mid-query. Settings hold data; the
answerers are built here once, at start-up.
"""

from __future__ import annotations

import queue
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from medcite.answering import Answerer
from medcite.articles import ArticleStore, UserStore
from medcite.records import Hit, QuestionAnalysis, SearchFilters
from medcite.server.config import ServerConfig
from medcite.settings import Settings

StageFn = Callable[[str], None]


class StagedAnswerer(Answerer):
    """An Answerer that reports 'retrieving' and 'composing' as it reaches those stages."""

    on_stage: StageFn | None = None

    def retrieve(
        self,
        analysis: QuestionAnalysis,
        filters: SearchFilters | None = None,
        carried: Sequence[str] = (),
        *,
        only: Collection[str] | None = None,
    ) -> list[Hit]:
        """Retrieval as usual, with stage reports before and after."""
        self._report("retrieving")
        hits = super().retrieve(analysis, filters, carried, only=only)
        self._report("composing")
        return hits

    def _report(self, stage: str) -> None:
        if self.on_stage is not None:
            self.on_stage(stage)


def staged(base: Answerer) -> StagedAnswerer:
    """A StagedAnswerer configured like ``base``."""
    return StagedAnswerer(
        base.searcher,
        llm=base.llm,
        threads=base.threads,
        settings_hash=base.settings_hash,
        per_query=base.per_query,
        max_hits=base.max_hits,
        compose_options=base.compose_options,
    )


@dataclass
class Services:
    """The answerer pool and stores one server process uses."""

    settings: Settings
    config: ServerConfig
    articles: ArticleStore
    users: UserStore
    pool: queue.Queue[StagedAnswerer] = field(default_factory=queue.Queue)

    @contextmanager
    def answerer(self, on_stage: StageFn | None = None) -> Iterator[StagedAnswerer]:
        """Borrow an answerer for one request (waits while all are busy)."""
        answerer = self.pool.get()
        answerer.on_stage = on_stage
        try:
            yield answerer
        finally:
            answerer.on_stage = None
            self.pool.put(answerer)

    def close(self) -> None:
        """Close every answerer's library connection."""
        while not self.pool.empty():
            self.pool.get_nowait().searcher.library.close()


def build_services(settings: Settings, config: ServerConfig) -> Services:
    """Load the library, models and stores once."""
    from medcite.cli.ask_cmd import build_answerer

    articles_url = config.articles_db or settings.database_url
    articles = ArticleStore.for_library(settings.library_dir, articles_url)
    services = Services(settings, config, articles, UserStore(articles.db))
    for _ in range(max(1, config.workers)):
        services.pool.put(staged(build_answerer(settings)))
    return services
