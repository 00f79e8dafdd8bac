"""FastAPI dependencies: the process's services and the calling principal."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from medcite.server.auth import Principal, resolve
from medcite.server.services import Services


def get_services(request: Request) -> Services:
    """The services built at start-up."""
    services: Services = request.app.state.services
    return services


def get_principal(
    request: Request, services: Annotated[Services, Depends(get_services)]
) -> Principal:
    """The caller, from the Authorization header."""
    return resolve(request, services.users)


ServicesDep = Annotated[Services, Depends(get_services)]
PrincipalDep = Annotated[Principal, Depends(get_principal)]
