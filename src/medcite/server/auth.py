"""Who is asking: API keys (``Authorization: Bearer <key>``), roles, and anonymous access.

Anonymous users may read approved articles when the server is configured public-read, and
may ask and search only when it is open; everything else needs a key with a role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request

from medcite.articles import Role, UserStore
from medcite.server.config import ServerConfig
from medcite.server.errors import ApiError

ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Principal:
    """The caller: a named user with a role, or anonymous (role None)."""

    name: str
    role: Role | None

    @property
    def anonymous(self) -> bool:
        """True when no valid key was given."""
        return self.role is None

    def can(self, needed: Role) -> bool:
        """True when the caller's role includes ``needed``."""
        return self.role is not None and self.role.allows(needed)


def bearer_key(request: Request) -> str | None:
    """The key of an ``Authorization: Bearer`` header, if one was sent."""
    header = request.headers.get("authorization", "")
    scheme, _, key = header.partition(" ")
    return key.strip() or None if scheme.lower() == "bearer" else None


def resolve(request: Request, users: UserStore) -> Principal:
    """The principal for a request; a key that is sent but wrong is an error, not anonymous."""
    key = bearer_key(request)
    if key is None:
        return Principal(ANONYMOUS, None)
    user = users.authenticate(key)
    if user is None:
        raise ApiError(
            401, "the API key is not valid; ask an admin for one (`medcite users add NAME`)",
            headers={"WWW-Authenticate": "Bearer"},
        )  # fmt: skip
    return Principal(user.name, user.role)


def check(
    principal: Principal, needed: Role, config: ServerConfig, *, asking: bool = False
) -> None:
    """Raise 401/403 unless the principal may act with role ``needed``.

    ``asking`` marks ask and search, which anonymous users may use on an open server.
    """
    if principal.anonymous:
        if asking and config.open and needed is Role.READER:
            return
        raise ApiError(
            401, f"sign in: this needs an API key with the {needed.value} role "
            "(send `Authorization: Bearer <key>`)",
            headers={"WWW-Authenticate": "Bearer"},
        )  # fmt: skip
    if not principal.can(needed):
        assert principal.role is not None
        raise ApiError(
            403, f"your role is {principal.role.value}; this needs {needed.value} or higher"
        )


Guard = Callable[[Principal], None]
