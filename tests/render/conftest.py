"""Hand-built answers shared by the renderer tests."""

from __future__ import annotations

import pytest

from medcite.records import (
    Answer,
    AnswerSection,
    Audience,
    ContentItem,
    EvidenceLevel,
    Hit,
    Intent,
    PatientContext,
    Reference,
    SourceType,
    Verification,
)

MALICIOUS = "<script>alert(1)</script> see [click](http://evil) and [bold]loud[/] text"
ODD_DOI = "10.1002/(SICI)1097-0258(19980815)17:15<1661::AID-SIM968>3.0.CO;2-2"
DISCLAIMER = "This content is for education and does not replace professional medical judgement."


def _ref(n: int, level: EvidenceLevel, **fields: object) -> Reference:
    return Reference.model_validate(
        {
            "n": n,
            "id": f"doc-{n}",
            "chunk_ids": [f"chunk-{n}"],
            "evidence_level": level,
            "evidence_label": level.label,
            **fields,
        }
    )


def _references() -> list[Reference]:
    return [
        _ref(
            1,
            EvidenceLevel.GUIDELINE,
            title="Spondylolysis and spondylolisthesis: clinical guideline",
            publisher="North American Spine Society",
            year=2021,
            url="https://www.spine.org/guidelines/spondylolysis",
        ),
        _ref(
            2,
            EvidenceLevel.SYSTEMATIC_REVIEW,
            title="Conservative versus surgical treatment of spondylolysis: a meta-analysis",
            journal="Spine J",
            year=2019,
            pmid="31234567",
            doi="10.1016/j.spinee.2019.01.001",
        ),
        _ref(
            3,
            EvidenceLevel.COHORT,
            title="Return to sport after pars repair",
            journal="Am J Sports Med",
            year=2017,
            doi=ODD_DOI,
        ),
    ]


def _treatment_sections() -> list[AnswerSection]:
    surgical = AnswerSection(
        heading="Surgical options",
        key="surgical_options",
        items=[
            ContentItem(text="Direct pars repair suits young patients without slip.", citations=[3])
        ],
    )
    return [
        AnswerSection(
            heading="Understanding the condition",
            key="condition",
            items=[
                ContentItem(text="Spondylolysis is a stress defect of the pars.", citations=[1]),
                ContentItem(text=MALICIOUS, citations=[3]),
            ],
        ),
        AnswerSection(heading="Empty section", key="empty"),
        AnswerSection(
            heading="Treatment algorithm",
            key="algorithm",
            subsections=[
                AnswerSection(
                    heading="First-line: conservative care",
                    key="first_line",
                    items=[
                        ContentItem(
                            text="Activity modification and physiotherapy for 3–6 months.",
                            citations=[2, 1],
                        )
                    ],
                ),
                AnswerSection(
                    heading="Third-line: surgery",
                    key="third_line",
                    items=[ContentItem(text="Consider surgery after failed care.", citations=[2])],
                    subsections=[surgical],
                ),
            ],
        ),
    ]


@pytest.fixture
def treatment_answer() -> Answer:
    """A case answer with nested subsections, three kinds of reference and a hostile passage."""
    return Answer(
        question=(
            "Treatment options for bilateral L5 pars defect after a fall in a 22-year-old female"
        ),
        title="Treatment Options for Bilateral L5 Pars Defect After Fall in a 22-Year-Old Female",
        intent=Intent.TREATMENT,
        audience=Audience.CLINICIAN,
        context=PatientContext(
            age_years=22, sex="female", site="L5", laterality="bilateral", mechanism="fall"
        ),
        bottom_line=ContentItem(
            text="Conservative management for at least 3–6 months; surgery if it fails.",
            citations=[1, 2],
        ),
        sections=_treatment_sections(),
        references=_references(),
        verification=Verification(
            checked=12, kept=11, reattributed=1, dropped=0, notes=["Claim 4 moved to [3]."]
        ),
        follow_ups=["When can she return to sport?", "Is bracing useful?"],
        disclaimer=DISCLAIMER,
        warnings=["Only three sources matched; evidence is thin."],
        reading_level=12.4,
        composer="llm",
        model="qwen2.5-7b-instruct",
        settings_hash="abc123def456",
        library_version="lib-2024-06-01",
    )


@pytest.fixture
def abstained_answer() -> Answer:
    """An answer that abstained: no sections, what was searched, and a suggestion."""
    return Answer(
        question="What is the treatment for zebra fever?",
        title="Treatment for Zebra Fever",
        intent=Intent.TREATMENT,
        audience=Audience.PATIENT,
        bottom_line=ContentItem(text=""),
        disclaimer=DISCLAIMER,
        abstained=True,
        searched=["zebra fever treatment", "zebra fever management"],
        warnings=["Add guidelines on this topic to your library with `medcite ingest PATH`."],
        follow_ups=["What causes zebra fever?"],
    )


@pytest.fixture
def urgent_answer() -> Answer:
    """An answer whose question carried red flags."""
    return Answer(
        question="Back pain with saddle anaesthesia and urinary retention",
        title="Back Pain With Saddle Anaesthesia",
        intent=Intent.DIAGNOSIS,
        urgent_notice="Possible cauda equina syndrome: seek emergency care now.",
        bottom_line=ContentItem(text="Urgent MRI and surgical review are needed.", citations=[1]),
        references=[
            _ref(
                1,
                EvidenceLevel.EXPERT_OPINION,
                title="Cauda equina",
                url="javascript:alert(1)",
            )
        ],
        disclaimer=DISCLAIMER,
        warnings=["No guideline found; fell back to expert opinion."],
    )


@pytest.fixture
def hits() -> list[Hit]:
    """Passages behind references 1 and 2 (reference 3 has none)."""
    common = {"source_type": SourceType.GUIDELINE, "score": 1.0}
    return [
        Hit.model_validate(
            {
                **common,
                "chunk_id": "chunk-1",
                "doc_id": "doc-1",
                "title": "Spondylolysis guideline",
                "text": 'Rest "first" & <b>then</b> rehab.',
                "evidence_level": EvidenceLevel.GUIDELINE,
                "evidence_label": EvidenceLevel.GUIDELINE.label,
            }
        ),
        Hit.model_validate(
            {
                **common,
                "chunk_id": "chunk-2",
                "doc_id": "doc-2",
                "title": "Meta-analysis",
                "text": "Pooled union rates were higher with bracing. " * 20,
                "evidence_level": EvidenceLevel.SYSTEMATIC_REVIEW,
                "evidence_label": EvidenceLevel.SYSTEMATIC_REVIEW.label,
            }
        ),
    ]
