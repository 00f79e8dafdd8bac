"""The bottom line of a question answers the phase of care it asks about: a treatment question
leads with a treatment (not a diagnostic criterion, a discharge checklist or a follow-up row), a
"how much" question with the amount, a "which drugs" question with the agents, a staging question
with the stages. Passages are written for the test, in the shapes guideline summaries use."""

from __future__ import annotations

import pytest

from medcite.compose import ComposeOptions, compose_extractive
from medcite.compose.bottom import phase_signal, regimen_row, states_amount
from medcite.compose.phase import Phase, phase_of
from medcite.records import Answer, EvidenceLevel, Hit, Intent, QuestionAnalysis

OPTIONS = ComposeOptions(reference_year=2025, use_vocab=False)


def _hit(n: int, part: str, section: str, text: str) -> Hit:
    return Hit(
        chunk_id=f"c{n}",
        doc_id=f"doc{n}",
        title=f"Guideline for the Management of Lung Infection: {part} (summary)",
        source_type="guideline",
        section=f"Lung Infection — Society 2024 > {section}",
        text=text,
        year=2024,
        publisher="Test Society",
        evidence_level=EvidenceLevel.GUIDELINE,
        evidence_label=EvidenceLevel.GUIDELINE.label,
        score=1.0 - n / 100,
    )


def _ask(question: str, intent: Intent, hits: list[Hit]) -> Answer:
    analysis = QuestionAnalysis(
        question=question,
        intent=intent,
        topic="lung infection",
        is_case=False,
        title=question.rstrip("?"),
        search_queries=["lung infection treatment"],
    )
    return compose_extractive(analysis, hits, options=OPTIONS)


DISCHARGE = _hit(
    1,
    "Special Populations And Follow Up",
    "Discharge and Transition of Care",
    "Discharge and Transition of Care — vaccination: Influenza vaccination should be provided "
    "or recommended at discharge for patients with lung infection (Strong recommendation).\n"
    "Follow-up should be arranged for patients with lung infection within six weeks.",
)
CRITERIA = _hit(
    2,
    "Diagnosis",
    "Diagnostic Criteria",
    "Diagnostic Criteria — parameter: Chest radiograph infiltrate; threshold: present.\n"
    "Lung infection is recommended to be confirmed by a chest radiograph (Strong).",
)
TREATMENT = _hit(
    3,
    "Empiric Antibiotic Therapy",
    "Outpatients",
    "Empiric antibiotic treatment of lung infection is suggested with amoxicillin for healthy "
    "outpatients (Conditional recommendation).\n"
    "Healthy outpatients — amoxicillin 1 g orally three times daily; or doxycycline 100 mg "
    "orally twice daily.",
)
FLUIDS = _hit(
    4,
    "Resuscitation",
    "Fluid Resuscitation",
    "Crystalloids are recommended as first-line fluid for patients with lung infection and "
    "shock (Strong recommendation).\n"
    "At least 30 mL/kg of IV crystalloid is suggested within the first 3 hours for patients "
    "with lung infection and hypotension (Weak recommendation).",
)
STAGES = _hit(
    5,
    "Staging",
    "Severity Categories",
    "Lung infection is staged by the number of lobes involved, from stage 1 to stage 3.\n"
    "Stage 1 (Severity Categories) — lobes: 1; description: Limited lung infection.",
)
# A staging chapter that goes on to treatment by stage, under its own heading.
BY_STAGE = _hit(
    6,
    "Staging",
    "Pharmacological Management by Stage",
    "Antibiotic treatment of lung infection is recommended for all stages (Strong).",
)


@pytest.mark.parametrize(
    ("hit", "text", "phase"),
    [
        (DISCHARGE, DISCHARGE.text.splitlines()[0], Phase.OTHER),
        (CRITERIA, CRITERIA.text.splitlines()[0], Phase.WORKUP),
        (TREATMENT, TREATMENT.text.splitlines()[1], Phase.TREATMENT),
        (FLUIDS, FLUIDS.text.splitlines()[0], Phase.TREATMENT),
        (STAGES, STAGES.text.splitlines()[1], Phase.WORKUP),
    ],
)
def test_phase_is_read_from_the_most_specific_heading(hit: Hit, text: str, phase: Phase) -> None:
    assert phase_of(text, hit) is phase


def test_a_heading_is_read_by_its_head_noun() -> None:
    hit = _hit(9, "Overview", "Treatment Monitoring", "Renal function should be checked.")
    assert phase_of(hit.text, hit) is Phase.OTHER
    hit = _hit(9, "Staging", "Pharmacological Management by Stage", "Start an inhibitor.")
    assert phase_of(hit.text, hit) is Phase.TREATMENT


def test_phase_signal_favours_the_asked_phase() -> None:
    criteria = CRITERIA.text.splitlines()[1]
    assert phase_signal(criteria, CRITERIA, Intent.TREATMENT) < 0
    assert phase_signal(criteria, CRITERIA, Intent.DIAGNOSIS) > 0
    assert phase_signal(criteria, CRITERIA, Intent.PROGNOSIS) == 0


def test_amounts_are_doses_not_concentrations() -> None:
    assert states_amount("At least 30 mL/kg of IV crystalloid within 3 hours.")
    assert states_amount("Colchicine — regimen: 1.2 mg orally, then 0.6 mg one hour later.")
    assert not states_amount("Start insulin at a glucose of 180 mg/dL or more.")
    assert not states_amount("Refer when eGFR is below 30 mL/min/1.73 m2.")
    row = TREATMENT.text.splitlines()[1]
    assert regimen_row(row, TREATMENT, Intent.TREATMENT)
    assert not regimen_row(row, TREATMENT, Intent.DIAGNOSIS)


def test_treatment_bottom_line_is_not_discharge_or_a_criterion() -> None:
    answer = _ask(
        "What is the treatment for lung infection?",
        Intent.TREATMENT,
        [DISCHARGE, CRITERIA, TREATMENT],
    )
    assert answer.bottom_line.text.startswith("Empiric antibiotic treatment of lung infection")


def test_how_much_question_leads_with_the_amount() -> None:
    answer = _ask(
        "How much IV fluid should be given in lung infection?", Intent.TREATMENT, [FLUIDS]
    )
    assert answer.bottom_line.text.startswith("At least 30 mL/kg")


def test_which_drugs_question_leads_with_the_agents() -> None:
    answer = _ask(
        "Which antibiotics are recommended for outpatients with lung infection?",
        Intent.TREATMENT,
        [DISCHARGE, TREATMENT, FLUIDS],
    )
    assert "amoxicillin" in answer.bottom_line.text


def test_staging_question_leads_with_the_stages() -> None:
    answer = _ask("How is lung infection staged?", Intent.DIAGNOSIS, [STAGES, BY_STAGE, CRITERIA])
    assert answer.bottom_line.text.startswith("Lung infection is staged by the number of lobes")
