"""Reading level of answers per audience (Flesch-Kincaid grade, the formula `reading_level` uses).

A fixed set of patient questions is answered for each audience on the sample guideline library
(`medcite library init-samples --no-pubmed`), plus the two reference questions of docs/examples.md
on the test fixture library (the samples hold no spondylolysis evidence). Abstained answers are
counted but left out of the grade statistics: their text is a fixed notice, not an answer.

    MEDCITE_HOME=/tmp/mc medcite library init-samples --no-pubmed
    python bench/readability_bench.py --library /tmp/mc/library [--no-dense] [--name NAME]

Prints mean/median grade per audience and saves bench/out/<name>.json (default "readability").
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from _common import save

from medcite.answering import Answerer
from medcite.compose import ComposeOptions
from medcite.embed import get_embedder
from medcite.library.store import Library
from medcite.records import Answer, Audience
from medcite.retrieval import Searcher

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_examples import CASE, GENERIC, fixture_library

#: Questions a patient might ask that the 43 open-medicine guideline summaries cover.
SAMPLE_QUESTIONS = [
    "What is the first-line treatment for a gout flare?",
    "How is a gout flare treated?",
    "What is the treatment for community-acquired pneumonia?",
    "How is a COPD exacerbation treated?",
    "What is the first-line treatment for high blood pressure?",
    "How is asthma treated?",
    "What fluids are given for sepsis?",
    "What medicines are used for heart failure with reduced ejection fraction?",
    "What is the first medicine for type 2 diabetes?",
    "How is chronic kidney disease staged?",
    "How is deep vein thrombosis treated?",
    "How is diabetic ketoacidosis treated?",
    "How is pulmonary embolism diagnosed?",
    "What is the treatment for atrial fibrillation?",
    "How is osteoporosis treated?",
    "What is the treatment for rheumatoid arthritis?",
    "How is depression treated?",
    "How is acute pancreatitis treated?",
    "What is the treatment for a urinary tract infection?",
    "How is bacterial meningitis treated?",
    "How is a stroke treated?",
    "How is alcohol use disorder treated?",
]
AUDIENCES = (Audience.CLINICIAN, Audience.PATIENT, Audience.STUDENT)


def _summary(grades: list[float]) -> dict[str, float | int]:
    if not grades:
        return {"n": 0}
    return {
        "n": len(grades),
        "mean": round(statistics.fmean(grades), 2),
        "median": round(statistics.median(grades), 2),
        "max": max(grades),
        "share_at_or_below_8.5": round(sum(g <= 8.5 for g in grades) / len(grades), 3),
    }


def _answerer(lib: Library, dense: bool) -> Answerer:
    embedder = get_embedder("minilm") if dense else None
    if embedder is not None and embedder.model_id not in lib.vector_models():
        embedder = None
    return Answerer(Searcher(lib, embedder), compose_options=ComposeOptions(reference_year=2026))


def _record(question: str, library: str, answers: dict[Audience, Answer]) -> dict[str, object]:
    return {
        "question": question,
        "library": library,
        "abstained": answers[Audience.CLINICIAN].abstained,
        **{a.value: answers[a].reading_level for a in AUDIENCES},
        "patient_checked": answers[Audience.PATIENT].verification.checked,
        "patient_dropped": answers[Audience.PATIENT].verification.dropped,
        "patient_reattributed": answers[Audience.PATIENT].verification.reattributed,
    }


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--library", type=Path, required=True, help="The init-samples library.")
    ap.add_argument("--no-dense", action="store_true", help="Lexical retrieval only.")
    ap.add_argument("--name", default="readability", help="Output name in bench/out/.")
    args = ap.parse_args()
    rows: list[dict[str, object]] = []
    samples = _answerer(Library.open(args.library, create=False), not args.no_dense)
    for q in SAMPLE_QUESTIONS:
        rows.append(_record(q, "samples", {a: samples.ask(q, a) for a in AUDIENCES}))
    with tempfile.TemporaryDirectory() as tmp:
        fixture = _answerer(fixture_library(Path(tmp)), not args.no_dense)
        for q in (GENERIC, CASE):
            rows.append(_record(q, "fixture", {a: fixture.ask(q, a) for a in AUDIENCES}))
    answered = [r for r in rows if not r["abstained"]]
    per_audience = {
        a.value: _summary([float(str(r[a.value])) for r in answered if r[a.value] is not None])
        for a in AUDIENCES
    }
    for row in rows:
        print(
            f"{row['clinician']!s:>5} {row['patient']!s:>5} {row['student']!s:>5}  "
            f"{'ABSTAINED ' if row['abstained'] else ''}{row['question']}",
            file=sys.stderr,
        )
    save(
        args.name,
        {
            "formula": "Flesch-Kincaid grade (medcite.compose.flesch_kincaid_grade)",
            "questions": len(rows),
            "answered": len(answered),
            "dense": not args.no_dense,
            "per_audience": per_audience,
            "patient_verification": {
                "checked": sum(int(str(r["patient_checked"])) for r in rows),
                "dropped": sum(int(str(r["patient_dropped"])) for r in rows),
                "reattributed": sum(int(str(r["patient_reattributed"])) for r in rows),
            },
            "rows": rows,
        },
    )


if __name__ == "__main__":
    main()
