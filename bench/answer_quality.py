"""Answer quality on guideline questions: answered vs abstained, and a bottom line that cites the
guideline passage holding the recommendation.

A fixed list of questions that the 43 open-medicine guideline summaries cover (plus the two
reference questions, which they do not: the right answer there is an abstention). For each
question we name the guideline documents that hold the answer and the words of the
recommendation ("needles": any one group, all its words, case-insensitive). A question counts as

- ``answered``: not abstained;
- ``cites_guideline``: the bottom line cites a passage of one of those documents;
- ``cites_recommendation``: ... and that passage contains one needle group;
- ``states_recommendation``: the bottom line's own text contains one needle group.

    MEDCITE_HOME=/tmp/mc16 medcite library init-samples --no-pubmed
    python bench/answer_quality.py --library /tmp/mc16/library [--name NAME]

Runs each question lexical-only and hybrid (BM25 + MiniLM), prints a table and saves
bench/out/<name>.json (default "answer-quality"). ``HELD_OUT`` questions (fixed before the
composer changes they measure) are scored the same way and reported separately, under
"held_out" in each mode.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from _common import save

from medcite.answering import Answerer
from medcite.compose import ComposeOptions
from medcite.embed import Embedder, get_embedder
from medcite.library.store import Library
from medcite.records import Answer, Hit
from medcite.retrieval import Searcher

GENERIC = "What is the treatment for pars defect?"
CASE = "Treatment options for bilateral L5 pars defect after a fall in a 22-year-old female"


@dataclass(frozen=True)
class Case:
    """One benchmark question: where its answer lives and the words of the recommendation."""

    id: str
    question: str
    docs: tuple[str, ...]  # document ids (or id prefixes) that hold the answer
    needles: tuple[tuple[str, ...], ...]  # any group; every word of the group
    abstain: bool = False  # the library cannot answer it: abstaining is right


OM = "open-medicine:"
CASES = [
    Case("gout-flare", "What is the first-line treatment for a gout flare?",
         (OM + "acr_gout_2020/flare_management",), (("colchicine", "nsaid", "glucocorticoid"),)),
    Case("colchicine-dose", "What is the dose of colchicine for a gout flare?",
         (OM + "acr_gout_2020/flare_management",), (("1.2 mg", "0.6 mg"),)),
    Case("cap", "What is the treatment for community-acquired pneumonia?",
         (OM + "ats_idsa_cap_2019/", OM + "bts_cap_2009/antibiotic"),
         (("amoxicillin",), ("doxycycline",), ("macrolide",), ("beta-lactam",), ("azithromycin",))),
    Case("cap-outpatient", "Which antibiotics are recommended for outpatients with community-acquired pneumonia?",
         (OM + "ats_idsa_cap_2019/empiric", OM + "bts_cap_2009/antibiotic"),
         (("amoxicillin",), ("doxycycline",), ("macrolide",), ("azithromycin",))),
    Case("sepsis-fluids", "How much IV fluid should be given in sepsis?",
         (OM + "ssc_sepsis_2021/", OM + "sepsis3_2016/"), (("30 ml/kg",),)),
    Case("sepsis-fluids-terse", "sepsis fluids",
         (OM + "ssc_sepsis_2021/", OM + "sepsis3_2016/"), (("30 ml/kg",), ("crystalloid",))),
    Case("ckd-staging", "How is chronic kidney disease staged?",
         (OM + "kdigo_ckd_2024/staging", OM + "kdigo_ckd_2024/evaluation"),
         (("g1",), ("g3a",), ("gfr", "albuminuria"))),
    Case("ckd-staging-terse", "CKD staging",
         (OM + "kdigo_ckd_2024/staging", OM + "kdigo_ckd_2024/evaluation"),
         (("g1",), ("g3a",), ("gfr", "albuminuria"))),
    Case("af-anticoagulation", "When is anticoagulation recommended in atrial fibrillation?",
         (OM + "acc_aha_af_2023/anticoagulation",), (("cha2ds2-vasc",), ("doac",), ("oac is recommended",))),
    Case("af-anticoagulation-terse", "atrial fibrillation anticoagulation",
         (OM + "acc_aha_af_2023/anticoagulation",), (("cha2ds2-vasc",), ("doac",), ("oac is recommended",))),
    Case("hypertension", "What is the first-line treatment for hypertension?",
         (OM + "acc_aha_hypertension_2017/pharmacotherapy",), (("thiazide",), ("calcium channel blocker",))),
    Case("t2dm", "What is the first-line treatment for type 2 diabetes?",
         (OM + "ada_diabetes_2024/pharmacotherapy",), (("metformin",), ("sglt2",), ("glp-1",))),
    Case("metformin-dose", "What is the dose of metformin?",
         (OM + "ada_diabetes_2024/pharmacotherapy",), (("metformin", "mg"),)),
    Case("asthma-step-up", "How should asthma treatment be stepped up?",
         (OM + "gina_asthma_2024/pharmacotherapy",),
         (("step-up",), ("stepping up",), ("step 3",), ("step 4",), ("step 5",))),
    Case("hf-gdmt", "What medications are recommended for heart failure with reduced ejection fraction?",
         (OM + "aha_acc_hf_2022/pharmacotherapy",),
         (("arni",), ("sglt2",), ("beta-blocker",), ("mra",), ("four medication classes",))),
    Case("dvt", "What is the treatment for deep vein thrombosis?",
         (OM + "ash_vte_2020/",), (("doac",), ("apixaban",), ("rivaroxaban",), ("anticoagula",))),
    Case("pe-diagnosis", "How is pulmonary embolism diagnosed?",
         (OM + "wells_pe_2000/",), (("wells",), ("d-dimer",), ("ctpa",))),
    Case("dka", "How is diabetic ketoacidosis treated?",
         (OM + "ada_dka_hhs_2024/",), (("insulin",), ("fluid",), ("crystalloid",), ("saline",))),
    Case("copd", "What is the initial treatment for COPD with frequent exacerbations?",
         (OM + "gold_copd_2024/initial_pharmacotherapy",), (("laba", "lama"),)),
    Case("pars-generic", GENERIC, (), (), abstain=True),
    Case("pars-case", CASE, (), (), abstain=True),
]  # fmt: skip

# Held-out questions, written (with their documents and needles) before the composer changes
# they report on, and never tuned against: a guard against rules that only fit CASES.
HELD_OUT = [
    Case("asthma-exacerbation", "How is an acute asthma exacerbation treated?",
         (OM + "gina_asthma_2024/acute_exacerbation_management",),
         (("salbutamol",), ("saba",), ("systemic corticosteroid",), ("prednisolone",),
          ("ipratropium",))),
    # The library holds COPD maintenance therapy only: an exacerbation question must abstain.
    Case("copd-exacerbation", "How is a COPD exacerbation treated?", (), (), abstain=True),
    Case("burn-fluids", "How much IV fluid should be given in burn resuscitation?",
         (OM + "aba_burn_2016/fluid_resuscitation",),
         (("ml/kg",), ("4 ml",), ("2 ml",))),
    Case("meningitis", "What is the empiric antibiotic therapy for healthcare-associated meningitis?",
         (OM + "idsa_meningitis_2017/empiric_and_targeted_therapy",), (("vancomycin",),)),
    Case("alteplase-dose", "What is the dose of alteplase for acute ischemic stroke?",
         (OM + "aha_asa_stroke_2019/thrombolysis",), (("0.9 mg/kg",),)),
    Case("pancreatitis", "What is the initial management of acute pancreatitis?",
         (OM + "acg_acute_pancreatitis_2024/initial_management",),
         (("lactated ringer",), ("hydration",), ("oral feeding",), ("isotonic crystalloid",))),
    Case("aud", "Which medications are recommended for alcohol use disorder?",
         (OM + "apa_aud_2018/fda_approved_medications",), (("naltrexone",), ("acamprosate",))),
    Case("osteoporosis", "What is the first-line treatment for postmenopausal osteoporosis?",
         (OM + "endocrine_osteoporosis_2020/pharmacotherapy",),
         (("bisphosphonate",), ("alendronate",))),
    Case("cuti", "Which antibiotics are recommended for complicated urinary tract infection?",
         (OM + "idsa_uti_2022/empiric_antibiotic_selection",),
         (("cephalosporin",), ("ceftriaxone",), ("piperacillin",), ("fluoroquinolone",),
          ("carbapenem",))),
    Case("aki-staging", "How is acute kidney injury staged?",
         (OM + "kdigo_aki_2012/definition_and_staging",),
         (("stage 1",), ("serum creatinine",), ("urine output",))),
    Case("ugib", "How should acute upper gastrointestinal bleeding be managed?",
         (OM + "nice_ugib_2012/",), (("endoscopy",), ("transfus",), ("resuscitat",))),
    Case("stemi", "What is the reperfusion therapy for acute myocardial infarction?",
         (OM + "acc_aha_stemi_2013/reperfusion_therapy",), (("pci",), ("fibrinoly",))),
]  # fmt: skip


def judge(case: Case, answer: Answer, hits: list[Hit]) -> dict[str, object]:
    """The record of one answer: what it did and whether its bottom line holds the advice."""
    by_chunk = {h.chunk_id: h for h in hits}
    refs = {r.n: r for r in answer.references}
    cited = [
        by_chunk[cid]
        for n in answer.bottom_line.citations
        if n in refs
        for cid in refs[n].chunk_ids
        if cid in by_chunk
    ]
    from_docs = [h for h in cited if any(h.doc_id.startswith(d) for d in case.docs)]
    holds = [h for h in from_docs if _has_needle(case, h.text)]
    answered = not answer.abstained
    return {
        "id": case.id,
        "question": case.question,
        "title": answer.title,
        "answered": answered,
        "expected_abstain": case.abstain,
        "correct_abstention": case.abstain and not answered,
        "bottom_line": answer.bottom_line.text,
        "cited_docs": sorted({h.doc_id for h in cited}),
        "cites_guideline": answered and bool(from_docs),
        "cites_recommendation": answered and bool(holds),
        "states_recommendation": answered and _has_needle(case, answer.bottom_line.text),
    }


def _has_needle(case: Case, text: str) -> bool:
    low = text.lower()
    return any(all(word in low for word in group) for group in case.needles)


def _library_embedder(lib: Library) -> Embedder:
    """The embedder whose vectors the library holds (the default model changes over time)."""
    stored = lib.vector_models()
    try:
        from medcite.embed import embedder_for_models

        embedder = embedder_for_models("minilm", stored)
    except ImportError:  # older code (the "before" run): one MiniLM model
        embedder = get_embedder("minilm")
    if embedder.model_id not in stored:
        raise SystemExit(f"the library holds vectors of {sorted(stored)}, not {embedder.model_id}")
    return embedder


def run(lib: Library, dense: bool) -> dict[str, object]:
    """Every case answered in one retrieval mode: the main set's records and totals, and the
    held-out set's under "held_out"."""
    embedder = _library_embedder(lib) if dense else None
    searcher = Searcher(lib, embedder)
    answerer = Answerer(searcher, compose_options=ComposeOptions(reference_year=2026))
    result = _score(answerer, CASES)
    result["held_out"] = _score(answerer, HELD_OUT)
    return result


