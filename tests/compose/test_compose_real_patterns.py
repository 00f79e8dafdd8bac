"""Regressions from answers on real guideline summaries and PubMed records.

Each passage here is written for the test; it imitates a shape seen in real evidence (list items
under a lead-in, flattened tables, telegraphic notes, unrelated passages that share a word with
the topic) without copying the source text.
"""

from __future__ import annotations

from medcite.compose import ComposeOptions, compose_extractive, iter_items, iter_sections
from medcite.compose.audience import strip_annotations
from medcite.compose.fragments import fragment_reason, note_as_sentence
from medcite.compose.plans import plan_for
from medcite.compose.select import build_topic, extract_candidates, reject_reason
from medcite.compose.sentences import split_units
from medcite.compose.tokens import content_tokens
from medcite.records import Answer, Audience, EvidenceLevel, Hit, Intent, QuestionAnalysis
from medcite.verify import check_integrity, verify_answer

OPTIONS = ComposeOptions(reference_year=2025, use_vocab=False)


def _hit(n: int, title: str, section: str, text: str, level: str = "guideline") -> Hit:
    evidence = EvidenceLevel(level)
    return Hit(
        chunk_id=f"c{n}",
        doc_id=f"doc{n}",
        title=title,
        source_type="guideline",
        section=section,
        text=text,
        year=2020,
        publisher="Test Society",
        url=f"https://example.org/{n}",
        evidence_level=evidence,
        evidence_label=evidence.label,
        score=1.0 - n / 100,
    )


GOUT_FLARE = QuestionAnalysis(
    question="What is the first-line treatment for a gout flare?",
    intent=Intent.TREATMENT,
    topic="gout flare",
    is_case=False,
    title="First-Line Treatment for Gout Flare",
    search_queries=["gout flare treatment"],
)

FLARE_TITLE = "Gout guideline: flare management (summary)"
LIBRARY = [
    _hit(
        1,
        FLARE_TITLE,
        "Acute gout flare treatment > First-line agents",
        "Colchicine, NSAIDs or glucocorticoids are strongly recommended as first-line therapy "
        "for gout flares (Strong, High).\n"
        "The choice among these agents should follow the patient's comorbidities.",
    ),
    _hit(
        2,
        FLARE_TITLE,
        "Acute gout flare treatment > Second-line",
        "For patients with gout flares for whom colchicine, NSAIDs and glucocorticoids are "
        "ineffective or contraindicated, an IL-1 inhibitor is conditionally recommended "
        "(Conditional, Moderate).\n"
        "These are not first-line agents and should be kept for refractory flares.",
    ),
    _hit(
        3,
        "Gout guideline: refractory gout (summary)",
        "Refractory gout > Uricase",
        "Switching to a uricase is recommended for patients who meet all of these criteria:\n"
        "Oral urate-lowering drugs and other measures have failed to reach the urate target.\n"
        "Patient still has two or more flares each year.\n"
        "Recommendation against uricase:\n"
        "Uricase is strongly recommended against as first-line therapy for gout (Strong, High).",
    ),
    _hit(
        4,
        FLARE_TITLE,
        "Acute gout flare treatment > NSAIDs",
        "Frequent gout flares defined as two or more flares per year (Strong, High).\n"
        "Parameter: Regimen; Recommendation: naproxen 500 mg twice daily for gout flares.\n"
        "Contraindications include active peptic ulcer disease and concurrent anticoagulant "
        "use.\n"
        "Starting urate-lowering therapy during a gout flare is conditionally recommended over "
        "delaying until the flare has resolved (Conditional, Moderate).",
    ),
    _hit(
        5,
        "Neonatal resuscitation: respiratory support",
        "CPAP",
        "For preterm infants with grunting, nasal flaring or retractions, CPAP should be "
        "considered before intubation as initial treatment.",
    ),
]


def _answer(library: list[Hit] = LIBRARY, audience: Audience = Audience.CLINICIAN) -> Answer:
    return compose_extractive(GOUT_FLARE, library, audience, options=OPTIONS)


def _texts(answer: Answer) -> str:
    return " ".join(item.text for item in iter_items(answer))


def _section(answer: Answer, key: str) -> str:
    return " ".join(
        item.text for s in iter_sections(answer.sections) if s.key == key for item in s.items
    )


