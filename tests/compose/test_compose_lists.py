"""as_list: a long semicolon list after a colon becomes a lead-in with points; nothing else moves."""

from __future__ import annotations

import pytest

from medcite.compose.lists import as_list
from medcite.records import ContentItem

WORKUP = (
    "Consider a workup for secondary hypertension in these scenarios: resistant hypertension "
    "(not controlled on 3 drugs including a diuretic); abrupt onset of hypertension; onset "
    "before age 30 without other risk factors; disproportionate target organ damage."
)


def test_a_long_list_becomes_a_lead_in_with_points() -> None:
    item = as_list(ContentItem(text=WORKUP, citations=[4]))
    assert item.text == "Consider a workup for secondary hypertension in these scenarios:"
    assert item.points == [
        "Resistant hypertension (not controlled on 3 drugs including a diuretic)",
        "Abrupt onset of hypertension",
        "Onset before age 30 without other risk factors",
        "Disproportionate target organ damage",
    ]
    assert item.citations == [4]
    assert item.full_text.lower() == WORKUP.lower()  # the same words, only laid out


def test_sentences_before_the_list_stay_in_the_text() -> None:
    first = "Secondary causes are rare but treatable."
    item = as_list(ContentItem(text=f"{first} {WORKUP}"))
    assert item.text.startswith(first) and item.text.endswith("scenarios:")
    assert len(item.points) == 4


@pytest.mark.parametrize(
    "text",
    [
        # a list of names reads as well on one line
        "Carbapenems used for infected necrosis, examples: meropenem; imipenem; ertapenem.",
        # the list is not the last sentence: the lead-in would drift away from its points
        f"{WORKUP} Refer to a specialist if blood pressure stays above target on four drugs.",
        # no colon, or a colon inside brackets or a time
        "Give fluids early; reassess perfusion often; start vasopressors if the MAP stays low.",
        "Start treatment (dose: 1 g; route: oral; frequency: daily) and review at two weeks.",
        "The infusion runs from 10:30 to 12:00 for adults with sepsis; then it is reassessed.",
        # a lead-in too short to stand as a heading
        "Avoid: nitrofurantoin in pyelonephritis; moxifloxacin in cystitis; fosfomycin alone.",
    ],
)
def test_other_sentences_are_left_alone(text: str) -> None:
    item = ContentItem(text=text, citations=[1])
    assert as_list(item) == item


def test_a_flat_comma_list_of_phrases_is_split_and_keeps_its_conjunction() -> None:
    text = (
        "Screening for primary aldosteronism is advised in: resistant hypertension, "
        "spontaneous or diuretic-induced hypokalemia, adrenal incidentaloma, family history of "
        "early-onset hypertension, or stroke at a young age."
    )
    item = as_list(ContentItem(text=text, citations=[2]))
    assert item.text == "Screening for primary aldosteronism is advised in:"
    assert item.points[0] == "Resistant hypertension"
    assert item.points[-1] == "Or stroke at a young age"
    assert len(item.points) == 5


@pytest.mark.parametrize(
    "text",
    [
        # a colon inside: the commas belong to a nested list, not to this one
        "Diagnosis requires at least one of: markers of kidney damage: albuminuria, urine "
        "sediment abnormalities, electrolyte abnormalities due to tubular disorders, "
        "structural abnormalities on imaging.",
        # an entry that starts a clause: the commas join clauses
        "Treat the flare promptly with one agent: colchicine within 36 hours of onset, which "
        "works best early, if there is no renal impairment, then review the response after a "
        "few days.",
        # only three entries
        "Risk factors for spondylolysis in young athletes: extension-based sports such as "
        "gymnastics, male sex with a family history, repeated lumbar hyperextension.",
    ],
)
def test_commas_that_do_not_make_a_flat_list_are_left_alone(text: str) -> None:
    item = ContentItem(text=text)
    assert as_list(item) == item


def test_an_item_with_points_is_not_split_again() -> None:
    item = as_list(ContentItem(text=WORKUP))
    assert as_list(item) == item
