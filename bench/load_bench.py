"""Load benchmark on loopback: N concurrent clients ask questions and read articles for T seconds.

Starts `medcite serve`'s app with uvicorn on 127.0.0.1 over a small library (hash embedder, no
model downloads), gives each client its own clinician API key, and reports throughput, p50/p95
latency per kind of request, the error count, and whether every saved article reads back.

    python bench/load_bench.py                       # 50 clients, 60 s
    python bench/load_bench.py --clients 20 --seconds 20
"""

from __future__ import annotations

import argparse
import asyncio
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import uvicorn

from medcite.articles import Role
from medcite.embed import get_embedder
from medcite.ingest.pipeline import Ingestor
from medcite.library.store import Library
from medcite.server import ServerConfig, build_services, create_app
from medcite.settings import load_settings

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "server" / "library.jsonl"
QUESTIONS = [
    "What is the treatment for pars defect?",
    "Treatment options for bilateral L5 pars defect after a fall in a 22-year-old female",
    "What is the first-line treatment for a gout flare?",
    "Inhaled corticosteroids for persistent asthma in children",
]


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    saved: list[str] = field(default_factory=list)

    def record(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def _client(base: str, key: str, until: float, stats: Stats, seed: int) -> None:
    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {key}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as client:
        while time.monotonic() < until:
            roll = rng.random()
            kind = "ask+save" if roll < 0.1 else "ask" if roll < 0.4 else "read"
            t0 = time.perf_counter()
            try:
                if kind == "read" and stats.saved:
                    r = await client.get(f"/api/articles/{rng.choice(stats.saved)}")
                elif kind == "read":
                    r = await client.get("/api/articles", params={"limit": 20})
                else:
                    body = {"question": rng.choice(QUESTIONS), "save": kind == "ask+save",
                            "audience": rng.choice(["clinician", "patient", "student"])}  # fmt: skip
                    r = await client.post("/api/ask", json=body)
                if r.status_code != 200:
                    stats.errors.append(f"{kind}: {r.status_code} {r.text[:120]}")
                elif kind == "ask+save":
                    stats.saved.append(r.json()["article"]["slug"])
            except httpx.HTTPError as exc:
                stats.errors.append(f"{kind}: {type(exc).__name__} {exc}")
            stats.record(kind, time.perf_counter() - t0)


async def _verify(base: str, keys: list[str], slugs: list[str]) -> int:
    """Read every saved article back (keys used in turn: each has its own rate bucket)."""
    auth = [{"Authorization": f"Bearer {key}"} for key in keys]
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        lost = 0
        for i, slug in enumerate(slugs):
            r = await client.get(f"/api/articles/{slug}", headers=auth[i % len(auth)])
            lost += r.status_code != 200
        listing = await client.get("/api/articles", params={"limit": 500}, headers=auth[-1])
        listed = listing.json()
        missing = set(slugs) - {a["slug"] for a in listed}
        return lost + (len(missing) if len(slugs) <= 500 else 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2, help="Answerers in the server's pool.")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="medcite-bench-"))
    with Library.open(tmp / "lib") as lib:
        Ingestor(lib, get_embedder("hash"), use_worker=False).run([FIXTURE])
    settings = load_settings(library=tmp / "lib", embedder="hash", home=tmp / "home")
    config = ServerConfig(workers=args.workers, check_stale_on_start=False)
    services = build_services(settings, config)
    keys = [services.users.add(f"bench{i}", Role.CLINICIAN)[1] for i in range(args.clients)]
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, services=services),
                                           host="127.0.0.1", port=port, log_level="warning"))  # fmt: skip
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"

    stats = Stats()
    until = time.monotonic() + args.seconds
    t0 = time.perf_counter()

    async def run() -> int:
        await asyncio.gather(*(_client(base, k, until, stats, i) for i, k in enumerate(keys)))
        return await _verify(base, keys, stats.saved)

    lost = asyncio.run(run())
    elapsed = time.perf_counter() - t0
    server.should_exit = True
    total = sum(len(v) for v in stats.latencies.values())
    print(f"clients={args.clients} seconds={args.seconds:g} server-workers={args.workers}")
    print(f"requests={total} throughput={total / elapsed:.1f} req/s errors={len(stats.errors)}")
    every = [v for values in stats.latencies.values() for v in values]
    if every:
        print(
            f"  all       n={total:5d} p50={_pct(every, 0.5):7.1f} ms p95={_pct(every, 0.95):7.1f} ms"
        )
    for kind, values in sorted(stats.latencies.items()):
        print(f"  {kind:9s} n={len(values):5d} p50={_pct(values, 0.5):7.1f} ms "
              f"p95={_pct(values, 0.95):7.1f} ms mean={statistics.mean(values) * 1000:7.1f} ms")  # fmt: skip
    print(f"articles saved={len(stats.saved)} lost={lost}")
    for error in stats.errors[:5]:
        print("  error:", error)
    return 0 if not stats.errors and lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
