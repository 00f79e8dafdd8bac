"""`medcite search`: hybrid search of the library, one query or a batch file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.text import Text

from medcite.cli.common import (
    JsonOpt,
    LibraryOpt,
    embedder_for,
    fail,
    open_library,
    out_console,
    print_json,
    settings_for,
)
from medcite.records import EvidenceLevel, SearchFilters, SearchResult, SourceType
from medcite.retrieval import Mode, Searcher
from medcite.settings import Settings

HELP = """Search the library: BM25 and dense results fused, evidence-aware, synonyms expanded.

Examples:

  medcite search "pars defect treatment"
  medcite search "heart attack aspirin" -k 5 --json
  medcite search "asthma" --level guideline --level systematic_review --year-min 2015
  medcite search --queries queries.jsonl > results.jsonl   (lines: {"id": ..., "query": ...})
"""


def build_searcher(settings: Settings, library: Path | None = None) -> Searcher:
    """A Searcher with models loaded once (used by search, ask and evaluation)."""
    lib = open_library(settings, create=False)
    return Searcher(
        lib,
        embedder_for(settings, lib),
        expand=settings.expand_synonyms,
        candidates=settings.candidates,
        rrf_k=settings.rrf_k,
        fusion=settings.fusion,
        lexical_weight=settings.lexical_weight,
        level_strength=settings.level_weight,
        recency_strength=settings.recency_weight,
        per_doc=settings.per_doc,
    )


def search(
    query: str | None = typer.Argument(None, help="What to search for."),
    k: int = typer.Option(10, "-k", min=1, max=200, help="Number of hits."),
    library: Path | None = LibraryOpt,
    as_json: bool = JsonOpt,
    queries: Path | None = typer.Option(
        None, "--queries", help="JSONL file of {id, query}; writes JSONL."
    ),
    year_min: int | None = typer.Option(None, "--year-min", help="Earliest publication year."),
    year_max: int | None = typer.Option(None, "--year-max", help="Latest publication year."),
    level: list[EvidenceLevel] = typer.Option([], "--level", help="Evidence level(s) to keep."),
    source: list[SourceType] = typer.Option([], "--source", help="Source type(s) to keep."),
    mode: Mode = typer.Option(Mode.HYBRID, "--mode", help="hybrid, lexical or dense."),
    no_expand: bool = typer.Option(False, "--no-expand", help="Do not add vocabulary synonyms."),
) -> None:
    if (query is None) == (queries is None):
        fail("give a QUERY or --queries FILE.jsonl (not both)")
    settings = settings_for(library, expand_synonyms=False if no_expand else None)
    searcher = build_searcher(settings)
    filters = SearchFilters(year_min=year_min, year_max=year_max, levels=level, source_types=source)
    if queries is not None:
        _batch(searcher, queries, k, filters, mode)
        return
    assert query is not None
    result = searcher.search(query, k=k, filters=filters, mode=mode)
    if as_json:
        print_json(result.model_dump(mode="json"))
    else:
        _print_table(result)


def _batch(searcher: Searcher, path: Path, k: int, filters: SearchFilters, mode: Mode) -> None:
    if not path.is_file():
        fail(f"{path}: no such file")
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                qid, text = item["id"], item["query"]
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                fail(
                    f"{path}:{lineno}: each line needs a JSON object with 'id' and 'query' ({exc})"
                )
            result = searcher.search(str(text), k=k, filters=filters, mode=mode)
            out = {"id": qid, **result.model_dump(mode="json")}
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")


def _print_table(result: SearchResult) -> None:
    if result.expanded_terms:
        out_console.print(
            f"[dim]synonyms added:[/] {', '.join(result.expanded_terms)}", highlight=False
        )
    if not result.hits:
        out_console.print("No hits. Try other words, or ingest more sources with `medcite ingest`.")
        return
    for i, hit in enumerate(result.hits, start=1):
        ref = f"PMID {hit.pmid}" if hit.pmid else (f"doi:{hit.doi}" if hit.doi else hit.doc_id)
        head = Text(f"{i:>2}. ", style="bold")
        head.append(hit.title or hit.doc_id, style="bold")
        head.append(f"  [{hit.evidence_label}, {hit.year or 'n.d.'}]", style="cyan")
        out_console.print(head)
        text = hit.text if len(hit.text) < 400 else hit.text[:397] + "..."
        body = Text("    ")
        if hit.section:
            body.append(f"{hit.section}: ", style="italic")
        body.append(text)
        out_console.print(body)
        out_console.print(Text(f"    {ref}  score {hit.score:.4f}", style="dim"))
