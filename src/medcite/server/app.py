"""The FastAPI application: API routers, JSON errors, limits, and the web page (static files).

``create_app(settings, config)`` builds the app; models and the library load at start-up
(or pass ready ``services``, as tests do). ``medcite serve`` runs it with uvicorn.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from medcite import __version__
from medcite.articles import check_stale
from medcite.server.config import ServerConfig
from medcite.server.errors import install_error_handlers
from medcite.server.middleware import GuardMiddleware
from medcite.server.ratelimit import RateLimiter
from medcite.server.routes import admin, articles, ask, library, review
from medcite.server.services import Services, build_services
from medcite.settings import Settings

STATIC = Path(__file__).parent / "static"
log = logging.getLogger(__name__)

DESCRIPTION = """Clinical questions answered from your own evidence library, every claim cited.

Authenticate with `Authorization: Bearer <API key>` (keys are made with `medcite users add`).
Roles: reader < clinician < reviewer < admin. Errors are JSON:
`{"error": {"status", "code", "message"}}`.
"""


def _flag_stale(services: Services) -> None:
    with services.answerer() as answerer:
        flags = check_stale(services.articles, answerer.searcher)
    for flag in flags:
        log.warning("article %s flagged for re-review: %s", flag.slug, flag.reason)


def create_app(
    settings: Settings, config: ServerConfig | None = None, *, services: Services | None = None
) -> FastAPI:
    """The app; ``services`` are built at start-up unless given."""
    config = config or (services.config if services else ServerConfig())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        ready = services or build_services(settings, config)
        app.state.services = ready
        if config.check_stale_on_start:
            _flag_stale(ready)
        yield
        if services is None:
            ready.close()

    app = FastAPI(
        title="medcite", version=__version__, description=DESCRIPTION, lifespan=lifespan,
        docs_url="/api/docs", openapi_url="/api/openapi.json", redoc_url=None,
    )  # fmt: skip
    if services is not None:
        app.state.services = services
    install_error_handlers(app)
    limiter = RateLimiter(config.rate_per_minute, config.rate_burst)
    app.add_middleware(GuardMiddleware, limiter=limiter, max_body_bytes=config.max_body_bytes)
    for module in (ask, articles, review, library, admin):
        app.include_router(module.router)
    _mount_web(app)
    return app


def _mount_web(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.get("/editorial-policy", include_in_schema=False)
    def policy() -> FileResponse:
        return FileResponse(STATIC / "editorial-policy.html")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> RedirectResponse:
        return RedirectResponse("/static/favicon.svg")
