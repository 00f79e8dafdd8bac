"""Scope: refuse clearly non-medical questions, politely and with a reason.

Anything with medical content is in scope, and ambiguous health wording is given the benefit
of the doubt ("Can I eat eggs with high cholesterol?" is answered). A follow-up in a medical
thread is in scope unless it is plainly a non-medical request.
"""

from __future__ import annotations

import re

from medcite.analysis._text import bounded, phrases, words
from medcite.analysis.lexicon import has_medical_content

_HEALTH_WORDS = bounded(
    words(
        phrases(
            """
            health, healthy, unhealthy, wellbeing, well-being, body, sick, doctor,
            nurse, diet, dieting, sleep, sleeping, exercise, workout, weight, hurt,
            hurts, tired, stress, mood, alcohol, smoking, vitamins, breastfeeding,
            newborn, calories, fasting
"""
        )
    )
)
_NON_MEDICAL_REQUEST = re.compile(
    r"(?<![\w])(?:capital\s+of|write\s+(?:me\s+)?(?:a|an)\s+(?:poem|song|story|essay|joke|limerick|haiku|novel)"
    r"|poem|lyrics|recipe\s+for\s+(?:a\s+)?(?:cake|pizza|pasta|cookies)|pizza|restaurant|weather|stock\s+price"
    r"|bitcoin|crypto|football\s+score|who\s+won|movie|film|fix\s+my\s+(?:car|computer|laptop|phone|bike|sink)"
    r"|my\s+car|translate|homework|president\s+of|election|write\s+(?:code|a\s+program|a\s+script))(?![\w])",
    re.IGNORECASE,
)
_EMPTY_REASON = "The question is empty."
_REASON = (
    "This does not look like a medical or health question (no clinical terms found); "
    "medcite answers clinical questions from medical evidence."
)


def check_scope(text: str, *, follow_up: bool = False) -> tuple[bool, str | None]:
    """``(in_scope, reason)``; the reason is None when the question is in scope."""
    if not re.search(r"[A-Za-z]", text):
        return False, _EMPTY_REASON
    if has_medical_content(text):
        return True, None
    explicit = bool(_NON_MEDICAL_REQUEST.search(text))
    if not explicit and (follow_up or _HEALTH_WORDS.search(text)):
        return True, None
    return False, _REASON