def _score(answerer: Answerer, cases: list[Case]) -> dict[str, object]:
    records = []
    for case in cases:
        answer, hits = answerer.ask_with_evidence(case.question)
        records.append(judge(case, answer, hits))
    answerable = [r for r in records if not r["expected_abstain"]]
    totals = {
        "questions": len(records),
        "answerable": len(answerable),
        "answered": sum(bool(r["answered"]) for r in answerable),
        "abstained": sum(not r["answered"] for r in answerable),
        "cites_guideline": sum(bool(r["cites_guideline"]) for r in answerable),
        "cites_recommendation": sum(bool(r["cites_recommendation"]) for r in answerable),
        "states_recommendation": sum(bool(r["states_recommendation"]) for r in answerable),
        "correct_abstentions": sum(bool(r["correct_abstention"]) for r in records),
        "expected_abstentions": len(records) - len(answerable),
    }
    return {"totals": totals, "questions": records}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--library", type=Path, required=True)
    ap.add_argument("--name", default="answer-quality")
    ap.add_argument("--lexical-only", action="store_true", help="Skip the hybrid run.")
    args = ap.parse_args()
    lib = Library.open(args.library, create=False)
    modes = {"lexical": run(lib, dense=False)}
    if not args.lexical_only:
        modes["hybrid"] = run(lib, dense=True)
    for mode, result in modes.items():
        for label, part in (("", result), (" held-out", result["held_out"])):
            _print(f"{mode}{label}", part)  # type: ignore[arg-type]
    save(args.name, {"library": str(args.library), "modes": modes})


_FLAGS = ("answered", "cites_guideline", "cites_recommendation", "states_recommendation")


def _print(name: str, part: dict[str, object]) -> None:
    print(f"\n== {name}: {part['totals']}")
    for r in part["questions"]:  # type: ignore[attr-defined]
        flags = "".join("x" if r[k] else "." for k in _FLAGS)
        print(f"{flags} {r['id']:26} {r['bottom_line'][:110]}")


if __name__ == "__main__":
    main()
