"""ASGI middleware applied before routing: request-size limit and rate limiting (API only)."""

from __future__ import annotations

import json
import math

from starlette.types import ASGIApp, Receive, Scope, Send

from medcite.server.ratelimit import RateLimiter, identity


async def _reject(
    send: Send, status: int, code: str, message: str, headers: list[tuple[bytes, bytes]]
) -> None:
    body = json.dumps({"error": {"status": status, "code": code, "message": message}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class GuardMiddleware:
    """Reject over-large bodies (413) and callers over their rate (429) with JSON errors."""

    def __init__(self, app: ASGIApp, *, limiter: RateLimiter, max_body_bytes: int) -> None:
        self.app = app
        self.limiter = limiter
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope.get("path", "")).startswith("/api/"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body_bytes:
            message = (
                f"request body of {int(length):,} bytes is over the {self.max_body_bytes:,} limit"
            )
            await _reject(send, 413, "too_large", message, [])
            return
        client = scope.get("client")
        who = identity(headers.get("authorization"), client[0] if client else None)
        if scope.get("path") != "/api/health" and (wait := self.limiter.retry_after(who)) > 0:
            seconds = max(1, math.ceil(wait))
            message = f"too many requests; try again in {seconds} s"
            await _reject(
                send, 429, "rate_limited", message, [(b"retry-after", str(seconds).encode())]
            )
            return
        await self.app(scope, receive, send)
