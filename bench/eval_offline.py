"""Run the offline `medcite eval` suites on the real data in ../shared/data and collect the
results: bench/out/eval-<suite>.json per run, and bench/out/eval.md with every snippet.

The LLM suites (mcq, pubmedqa) are listed as needing an LLM unless MEDCITE_LLM_BASE_URL is set;
bench/eval_llm.py runs them (and K-QA with an LLM judge) with a local GGUF model, resumably.

    python bench/eval_offline.py --library /tmp/eval-home/library --answers /tmp/answers.jsonl
    python bench/eval_offline.py --only expertqa,retrieval
    python bench/eval_offline.py --collect            (only rebuild eval.md from the JSON files)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from _common import OUT, REPO, machine

MEDCITE = str(Path(sys.executable).with_name("medcite"))

RUNS: dict[str, list[str]] = {
    "expertqa": ["citations-expertqa"],
    "retrieval-pubmedqa": [
        "retrieval",
        "--dataset",
        "pubmedqa",
        "--limit",
        "300",
        "--modes",
        "lexical,hybrid,dense",
        "--work-dir",
        "/tmp/eval-work/pubmedqa",
    ],
    "retrieval-pubmedqa-distractors": [
        "retrieval",
        "--dataset",
        "pubmedqa",
        "--limit",
        "300",
        "--modes",
        "lexical",
        "--distractors",
        "--work-dir",
        "/tmp/eval-work/pubmedqa-distractors",
    ],
    "kqa": ["kqa", "--limit", "50"],
    "integrity": ["integrity"],
    "mcq": ["mcq", "--limit", "50"],
    "pubmedqa": ["pubmedqa", "--limit", "100"],
}
ORDER = list(RUNS)


def run(name: str, library: str | None, answers: str | None) -> None:
    args = [MEDCITE, "eval", *RUNS[name]]
    if name == "integrity":
        if not answers:
            print("integrity: skipped (give --answers answers.jsonl)")
            return
        args.insert(3, answers)
    if name in ("kqa", "integrity", "mcq") and library:
        args += ["--library", library]
    args += ["--out", str(OUT / f"eval-{name}.json"), "--markdown", str(OUT / f"eval-{name}.md")]
    env = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE"}
    t0 = time.perf_counter()
    proc = subprocess.run(args, cwd=REPO, env=env, check=False, capture_output=True, text=True)
    print(f"{name}: exit {proc.returncode} in {time.perf_counter() - t0:.0f}s")
    if proc.returncode != 0:
        print(proc.stderr[-2000:])


def collect() -> Path:
    m = machine()
    lines = [
        "## medcite eval — offline suites",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores (shared), {m['ram_gib']} GiB RAM, "
        f"Python {m['python']}, {m['platform']}.",
        "Data: ../shared/data (see its DATA.md). Re-run: `python bench/eval_offline.py ...`.",
        "",
    ]
    for name in ORDER:
        md, js = OUT / f"eval-{name}.md", OUT / f"eval-{name}.json"
        if md.is_file():
            lines.append(md.read_text())
        elif js.is_file() and json.loads(js.read_text()).get("skipped"):
            lines += [f"### {name}", "", f"Skipped: {json.loads(js.read_text())['skipped']}", ""]
    path = OUT / "eval.md"
    path.write_text("\n".join(lines))
    return path


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--only", default="", help=f"Comma list of {', '.join(ORDER)}.")
    ap.add_argument("--library", help="Library for kqa/integrity/mcq (default: $MEDCITE_HOME).")
    ap.add_argument("--answers", help="answers.jsonl from `medcite ask --questions` (integrity).")
    ap.add_argument("--collect", action="store_true", help="Only rebuild bench/out/eval.md.")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if not args.collect:
        names = [n for n in args.only.split(",") if n] or ORDER
        for name in names:
            run(name, args.library, args.answers)
    print(f"wrote {collect()}")


if __name__ == "__main__":
    main()