def test_list_items_under_a_clause_lead_in_are_dependent() -> None:
    units = split_units(LIBRARY[2].text)
    dependent = {u.text: u.dependent for u in units}
    assert dependent[
        "Oral urate-lowering drugs and other measures have failed to reach the urate target."
    ]
    assert dependent["Patient still has two or more flares each year."]
    # A label ("Recommendation against uricase:") does not make its item depend on it.
    assert not dependent[
        "Uricase is strongly recommended against as first-line therapy for gout (Strong, High)."
    ]


def test_fragments_are_never_cited() -> None:
    text = _texts(_answer())
    for fragment in (
        "have failed to reach the urate target",
        "two or more flares each year",
        "defined as two or more flares",
        "Parameter: Regimen",
        "These are not first-line agents",
    ):
        assert fragment not in text


def test_fragment_heuristics() -> None:
    assert fragment_reason("Occurs in about a third of patients with the disease.") is not None
    assert fragment_reason("Avoid in acute decompensated heart failure or asthma.") is not None
    assert fragment_reason("Recommended to reduce admissions in patients with the disease.")
    assert fragment_reason("Reduce the infusion rate to 0.05 units/kg per hour.") is None
    assert fragment_reason("Imaging confirms the diagnosis in most cases.") is None
    assert reject_reason("Surgery resulted in union in 80% of patients.", OPTIONS) is None


def test_unrelated_passage_sharing_a_word_is_off_topic() -> None:
    topic = build_topic(GOUT_FLARE)
    assert topic.topicality(content_tokens("nasal flaring in preterm infants")) == 0.0
    assert topic.topicality(content_tokens("colchicine for gout")) > 0
    assert "nasal flaring" not in _texts(_answer())
    pars = QuestionAnalysis(
        question="What is the treatment for pars defect?",
        intent=Intent.TREATMENT,
        topic="pars defect",
        is_case=False,
        title="Treatment for Pars Defect",
        search_queries=["pars defect conservative management surgery"],
    )
    pars_topic = build_topic(pars)
    assert pars_topic.topicality(content_tokens("access through the pars plana")) == 0.0
    assert pars_topic.topicality(content_tokens("conservative surgery for a septal defect")) == 0


def test_abbreviations_defined_in_the_passages_name_the_topic() -> None:
    dka = QuestionAnalysis(
        question="Treatment of diabetic ketoacidosis",
        intent=Intent.TREATMENT,
        topic="diabetic ketoacidosis",
        is_case=False,
        title="Treatment of Diabetic Ketoacidosis",
    )
    texts = ["Criteria for diabetic ketoacidosis (DKA) were updated."]
    topic = build_topic(dka, texts=texts)
    assert topic.topicality(content_tokens("Insulin is continued until DKA resolves.")) > 0


def test_bottom_line_answers_the_first_line_question() -> None:
    answer = _answer()
    assert answer.bottom_line.text.startswith("Colchicine, NSAIDs or glucocorticoids")
    assert "IL-1 inhibitor" not in answer.bottom_line.text.split(". ")[0]
    assert check_integrity(answer) == []


def test_sections_separate_first_line_second_line_and_pitfalls() -> None:
    answer = _answer()
    assert "IL-1 inhibitor" in _section(answer, "second_line")
    assert "Contraindications include" in _section(answer, "pitfalls")
    # A recommendation in favour is not a pitfall, even when it mentions delaying.
    assert "Starting urate-lowering therapy" not in _section(answer, "pitfalls")


def test_a_note_becomes_a_sentence_that_still_verifies() -> None:
    assert note_as_sentence("Metformin: Safe at eGFR ≥ 30 mL/min.") == (
        "Metformin is safe at eGFR ≥ 30 mL/min."
    )
    assert note_as_sentence("Access: Right jugular preferred.") == (
        "Access: Right jugular preferred."
    )
    question = QuestionAnalysis(
        question="Is metformin safe in CKD?",
        intent=Intent.DRUG_SAFETY,
        topic="metformin",
        is_case=False,
        title="Safety of Metformin",
        search_queries=["metformin ckd"],
    )
    library = [
        _hit(
            7,
            "Diabetes care: kidney disease",
            "Glucose-lowering drugs in CKD",
            "Metformin: Safe at eGFR ≥ 30 mL/min/1.73 m².\n"
            "Metformin should be stopped when eGFR falls below 30 mL/min/1.73 m².",
        )
    ]
    answer = compose_extractive(question, library, options=OPTIONS)
    verified = verify_answer(answer, library)
    assert "Metformin is safe at eGFR ≥ 30" in _texts(verified)
    assert verified.verification.dropped == 0


