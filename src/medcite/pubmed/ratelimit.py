"""A thread-safe sliding-window rate limiter: at most ``rate`` calls in any ``period`` seconds.

NCBI allows 3 E-utilities requests per second without an API key and 10 with one, counted
per second across all of a user's processes. A sliding window keeps that promise exactly
(never ``rate + 1`` starts inside any one-second span), where a plain interval can drift over
it through float rounding. The clock and the sleep are injectable, so tests are deterministic.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

__all__ = ["RateLimiter"]

_MIN_SLEEP = 1e-6  # a sleep that cannot advance a float clock would spin forever


class RateLimiter:
    """Blocks in :meth:`acquire` until one more call fits in the window."""

    def __init__(
        self,
        rate: int,
        period: float = 1.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate < 1 or period <= 0:
            raise ValueError(f"rate must be >= 1 and period > 0 (got {rate}, {period})")
        self.rate = rate
        self.period = period
        self._clock = clock
        self._sleep = sleep
        self._starts: deque[float] = deque()
        self._lock = threading.Lock()

    @classmethod
    def for_ncbi(
        cls,
        api_key: str | None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> RateLimiter:
        """NCBI's limit: 10 requests/s with an API key, 3 without."""
        return cls(10 if api_key else 3, 1.0, clock=clock, sleep=sleep)

    def acquire(self) -> float:
        """Wait for a free slot and take it; returns the time the call may start."""
        # One caller waits at a time, so the slots are handed out in arrival order.
        with self._lock:
            now = self._clock()
            while True:
                self._forget(now)
                if len(self._starts) < self.rate:
                    self._starts.append(now)
                    return now
                self._sleep(max(self._starts[0] + self.period - now, _MIN_SLEEP))
                now = self._clock()

    def _forget(self, now: float) -> None:
        while self._starts and self._starts[0] + self.period <= now:
            self._starts.popleft()
