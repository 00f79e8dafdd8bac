"""Give every passage without a vector a random unit vector, for LATENCY benchmarks only.

Dense search cost is one matrix-vector product over all stored vectors, whatever their values,
so a library where embedding every passage would take hours on this machine can still measure
search latency at full size. Retrieval QUALITY is never measured on such a library (see
retrieval_quality.py, which embeds for real). The model id is the real one so the Searcher uses it.

    python bench/fill_synthetic_vectors.py /work/bench-lib50k
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from medcite.embed.onnx_minilm import DIM, OnnxMiniLM
from medcite.library.store import Library


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("library", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    lib = Library.open(args.library, create=False)
    model = OnnxMiniLM().model_id
    rng = np.random.default_rng(args.seed)
    real = lib.stats()["vectors"]
    filled = 0
    while batch := lib.pending_vectors(model, 5000):
        vecs = rng.standard_normal((len(batch), DIM)).astype(np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        lib.put_vectors(model, [r for r, _ in batch], vecs)
        filled += len(batch)
    print(f"real vectors before: {real}; synthetic vectors added: {filled}")


if __name__ == "__main__":
    main()
