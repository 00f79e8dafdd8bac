"""Errors as structured JSON with a helpful message; never a stack trace to a client.

Every error body is ``{"error": {"status": 404, "code": "not_found", "message": "..."}}``.
Unexpected exceptions are logged with an id that the client also gets, so an operator can
find the traceback without the client ever seeing it.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from medcite.articles import ArticleNotFound, DatabaseError, TransitionError, UserError
from medcite.library.store import LibraryError
from medcite.threads import ThreadError

log = logging.getLogger(__name__)

_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_type",
    422: "invalid_input", 429: "rate_limited", 503: "unavailable",
}  # fmt: skip


class ApiError(Exception):
    """An error with an HTTP status and a message that says how to fix the request."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or _CODES.get(status, "error")
        self.headers = headers


def error_response(
    status: int, message: str, code: str | None = None, **extra: Any
) -> JSONResponse:
    """The JSON error body for ``status``."""
    body = {"status": status, "code": code or _CODES.get(status, "error"), "message": message}
    headers = extra.pop("headers", None)
    return JSONResponse({"error": {**body, **extra}}, status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> tuple[str, list[dict[str, str]]]:
    fields = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        fields.append({"field": where, "problem": str(err.get("msg", "invalid"))})
    first = fields[0] if fields else {"field": "request", "problem": "invalid"}
    return f"{first['field'] or 'request'}: {first['problem']}", fields


def install_error_handlers(app: FastAPI) -> None:
    """Register the JSON handlers for every kind of error the API can raise."""

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.message, exc.code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        message, fields = _validation_message(exc)
        return error_response(422, message, fields=fields)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error_response(exc.status_code, str(exc.detail))

    @app.exception_handler(ArticleNotFound)
    async def _missing(_: Request, exc: ArticleNotFound) -> JSONResponse:
        return error_response(404, str(exc).strip("'\""))

    @app.exception_handler(TransitionError)
    async def _transition(_: Request, exc: TransitionError) -> JSONResponse:
        return error_response(409, str(exc))

    @app.exception_handler(UserError)
    @app.exception_handler(ThreadError)
    async def _user(_: Request, exc: Exception) -> JSONResponse:
        return error_response(400, str(exc))

    @app.exception_handler(LibraryError)
    @app.exception_handler(DatabaseError)
    async def _unavailable(_: Request, exc: Exception) -> JSONResponse:
        log.error("storage unavailable: %s", exc)
        return error_response(503, "storage is unavailable; the operator has been told in the log")

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        incident = secrets.token_hex(4)
        log.exception("unhandled error (incident %s)", incident, exc_info=exc)
        return error_response(
            500, f"internal error (incident {incident}); it was logged for the operator", "internal"
        )
