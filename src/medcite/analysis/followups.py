"""Follow-up questions: merging a follow-up's facts into the thread, and suggesting the next ones.

A follow-up ("What if she is an athlete?", "And for a 70-year-old?") inherits the patient from
the previous analysis; facts it states replace the old ones, list facts accumulate, and a
finding it denies ("she doesn't have diabetes") is dropped from the background.
"""

from __future__ import annotations

from medcite.analysis._text import dedupe
from medcite.analysis.demographics import age_group_for
from medcite.records import Intent, PatientContext, QuestionAnalysis

_SCALARS = ("sex", "pregnant", "site", "laterality", "mechanism", "acuity")
_YOUNG_AGE = 30


def merge_context(old: PatientContext, new: PatientContext) -> PatientContext:
    """``old`` updated with what ``new`` states."""
    merged = old.model_copy(deep=True)
    if new.age_years is not None:
        merged.age_years = new.age_years
        merged.age_group = age_group_for(new.age_years)
    elif new.age_group is not None:
        merged.age_years = None  # "what about in children?" replaces a stated adult age
        merged.age_group = new.age_group
    for name in _SCALARS:
        value = getattr(new, name)
        if value is not None:
            setattr(merged, name, value)
    if new.sex == "male" and new.pregnant is None:
        merged.pregnant = None  # a new male patient cannot carry the old pregnancy
    denied = {n.lower() for n in new.negations}
    merged.setting = dedupe([*old.setting, *new.setting])
    merged.comorbidities = [
        c for c in dedupe([*old.comorbidities, *new.comorbidities]) if c.lower() not in denied
    ]
    merged.drugs = [d for d in dedupe([*old.drugs, *new.drugs]) if d.lower() not in denied]
    merged.negations = dedupe([*old.negations, *new.negations])
    return merged


def suggest_follow_ups(analysis: QuestionAnalysis) -> list[str]:
    """Three useful next questions for the analysed question's intent, topic and patient."""
    if not analysis.in_scope:
        return []
    t = analysis.topic or "this condition"
    ctx = analysis.context
    if analysis.intent is Intent.COMPARISON:
        return _comparison_follow_ups(t)
    active = "athlete" in ctx.setting or (ctx.age_years is not None and ctx.age_years < _YOUNG_AGE)
    active = active or ctx.age_group in ("child", "adolescent")
    third_treatment = (
        f"How long before return to sport with {t}?"
        if active
        else f"What are the red flags in {t} that need urgent care?"
    )
    pregnant_or_not = (
        f"Is {t} safe while breastfeeding?" if ctx.pregnant else f"Is {t} safe in pregnancy?"
    )
    table: dict[Intent, list[str]] = {
        Intent.TREATMENT: [
            f"When is surgery indicated for {t}?",
            f"What is the prognosis of {t}?",
            third_treatment,
        ],
        Intent.DIAGNOSIS: [
            f"What imaging is recommended for {t}?",
            f"What is the differential diagnosis of {t}?",
            f"What is the treatment for {t}?",
        ],
        Intent.IMAGING: [
            f"When is MRI needed for {t}?",
            f"How is {t} diagnosed?",
            f"What is the treatment for {t}?",
        ],
        Intent.DOSING: [
            f"What are the side effects of {t}?",
            _dose_adjustment(t, ctx),
            f"What drug interactions does {t} have?",
        ],
        Intent.PROGNOSIS: [
            f"What is the treatment for {t}?",
            f"What factors affect recovery from {t}?",
            f"How long before return to sport with {t}?"
            if active
            else f"How can recurrence of {t} be prevented?",
        ],
        Intent.SCREENING: [
            f"At what age should screening for {t} start?",
            f"How is {t} diagnosed?",
            f"What is the treatment for {t}?",
        ],
        Intent.DRUG_SAFETY: [
            f"What is the usual dose of {t}?",
            f"What are the alternatives to {t}?",
            pregnant_or_not,
        ],
        Intent.GENERAL: [
            f"What causes {t}?",
            f"How is {t} diagnosed?",
            f"What is the treatment for {t}?",
        ],
    }
    return table[analysis.intent]


def _dose_adjustment(topic: str, ctx: PatientContext) -> str:
    """Dose follow-up shaped by the patient's kidneys or age."""
    if "CKD" in ctx.comorbidities:
        return f"How should {topic} be adjusted as kidney function declines?"
    if ctx.age_group == "older adult":
        return f"Does the dose of {topic} need adjusting in older adults?"
    return f"How should the dose of {topic} be adjusted in kidney disease?"


def _comparison_follow_ups(topic: str) -> list[str]:
    """Follow-ups for 'a vs b [for c]'."""
    arms, _, condition = topic.partition(" for ")
    a, _, b = arms.partition(" vs ")
    return [
        f"What are the side effects of {a}?",
        f"What are the side effects of {b}?",
        f"What is the treatment for {condition}?"
        if condition
        else f"When is {a} preferred over {b}?",
    ]
