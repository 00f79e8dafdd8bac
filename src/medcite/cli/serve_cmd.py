"""`medcite serve` (the HTTP API and web page) and `medcite users` (API keys and roles)."""

from __future__ import annotations

from pathlib import Path

import typer

from medcite.articles import Role, UserStore
from medcite.cli.articles_cmd import article_errors, open_store
from medcite.cli.common import (
    JsonOpt,
    LibraryOpt,
    err_console,
    fail,
    out_console,
    print_json,
    settings_for,
)

HELP = """Serve the HTTP API (OpenAPI at /api/docs) and the web page on one port.

Anonymous users may read approved articles with --public-read (MEDCITE_PUBLIC_READ=1) and ask
with --open (MEDCITE_OPEN=1); otherwise they need an API key from `medcite users add`.

Examples:

  medcite serve                                   (http://127.0.0.1:8000)
  medcite serve --host 0.0.0.0 --port 8080 --public-read
  MEDCITE_OPEN=1 medcite serve --library ./mylib   (a demo anyone on the network may use)
"""

USERS_HELP = """Users and API keys of the server (admin). A key is shown once; only its hash is kept.

Examples:

  medcite users add dr.lee --role reviewer
  medcite users list
  medcite users remove dr.lee
"""

users_app = typer.Typer(help=USERS_HELP, no_args_is_help=True)


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", "-p", min=1, max=65535, help="Port."),
    library: Path | None = LibraryOpt,
    public_read: bool | None = typer.Option(None, "--public-read/--private", help="Anonymous users may read approved articles."),
    open_: bool | None = typer.Option(None, "--open/--closed", help="Anonymous users may ask (a demo)."),
    workers: int = typer.Option(2, "--workers", min=1, max=32, help="Answerers ready in parallel."),
    rate_limit: float | None = typer.Option(None, "--rate-limit", min=0, help="Requests per minute per key; 0 = off."),
    max_question_chars: int = typer.Option(1000, "--max-question-chars", min=10, help="Longest question."),
) -> None:  # fmt: skip
    try:
        import uvicorn

        from medcite.server import config_from_env, create_app
    except ImportError:
        fail("serving needs the server extra: pip install 'medcite[serve]'")
    settings = settings_for(library)
    overrides = {"public_read": public_read, "open": open_, "rate_per_minute": rate_limit}
    config = config_from_env().model_copy(
        update={k: v for k, v in overrides.items() if v is not None}
        | {"workers": workers, "max_question_chars": max_question_chars}
    )
    if settings.database_url is None and not (settings.library_dir / "library.sqlite3").exists():
        fail(
            f"no library at {settings.library_dir}: run `medcite library init-samples` or `medcite ingest PATH`"
        )
    err_console.print(f"medcite: http://{host}:{port}/  (API docs at /api/docs)", highlight=False)
    uvicorn.run(create_app(settings, config), host=host, port=port, log_level="info")


@users_app.command("add")
def add_user(
    name: str = typer.Argument(..., help="User name."),
    role: Role = typer.Option(Role.READER, "--role", help="reader, clinician, reviewer or admin."),
    library: Path | None = LibraryOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Add a user and print their API key (once)."""
    with article_errors():
        user, key = UserStore(open_store(library).db).add(name, role)
    if as_json:
        print_json({"name": user.name, "role": user.role.value, "api_key": key})
        return
    out_console.print(
        f"Added {user.name} ({user.role.value}). API key (shown once, keep it safe):",
        highlight=False,
    )
    out_console.print(key, highlight=False, markup=False)


@users_app.command("list")
def list_users(library: Path | None = LibraryOpt, as_json: bool = JsonOpt) -> None:
    """Users and their roles."""
    users = UserStore(open_store(library).db).all()
    if as_json:
        print_json([u.model_dump(mode="json") for u in users])
        return
    for user in users:
        out_console.print(
            f"{user.name}\t{user.role.value}\t{user.created_at[:19]}", highlight=False
        )


@users_app.command("remove")
def remove_user(
    name: str = typer.Argument(..., help="User name."), library: Path | None = LibraryOpt
) -> None:
    """Remove a user; their key stops working at once."""
    with article_errors():
        UserStore(open_store(library).db).remove(name)
    out_console.print(f"Removed {name}.", highlight=False)
