"""`ask` end to end on a fixture library: structure, citations, refusal, abstention, threads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from medcite.answering import Answerer, cited_sentences, llm_fell_back
from medcite.compose import ComposeOptions
from medcite.embed import HashEmbedder
from medcite.ingest.pipeline import Ingestor
from medcite.library.store import Library
from medcite.records import Answer, Audience, Hit, Intent
from medcite.retrieval import Searcher
from medcite.threads import ThreadStore
from medcite.verify import check_integrity

_TYPES = {
    "guideline": "guideline",
    "systematic_review": "systematic-review",
    "rct": "rct",
    "cohort": "cohort",
    "case_series": "case-report",
    "narrative_review": "review",
    "expert_opinion": "expert-opinion",
}


@pytest.fixture(scope="module")
def library_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library built from the composer's fixture passages (our own text), one JSONL line per document."""
    hits = json.loads((Path(__file__).parent / "fixtures" / "compose" / "hits.json").read_text())
    docs: dict[str, dict[str, object]] = {}
    for h in hits:
        if h["retracted"]:
            continue
        doc = docs.setdefault(
            h["doc_id"],
            {"id": h["doc_id"], "title": h["title"], "text": "", "year": h["year"], "url": h["url"],
             "publisher": h["publisher"] or h["journal"], "type": _TYPES.get(h["evidence_level"], "other")},
        )  # fmt: skip
        doc["text"] = f"{doc['text']} {h['text']}".strip()
    root = tmp_path_factory.mktemp("answer-lib")
    corpus = root / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in docs.values()), encoding="utf-8")
    lib = Library.open(root / "lib")
    Ingestor(lib, HashEmbedder()).run([corpus])
    lib.close()
    return root / "lib"


@pytest.fixture
def answerer(library_dir: Path, tmp_path: Path) -> Answerer:
    searcher = Searcher(Library.open(library_dir), HashEmbedder(), now_year=2026)
    return Answerer(
        searcher,
        threads=ThreadStore(tmp_path / "threads"),
        settings_hash="fixture",
        compose_options=ComposeOptions(reference_year=2026),
    )


def test_generic_treatment_question_gives_a_cited_structured_answer(answerer: Answerer) -> None:
    answer = answerer.ask("What is the treatment for pars defect?")
    assert not answer.abstained
    assert answer.title == "Treatment for Pars Defect"
    assert answer.intent == Intent.TREATMENT
    assert answer.bottom_line.text and answer.bottom_line.citations
    assert check_integrity(answer) == []
    assert cited_sentences(answer) >= 3
    assert answer.settings_hash == "fixture" and answer.library_version.startswith("g")
    assert answer.verification.checked >= 3


def test_case_question_names_the_patient_and_keeps_context(answerer: Answerer) -> None:
    q = "Treatment options for bilateral L5 pars defect after a fall in a 22-year-old female"
    answer = answerer.ask(q)
    assert (
        answer.title
        == "Treatment Options for Bilateral L5 Pars Defect After Fall in a 22-Year-Old Female"
    )
    assert answer.context.age_years == 22 and answer.context.sex == "female"
    assert answer.context.laterality == "bilateral" and answer.context.site == "L5"


def test_follow_up_carries_patient_context_and_evidence(answerer: Answerer) -> None:
    first = answerer.ask(
        "Treatment options for bilateral L5 pars defect after a fall in a 22-year-old female"
    )
    assert first.thread_id
    follow = answerer.ask("What about surgery?", thread_id=first.thread_id)
    assert follow.thread_id == first.thread_id
    assert follow.context.age_years == 22 and "Pars Defect" in follow.title
    assert answerer.threads is not None
    thread = answerer.threads.load(first.thread_id)
    assert len(thread.turns) == 2 and thread.turns[0].chunk_ids


def test_off_topic_question_is_refused(answerer: Answerer) -> None:
    answer = answerer.ask("What is the capital of France?")
    assert answer.abstained and answer.references == []


def test_thin_evidence_abstains_and_says_what_was_searched(answerer: Answerer) -> None:
    answer = answerer.ask("What is the treatment for Kawasaki disease?")
    assert answer.abstained
    assert answer.searched
    assert any("ingest" in w.lower() for w in answer.warnings)


