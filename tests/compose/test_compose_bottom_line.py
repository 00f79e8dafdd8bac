"""Bottom lines answer the question: the recommendation (with its strength) for treatment, the
test for diagnosis, from the strongest evidence, cited to a guideline passage that says it.

The guideline questions run on the real sample library (43 open-medicine guideline summaries,
lexical retrieval, built in a few seconds); the reference questions on the test fixture library.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from medcite.answering import Answerer
from medcite.compose import ComposeOptions
from medcite.compose.bottom import answer_signal
from medcite.ingest.pipeline import Ingestor
from medcite.library.store import Library
from medcite.records import Answer, EvidenceLevel, Intent
from medcite.retrieval import Searcher
from medcite.samples import SamplesUnavailable, write_guideline_samples

Compose = Callable[..., Answer]


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> tuple[Library, Answerer]:
    where = tmp_path_factory.mktemp("samples")
    try:
        paths = write_guideline_samples(where / "src")
    except SamplesUnavailable as exc:
        pytest.skip(str(exc))
    library = Library.open(where / "lib")
    Ingestor(library, None, use_worker=False).run(paths)
    answerer = Answerer(
        Searcher(library, None), compose_options=ComposeOptions(reference_year=2026)
    )
    return library, answerer


def _normal(text: str) -> str:
    return " ".join(text.replace("**", "").split()).lower()


def _assert_cited_guideline_says_it(library: Library, answer: Answer) -> str:
    """Every bottom-line sentence is in a passage of a guideline it cites; returns the doc ids."""
    refs = {ref.n: ref for ref in answer.references}
    cited = [refs[n] for n in answer.bottom_line.citations]
    assert cited and all(ref.evidence_level is EvidenceLevel.GUIDELINE for ref in cited)
    passages = [_normal(c.text) for ref in cited for c in library.chunks_of(ref.id)]
    for sentence in re.split(r"(?<=[.)])\s+(?=[A-Z])", answer.bottom_line.text):
        assert any(_normal(sentence) in p for p in passages), sentence
    return " ".join(ref.id for ref in cited)


# question, the guideline document the bottom line must cite, what it must say.
CASES = [
    (
        "What is the first-line treatment for a gout flare?",
        "acr_gout_2020/flare_management",
        r"colchicine|NSAIDs|glucocorticoids",
        r"strongly recommended.*\(Strong, High\)",
    ),
    (
        "What is the empiric antibiotic treatment for community-acquired pneumonia in outpatients?",
        "ats_idsa_cap_2019/empiric_antibiotic_therapy",
        r"[Ee]mpiric antibiotic",
        r"Strong recommendation",
    ),
    (
        "What is the anticoagulant treatment for deep vein thrombosis?",
        "ash_vte_2020/anticoagulation_therapy",
        r"DOACs over vitamin K antagonists",
        r"conditional recommendation",
    ),
    (
        "How is diabetic ketoacidosis treated?",
        "ada_dka_hhs_2024/",
        r"insulin infusion at 0\.1 units/kg per hour",
        r"should be treated",
    ),
    (
        "What is the best test to diagnose pulmonary embolism?",
        "wells_pe_2000/",
        r"Wells score|D-dimer|CTPA",
        r".",
    ),
]


@pytest.mark.parametrize(("question", "doc", "says", "strength"), CASES)
def test_guideline_bottom_line_states_the_recommendation(
    samples: tuple[Library, Answerer], question: str, doc: str, says: str, strength: str
) -> None:
    library, answerer = samples
    answer = answerer.ask(question)
    assert not answer.abstained
    cited = _assert_cited_guideline_says_it(library, answer)
    assert doc in cited
    assert re.search(says, answer.bottom_line.text), answer.bottom_line.text
    assert re.search(strength, answer.bottom_line.text), answer.bottom_line.text
    # A bottom line is never a negative recommendation or a statement of missing evidence.
    assert not re.search(r"\bNOT\b|insufficient evidence", answer.bottom_line.text)


@pytest.mark.parametrize("name", ["generic", "case"])
def test_reference_questions_lead_with_the_guideline_recommendation(
    compose: Compose, name: str
) -> None:
    answer = compose(name)
    text = answer.bottom_line.text
    assert text.startswith("Conservative management is recommended as the initial treatment")
    assert "3–6 months" in text and "reserved for patients whose pain persists" in text
    refs = {ref.n: ref for ref in answer.references}
    assert [refs[n].evidence_level for n in answer.bottom_line.citations] == [
        EvidenceLevel.GUIDELINE
    ]


def test_the_recommendation_outranks_background_and_negatives() -> None:
    question = "What is the first-line treatment for a gout flare?"
    recommendation = (
        "Colchicine, NSAIDs, or glucocorticoids are strongly recommended as first-line therapy "
        "for gout flares (Strong, High)."
    )
    background = "Gout is a common disease characterized by urate crystal deposition."
    negative = "ACTH is not recommended over IL-1 inhibitors for gout flares."
    no_evidence = "There is insufficient evidence to recommend topical ice for gout flares."
    narrower = "For patients with gout flares and chronic kidney disease on dialysis, X is used."
    signal = {t: answer_signal(t, Intent.TREATMENT, question) for t in
              (recommendation, background, negative, no_evidence, narrower)}  # fmt: skip
    assert signal[recommendation] == max(signal.values())
    assert signal[background] < 0 and signal[negative] < 0 and signal[no_evidence] < 0
    assert signal[narrower] < signal[recommendation]


def test_dosing_and_diagnosis_prefer_the_dose_and_the_test() -> None:
    dose = "Colchicine 1.2 mg is given first, followed by 0.6 mg one hour later."
    advice = "Colchicine is preferred for gout flares."
    question = "What is the dose of colchicine for a gout flare?"
    assert answer_signal(dose, Intent.DOSING, question) > answer_signal(
        advice, Intent.DOSING, question
    )
    test = "CT pulmonary angiography is the imaging test of choice when PE is likely."
    other = "Pulmonary embolism is a common condition in hospital patients."
    question = "How is pulmonary embolism diagnosed?"
    assert answer_signal(test, Intent.DIAGNOSIS, question) > answer_signal(
        other, Intent.DIAGNOSIS, question
    )


def test_a_population_label_the_question_does_not_name_is_penalised() -> None:
    question = "What is the first-line medication for type 2 diabetes?"
    labelled = "HF (Rec 9.19, Grade A): An SGLT2 inhibitor is recommended for adults with HF."
    plain = "Metformin is recommended as first-line therapy for type 2 diabetes (Grade A)."
    assert answer_signal(plain, Intent.TREATMENT, question) > answer_signal(
        labelled, Intent.TREATMENT, question
    )
