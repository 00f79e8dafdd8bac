"""Records produced by question analysis: intent, patient context, red flags, scope."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field


class Intent(StrEnum):
    """What the asker wants to know; selects the answer's section plan."""

    TREATMENT = "treatment"
    DIAGNOSIS = "diagnosis"
    IMAGING = "imaging"
    DOSING = "dosing"
    PROGNOSIS = "prognosis"
    SCREENING = "screening"
    DRUG_SAFETY = "drug_safety"
    COMPARISON = "comparison"
    GENERAL = "general"


class Audience(StrEnum):
    """Who reads the answer: same facts, different vocabulary and depth."""

    CLINICIAN = "clinician"
    PATIENT = "patient"
    STUDENT = "student"


class PatientContext(BaseModel):
    """Patient facts extracted from the question's wording."""

    age_years: float | None = Field(default=None, description="Age in years (months converted).")
    age_group: str | None = Field(
        default=None, description="neonate, infant, child, adolescent, adult, older adult."
    )
    sex: str | None = Field(default=None, description="'female' or 'male'.")
    pregnant: bool | None = Field(
        default=None, description="True if pregnancy is stated, False if denied."
    )
    site: str | None = Field(default=None, description="Anatomical site or level, e.g. 'L5'.")
    laterality: str | None = Field(default=None, description="left, right, bilateral, unilateral.")
    mechanism: str | None = Field(default=None, description="Mechanism of injury, e.g. 'fall'.")
    acuity: str | None = Field(default=None, description="acute, subacute, chronic, recurrent.")
    setting: list[str] = Field(
        default_factory=list, description="athlete, ED, ICU, outpatient, ..."
    )
    comorbidities: list[str] = Field(
        default_factory=list, description="Stated comorbid conditions."
    )
    drugs: list[str] = Field(default_factory=list, description="Current drugs mentioned.")
    negations: list[str] = Field(
        default_factory=list, description="Findings stated as absent ('fever')."
    )

    def is_empty(self) -> bool:
        """True when the question carried no patient facts (a generic question)."""
        return self == PatientContext()


class QuestionAnalysis(BaseModel):
    """Everything the pipeline knows about a question before retrieval."""

    question: str = Field(description="The question as asked.")
    intent: Intent = Field(description="Primary intent.")
    topic: str = Field(description="Condition or subject, e.g. 'pars defect'.")
    is_case: bool = Field(description="True when the question is about a specific patient.")
    context: PatientContext = Field(
        default_factory=PatientContext, description="Extracted patient facts."
    )
    title: str = Field(description="Answer title; names the patient for a case.")
    red_flags: list[str] = Field(
        default_factory=list, description="Urgent findings that put a notice first."
    )
    in_scope: bool = Field(
        default=True, description="False for a non-medical question (refused politely)."
    )
    scope_reason: str | None = Field(
        default=None, description="Why the question was judged out of scope."
    )
    search_queries: list[str] = Field(
        default_factory=list, description="Queries to run against the library."
    )
