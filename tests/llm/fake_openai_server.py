"""A real OpenAI-compatible HTTP server for tests, on 127.0.0.1 in a background thread.

Replies are scripted (``enqueue``): streamed (SSE) or plain JSON, error statuses, slow answers,
raw bodies such as malformed JSON. Every request body and its headers are recorded, so tests can
assert on exactly what left the client.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse


@dataclass
class Reply:
    """One scripted reply."""

    text: str = "ok"
    status: int = 200
    stream: bool | None = None  # None: stream when the request asks for it
    tokens: list[str] | None = None  # explicit stream pieces; default: split text on spaces
    delay: float = 0.0  # seconds before the reply starts
    chunk_delay: float = 0.0  # seconds between streamed chunks
    raw: str | None = None  # body sent as-is (malformed JSON, plain-text errors)
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    drop_after: int | None = None  # streamed pieces sent before the connection is dropped


@dataclass
class Recorded:
    """One request as the server saw it."""

    body: dict[str, Any]
    text: str
    headers: dict[str, str]


def _pieces(reply: Reply) -> list[str]:
    if reply.tokens is not None:
        return reply.tokens
    words = reply.text.split(" ")
    return [w if i == 0 else " " + w for i, w in enumerate(words)]


def _chunk(model: str, delta: dict[str, Any], finish: str | None = None) -> str:
    payload = {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(payload)}\n\n"


class FakeOpenAIServer:
    """Scripted `/v1/chat/completions`; start() binds a free port on 127.0.0.1."""

    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.requests: list[Recorded] = []
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0
        self.app = FastAPI()
        self.app.post("/v1/chat/completions")(self._chat)

    @property
    def base_url(self) -> str:
        """The OpenAI-style base URL (ends in /v1)."""
        return f"http://127.0.0.1:{self.port}/v1"

    def enqueue(self, **reply: Any) -> None:
        """Queue a reply; keyword arguments are those of :class:`Reply`."""
        self.replies.append(Reply(**reply))

    def reset(self) -> None:
        """Forget queued replies and recorded requests."""
        self.replies.clear()
        self.requests.clear()

    async def _chat(self, request: Request) -> Response:
        text = (await request.body()).decode("utf-8")
        body = json.loads(text)
        self.requests.append(Recorded(body, text, dict(request.headers)))
        reply = self.replies.popleft() if self.replies else Reply()
        if reply.delay:
            await asyncio.sleep(reply.delay)
        if reply.raw is not None:
            return Response(
                reply.raw, reply.status, headers=reply.headers, media_type=reply.content_type
            )
        if reply.status != 200:
            error = {"error": {"message": f"scripted status {reply.status}", "code": reply.status}}
            return JSONResponse(error, reply.status, headers=reply.headers)
        stream = bool(body.get("stream")) if reply.stream is None else reply.stream
        model = str(body.get("model", ""))
        if stream:
            return StreamingResponse(self._sse(reply, model), media_type="text/event-stream")
        return JSONResponse(
            {
                "id": "chatcmpl-test",
                "object": "chat.completion",
                "model": model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": reply.text},
                        "finish_reason": "stop",
                    }
                ],
            }
        )

    async def _sse(self, reply: Reply, model: str) -> AsyncIterator[str]:
        yield _chunk(model, {"role": "assistant"})
        for n, piece in enumerate(_pieces(reply)):
            if reply.drop_after is not None and n == reply.drop_after:
                raise ConnectionAbortedError("scripted drop")  # uvicorn closes the connection
            if reply.chunk_delay:
                await asyncio.sleep(reply.chunk_delay)
            yield _chunk(model, {"content": piece})
        yield _chunk(model, {}, finish="stop")
        yield "data: [DONE]\n\n"

    def start(self) -> None:
        """Serve in a daemon thread until :meth:`stop`."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self.app, log_level="warning", lifespan="off", loop="asyncio", http="h11", ws="none"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("fake OpenAI server did not start within 10 s")
            time.sleep(0.01)

    def stop(self) -> None:
        """Ask the server to exit and wait for its thread."""
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
