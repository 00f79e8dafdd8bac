"""Live PubMed through the NCBI E-utilities: client, rate limit, search strategy, fetch-and-store.

>>> from medcite.pubmed import EutilsClient, EutilsConfig, PubMedStore    # doctest: +SKIP
>>> client = EutilsClient(EutilsConfig.from_env())                        # doctest: +SKIP
>>> PubMedStore(client, library).fetch(["31234567"])                      # doctest: +SKIP

Environment: ``MEDCITE_EUTILS_URL`` (base URL), ``NCBI_API_KEY`` (10 instead of 3 requests/s),
``MEDCITE_NCBI_EMAIL`` and ``MEDCITE_NCBI_TOOL`` (sent with every request, as NCBI asks).
"""

from __future__ import annotations

from .client import EFETCH_BATCH, ESearchResult, EutilsClient, Summary
from .config import DEFAULT_EUTILS_URL, EutilsConfig
from .errors import PubMedError, PubMedResponseError, PubMedUnavailable
from .fetch import ArticleBatch, FetchReport, PubMedStore, parse_article_set
from .live import LiveReport, PubMedLive, QueryRun, mesh_lookup
from .ratelimit import RateLimiter
from .strategy import PlannedQuery, SearchPlan, build_plan

__all__ = [
    "DEFAULT_EUTILS_URL",
    "EFETCH_BATCH",
    "ArticleBatch",
    "ESearchResult",
    "EutilsClient",
    "EutilsConfig",
    "FetchReport",
    "LiveReport",
    "PlannedQuery",
    "PubMedError",
    "PubMedLive",
    "PubMedResponseError",
    "PubMedStore",
    "PubMedUnavailable",
    "QueryRun",
    "RateLimiter",
    "SearchPlan",
    "Summary",
    "build_plan",
    "mesh_lookup",
    "parse_article_set",
]
