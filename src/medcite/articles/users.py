"""Users and API keys: a key is shown once when made; only a salted SHA-256 hash is stored.

Keys are 32 random bytes, so a fast salted hash is enough (no password stretching is needed
for secrets with that much entropy) and keeps per-request authentication cheap under load.
A key reads ``mck_<key id>_<secret>``; the key id finds the user without scanning.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from medcite.articles.db import Database
from medcite.articles.models import Role, User
from medcite.articles.schema import migrate
from medcite.articles.store import now

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
_KEY = re.compile(r"^mck_([0-9a-f]{12})_([A-Za-z0-9_-]{20,100})$")


class UserError(ValueError):
    """A user name or role is invalid, or the user exists / does not exist."""


def _hash(salt: str, secret: str) -> str:
    return hashlib.sha256(f"{salt}:{secret}".encode()).hexdigest()


class UserStore:
    """Users in the article database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        migrate(db)

    def add(self, name: str, role: Role) -> tuple[User, str]:
        """Add a user; returns the user and their new API key (shown once, never stored)."""
        if not _NAME.match(name):
            raise UserError(
                f"user name {name!r}: use 1-64 letters, digits, '.', '_', '@' or '-' (start alnum)"
            )
        key_id, secret, salt = secrets.token_hex(6), secrets.token_urlsafe(32), secrets.token_hex(8)
        with self.db.tx() as tx:
            if tx.one("SELECT name FROM users WHERE name = ?", (name,)):
                raise UserError(f"user {name!r} exists; remove it first or pick another name")
            tx.execute(
                "INSERT INTO users(name, role, key_id, key_salt, key_hash, created_at) "
                "VALUES (?,?,?,?,?,?)",
                (name, str(role), key_id, salt, _hash(salt, secret), now()),
            )
        return self.get(name), f"mck_{key_id}_{secret}"

    def get(self, name: str) -> User:
        """The user called ``name``; raises UserError."""
        with self.db.tx() as tx:
            row = tx.one("SELECT name, role, created_at FROM users WHERE name = ?", (name,))
        if row is None:
            raise UserError(f"no user {name!r}; list users with `medcite users list`")
        return User(name=row[0], role=Role(row[1]), created_at=row[2])

    def all(self) -> list[User]:
        """Every user, by name."""
        with self.db.tx() as tx:
            rows = tx.all("SELECT name, role, created_at FROM users ORDER BY name")
        return [User(name=r[0], role=Role(r[1]), created_at=r[2]) for r in rows]

    def remove(self, name: str) -> None:
        """Delete a user (their key stops working at once)."""
        with self.db.tx() as tx:
            if not tx.execute("DELETE FROM users WHERE name = ?", (name,)):
                raise UserError(f"no user {name!r}")

    def authenticate(self, key: str) -> User | None:
        """The user owning ``key``, or None for an unknown or malformed key."""
        match = _KEY.match(key.strip())
        if match is None:
            return None
        key_id, secret = match.groups()
        with self.db.tx() as tx:
            row = tx.one(
                "SELECT name, role, created_at, key_salt, key_hash FROM users WHERE key_id = ?",
                (key_id,),
            )
        if row is None or not hmac.compare_digest(_hash(row[3], secret), row[4]):
            return None
        return User(name=row[0], role=Role(row[1]), created_at=row[2])
