"""A small client for the NCBI E-utilities: ESearch, EFetch (XML) and ESummary for PubMed.

Every request carries ``tool``, ``email`` and ``api_key`` as NCBI asks, waits for the rate
limiter (3 requests/s without a key, 10 with), and is retried with exponential backoff on
HTTP 429, 5xx and timeouts (``Retry-After`` is honoured). EFetch sends at most 200 PMIDs per
call and POSTs long id lists; large result sets are paged through the history server
(WebEnv/query_key) instead of shipping ids back and forth.

>>> client = EutilsClient(EutilsConfig.from_env())                     # doctest: +SKIP
>>> found = client.esearch('"spondylolysis"[mh]', retmax=20)           # doctest: +SKIP
>>> batches = client.efetch(found.ids)                                 # doctest: +SKIP
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from .config import EutilsConfig
from .errors import OFFLINE_HINT, PubMedResponseError, PubMedUnavailable
from .ratelimit import RateLimiter

__all__ = ["EFETCH_BATCH", "ESearchResult", "EutilsClient", "Summary"]

#: PMIDs per EFetch call; NCBI recommends no more than 200.
EFETCH_BATCH = 200
#: Above this many ids the list goes in a POST body, never in the URL.
_POST_ABOVE = 50
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_MAX_RETRY_AFTER = 60.0


@dataclass(frozen=True)
class ESearchResult:
    """What ESearch found for one term."""

    term: str
    count: int
    ids: list[str]
    webenv: str | None = None
    query_key: str | None = None
    translation: str = ""
    """PubMed's own reading of the term (automatic term mapping), for --explain."""
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Summary:
    """One ESummary document: enough to list a result without fetching it."""

    pmid: str
    title: str
    journal: str
    pubdate: str
    pubtypes: list[str]