def test_abstains_when_nothing_answers_the_intent() -> None:
    question = QuestionAnalysis(
        question="What is the treatment for spondylolysis?",
        intent=Intent.TREATMENT,
        topic="spondylolysis",
        is_case=False,
        title="Treatment for Spondylolysis",
    )
    library = [
        _hit(
            8,
            "Prevalence of spondylolysis in pole vaulters",
            "",
            "The prevalence of spondylolysis in the vaulters was 28.6%.\n"
            "Sport-specific movements may be a risk factor for spondylolysis.",
            level="cohort",
        )
    ]
    answer = compose_extractive(question, library, options=OPTIONS)
    assert answer.abstained
    assert not answer.references


def test_patient_answer_drops_grade_labels_and_reads_easier() -> None:
    assert strip_annotations("X is recommended (Strong, High).") == "X is recommended."
    assert strip_annotations("Use X (COR 2b, LOE B-R) in adults (CAP).") == "Use X in adults."
    assert strip_annotations("Give X (0.1 units/kg) now.") == "Give X (0.1 units/kg) now."
    clinician = _answer()
    patient = _answer(audience=Audience.PATIENT)
    assert "(Strong, High)" not in _texts(patient)
    assert patient.reading_level is not None and clinician.reading_level is not None
    assert patient.reading_level < clinician.reading_level
    assert verify_answer(patient, LIBRARY).verification.dropped == 0


def test_candidates_are_deterministic() -> None:
    plan = plan_for(Intent.TREATMENT)
    first = extract_candidates(GOUT_FLARE, LIBRARY, plan, OPTIONS, 2025)
    second = extract_candidates(GOUT_FLARE, list(reversed(LIBRARY))[::-1], plan, OPTIONS, 2025)
    assert [c.text for c in first] == [c.text for c in second]


def test_labelled_facts_from_the_guideline_reader_are_citable_and_verify() -> None:
    """A table row or list item given back its heading ("Colchicine for Acute Flare — regimen:
    ...") stands alone: it is cited as written, the verifier supports it, and a dosing question
    leads with it."""
    question = QuestionAnalysis(
        question="What is the dose of colchicine for a gout flare?",
        intent=Intent.DOSING,
        topic="colchicine",
        is_case=False,
        title="Dosing of Colchicine",
        search_queries=["colchicine dose"],
    )
    library = [
        _hit(
            8,
            FLARE_TITLE,
            "Acute gout flare treatment > Colchicine for Acute Flare",
            "Colchicine for Acute Flare — regimen: 1.2 mg orally immediately, followed by 0.6 mg "
            "orally 1 hour later.\n"
            "Colchicine for Acute Flare — maximum first-day dose: 1.8 mg total.",
        ),
        _hit(
            9,
            FLARE_TITLE,
            "Acute gout flare treatment > Colchicine for Acute Flare",
            "Low-dose colchicine is strongly recommended over high-dose colchicine for gout "
            "flares (Strong, High).",
        ),
    ]
    assert (
        fragment_reason("Colchicine for Acute Flare — maximum first-day dose: 1.8 mg total.")
        is None
    )
    answer = verify_answer(compose_extractive(question, library, options=OPTIONS), library)
    assert answer.bottom_line.text.startswith("Colchicine for Acute Flare — regimen: 1.2 mg")
    assert "maximum first-day dose: 1.8 mg total" in _texts(answer)
    assert answer.verification.dropped == 0
    assert answer.verification.reattributed == 0


def test_a_heading_note_is_not_a_treatment_bottom_line() -> None:
    """Heading words ("First-Line in Many Cases") are not the fact's recommendation: a stated
    recommendation leads a treatment answer, the labelled note goes to a section."""
    library = [
        _hit(
            10,
            FLARE_TITLE,
            "Acute gout flare treatment > Colchicine (First-Line in Many Cases)",
            "Colchicine (First-Line in Many Cases) — gout flare: first-line option.",
        ),
        *LIBRARY[:1],
    ]
    answer = _answer(library)
    assert answer.bottom_line.text.startswith("Colchicine, NSAIDs or glucocorticoids")


def test_a_stated_grade_is_not_publication_boilerplate() -> None:
    grade = (
        "Four drug classes are recommended as first-line therapy for hypertension (Class I, "
        "Level of Evidence A): thiazide diuretics; ACE inhibitors; calcium channel blockers."
    )
    assert reject_reason(grade, OPTIONS) is None
    assert reject_reason("LEVEL OF EVIDENCE: III. Therapeutic study.", OPTIONS) is not None
