"""vocab_synonyms: an abbreviation's long form brings the long form's own synonyms."""

from __future__ import annotations

import pytest

import medcite.vocab
from medcite.compose.topic import vocab_synonyms

SYNONYMS = {
    "COPD": ["chronic obstructive pulmonary disease", "chronic pulmonary obstruction"],
    "chronic obstructive pulmonary disease": [
        "chronic pulmonary obstruction",
        "chronic obstructive lung disease",
        "COPD",
    ],
    "gout flare": ["gouty arthritis", "acute gout"],
    "gouty arthritis": ["podagra"],
}


@pytest.fixture(autouse=True)
def _vocabulary(monkeypatch: pytest.MonkeyPatch) -> None:
    """A small vocabulary in place of the installed one (built from several packages)."""
    monkeypatch.setattr(medcite.vocab, "expansion_terms", lambda term: SYNONYMS.get(term, []))


def test_an_abbreviation_reaches_the_names_guidelines_use() -> None:
    assert vocab_synonyms("COPD") == [
        "chronic obstructive pulmonary disease",
        "chronic pulmonary obstruction",
        "chronic obstructive lung disease",
        "COPD",
    ]


def test_a_spelled_out_topic_takes_one_hop_only() -> None:
    assert vocab_synonyms("gout flare") == ["gouty arthritis", "acute gout"]


def test_the_limit_holds_after_the_second_hop() -> None:
    assert len(vocab_synonyms("COPD", limit=2)) == 2