class EutilsClient:
    """E-utilities over one httpx client. Configuration here; per-call data in the methods."""

    def __init__(
        self,
        config: EutilsConfig | None = None,
        *,
        limiter: RateLimiter | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.config = config or EutilsConfig.from_env()
        self.limiter = limiter or RateLimiter.for_ncbi(self.config.api_key)
        self._sleep = sleep
        self._http = httpx.Client(
            base_url=self.config.base_url + "/",
            timeout=self.config.timeout,
            transport=transport,
            headers={"User-Agent": f"{self.config.tool} (medcite; +https://github.com/medcite)"},
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> EutilsClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ESearch ---------------------------------------------------------------------------
    def esearch(
        self,
        term: str,
        *,
        retmax: int = 20,
        retstart: int = 0,
        usehistory: bool = False,
        db: str = "pubmed",
    ) -> ESearchResult:
        """PMIDs (newest relevance order NCBI gives) for ``term``; ``usehistory`` keeps them on
        the history server for :meth:`efetch_history`."""
        params: dict[str, str] = {
            "db": db,
            "term": term,
            "retmode": "json",
            "retmax": str(retmax),
            "retstart": str(retstart),
        }
        if usehistory:
            params["usehistory"] = "y"
        body = self._json(self._request("esearch.fcgi", params), "ESearch")
        return _esearch_result(term, body)

    # -- EFetch ----------------------------------------------------------------------------
    def efetch(self, pmids: Sequence[str], batch: int = EFETCH_BATCH) -> Iterator[bytes]:
        """PubmedArticleSet XML, one response per batch of at most ``batch`` PMIDs."""
        ids = list(dict.fromkeys(p.strip() for p in pmids if p.strip()))
        for start in range(0, len(ids), min(batch, EFETCH_BATCH)):
            part = ids[start : start + min(batch, EFETCH_BATCH)]
            params = {"db": "pubmed", "retmode": "xml", "id": ",".join(part)}
            method = "POST" if len(part) > _POST_ABOVE else "GET"
            yield self._request("efetch.fcgi", params, method=method).content

    def efetch_history(
        self, found: ESearchResult, limit: int, batch: int = EFETCH_BATCH
    ) -> Iterator[bytes]:
        """XML for the first ``limit`` records of a search kept on the history server."""
        if not found.webenv or not found.query_key:
            raise PubMedResponseError(
                "ESearch returned no WebEnv/query_key; cannot page through the history server"
            )
        total = min(limit, found.count)
        step = min(batch, EFETCH_BATCH)
        for start in range(0, total, step):
            params = {
                "db": "pubmed",
                "retmode": "xml",
                "WebEnv": found.webenv,
                "query_key": found.query_key,
                "retstart": str(start),
                "retmax": str(min(step, total - start)),
            }
            yield self._request("efetch.fcgi", params).content

    # -- ESummary --------------------------------------------------------------------------
    def esummary(self, pmids: Sequence[str]) -> list[Summary]:
        """Title, journal, date and publication types for each PMID, in the order given."""
        out: list[Summary] = []
        ids = list(dict.fromkeys(pmids))
        for start in range(0, len(ids), EFETCH_BATCH):
            part = ids[start : start + EFETCH_BATCH]
            params = {"db": "pubmed", "retmode": "json", "id": ",".join(part)}
            method = "POST" if len(part) > _POST_ABOVE else "GET"
            body = self._json(self._request("esummary.fcgi", params, method=method), "ESummary")
            out.extend(_summaries(body, part))
        return out

    # -- plumbing --------------------------------------------------------------------------
    def _request(
        self, endpoint: str, params: dict[str, str], method: str = "GET"
    ) -> httpx.Response:
        """One E-utilities call with identity, rate limit and retries; raises PubMedError."""
        params = {**params, **self.config.identity()}
        problem, hint = "", None
        for attempt in range(self.config.retries + 1):
            if attempt:
                self._sleep(self._delay(attempt, hint))
            self.limiter.acquire()
            try:
                response = self._send(endpoint, params, method)
            except httpx.TimeoutException:
                problem, hint = f"no answer within {self.config.timeout:g} s", None
                continue
            except httpx.TransportError as exc:
                raise PubMedUnavailable(
                    f"cannot reach PubMed at {self.config.base_url} ({_reason(exc)}); "
                    f"are you offline? {OFFLINE_HINT}"
                ) from exc
            if response.status_code in _RETRY_STATUS:
                problem, hint = f"HTTP {response.status_code}", _retry_after(response)
                continue
            if response.status_code >= 400:
                raise PubMedResponseError(
                    f"PubMed {endpoint} refused the request (HTTP {response.status_code}: "
                    f"{_error_text(response)})"
                )
            return response
        raise PubMedUnavailable(
            f"PubMed at {self.config.base_url} kept failing ({problem}) after "
            f"{self.config.retries + 1} attempts; try again later, or {OFFLINE_HINT}"
        )

    def _send(self, endpoint: str, params: dict[str, str], method: str) -> httpx.Response:
        if method == "POST":
            return self._http.post(endpoint, data=params)
        return self._http.get(endpoint, params=params)

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        """Exponential backoff; a server's Retry-After, when longer, wins."""
        wait: float = self.config.backoff * 2.0 ** (attempt - 1)
        return max(wait, retry_after) if retry_after is not None else wait

    @staticmethod
    def _json(response: httpx.Response, what: str) -> dict[str, Any]:
        try:
            body = json.loads(response.content)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise PubMedResponseError(
                f"PubMed {what} sent something that is not JSON ({exc.__class__.__name__}); "
                "check MEDCITE_EUTILS_URL points at the E-utilities"
            ) from exc
        if not isinstance(body, dict):
            raise PubMedResponseError(f"PubMed {what} sent JSON that is not an object")
        if isinstance(body.get("error"), str):
            raise PubMedResponseError(f"PubMed {what} error: {body['error']}")
        return body


def _esearch_result(term: str, body: dict[str, Any]) -> ESearchResult:
    result = body.get("esearchresult")
    if not isinstance(result, dict):
        raise PubMedResponseError("PubMed ESearch answer has no 'esearchresult' object")
    if isinstance(result.get("ERROR"), str):
        raise PubMedResponseError(f"PubMed could not run the search {term!r}: {result['ERROR']}")
    try:
        count = int(result.get("count", 0))
        ids = [str(i) for i in result.get("idlist", [])]
    except (TypeError, ValueError) as exc:
        raise PubMedResponseError(f"PubMed ESearch answer is malformed ({exc})") from exc
    warnings = result.get("warninglist") or {}
    notes = [
        f"{key}: {', '.join(map(str, value))}"
        for key, value in (warnings.items() if isinstance(warnings, dict) else [])
        if value
    ]
    return ESearchResult(
        term=term,
        count=count,
        ids=ids,
        webenv=result.get("webenv") or None,
        query_key=str(result["querykey"]) if result.get("querykey") else None,
        translation=str(result.get("querytranslation", "")),
        warnings=notes,
    )


def _summaries(body: dict[str, Any], order: Sequence[str]) -> list[Summary]:
    result = body.get("result")
    if not isinstance(result, dict):
        raise PubMedResponseError("PubMed ESummary answer has no 'result' object")
    out: list[Summary] = []
    for pmid in order:
        doc = result.get(pmid)
        if not isinstance(doc, dict) or "error" in doc:
            continue
        out.append(
            Summary(
                pmid=pmid,
                title=str(doc.get("title", "")),
                journal=str(doc.get("fulljournalname") or doc.get("source") or ""),
                pubdate=str(doc.get("pubdate", "")),
                pubtypes=[str(p) for p in doc.get("pubtype", [])],
            )
        )
    return out


def _retry_after(response: httpx.Response) -> float | None:
    raw = response.headers.get("Retry-After", "")
    try:
        return min(max(float(raw), 0.0), _MAX_RETRY_AFTER)
    except ValueError:
        return None


def _error_text(response: httpx.Response) -> str:
    text = response.text.strip().replace("\n", " ")
    try:
        body = json.loads(text)
        if isinstance(body, dict) and body.get("error"):
            return str(body["error"])
    except json.JSONDecodeError:
        pass
    return text[:200] or response.reason_phrase


def _reason(exc: httpx.TransportError) -> str:
    return str(exc) or exc.__class__.__name__