def test_same_question_gives_the_same_answer(answerer: Answerer) -> None:
    a = answerer.ask("What is the treatment for pars defect?")
    b = answerer.ask("What is the treatment for pars defect?")
    assert a.model_dump(exclude={"thread_id"}) == b.model_dump(exclude={"thread_id"})


def test_patient_answer_reads_easier_with_the_same_citations(answerer: Answerer) -> None:
    clinician = answerer.ask("What is the treatment for pars defect?")
    patient = answerer.ask("What is the treatment for pars defect?", Audience.PATIENT)
    assert clinician.reading_level is not None and patient.reading_level is not None
    assert patient.reading_level < clinician.reading_level
    assert {r.id for r in patient.references} == {r.id for r in clinician.references}


def _llm_answerer(answerer: Answerer, llm: object) -> Answerer:
    return Answerer(
        answerer.searcher,
        llm=llm,  # type: ignore[arg-type]
        settings_hash="fixture",
        compose_options=ComposeOptions(reference_year=2026),
    )


def test_llm_failure_falls_back_to_the_extractive_answer(answerer: Answerer) -> None:
    from medcite.llm import ScriptedLLM

    llm = ScriptedLLM("this is not JSON at all", "neutral")
    answer = _llm_answerer(answerer, llm).ask("What is the treatment for pars defect?")
    assert answer.composer == "extractive"
    assert any("LLM composer failed" in w for w in answer.warnings)
    assert llm_fell_back(answer)
    assert check_integrity(answer) == []


def test_llm_answer_is_verified_and_invented_citations_are_reported(answerer: Answerer) -> None:
    from medcite.analysis import analyze
    from medcite.llm import ScriptedLLM

    question = "What is the treatment for pars defect?"
    hits = [h for h in answerer.retrieve(analyze(question)) if not h.retracted]
    first = hits[0].text.split(". ")[0].rstrip(".") + "."
    second = hits[1].text.split(". ")[0].rstrip(".") + "."
    reply = {
        "bottom_line": {"text": first, "citations": [1]},
        "sections": [
            {
                "heading": "Treatment Algorithm",
                "items": [{"text": second, "citations": [2, 42]}],
                "subsections": [],
            }
        ],
        "follow_ups": ["When is surgery indicated?"],
        "insufficient": False,
    }
    llm = ScriptedLLM(json.dumps(reply))
    for _ in range(20):
        llm.enqueue('{"verdict": "entails"}')
    answer = _llm_answerer(answerer, llm).ask(question)
    assert answer.composer == "llm" and answer.model == "scripted"
    assert answer.bottom_line.citations == [1]
    assert answer.references[0].id == hits[0].doc_id
    assert answer.verification.removed_citations >= 1  # the invented [42] is reported, not shown
    assert check_integrity(answer) == []


# --- Guideline sections on the real sample library (43 open-medicine summaries, lexical) ---


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    from medcite.samples import SamplesUnavailable, write_guideline_samples

    where = tmp_path_factory.mktemp("samples")
    try:
        paths = write_guideline_samples(where / "src")
    except SamplesUnavailable as exc:
        pytest.skip(str(exc))
    library = Library.open(where / "lib")
    Ingestor(library, None, use_worker=False).run(paths)
    return Answerer(Searcher(library, None), compose_options=ComposeOptions(reference_year=2026))


def _plain_hits(answerer: Answerer, question: str) -> set[str]:
    """The chunk ids retrieval alone gives (no guideline sections added)."""
    from medcite.analysis import analyze

    plain = Answerer(answerer.searcher, max_hits=1000)
    plain.guideline_sections = lambda analysis, hits: hits  # type: ignore[method-assign]
    return {h.chunk_id for h in plain.retrieve(analyze(question))}


def _cited_passages(hits: list[Hit], answer: Answer) -> list[str]:
    by_chunk = {h.chunk_id: h for h in hits}
    refs = {r.n: r for r in answer.references}
    return [
        by_chunk[c].section + " :: " + by_chunk[c].text
        for n in answer.bottom_line.citations
        for c in refs[n].chunk_ids
        if c in by_chunk
    ]


