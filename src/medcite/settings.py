"""Settings: defaults < config file < environment (MEDCITE_...) < flags.

Settings hold data only; stages build their providers from them. The hash of the settings that
shape an answer is recorded on every answer so a change of result can be traced to its cause.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError, model_validator


class SettingsError(ValueError):
    """A setting could not be read; the message names the source and the field."""


class Settings(BaseModel):
    """All user-facing settings with their defaults."""

    home: Path = Field(
        default=Path("~/.medcite"), description="MEDCITE_HOME: where libraries and caches live."
    )
    library: Path | None = Field(
        default=None, description="Library directory; default <home>/library."
    )
    database_url: str | None = Field(
        default=None,
        description="MEDCITE_DATABASE_URL: a postgresql:// URL puts the library (and the "
        "article store) on PostgreSQL instead of the library directory.",
        repr=False,
    )
    embedder: str = Field(
        default="minilm-q8",
        description="Embedding provider: 'minilm-q8' (int8), 'minilm' (float), 'hash' or 'none'.",
    )
    expand_synonyms: bool = Field(
        default=True, description="Expand queries with vocabulary synonyms."
    )
    fusion: Literal["convex", "rrf"] = Field(
        default="convex",
        description="How lexical and dense results combine: 'convex' (normalised scores) or 'rrf'.",
    )
    lexical_weight: float = Field(
        default=0.3,
        ge=0.0,
        le=1.0,
        description="Weight of the lexical side in fusion (convex: 0.3 measured best; rrf: 0.5).",
    )
    rrf_k: int = Field(default=60, description="Reciprocal rank fusion constant.")
    candidates: int = Field(
        default=100, description="Candidates taken from each retriever before fusion."
    )
    level_weight: float = Field(
        default=0.15, description="Strength of the evidence-level soft boost."
    )
    recency_weight: float = Field(default=0.03, description="Strength of the recency soft boost.")
    per_doc: int = Field(
        default=2, description="At most this many passages of one document in a result list."
    )
    llm_base_url: str | None = Field(
        default=None, description="OpenAI-compatible endpoint base URL."
    )
    llm_model: str | None = Field(default=None, description="LLM model name at that endpoint.")
    llm_api_key: str | None = Field(
        default=None, description="API key for the LLM endpoint.", repr=False
    )
    llm_timeout: float = Field(
        default=120.0, description="Seconds before the LLM composer falls back."
    )
    llm_gguf: str | None = Field(
        default=None,
        description="Local GGUF model run in-process (path, or 'packaged'); needs llama-cpp-python.",
    )

    @model_validator(mode="before")
    @classmethod
    def _library_url(cls, data: Any) -> Any:
        """`--library postgresql://...` (or MEDCITE_LIBRARY) means the PostgreSQL library."""
        if isinstance(data, dict) and data.get("library") is not None:
            url = database_url_of(data["library"])
            if url is not None:
                data = {**data, "library": None, "database_url": url}
        return data

    @property
    def library_target(self) -> str | Path:
        """What to open: the PostgreSQL URL when one is set, else the library directory."""
        return self.database_url or self.library_dir

    @property
    def home_dir(self) -> Path:
        """Expanded MEDCITE_HOME."""
        return self.home.expanduser()

    @property
    def library_dir(self) -> Path:
        """Expanded library directory."""
        return (self.library or self.home_dir / "library").expanduser()

    def answer_hash(self) -> str:
        """Hash of the settings that shape answers (paths and secrets excluded)."""
        shaping = self.model_dump(
            mode="json",
            exclude={"home", "library", "database_url", "llm_api_key", "llm_timeout"},
        )
        blob = json.dumps(shaping, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


def database_url_of(value: str | Path) -> str | None:
    """The PostgreSQL URL in a `--library` value, or None for a directory.

    A URL given to a `Path` option arrives with its `//` collapsed (`postgresql:/u@h/db`);
    the scheme's double slash is put back.
    """
    text = str(value)
    for scheme in ("postgresql:", "postgres:"):
        if text.startswith(scheme + "//"):
            return text
        if text.startswith(scheme + "/"):
            return scheme + "//" + text[len(scheme) :].lstrip("/")
    return None


_ENV_PREFIX = "MEDCITE_"


def _from_env() -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in Settings.model_fields:
        raw = os.environ.get(_ENV_PREFIX + name.upper())
        if raw is not None and raw != "":
            values[name] = raw
    return values


def _from_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: not valid TOML ({exc}); fix or remove the file") from exc
    unknown = set(data) - set(Settings.model_fields)
    if unknown:
        raise SettingsError(
            f"{path}: unknown setting(s) {sorted(unknown)}; known: {sorted(Settings.model_fields)}"
        )
    return data


def load_settings(**overrides: Any) -> Settings:
    """Layer defaults, `<home>/config.toml`, environment and explicit overrides (flags)."""
    env = _from_env()
    flags = {k: v for k, v in overrides.items() if v is not None}
    home = Path(flags.get("home") or env.get("home") or Settings().home).expanduser()
    merged: dict[str, Any] = {**_from_file(home / "config.toml"), **env, **flags}
    try:
        return Settings(**merged)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise SettingsError(
            f"setting '{field}': {first['msg']} (set it in config.toml, MEDCITE_{field.upper()} or a flag)"
        ) from exc
