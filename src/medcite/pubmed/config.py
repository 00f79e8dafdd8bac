"""Connection settings for the NCBI E-utilities, read from the environment.

| variable              | meaning                                                         |
|-----------------------|-----------------------------------------------------------------|
| ``MEDCITE_EUTILS_URL``| base URL (default ``https://eutils.ncbi.nlm.nih.gov/entrez/eutils``) |
| ``NCBI_API_KEY``      | NCBI API key: raises the rate limit from 3 to 10 requests/s      |
| ``MEDCITE_NCBI_EMAIL``| contact e-mail sent with every request, as NCBI asks             |
| ``MEDCITE_NCBI_TOOL`` | tool name sent with every request (default ``medcite``)          |

These live here rather than in :mod:`medcite.settings` because they describe one external
service; they never shape an answer's content, so they stay out of the answer hash.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["DEFAULT_EUTILS_URL", "EutilsConfig"]

DEFAULT_EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"


@dataclass(frozen=True)
class EutilsConfig:
    """Where E-utilities live and how medcite identifies itself and retries there."""

    base_url: str = DEFAULT_EUTILS_URL
    api_key: str | None = None
    email: str | None = None
    tool: str = "medcite"
    timeout: float = 30.0
    retries: int = 4
    backoff: float = 1.0
    """Seconds before the first retry; doubled on each further retry (Retry-After wins)."""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> EutilsConfig:
        """Settings from ``env`` (default ``os.environ``); ``overrides`` that are not None win."""
        env = os.environ if env is None else env
        values: dict[str, object] = {
            "base_url": (env.get("MEDCITE_EUTILS_URL") or DEFAULT_EUTILS_URL).rstrip("/"),
            "api_key": env.get("NCBI_API_KEY") or None,
            "email": env.get("MEDCITE_NCBI_EMAIL") or None,
            "tool": env.get("MEDCITE_NCBI_TOOL") or "medcite",
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    @property
    def requests_per_second(self) -> int:
        """NCBI's limit: 10 requests/s with an API key, 3 without."""
        return 10 if self.api_key else 3

    def identity(self) -> dict[str, str]:
        """The ``tool``, ``email`` and ``api_key`` parameters NCBI asks every request to carry."""
        params = {"tool": self.tool}
        if self.email:
            params["email"] = self.email
        if self.api_key:
            params["api_key"] = self.api_key
        return params

    def __repr__(self) -> str:  # the API key must not reach logs
        key = "set" if self.api_key else "none"
        return f"EutilsConfig(base_url={self.base_url!r}, api_key={key}, email={self.email!r})"
