"""The HTTP API and web page of medcite (``medcite serve``): FastAPI, served by uvicorn."""

from medcite.server.app import create_app
from medcite.server.config import ServerConfig, config_from_env
from medcite.server.services import Services, build_services

__all__ = ["ServerConfig", "Services", "build_services", "config_from_env", "create_app"]
