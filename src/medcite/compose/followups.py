"""Suggested follow-up questions, so the thread can continue with the same patient context."""

from __future__ import annotations

import importlib
from typing import Any

from medcite.records import Intent, QuestionAnalysis

_TEMPLATES: dict[Intent, tuple[str, ...]] = {
    Intent.TREATMENT: (
        "When is surgery indicated for {topic}?",
        "How is {topic} diagnosed?",
        "What is the prognosis of {topic}?",
    ),
    Intent.DIAGNOSIS: (
        "What is the treatment for {topic}?",
        "Which imaging is most accurate for {topic}?",
        "What conditions can mimic {topic}?",
    ),
    Intent.IMAGING: (
        "What is the treatment for {topic}?",
        "When should imaging be repeated for {topic}?",
        "How is {topic} diagnosed clinically?",
    ),
    Intent.DOSING: (
        "What are the side effects of {topic}?",
        "How should the dose of {topic} change in kidney disease?",
        "What monitoring is needed with {topic}?",
    ),
    Intent.PROGNOSIS: (
        "What is the treatment for {topic}?",
        "Which factors predict outcome in {topic}?",
        "How should {topic} be followed up?",
    ),
    Intent.SCREENING: (
        "What are the harms of screening for {topic}?",
        "How often should screening for {topic} be repeated?",
        "What is the treatment for {topic}?",
    ),
    Intent.DRUG_SAFETY: (
        "What is the usual dose of {topic}?",
        "Is {topic} safe in pregnancy?",
        "Which drugs interact with {topic}?",
    ),
    Intent.COMPARISON: (
        "What do guidelines recommend for {topic}?",
        "What are the harms of each option for {topic}?",
        "Which patients benefit most from each option for {topic}?",
    ),
    Intent.GENERAL: (
        "What is the treatment for {topic}?",
        "How is {topic} diagnosed?",
        "What is the prognosis of {topic}?",
    ),
}


def follow_ups(analysis: QuestionAnalysis, count: int = 3) -> list[str]:
    """``count`` follow-up questions: question analysis's own suggestions when it offers them,
    completed from intent templates about the topic."""
    asked = analysis.question.strip().lower()
    out: list[str] = []
    for question in [*_from_analysis(analysis), *_templates(analysis)]:
        if question.strip().lower() != asked and question not in out:
            out.append(question)
    return out[:count]


def _templates(analysis: QuestionAnalysis) -> list[str]:
    topic = analysis.topic.strip() or "this condition"
    questions = [
        t.format(topic=topic) for t in _TEMPLATES.get(analysis.intent, _TEMPLATES[Intent.GENERAL])
    ]
    if analysis.is_case:
        # Keep the thread on the patient: the follow-up carries their context forward.
        questions.insert(0, "What follow-up and monitoring does this patient need?")
    return questions


def _from_analysis(analysis: QuestionAnalysis) -> list[str]:
    """Suggestions from medcite.analysis.suggest_follow_ups, if that optional hook exists.

    Question analysis is developed separately; a missing or failing hook means "no suggestions".
    """
    try:
        hook: Any = importlib.import_module("medcite.analysis").suggest_follow_ups
        suggestions = hook(analysis)
        return [s for s in suggestions if isinstance(s, str) and s.strip()]
    except Exception:
        return []
