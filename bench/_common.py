"""Shared helpers for benchmarks: machine description, timing, peak memory, IR metrics."""

from __future__ import annotations

import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
OUT = REPO / "bench" / "out"


def machine() -> dict[str, object]:
    """What the numbers were measured on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(mem_gb, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        # Other work on this shared 2-core machine slows every number: record how busy it was.
        "load_avg_1_5_15": [round(x, 2) for x in os.getloadavg()],
    }


def peak_rss_mb() -> float:
    """Peak resident memory of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_child_rss_mb() -> float:
    """Largest peak resident memory among this process's finished children (worker processes)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    idx = max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[idx]


def latency_summary(ms: Sequence[float]) -> dict[str, float]:
    """p50/p95/mean in milliseconds."""
    return {
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "mean_ms": round(statistics.fmean(ms), 2),
        "n": len(ms),
    }


def ir_metrics(ranked: Sequence[Sequence[str]], relevant: Sequence[set[str]]) -> dict[str, float]:
    """recall@1, recall@10, MRR@10 and nDCG@10 over document ids (binary relevance)."""
    r1 = r10 = mrr = ndcg = 0.0
    for docs, rel in zip(ranked, relevant, strict=True):
        top = list(dict.fromkeys(docs))[:10]
        r1 += float(bool(top[:1]) and top[0] in rel)
        r10 += len(rel.intersection(top)) / len(rel)
        for i, d in enumerate(top, start=1):
            if d in rel:
                mrr += 1 / i
                break
        dcg = sum(1 / math.log2(i + 1) for i, d in enumerate(top, start=1) if d in rel)
        ideal = sum(1 / math.log2(i + 1) for i in range(1, min(len(rel), 10) + 1))
        ndcg += dcg / ideal
    n = len(ranked)
    return {
        "recall@1": round(r1 / n, 4),
        "recall@10": round(r10 / n, 4),
        "mrr@10": round(mrr / n, 4),
        "ndcg@10": round(ndcg / n, 4),
        "queries": n,
    }


def run_child(code: str, *args: str) -> dict[str, object]:
    """Run `code` in a fresh interpreter (so peak RSS is its own) and parse its JSON stdout."""
    proc = subprocess.run(
        [sys.executable, "-c", "import sys; sys.path.insert(0, 'bench')\n" + code, *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark child failed:\n{proc.stderr[-4000:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def save(name: str, data: dict[str, object]) -> Path:
    """Write results to bench/out/<name>.json and print them."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    data = {
        "machine": machine(),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        **data,
    }
    path.write_text(json.dumps(data, indent=2))
    print(json.dumps(data, indent=2))
    return path
