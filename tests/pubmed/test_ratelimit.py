"""The rate limiter keeps to NCBI's limits: 3 requests/s without a key, 10 with one.

Deterministic: a fake clock that only moves when the limiter sleeps, so no test sleeps.
"""

from __future__ import annotations

import threading

import httpx
import pytest

from medcite.pubmed import EutilsClient, EutilsConfig, RateLimiter


class FakeClock:
    """A monotonic clock advanced only by sleep(); thread-safe."""

    def __init__(self) -> None:
        self.now = 1000.0
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds > 0
        with self._lock:
            self.now += seconds


def max_in_any_window(times: list[float], period: float = 1.0) -> int:
    """Most starts inside any half-open window [t, t + period)."""
    ordered = sorted(times)
    return max(sum(1 for u in ordered if t <= u < t + period) for t in ordered)


@pytest.mark.parametrize(("api_key", "limit"), [(None, 3), ("secret", 10)])
def test_limiter_keeps_to_ncbi_rate(api_key: str | None, limit: int) -> None:
    clock = FakeClock()
    limiter = RateLimiter.for_ncbi(api_key, clock=clock, sleep=clock.sleep)
    times = [limiter.acquire() for _ in range(limit * 5)]
    assert max_in_any_window(times) == limit
    # and it is not needlessly slow: 5 seconds' worth of calls take (just under) 5 seconds
    assert times[-1] - times[0] == pytest.approx(4.0, abs=0.01)


def test_limiter_is_thread_safe() -> None:
    clock = FakeClock()
    limiter = RateLimiter(3, clock=clock, sleep=clock.sleep)
    times: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(6):
            t = limiter.acquire()
            with lock:
                times.append(t)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(times) == 24 and max_in_any_window(times) == 3


def test_limiter_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="rate must be"):
        RateLimiter(0)


@pytest.mark.parametrize(("api_key", "limit"), [(None, 3), ("secret", 10)])
def test_client_requests_keep_to_the_limit(api_key: str | None, limit: int) -> None:
    """End to end through the client: request start times, on the fake clock, per window."""
    clock = FakeClock()
    starts: list[float] = []
    seen_keys: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        starts.append(clock())
        seen_keys.append(request.url.params.get("api_key"))
        body = {"esearchresult": {"count": "0", "idlist": []}}
        return httpx.Response(200, json=body)

    config = EutilsConfig(base_url="http://eutils.test/entrez/eutils", api_key=api_key)
    limiter = RateLimiter.for_ncbi(config.api_key, clock=clock, sleep=clock.sleep)
    with EutilsClient(config, limiter=limiter, transport=httpx.MockTransport(handler)) as client:
        for _ in range(limit * 3):
            client.esearch("spondylolysis")
    assert config.requests_per_second == limit
    assert max_in_any_window(starts) == limit
    assert set(seen_keys) == {api_key}
