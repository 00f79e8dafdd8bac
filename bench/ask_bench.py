"""`ask` latency (extractive composer), p50/p95, on a built library; models loaded once.

python bench/ask_bench.py --library /work/bench-lib50k [--no-dense]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from _common import latency_summary, save

from medcite.answering import Answerer
from medcite.embed import get_embedder
from medcite.library.store import Library
from medcite.retrieval import Searcher

QUESTIONS = [
    "What is the treatment for pars defect?",
    "Treatment options for bilateral L5 pars defect after a fall in a 22-year-old female",
    "What is the first-line treatment for a gout flare?",
    "How is acute kidney injury diagnosed?",
    "What is the prognosis of heart failure?",
    "Is metformin safe in chronic kidney disease?",
    "Management of community-acquired pneumonia in adults",
    "What are the side effects of amiodarone?",
    "Screening for colorectal cancer in a 50-year-old man",
    "Dose of amoxicillin for otitis media in children",
    "Aspirin versus clopidogrel after myocardial infarction",
    "What causes hypertension in pregnancy?",
    "Treatment of acute asthma exacerbation in the emergency department",
    "How to manage diabetic ketoacidosis?",
    "What is the best imaging for suspected pulmonary embolism?",
    "Treatment of Helicobacter pylori infection",
    "Prognosis after hip fracture in older adults",
    "How should osteoporosis be treated in postmenopausal women?",
    "What is the treatment for migraine in adolescents?",
    "Antibiotics for urinary tract infection in a 30-year-old woman",
]


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--library", type=Path, required=True)
    ap.add_argument("--no-dense", action="store_true", help="Lexical retrieval only.")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    lib = Library.open(args.library, create=False)
    embedder = None if args.no_dense else get_embedder("minilm")
    answerer = Answerer(Searcher(lib, embedder))
    t0 = time.perf_counter()
    answerer.ask(QUESTIONS[0])  # first call loads the model, the vector matrix and the vocabulary
    warmup_s = time.perf_counter() - t0
    ms: list[float] = []
    abstained = 0
    for _ in range(args.rounds):
        for q in QUESTIONS:
            t0 = time.perf_counter()
            answer = answerer.ask(q)
            ms.append((time.perf_counter() - t0) * 1000)
            abstained += answer.abstained
    stats = lib.stats()
    save(
        "ask",
        {
            "library": {k: stats[k] for k in ("documents", "chunks", "vectors")},
            "dense": embedder is not None,
            "first_call_seconds": round(warmup_s, 2),
            "extractive": latency_summary(ms),
            "abstained_share": round(abstained / len(ms), 2),
        },
    )


if __name__ == "__main__":
    main()
