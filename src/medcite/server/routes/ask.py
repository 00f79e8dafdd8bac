"""POST /api/ask (JSON answer) and GET/POST /api/ask/stream (Server-Sent Events)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from medcite.records import Audience
from medcite.server import asking
from medcite.server.deps import PrincipalDep, ServicesDep
from medcite.server.schemas import MAX_QUESTION, AskRequest, AskResponse

router = APIRouter(prefix="/api", tags=["ask"])

_STREAM_DOC = (
    "Server-Sent Events: `status` events ({stage: analysing|retrieving|composing}), `token` "
    "events while an LLM writes, then one `answer` event with the AskResponse JSON (or `error`)."
)


@router.post("/ask", response_model=AskResponse, summary="Ask a question")
def ask(body: AskRequest, services: ServicesDep, principal: PrincipalDep) -> AskResponse:
    """A cited, verified answer; give `thread_id` to follow up, `save` to keep it as an article."""
    asking.validate(services, principal, body)
    return asking.answer(services, principal, body)


def _streaming(
    services: ServicesDep, principal: PrincipalDep, body: AskRequest
) -> StreamingResponse:
    asking.validate(services, principal, body)
    return StreamingResponse(
        asking.stream(services, principal, body),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.post("/ask/stream", summary="Ask, streaming the answer", description=_STREAM_DOC)
def ask_stream_post(
    body: AskRequest, services: ServicesDep, principal: PrincipalDep
) -> StreamingResponse:
    """Streamed form of POST /api/ask."""
    return _streaming(services, principal, body)


@router.get(
    "/ask/stream", summary="Ask, streaming the answer (EventSource)", description=_STREAM_DOC
)
def ask_stream_get(
    services: ServicesDep,
    principal: PrincipalDep,
    question: Annotated[str, Query(min_length=1, max_length=MAX_QUESTION)],
    audience: Audience = Audience.CLINICIAN,
    thread_id: str | None = None,
) -> StreamingResponse:
    """Streamed ask for browsers' EventSource (which can only GET)."""
    body = AskRequest(question=question, audience=audience, thread_id=thread_id)
    return _streaming(services, principal, body)
