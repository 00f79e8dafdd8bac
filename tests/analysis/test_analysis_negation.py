"""Negation scopes: what is denied, and where the denial stops."""

from __future__ import annotations

import pytest

from medcite.analysis._text import normalize
from medcite.analysis.negation import find_negations


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("no fever", ["fever"]),
        ("No fever or rash", ["fever", "rash"]),
        ("denies fever, chills, or night sweats", ["fever", "chills", "night sweats"]),
        ("denies fever, chills and night sweats", ["fever", "chills", "night sweats"]),
        ("back pain without neurological deficit in a 30-year-old", ["neurological deficit"]),
        ("no signs of infection", ["infection"]),
        ("no known drug allergies", ["drug allergies"]),
        ("negative for COVID-19", ["COVID-19"]),
        ("she does not have diabetes", ["diabetes"]),
        ("she doesn't have asthma", ["asthma"]),
        (
            "DVT was ruled out",
            [],
        ),  # post-positional "ruled out" is not handled (documented limitation)
        ("no longer in pain", []),
        ("pars defect with or without spondylolisthesis", []),
    ],
)
def test_negated_items(text: str, items: list[str]) -> None:
    assert find_negations(normalize(text)).items == items


@pytest.mark.parametrize(
    ("text", "still_present"),
    [
        # a comma without a closing "or" ends the scope: the second finding is present
        ("no fever, saddle anaesthesia", "saddle anaesthesia"),
        # "and" after "no" is ambiguous; the second finding is kept rather than hidden
        ("no fever and neck stiffness", "neck stiffness"),
        # a clause word ends the scope
        ("no trauma but has urinary retention", "urinary retention"),
    ],
)
def test_scope_stops_before_present_findings(text: str, still_present: str) -> None:
    masked = find_negations(normalize(text)).masked
    assert still_present in masked


def test_masked_text_keeps_offsets() -> None:
    text = normalize("30-year-old, no fever, with back pain")
    neg = find_negations(text)
    assert len(neg.masked) == len(text)
    assert "fever" not in neg.masked
    assert "back pain" in neg.masked
