"""The LLM answer path of `medcite ask` with a local GGUF model: time to first token, total time,
tokens/s, fallbacks and verification counts, on the sample guideline library.

The library is made the way a user makes it (`medcite library init-samples --no-pubmed` into a
temporary MEDCITE_HOME); answers go through the same `Answerer` that `medcite ask` builds, with
the GGUF model composing (streamed) and judging citations. One JSON line per question is appended
to the output as soon as it is done, and questions already there are skipped: an interrupted run
is resumed by running it again.

    python bench/llm_answer_bench.py --gguf /path/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import OUT, machine

from medcite.answering import llm_fell_back

# The reference questions of docs/examples.md, then questions the sample guidelines cover.
QUESTIONS = [
    "What is the first-line treatment for a gout flare?",
    "What is the treatment for pars defect?",
    "Treatment options for bilateral L5 pars defect after a fall in a 22-year-old female",
    "What is the prognosis of heart failure?",
    "Management of community-acquired pneumonia in adults",
]
MEDCITE = str(Path(sys.executable).with_name("medcite"))


def sample_library(home: Path) -> Path:
    """`medcite library init-samples --no-pubmed` into ``home`` (reused when already there)."""
    library = home / "library"
    if not (home / "samples.done").is_file():
        env = {**os.environ, "MEDCITE_HOME": str(home)}
        subprocess.run([MEDCITE, "library", "init-samples", "--no-pubmed"], env=env, check=True)
        (home / "samples.done").write_text("ok\n")
    return library


def ask_one(answerer: Any, question: str) -> dict[str, Any]:
    """Answer ``question``, timing the first streamed token and the end."""
    pieces: list[float] = []
    cpu0 = time.process_time()
    t0 = time.perf_counter()

    def on_token(_text: str) -> None:
        pieces.append(time.perf_counter() - t0)

    answer = answerer.ask(question, on_token=on_token)
    total = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    v = answer.verification
    gen = pieces[-1] - pieces[0] if len(pieces) > 1 else 0.0
    return {
        "question": question,
        "composer": answer.composer,
        "fallback": llm_fell_back(answer),
        "abstained": answer.abstained,
        "warnings": answer.warnings,
        "ttft_s": round(pieces[0], 2) if pieces else None,
        "generation_s": round(gen, 2),
        "total_s": round(total, 2),
        # CPU seconds of this process: unlike wall time, not inflated by other load or by a
        # SIGSTOP pause (other engineers pause llama processes while they benchmark).
        "cpu_s": round(cpu, 2),
        "tokens": len(pieces),
        "tokens_per_s": round((len(pieces) - 1) / gen, 2) if gen > 0 else None,
        "sections": len(answer.sections),
        "references": len(answer.references),
        "verification": {
            "checked": v.checked,
            "kept": v.kept,
            "reattributed": v.reattributed,
            "dropped": v.dropped,
            "removed_citations": v.removed_citations,
        },
        "bottom_line": answer.bottom_line.text,
    }


def build(library: Path, gguf: str, threads: int, ctx: int) -> Any:
    from medcite.answering import Answerer
    from medcite.cli.search_cmd import build_searcher
    from medcite.llm import Message, llm_from_settings
    from medcite.settings import load_settings

    settings = load_settings(library=library)
    llm = llm_from_settings(None, None, None, 0.0, gguf, n_threads=threads, n_ctx=ctx)
    assert llm is not None
    answerer = Answerer(build_searcher(settings), llm=llm, settings_hash=settings.answer_hash())
    # Load the model and the embedder before timing anything.
    llm.complete([Message(role="user", content="hi")], max_tokens=1)
    answerer.searcher.search("warm up", k=1)
    return answerer


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    def med(key: str) -> float | None:
        values = [r[key] for r in rows if r.get(key) is not None]
        return round(statistics.median(values), 2) if values else None

    return {
        "questions": len(rows),
        "median_ttft_s": med("ttft_s"),
        "median_total_s": med("total_s"),
        "median_tokens_per_s": med("tokens_per_s"),
        "fallbacks": sum(r["fallback"] for r in rows),
        "abstained": sum(r["abstained"] for r in rows),
        "verification": {
            k: sum(r["verification"][k] for r in rows)
            for k in ("checked", "kept", "reattributed", "dropped", "removed_citations")
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gguf", default=os.environ.get("MEDCITE_LLM_GGUF", "packaged"))
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--ctx", type=int, default=4096)
    parser.add_argument("--home", type=Path, default=Path(tempfile.gettempdir()) / "llm-bench-home")
    parser.add_argument("--out", type=Path, default=OUT / "llm-answer-bench.jsonl")
    args = parser.parse_args()
    os.environ["OMP_WAIT_POLICY"] = "PASSIVE"
    library = sample_library(args.home)
    done = {}
    if args.out.is_file():
        for line in args.out.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue  # cut short by a kill
            done[row["question"]] = row
    answerer = None
    for question in QUESTIONS:
        if question in done:
            continue
        if answerer is None:
            t0 = time.perf_counter()
            answerer = build(library, args.gguf, args.threads, args.ctx)
            print(f"answerer ready in {time.perf_counter() - t0:.1f} s", flush=True)
        row = ask_one(answerer, question)
        row.update(machine=machine(), n_threads=args.threads, n_ctx=args.ctx, gguf=args.gguf)
        with args.out.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        done[question] = row
        print(json.dumps({k: row[k] for k in ("question", "ttft_s", "total_s", "tokens_per_s",
                                              "fallback", "verification")}), flush=True)  # fmt: skip
    rows = [done[q] for q in QUESTIONS if q in done]
    result = {"summary": summary(rows), "command": " ".join(sys.argv)}
    (OUT / "llm-answer-bench.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result["summary"], indent=2))


if __name__ == "__main__":
    main()
