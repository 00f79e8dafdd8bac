"""Answer composers: the extractive composer (the default, no LLM) and the pieces it is built from.

``compose_extractive(analysis, hits, audience, options=...)`` returns an :class:`Answer` whose every
sentence is copied from a cited passage.
"""

from medcite.compose.audience import adapt_answer, flesch_kincaid_grade, reading_level
from medcite.compose.citations import (
    iter_items,
    iter_sections,
    reference_from_hit,
    renumber_by_first_use,
)
from medcite.compose.disclaimer import DISCLAIMER, PATIENT_DISCLAIMER
from medcite.compose.extractive import compose_extractive
from medcite.compose.options import ComposeOptions
from medcite.compose.plans import EXPLANATORY_KEYS, PLANS, Plan, SectionSpec, plan_for
from medcite.compose.sentences import split_sentences, trim_lead_in

__all__ = [
    "DISCLAIMER",
    "EXPLANATORY_KEYS",
    "PATIENT_DISCLAIMER",
    "PLANS",
    "ComposeOptions",
    "Plan",
    "SectionSpec",
    "adapt_answer",
    "compose_extractive",
    "flesch_kincaid_grade",
    "iter_items",
    "iter_sections",
    "plan_for",
    "reading_level",
    "reference_from_hit",
    "renumber_by_first_use",
    "split_sentences",
    "trim_lead_in",
]
