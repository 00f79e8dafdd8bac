"""`medcite ask`: a cited, verified answer from the library, for one question or a batch."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import typer

from medcite.answering import Answerer
from medcite.cli.common import (
    LibraryOpt,
    err_console,
    fail,
    open_library,
    settings_for,
    user_errors,
)
from medcite.cli.pubmed_cmd import build_live, pubmed_errors
from medcite.cli.search_cmd import build_searcher
from medcite.records import Audience, SearchFilters
from medcite.render import render, render_terminal
from medcite.settings import Settings
from medcite.threads import ThreadStore

HELP = """Answer a clinical question from the library: bottom line first, sections that fit the
question, numbered citations that are verified against the cited passages.

Examples:

  medcite ask "What is the first-line treatment for a gout flare?"
  medcite ask "Treatment options for bilateral L5 pars defect after a fall in a 22-year-old female"
  medcite ask "What is heart failure?" --audience patient --format markdown
  medcite ask "What about surgery?" --thread 3f9a1c2b7d4e        (follow-up keeps the context)
  medcite ask --questions questions.jsonl > answers.jsonl        ({"id", "question", "audience"?})
  MEDCITE_LLM_BASE_URL=http://127.0.0.1:8080/v1 MEDCITE_LLM_MODEL=qwen medcite ask "..."
"""

FORMATS = ("terminal", "markdown", "json", "html")
SOURCES = ("library", "pubmed", "both")


def build_answerer(settings: Settings, *, use_llm: bool = True) -> Answerer:
    """An Answerer with the library, models and (if configured) the LLM loaded once."""
    searcher = build_searcher(settings)
    llm = None
    if use_llm and (settings.llm_base_url or settings.llm_gguf):
        from medcite.llm import llm_from_settings

        with user_errors():
            llm = llm_from_settings(
                settings.llm_base_url,
                settings.llm_model,
                settings.llm_api_key,
                settings.llm_timeout,
                settings.llm_gguf,
            )
    return Answerer(
        searcher,
        llm=llm,
        threads=ThreadStore(settings.home_dir / "threads"),
        settings_hash=settings.answer_hash(),
    )


def ask(
    question: str | None = typer.Argument(None, help="The clinical question."),
    audience: Audience = typer.Option(
        Audience.CLINICIAN, "--audience", "-a", help="clinician, patient or student."
    ),
    fmt: str = typer.Option("terminal", "--format", "-f", help="terminal, markdown, json or html."),
    as_json: bool = typer.Option(False, "--json", help="Same as --format json."),
    thread: str | None = typer.Option(
        None, "--thread", "-t", help="Continue this conversation thread."
    ),
    questions: Path | None = typer.Option(
        None, "--questions", help="JSONL of {id, question, audience?}."
    ),
    library: Path | None = LibraryOpt,
    year_min: int | None = typer.Option(
        None, "--year-min", help="Only evidence from this year on."
    ),
    no_llm: bool = typer.Option(
        False, "--no-llm", help="Use the extractive composer even if an LLM is set."
    ),
    llm_base_url: str | None = typer.Option(
        None, "--llm-base-url", help="OpenAI-compatible endpoint URL."
    ),
    llm_model: str | None = typer.Option(None, "--llm-model", help="Model name at that endpoint."),
    llm_gguf: str | None = typer.Option(
        None, "--llm-gguf", help="Local GGUF model path, or 'packaged' (needs medcite[gguf])."
    ),
    source: str = typer.Option(
        "library", "--source", help="library, pubmed (live, NCBI E-utilities) or both."
    ),
    explain: bool = typer.Option(
        False, "--explain", help="Show the searches run (PubMed queries to rerun) on stderr."
    ),
) -> None:
    fmt = "json" if as_json else fmt
    if fmt not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)} (got {fmt!r})")
    if (question is None) == (questions is None):
        fail("give a QUESTION or --questions FILE.jsonl (not both)")
    settings = settings_for(
        library, llm_base_url=llm_base_url, llm_model=llm_model, llm_gguf=llm_gguf
    )
    if source not in SOURCES:
        fail(f"--source must be one of {', '.join(SOURCES)} (got {source!r})")
    if source != "library":
        open_library(settings, create=True).close()  # live evidence needs no prior library
    answerer = build_answerer(settings, use_llm=not no_llm)
    _attach_live(answerer, settings, source)
    filters = SearchFilters(year_min=year_min)
    if questions is not None:
        with pubmed_errors():
            _batch(answerer, questions, filters)
        return
    assert question is not None
    stream = _streamer() if answerer.llm is not None and fmt == "terminal" else None
    with pubmed_errors():
        answer, hits = answerer.ask_with_evidence(
            question, audience, thread_id=thread, filters=filters, on_token=stream
        )
    if fmt == "terminal":
        render_terminal(answer)
        if answer.thread_id:
            err_console.print(f'[dim]Follow up: medcite ask "..." --thread {answer.thread_id}[/]')
    else:
        sys.stdout.write(render(answer, fmt, hits=hits) + "\n")
    if explain:
        _explain(answerer, question)


def _streamer() -> Callable[[str], None]:
    # The LLM's tokens stream to stderr as they arrive; the verified answer is rendered after.
    def on_token(token: str) -> None:
        err_console.print(token, end="", style="dim", markup=False, highlight=False)

    return on_token


def _batch(answerer: Answerer, path: Path, filters: SearchFilters) -> None:
    if not path.is_file():
        fail(f"{path}: no such file")
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                qid, text = item["id"], str(item["question"])
                audience = Audience(item.get("audience", "clinician"))
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                fail(
                    f"{path}:{lineno}: need a JSON object with 'id', 'question' and optional 'audience' ({exc})"
                )
            answer = answerer.ask(text, audience, filters=filters)
            sys.stdout.write(
                json.dumps({"id": qid, **answer.model_dump(mode="json")}, ensure_ascii=False) + "\n"
            )
            sys.stdout.flush()


def _attach_live(answerer: Answerer, settings: Settings, source: str) -> None:
    """Search PubMed live before retrieving (`both`), or answer from it alone (`pubmed`)."""
    if source == "library":
        return
    searcher = answerer.searcher
    answerer.live = build_live(settings, searcher.library, searcher.embedder)
    answerer.live_only = source == "pubmed"


def _explain(answerer: Answerer, question: str) -> None:
    """The searches behind the answer, on stderr: library queries, then PubMed's to rerun."""
    from medcite.analysis import analyze

    err_console.print("[bold]library queries:[/]", highlight=False)
    for query in analyze(question).search_queries:
        err_console.print(f"  {query}", highlight=False, markup=False)
    live = getattr(answerer.live, "last", None)
    if live is not None:
        err_console.print("[bold]PubMed queries (paste into pubmed.ncbi.nlm.nih.gov):[/]")
        for line in live.explain_lines():
            err_console.print(f"  {line}", highlight=False, markup=False, soft_wrap=True)
