"""Sentence splitting that respects clinical abbreviations, and lead-in trimming."""

from __future__ import annotations

import pytest

from medcite.compose.sentences import split_sentences, trim_lead_in


@pytest.mark.parametrize(
    "text",
    [
        "Conservative care (e.g. bracing, NSAIDs) is first-line vs. surgery.",
        "Smith et al. (2019) reported a dose of 1.5 mg twice daily.",
        "Union was confirmed on CT (Fig. 2) in most patients.",
        "The U.S. Preventive Services Task Force recommends screening.",
        "Doses of 0.5 mg/kg i.e. half the usual dose were used.",
    ],
)
def test_abbreviations_and_decimals_do_not_split(text: str) -> None:
    assert split_sentences(text) == [text]


def test_splits_real_boundaries() -> None:
    text = "Bracing helps. Surgery is rare! Is it safe? Yes, according to Jones et al. They agreed."
    assert split_sentences(text) == [
        "Bracing helps.",
        "Surgery is rare!",
        "Is it safe?",
        "Yes, according to Jones et al.",
        "They agreed.",
    ]


def test_units_end_a_sentence_before_a_capital() -> None:
    assert split_sentences("Patients rested for 30 min. Pain improved.") == [
        "Patients rested for 30 min.",
        "Pain improved.",
    ]


def test_structured_labels_lines_and_bullets() -> None:
    text = (
        "RESULTS: Healing was 71%.\n\nCONCLUSIONS: Bracing is optional.\n"
        "- first point here\n- second point"
    )
    assert split_sentences(text) == [
        "Healing was 71%.",
        "Bracing is optional.",
        "first point here",
        "second point",
    ]


@pytest.mark.parametrize(
    ("sentence", "trimmed"),
    [
        ("In this study, we found that bracing improves healing.", "Bracing improves healing."),
        ("We showed that union rates were 84–95%.", "Union rates were 84–95%."),
        ("Our results demonstrate that fusion is durable.", "Fusion is durable."),
        ("In conclusion, pH control matters.", "pH control matters."),
        # A hedged frame goes only when the finding keeps its own hedge.
        (
            "These findings suggest that bracing may not be necessary.",
            "Bracing may not be necessary.",
        ),
        (
            "Our results suggest that most athletes can return to sport.",
            "Our results suggest that most athletes can return to sport.",
        ),
        ("Bracing is recommended.", "Bracing is recommended."),
    ],
)
def test_trim_lead_in(sentence: str, trimmed: str) -> None:
    assert trim_lead_in(sentence) == trimmed
