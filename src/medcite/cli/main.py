"""The `medcite` command: each subcommand parses arguments and calls the library."""

from __future__ import annotations

import logging

import typer

from medcite import __version__
from medcite.cli import (
    articles_cmd,
    ask_cmd,
    eval_cmd,
    ingest_cmd,
    library_cmd,
    pubmed_cmd,
    review_cmd,
    search_cmd,
    serve_cmd,
)

app = typer.Typer(
    name="medcite",
    help="medcite: clinical questions answered from your own evidence library, every claim cited.\n\n"
    "Start with `medcite library init-samples --no-pubmed`, then "
    '`medcite ask "What is the first-line treatment for a gout flare?"`.',
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
app.command("ingest", help=ingest_cmd.HELP)(ingest_cmd.ingest)
app.command("search", help=search_cmd.HELP)(search_cmd.search)
app.command("ask", help=ask_cmd.HELP)(ask_cmd.ask)
app.add_typer(library_cmd.app, name="library")
app.add_typer(pubmed_cmd.app, name="pubmed")
app.add_typer(eval_cmd.app, name="eval", help=eval_cmd.HELP)
app.add_typer(articles_cmd.app, name="articles", help=articles_cmd.HELP)
app.add_typer(review_cmd.app, name="review", help=review_cmd.HELP)
app.command("serve", help=serve_cmd.HELP)(serve_cmd.serve)
app.add_typer(serve_cmd.users_app, name="users", help=serve_cmd.USERS_HELP)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"medcite {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress details to stderr."),
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


def main() -> None:
    """Console-script entry point."""
    app()
