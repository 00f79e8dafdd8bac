"""Folding, tokenising and phrase extraction: pure functions, no vocabulary needed."""

from __future__ import annotations

import pytest

from medcite.vocab._bags import bag_of, definition_head
from medcite.vocab._icd10cm import _clean
from medcite.vocab._mesh import natural_order
from medcite.vocab._text import (
    display_form,
    drop_parentheticals,
    fold_token,
    is_stopword_phrase,
    looks_like_abbreviation,
    phrase_key,
    query_tokens,
)


@pytest.mark.parametrize(
    ("token", "folded"),
    [
        ("Stones", "stone"),
        ("arteries", "artery"),
        ("abscesses", "abscess"),
        ("diabetes", "diabete"),  # odd, but folded the same on both sides
        ("mellitus", "mellitus"),
        ("pancreas", "pancreas"),
        ("AIDS", "aids"),  # an acronym keeps its final s
        ("UTIs", "uti"),  # unless the s is a lower-case plural
        ("NSAIDs", "nsaid"),
        ("paracétamol", "paracetamol"),
        ("gas", "gas"),
        ("2", "2"),
    ],
)
def test_fold_token(token: str, folded: str) -> None:
    assert fold_token(token) == folded


def test_phrase_key_normalises_case_punctuation_and_plurals() -> None:
    assert phrase_key("Kidney-Stones!") == "kidney stone"
    assert phrase_key("  Heart   attacks ") == phrase_key("heart attack")
    assert phrase_key("Type 2 diabetes") == "type 2 diabete"


def test_query_tokens_keep_surface_and_position() -> None:
    query = "Is MI (heart attack) bad?"
    tokens = query_tokens(query)
    assert [t.surface for t in tokens] == ["Is", "MI", "heart", "attack", "bad"]
    heart, attack = tokens[2], tokens[3]
    assert query[heart.start : attack.end] == "heart attack"


@pytest.mark.parametrize(
    ("surface", "shouting", "expected"),
    [
        ("MI", False, True),
        ("aPTT", False, True),
        ("COPD", False, True),
        ("is", False, False),
        ("Is", False, False),
        ("I", False, False),
        ("IS", False, True),
        ("IS", True, False),
        ("MI", True, True),
    ],
)
def test_looks_like_abbreviation(surface: str, shouting: bool, expected: bool) -> None:
    assert looks_like_abbreviation(surface, shouting=shouting) is expected


def test_stopword_phrases() -> None:
    assert is_stopword_phrase(("what", "is", "the"))
    assert is_stopword_phrase(("doe", "it", "2"))
    assert not is_stopword_phrase(("what", "is", "gout"))


def test_display_form_keeps_acronyms() -> None:
    assert display_form("Myocardial infarction") == "myocardial infarction"
    assert display_form("COPD") == "COPD"
    assert display_form("Increased LDL cholesterol") == "increased LDL cholesterol"
    assert display_form("aPTT prolongation") == "aPTT prolongation"


def test_drop_parentheticals() -> None:
    assert drop_parentheticals("Essential (primary) hypertension") == "Essential hypertension"
    assert drop_parentheticals("hypertension (arterial) (benign)") == "hypertension"


def test_definition_head_finds_the_noun_phrase() -> None:
    definition = (
        "Spondylolysis is an osseous defect of the pars interarticularis, thought to be a "
        "developmental or acquired stress fracture."
    )
    assert definition_head(definition) == ("defect", "interarticularis", "osseous", "par")
    assert definition_head("Necrosis of the myocardium caused by an obstruction.") == (
        "myocardium",
        "necrosis",
    )
    assert definition_head("Lack of eyelashes.") == ("eyelashe", "lack")
    assert definition_head("Calcification, that is, deposition of calcium salts.") is None


def test_bag_of_bounds_its_size() -> None:
    assert bag_of("the pain") is None
    assert bag_of("one two three four five six seven") is None
    assert bag_of("pain of the knee") == ("knee", "pain")


def test_natural_order_undoes_mesh_inversion() -> None:
    assert natural_order("Leukemia, Myeloid, Acute") == "Acute Myeloid Leukemia"
    assert natural_order("Pulmonary Disease, Chronic Obstructive") == (
        "Chronic Obstructive Pulmonary Disease"
    )
    assert natural_order("Heart Attack") == "Heart Attack"


@pytest.mark.parametrize(
    ("note", "cleaned"),
    [
        ("Essential (primary) hypertension", "Essential hypertension"),
        ("Acute myocardial infarction, unspecified", "Acute myocardial infarction"),
        ("diabetes NOS", "diabetes"),
        ("Pregnant state, incidental", None),
        ("any condition in I50.- due to hypertension", None),
        ("Other specified disorders of the kidney", None),
        (None, None),
    ],
)
def test_icd_label_cleaning(note: str | None, cleaned: str | None) -> None:
    assert _clean(note) == cleaned
