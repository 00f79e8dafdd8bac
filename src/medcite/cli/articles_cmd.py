"""`medcite articles`: list, show and export saved articles; flag out-of-date ones."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.table import Table

from medcite.articles import (
    ArticleNotFound,
    ArticleStore,
    DatabaseError,
    ReviewStatus,
    TransitionError,
    UserError,
    check_stale,
)
from medcite.articles.snapshot import html_for_status
from medcite.cli.common import JsonOpt, LibraryOpt, fail, out_console, print_json, settings_for
from medcite.cli.search_cmd import build_searcher

HELP = """Saved answers (articles): list, show, export, and flag the ones newer evidence overtook.

Examples:

  (save answers from the web page, POST /api/articles, or POST /api/ask with "save": true)
  medcite articles list --status submitted
  medcite articles show treatment-for-pars-defect-3f9a1c --version 1
  medcite articles export treatment-for-pars-defect-3f9a1c --format markdown > article.md
  medcite articles check-stale
"""

app = typer.Typer(help=HELP, no_args_is_help=True)


@contextmanager
def article_errors() -> Iterator[None]:
    """Store errors as one-line messages."""
    try:
        yield
    except (ArticleNotFound, TransitionError, UserError, DatabaseError) as exc:
        fail(str(exc))


def open_store(library: Path | None) -> ArticleStore:
    """The article store beside the library (or at $MEDCITE_ARTICLES_DB)."""
    settings = settings_for(library)
    with article_errors():
        return ArticleStore.for_library(
            settings.library_dir, os.environ.get("MEDCITE_ARTICLES_DB") or settings.database_url
        )


@app.command("list")
def list_cmd(
    status: list[ReviewStatus] = typer.Option([], "--status", "-s", help="Only these statuses."),
    limit: int = typer.Option(50, "--limit", min=1, help="At most this many."),
    library: Path | None = LibraryOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Articles, most recently changed first."""
    articles = open_store(library).find(status, limit=limit)
    if as_json:
        print_json([a.model_dump(mode="json") for a in articles])
        return
    if not articles:
        out_console.print(
            "No articles yet. Save answers from the web page (`medcite serve`) or POST /api/articles."
        )
        return
    table = Table("slug", "title", "status", "v", "updated")
    for a in articles:
        table.add_row(a.slug, a.title, a.status.label, str(a.version), a.updated_at[:19])
    out_console.print(table)


@app.command("show")
def show(
    slug: str = typer.Argument(..., help="Article slug or id."),
    version: int | None = typer.Option(None, "--version", help="An older version."),
    library: Path | None = LibraryOpt,
    as_json: bool = JsonOpt,
) -> None:
    """An article's status, reason for re-review, versions and audit log."""
    store = open_store(library)
    with article_errors():
        article = store.get(slug)
        shown = store.version(slug, version)
        events = store.events(slug)
    if as_json:
        print_json({"article": article.model_dump(mode="json"), "version": shown.model_dump(mode="json"),
                    "events": [e.model_dump(mode="json") for e in events]})  # fmt: skip
        return
    out_console.print(f"[bold]{article.title}[/]  ({article.slug})", highlight=False)
    out_console.print(f"Status: {article.status.label} • version {shown.version} of {article.version} "
                      f"• last updated {article.updated_at[:19]}", highlight=False)  # fmt: skip
    if article.stale_reason:
        out_console.print(f"[yellow]Re-review needed:[/] {article.stale_reason}", highlight=False)
    out_console.print(f"Question ({article.audience}): {article.question}", highlight=False)
    for e in events:
        note = f" — {e.comment}" if e.comment else ""
        out_console.print(f"  {e.at[:19]}  {e.actor}: {e.action} v{e.version} → {e.to_status.label}{note}",
                          highlight=False, markup=False)  # fmt: skip


@app.command("export")
def export(
    slug: str = typer.Argument(..., help="Article slug or id."),
    fmt: str = typer.Option("markdown", "--format", "-f", help="markdown, html or json."),
    version: int | None = typer.Option(None, "--version", help="An older version."),
    library: Path | None = LibraryOpt,
) -> None:
    """The article's answer as Markdown, an HTML fragment (status-aware) or JSON."""
    if fmt not in ("markdown", "html", "json"):
        fail(f"--format must be markdown, html or json (got {fmt!r})")
    store = open_store(library)
    with article_errors():
        article, shown = store.get(slug), store.version(slug, version)
    if fmt == "json":
        print_json(
            {"article": article.model_dump(mode="json"), "version": shown.model_dump(mode="json")}
        )
    elif fmt == "html":
        sys.stdout.write(html_for_status(shown.html, article.status) + "\n")
    else:
        sys.stdout.write(shown.markdown + "\n")


@app.command("check-stale")
def check_stale_cmd(library: Path | None = LibraryOpt, as_json: bool = JsonOpt) -> None:
    """Flag articles whose cited sources were retracted or deleted, or that newer
    guidelines or systematic reviews overtook; they need re-review."""
    store = open_store(library)
    searcher = build_searcher(settings_for(library))
    with article_errors():
        flags = check_stale(store, searcher)
    if as_json:
        print_json([{"slug": f.slug, "reason": f.reason} for f in flags])
        return
    for flag in flags:
        out_console.print(f"[yellow]re-review[/] {flag.slug}: {flag.reason}", highlight=False)
    out_console.print(f"{len(flags)} article(s) flagged for re-review.")
