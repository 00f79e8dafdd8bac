"""A question about an acute episode (exacerbation, flare, attack, "acute X") is answered only from
evidence about the episode, never from the condition's long-term management.

The passages are written for the test; they imitate guideline summaries whose titles name the
condition in full ("Chronic Obstructive Lung Disease") while the question uses the abbreviation.
"""

from __future__ import annotations

import pytest

from medcite.compose import ComposeOptions, compose_extractive
from medcite.compose.acuity import Acuity, acuity_of, names_episode
from medcite.records import Answer, EvidenceLevel, Hit, Intent, QuestionAnalysis

# The synonym a vocabulary would add: it makes the maintenance passages on topic.
OPTIONS = ComposeOptions(
    reference_year=2025, use_vocab=False, topic_terms=["chronic obstructive lung disease"]
)
COPD_TITLE = "Global Strategy for Chronic Obstructive Lung Disease: Initial Pharmacotherapy"
EXACERBATION_TITLE = "Global Strategy for Chronic Obstructive Lung Disease: Exacerbations"


def _hit(n: int, title: str, section: str, text: str) -> Hit:
    return Hit(
        chunk_id=f"c{n}",
        doc_id=f"doc{n}",
        title=title,
        source_type="guideline",
        section=section,
        text=text,
        year=2024,
        publisher="Test Society",
        evidence_level=EvidenceLevel.GUIDELINE,
        evidence_label=EvidenceLevel.GUIDELINE.label,
        score=1.0 - n / 100,
    )


MAINTENANCE = [
    _hit(
        1,
        COPD_TITLE,
        "Recommendations by group > Group B",
        "Dual long-acting bronchodilator therapy (LABA + LAMA) is recommended as the initial "
        "treatment for chronic obstructive lung disease in Group B.\n"
        "Combination therapy should be preferred over monotherapy for daily symptom relief.",
    ),
    _hit(
        2,
        COPD_TITLE,
        "Recommendations by group > Group E",
        "Patients with two or more moderate exacerbations per year should start LABA + LAMA "
        "maintenance treatment.\n"
        "Adding an inhaled corticosteroid should be considered for patients with a history of "
        "exacerbations and blood eosinophils of 300 cells/uL or more.\n"
        "Roflumilast is recommended to reduce exacerbations in patients with chronic bronchitis.",
    ),
]
EXACERBATION = _hit(
    3,
    EXACERBATION_TITLE,
    "Management of an exacerbation",
    "Short-acting bronchodilators are recommended as the initial treatment of an exacerbation "
    "of chronic obstructive lung disease.\n"
    "Systemic corticosteroids (prednisone 40 mg daily for 5 days) should be given to shorten "
    "recovery time.\n"
    "Antibiotics are recommended when sputum purulence is increased.",
)


def _analysis(question: str, topic: str) -> QuestionAnalysis:
    return QuestionAnalysis(
        question=question,
        intent=Intent.TREATMENT,
        topic=topic,
        is_case=False,
        title=question.rstrip("?"),
        search_queries=[f"{topic.lower()} treatment"],
    )


EXACERBATION_QUESTION = _analysis("How is a COPD exacerbation treated?", "COPD exacerbation")


def _texts(answer: Answer) -> str:
    items = [answer.bottom_line.text]
    for section in answer.sections:
        items += [i.text for i in section.items]
        items += [i.text for sub in section.subsections for i in sub.items]
    return " ".join(items)


@pytest.mark.parametrize(
    ("topic", "acuity"),
    [
        ("COPD exacerbation", Acuity.EPISODE),
        ("gout flare", Acuity.EPISODE),
        ("asthma flare-up", Acuity.EPISODE),
        ("acute asthma attack", Acuity.EPISODE),
        ("sickle cell crisis", Acuity.EPISODE),
        ("acute pancreatitis", Acuity.ACUTE),
        ("acute gout", Acuity.ACUTE),
        # Acute by nature: the evidence about it need not say "acute".
        ("acute pulmonary embolism", Acuity.NONE),
        ("acute myocardial infarction", Acuity.NONE),
        ("acute kidney injury", Acuity.NONE),
        ("COPD", Acuity.NONE),
        # Counting or preventing episodes is the long-term question, not an episode.
        ("COPD with frequent exacerbations", Acuity.NONE),
        ("recurrent gout flares", Acuity.NONE),
        ("prevention of asthma attacks", Acuity.NONE),
    ],
)
def test_acuity_of_a_topic(topic: str, acuity: Acuity) -> None:
    assert acuity_of(topic) is acuity


