"""Rate limiting: a token bucket per API key (or client address for anonymous callers)."""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class RateLimiter:
    """``rate_per_minute`` requests per identity on average, ``burst`` at once; 0 turns it off."""

    def __init__(self, rate_per_minute: float, burst: int, *, max_identities: int = 10_000) -> None:
        self.rate = rate_per_minute / 60.0
        self.burst = float(max(burst, 1))
        self.max_identities = max_identities
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def retry_after(self, identity: str, now: float | None = None) -> float:
        """0 when the request may go ahead (a token is taken), else seconds to wait."""
        if self.rate <= 0:
            return 0.0
        now = time.monotonic() if now is None else now
        with self._lock:
            bucket = self._buckets.get(identity)
            if bucket is None:
                if len(self._buckets) >= self.max_identities:
                    self._buckets.clear()  # bounded memory; a reset only ever grants, never denies
                bucket = self._buckets[identity] = _Bucket(self.burst, now)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
            bucket.stamp = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / self.rate


def identity(authorization: str | None, client: str | None) -> str:
    """A rate-limit identity: a hash of the key when one is sent, else the client address."""
    if authorization:
        return "key:" + hashlib.sha256(authorization.encode()).hexdigest()[:16]
    return f"ip:{client or 'unknown'}"