def test_guideline_sections_bring_in_the_first_line_passage(samples: Answerer) -> None:
    question = "What is the first-line treatment for a gout flare?"
    answer, hits = samples.ask_with_evidence(question)
    plain = _plain_hits(samples, question)
    added = [h for h in hits if h.chunk_id not in plain]
    # the gout guideline's own treatment sections, found by heading, not by search
    assert added and all(h.doc_id.startswith("open-medicine:acr_gout_2020/") for h in added)
    assert any(h.section.endswith("First-Line Therapies") for h in hits)
    cited = _cited_passages(hits, answer)
    assert any("first-line therapy for gout flares" in c for c in cited), cited
    assert "Colchicine, NSAIDs, or glucocorticoids" in answer.bottom_line.text


def test_hypertension_first_line_cites_the_drug_classes(samples: Answerer) -> None:
    answer, hits = samples.ask_with_evidence("What is the first-line treatment for hypertension?")
    cited = _cited_passages(hits, answer)
    assert any("acc_aha_hypertension_2017/pharmacotherapy" in h.doc_id for h in hits)
    assert any("First-Line Antihypertensive Drug Classes" in c for c in cited), cited
    # the list items joined to their lead-in by the Markdown reader make one citable sentence
    assert "thiazide or thiazide-type diuretics" in answer.bottom_line.text
    assert answer.verification.dropped == 0


def test_a_dosing_question_leads_with_the_dose_row(samples: Answerer) -> None:
    answer = samples.ask("What is the dose of metformin?")
    assert answer.bottom_line.text.startswith("Metformin — starting dose: 500 mg")


def test_sections_come_only_from_guidelines_at_the_top(samples: Answerer) -> None:
    question = "How is pulmonary embolism diagnosed?"
    _, hits = samples.ask_with_evidence(question)
    plain = _plain_hits(samples, question)
    for hit in hits:
        if hit.chunk_id not in plain:
            assert hit.evidence_level.value == "guideline"
            own = hit.section.split(" > ", 1)[-1].lower()
            assert any(w in own for w in ("diagnos", "algorithm", "probability", "criteria")), own


def test_thin_evidence_abstains_before_the_llm_is_asked(answerer: Answerer) -> None:
    from medcite.llm import ScriptedLLM

    llm = ScriptedLLM('{"bottom_line": {"text": "Give aspirin.", "citations": [1]}}')
    answer = _llm_answerer(answerer, llm).ask("What is the treatment for Kawasaki disease?")
    assert answer.abstained and answer.composer == "extractive"
    assert llm.history == []  # the model never saw the weak matches
    assert any("LLM was not asked" in w for w in answer.warnings)


def test_llm_sees_the_passages_the_extractive_answer_cites_first(answerer: Answerer) -> None:
    from medcite.analysis import analyze
    from medcite.answering import _relevant_first

    question = "What is the treatment for pars defect?"
    hits = answerer.retrieve(analyze(question))
    extractive = answerer.ask(question)
    ordered = _relevant_first(hits, extractive)
    cited = [r.id for r in extractive.references]
    assert sorted(h.chunk_id for h in ordered) == sorted(h.chunk_id for h in hits)
    leading = list(dict.fromkeys(h.doc_id for h in ordered))[: len(cited)]
    assert leading == cited


def test_an_llm_answer_that_mostly_fails_verification_falls_back(answerer: Answerer) -> None:
    from medcite.llm import ScriptedLLM

    invented = [
        "Spinal manipulation cures pars defects in 95% of patients within 2 weeks.",
        "Magnet therapy for 17 days heals the pars defect in 88% of athletes.",
        "Surgery is needed in 73% of pars defects within 9 days of the injury.",
    ]
    reply = {
        "bottom_line": {"text": invented[0], "citations": [1]},
        "sections": [
            {
                "heading": "Treatment Algorithm",
                "items": [{"text": t, "citations": [2]} for t in invented[1:]],
                "subsections": [],
            }
        ],
        "follow_ups": [],
        "insufficient": False,
    }
    llm = ScriptedLLM(json.dumps(reply))
    for _ in range(200):  # the judge's verdicts, for the claims that pass the lexical screen
        llm.enqueue('{"verdict": "supported"}')
    answer = _llm_answerer(answerer, llm).ask("What is the treatment for pars defect?")
    assert answer.composer == "extractive" and not answer.abstained
    assert any("failed citation verification (3 of 3" in w for w in answer.warnings)
    assert llm_fell_back(answer)
    assert not any(t in answer.model_dump_json() for t in invented)
    assert check_integrity(answer) == []
