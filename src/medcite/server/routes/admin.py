"""Health, the caller's identity, and user management (admins only)."""

from __future__ import annotations

from fastapi import APIRouter

from medcite import __version__
from medcite.articles import Role, User
from medcite.server.auth import check
from medcite.server.deps import PrincipalDep, ServicesDep
from medcite.server.schemas import Me, NewUser, UserRequest

router = APIRouter(prefix="/api", tags=["admin"])


@router.get("/health", summary="Liveness")
def health(services: ServicesDep) -> dict[str, object]:
    """Always public: the version and how many articles the store holds."""
    return {"status": "ok", "version": __version__, "articles": services.articles.count()}


@router.get("/me", response_model=Me, summary="Who am I")
def me(services: ServicesDep, principal: PrincipalDep) -> Me:
    """The caller's name and role, and what anonymous users may do here."""
    config = services.config
    return Me(
        name=principal.name, role=principal.role, public_read=config.public_read,
        open=config.open, max_question_chars=config.max_question_chars,
    )  # fmt: skip


@router.get("/users", response_model=list[User], summary="List users")
def list_users(services: ServicesDep, principal: PrincipalDep) -> list[User]:
    """Every user and role (admins only)."""
    check(principal, Role.ADMIN, services.config)
    return services.users.all()


@router.post("/users", response_model=NewUser, status_code=201, summary="Add a user")
def add_user(body: UserRequest, services: ServicesDep, principal: PrincipalDep) -> NewUser:
    """Create a user and their API key; the key is returned once and only its hash is kept."""
    check(principal, Role.ADMIN, services.config)
    user, key = services.users.add(body.name, body.role)
    return NewUser(name=user.name, role=user.role, api_key=key)


@router.delete("/users/{name}", status_code=204, summary="Remove a user")
def remove_user(name: str, services: ServicesDep, principal: PrincipalDep) -> None:
    """Delete a user; their key stops working at once."""
    check(principal, Role.ADMIN, services.config)
    services.users.remove(name)
