"""`medcite pubmed`: search and fetch PubMed live (NCBI E-utilities) into the library.

Everything fetched is stored in the library (same reader as `medcite ingest`) and its XML kept
under `<library>/pubmed/`, so answers that used it can be reproduced offline later.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import typer
from rich.markup import escape

from medcite.cli.common import (
    JsonOpt,
    LibraryOpt,
    embedder_for,
    err_console,
    fail,
    open_library,
    out_console,
    print_json,
    settings_for,
    user_errors,
)
from medcite.embed import Embedder, EmbedderUnavailable, get_embedder
from medcite.library.protocol import LibraryStore
from medcite.pubmed import (
    ESearchResult,
    EutilsClient,
    EutilsConfig,
    FetchReport,
    PubMedError,
    PubMedLive,
    PubMedStore,
    Summary,
    build_plan,
)
from medcite.settings import Settings

HELP = """Search and fetch PubMed live through the NCBI E-utilities; what is fetched is stored
in the library, so every answer that used it can be reproduced offline.

Environment: MEDCITE_EUTILS_URL (E-utilities base URL), NCBI_API_KEY (10 instead of 3
requests/s), MEDCITE_NCBI_EMAIL (contact address NCBI asks for).

Examples:

  medcite pubmed search "spondylolysis[mh] AND guideline[pt]" --max 20
  medcite pubmed fetch 31234567 29768149 --json
  medcite pubmed plan "What is the treatment for pars defect?"
  medcite ask "What is the treatment for pars defect?" --source pubmed --explain
"""

app = typer.Typer(name="pubmed", help=HELP, no_args_is_help=True, rich_markup_mode="rich")

MaxOpt = typer.Option(20, "--max", "-n", min=1, max=10_000, help="Most records to fetch.")
TimeoutOpt = typer.Option(None, "--timeout", help="Seconds to wait for each PubMed response.")


@contextmanager
def pubmed_errors() -> Iterator[None]:
    """PubMed failures (offline, refused, malformed) as one-line messages with exit code 2."""
    try:
        with user_errors():
            yield
    except PubMedError as exc:
        fail(str(exc))


def make_client(timeout: float | None = None) -> EutilsClient:
    """An E-utilities client configured from the environment."""
    return EutilsClient(EutilsConfig.from_env(timeout=timeout))


def store_embedder(settings: Settings, lib: LibraryStore) -> Embedder | None:
    """The embedder for new records: the library's own, or the configured one for an empty library."""
    existing = embedder_for(settings, lib)
    if existing is not None or lib.stats().get("chunks") or settings.embedder == "none":
        return existing
    try:
        return get_embedder(settings.embedder)
    except (EmbedderUnavailable, ValueError):  # no model installed: lexical search still works
        return None


def build_live(
    settings: Settings, lib: LibraryStore, embedder: Embedder | None, timeout: float | None = None
) -> PubMedLive:
    """The live PubMed source `ask --source pubmed|both` uses."""
    return PubMedLive(PubMedStore(make_client(timeout), lib, embedder))


SEARCH_HELP = """Run a PubMed query and store the records it finds in the library.

Large result sets (--max over 200) are paged through NCBI's history server.

Examples:

  medcite pubmed search "spondylolysis[mh] AND guideline[pt]" --max 20
  medcite pubmed search "low back pain[mh] AND systematic[sb]" --max 500 --json
  medcite pubmed search "pars defect" --dry-run      (list titles, store nothing)
"""

FETCH_HELP = """Fetch PubMed records by PMID and store them in the library.

Examples:

  medcite pubmed fetch 31234567 29768149
  medcite pubmed fetch 31234567,29768149 --json --library ./lib
"""

PLAN_HELP = """Show the PubMed queries `medcite ask --source pubmed` would send for a question.
Nothing is sent; MeSH tags are added at search time for terms PubMed's MeSH confirms.

Examples:

  medcite pubmed plan "What is the treatment for pars defect?"
  medcite pubmed plan "How is gout diagnosed?" --json
"""


