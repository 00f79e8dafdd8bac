"""Asking through the API: limits, the answerer pool, saving, and the streamed form (SSE)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

from medcite.articles import Article, Role
from medcite.articles.snapshot import cited_passages
from medcite.server.auth import Principal, check
from medcite.server.errors import ApiError
from medcite.server.schemas import AskRequest, AskResponse
from medcite.server.services import Services

Emit = Callable[[str, Any], None]


def validate(services: Services, principal: Principal, request: AskRequest) -> None:
    """Check the caller may ask (and save), and that the question is within limits."""
    check(principal, Role.READER, services.config, asking=True)
    if request.save:
        check(principal, Role.CLINICIAN, services.config)
    limit = services.config.max_question_chars
    if len(request.question) > limit:
        raise ApiError(
            422, f"question: {len(request.question)} characters; the limit is {limit}. "
            "Ask about one thing at a time, or raise --max-question-chars.",
        )  # fmt: skip
    if not request.question.strip():
        raise ApiError(422, "question: empty; type a clinical question")


def answer(
    services: Services, principal: Principal, request: AskRequest, emit: Emit | None = None
) -> AskResponse:
    """Answer (blocking); with ``emit``, stages and LLM tokens are reported as they happen."""
    on_stage = (lambda stage: emit("status", {"stage": stage})) if emit else None
    on_token = (lambda token: emit("token", {"text": token})) if emit else None
    if on_stage:
        on_stage("analysing")
    with services.answerer(on_stage) as answerer:
        result, hits = answerer.ask_with_evidence(
            request.question, request.audience, thread_id=request.thread_id, on_token=on_token
        )
    article: Article | None = None
    if request.save:
        article = services.articles.create(result, hits, by=principal.name)
    return AskResponse(answer=result, passages=cited_passages(result, hits), article=article)


def sse(event: str, data: Any) -> str:
    """One Server-Sent Event."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


async def stream(
    services: Services, principal: Principal, request: AskRequest
) -> AsyncIterator[str]:
    """SSE: 'status' events (analysing, retrieving, composing), 'token's, then 'answer' or 'error'."""
    loop = asyncio.get_running_loop()
    events: asyncio.Queue[tuple[str, Any] | None] = asyncio.Queue()

    def emit(event: str, data: Any) -> None:
        loop.call_soon_threadsafe(events.put_nowait, (event, data))

    def work() -> None:
        try:
            result = answer(services, principal, request, emit)
            emit("answer", result.model_dump(mode="json"))
        except ApiError as exc:
            emit("error", {"status": exc.status, "code": exc.code, "message": exc.message})
        except Exception:  # the client gets a message; the traceback goes to the log
            import logging

            logging.getLogger(__name__).exception("streamed ask failed")
            emit("error", {"status": 500, "code": "internal", "message": "internal error; logged"})
        finally:
            loop.call_soon_threadsafe(events.put_nowait, None)

    task = loop.run_in_executor(None, work)
    while (item := await events.get()) is not None:
        yield sse(*item)
    await task