@pytest.mark.parametrize(
    ("text", "episode", "acute"),
    [
        ("Systemic corticosteroids are recommended for COPD exacerbations.", True, True),
        ("An asthma flare-up is treated with a short-acting bronchodilator.", True, True),
        ("Acute gout should be treated within 24 hours of onset.", True, True),
        ("Patients with two or more exacerbations per year need LABA + LAMA.", False, False),
        ("Consider an ICS for patients with a history of exacerbations.", False, False),
        ("Prophylaxis is recommended to prevent flares when starting allopurinol.", False, False),
        ("If exacerbations persist, add roflumilast.", False, False),
        # A setting or timing speaks for "acute X", not for a named episode.
        ("Primary PCI should be performed within 90 minutes of first contact.", False, True),
        ("Allopurinol is the preferred first-line urate-lowering drug.", False, False),
    ],
)
def test_names_episode(text: str, episode: bool, acute: bool) -> None:
    assert names_episode(text, Acuity.EPISODE) is episode
    assert names_episode(text, Acuity.ACUTE) is acute
    assert names_episode(text, Acuity.NONE)


def test_exacerbation_question_abstains_on_maintenance_evidence() -> None:
    answer = compose_extractive(EXACERBATION_QUESTION, MAINTENANCE, options=OPTIONS)
    assert answer.abstained
    assert answer.searched == ["copd exacerbation treatment"]
    assert "LABA" not in answer.bottom_line.text
    assert any("COPD exacerbation" in w for w in answer.warnings)


def test_the_same_evidence_answers_the_maintenance_question() -> None:
    question = _analysis("How is COPD treated?", "COPD")
    answer = compose_extractive(question, MAINTENANCE, options=OPTIONS)
    assert not answer.abstained
    assert "LABA + LAMA" in answer.bottom_line.text


def test_exacerbation_question_is_answered_from_exacerbation_evidence_only() -> None:
    answer = compose_extractive(
        EXACERBATION_QUESTION, [*MAINTENANCE, EXACERBATION], options=OPTIONS
    )
    assert not answer.abstained
    assert answer.bottom_line.text.startswith("Short-acting bronchodilators are recommended")
    refs = {ref.n: ref for ref in answer.references}
    assert {refs[n].id for n in answer.bottom_line.citations} == {"doc3"}
    assert [ref.id for ref in answer.references] == ["doc3"]
    text = _texts(answer)
    # Maintenance sentences, including those that mention exacerbations as a history or a
    # count, stay out.
    assert "Group B" not in text and "LABA + LAMA" not in text and "Roflumilast" not in text


def test_flare_question_leaves_urate_lowering_therapy_out() -> None:
    gout = [
        _hit(
            4,
            "Gout guideline: urate-lowering therapy (summary)",
            "Initiating ULT",
            "Allopurinol is strongly recommended as the first-line urate-lowering therapy for "
            "gout (Strong, Moderate).\n"
            "Anti-inflammatory prophylaxis is recommended to prevent flares when starting "
            "urate-lowering therapy for gout.",
        ),
        _hit(
            5,
            "Gout guideline: flare management (summary)",
            "First-line agents",
            "Colchicine, NSAIDs or glucocorticoids are strongly recommended as first-line "
            "therapy for gout flares (Strong, High).\n"
            "Treatment should be started as early as possible after the onset of gout.",
        ),
    ]
    question = _analysis("What is the first-line treatment for a gout flare?", "gout flare")
    answer = compose_extractive(question, gout, options=ComposeOptions(reference_year=2025))
    assert answer.bottom_line.text.startswith("Colchicine, NSAIDs or glucocorticoids")
    text = _texts(answer)
    assert "Allopurinol" not in text and "prophylaxis" not in text