@app.command("search", help=SEARCH_HELP)
def search(
    query: str = typer.Argument(..., help="A PubMed query, with field tags if you like."),
    max_records: int = MaxOpt,
    dry_run: bool = typer.Option(False, "--dry-run", help="List what matches; store nothing."),
    library: Path | None = LibraryOpt,
    timeout: float | None = TimeoutOpt,
    as_json: bool = JsonOpt,
) -> None:
    settings = settings_for(library)
    with pubmed_errors(), make_client(timeout) as client:
        found = client.esearch(query, retmax=min(max_records, 200), usehistory=max_records > 200)
        if dry_run:
            _show(found, client.esummary(found.ids[:max_records]), as_json)
            return
        lib = open_library(settings, create=True)
        store = PubMedStore(client, lib, store_embedder(settings, lib))
        report = store.fetch_search(found, max_records)
        store.log_search({"term": query, "count": found.count, "pmids": report.pmids})
    data = {"query": query, "count": found.count, "translation": found.translation,
            **report.as_dict()}  # fmt: skip
    _report(data, report, as_json)


@app.command("fetch", help=FETCH_HELP)
def fetch(
    pmids: list[str] = typer.Argument(..., help="PMIDs to fetch (spaces or commas between)."),
    refresh: bool = typer.Option(False, "--refresh", help="Fetch again even if already stored."),
    library: Path | None = LibraryOpt,
    timeout: float | None = TimeoutOpt,
    as_json: bool = JsonOpt,
) -> None:
    settings = settings_for(library)
    ids = [p for arg in pmids for p in arg.replace(",", " ").split()]
    with pubmed_errors(), make_client(timeout) as client:
        lib = open_library(settings, create=True)
        report = PubMedStore(client, lib, store_embedder(settings, lib)).fetch(ids, refresh=refresh)
    _report(report.as_dict(), report, as_json)


@app.command("plan", help=PLAN_HELP)
def plan(
    question: str = typer.Argument(..., help="A clinical question."),
    as_json: bool = JsonOpt,
) -> None:
    from datetime import date

    from medcite.analysis import analyze

    analysis = analyze(question)
    found = build_plan(analysis)
    if found is None:
        fail("nothing to search PubMed for: the question is out of scope or names no topic")
    queries = found.queries(10, date.today().year)
    if as_json:
        print_json({"topic": analysis.topic, "queries": [asdict(q) for q in queries]})
        return
    out_console.print(f"[bold]topic:[/] {analysis.topic}", highlight=False)
    for q in queries:
        out_console.print(f"[cyan]{escape(q.tier)}[/] (up to {q.quota})", highlight=False)
        out_console.print(f"  {q.term}", highlight=False, markup=False, soft_wrap=True)


def _report(data: dict[str, object], report: FetchReport, as_json: bool) -> None:
    if as_json:
        print_json(data)
        return
    if not report.requested:
        out_console.print("PubMed found nothing for this query; nothing was stored.")
        return
    out_console.print(
        f"{len(report.fetched)} fetched and stored, {len(report.already_stored)} already in the "
        f"library, {len(report.missing)} not found in PubMed.",
        highlight=False,
    )
    if report.missing:
        out_console.print(f"[dim]not found: {', '.join(report.missing)}[/]", highlight=False)
    if report.file:
        out_console.print(f"[dim]cached as {report.file}[/]", highlight=False)


def _show(found: ESearchResult, summaries: list[Summary], as_json: bool) -> None:
    if as_json:
        results = [asdict(s) for s in summaries]
        print_json({"query": found.term, "count": found.count, "translation": found.translation,
                    "results": results})  # fmt: skip
        return
    err_console.print(f"[dim]{found.count} found; PubMed read it as: {found.translation}[/]")
    for item in summaries:
        out_console.print(
            f"PMID {item.pmid}  {item.title}  [dim]{item.pubdate}[/]", highlight=False
        )
