"""Expansion behaviour against the real vocabularies installed with medcite[vocab]."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from medcite.vocab import Expansion, SynonymIndex
from medcite.vocab._text import fold_tokens, phrase_key

Require = Callable[..., None]


def terms(index: SynonymIndex, query: str, max_terms: int = 12) -> list[str]:
    return [e.term.lower() for e in index.expand(query, max_terms)]


def test_pars_defect_bridges_to_spondylolysis(index: SynonymIndex, require: Require) -> None:
    require("hpo")
    found = index.expand("pars defect")
    assert [(e.term, e.matched, e.source) for e in found] == [
        ("spondylolysis", "pars defect", "hpo")
    ]
    assert 0 < found[0].weight < 0.6  # a bridge is weaker than any exact match


def test_bridge_inside_a_longer_question(index: SynonymIndex, require: Require) -> None:
    require("hpo")
    assert "spondylolysis" in terms(index, "Can a teenager with a pars defect keep playing?")


@pytest.mark.parametrize("query", ["abnormal enlargement", "blood test results", "knee surgery"])
def test_no_bridge_from_common_words(index: SynonymIndex, require: Require, query: str) -> None:
    require("hpo")
    assert index.expand(query) == []


def test_lay_phrase_to_clinical_term(index: SynonymIndex, require: Require) -> None:
    require("hpo")
    found = index.expand("heart attack")
    assert found[0] == Expansion("myocardial infarction", "heart attack", "hpo", 1.0)


@pytest.mark.parametrize(
    ("brand", "generics"),
    [("Tylenol", {"acetaminophen", "paracetamol"}), ("Lipitor", {"atorvastatin"})],
)
def test_brand_to_generic(
    index: SynonymIndex, require: Require, brand: str, generics: set[str]
) -> None:
    require("drug")
    found = index.expand(f"{brand} overdose")
    assert generics <= {e.term for e in found}
    assert all(e.matched == brand and e.source == "drug" for e in found if e.term in generics)


@pytest.mark.parametrize(
    ("abbr", "meaning"),
    [
        ("MI", "myocardial infarction"),
        ("COPD", "chronic obstructive pulmonary disease"),
        ("DVT", "deep vein thrombosis"),
    ],
)
def test_abbreviations(index: SynonymIndex, require: Require, abbr: str, meaning: str) -> None:
    require("abbrev", "hpo")
    found = index.expand(f"anticoagulation after {abbr}")
    assert meaning in {e.term for e in found}
    assert all(e.matched == abbr for e in found)


def test_abbreviation_only_as_written_in_capitals(index: SynonymIndex, require: Require) -> None:
    require("abbrev")
    assert index.expand("Is it as safe as before") == []
    assert index.expand("mi") == []
    matched = {e.matched for e in index.expand("is MI as bad as a stroke")}
    assert "MI" in matched
    assert not matched & {"is", "as", "a"}


def test_shouted_query_skips_function_words(index: SynonymIndex, require: Require) -> None:
    require("abbrev")
    found = index.expand("WHAT IS THE BEST TREATMENT FOR MI")
    assert {e.matched for e in found} == {"MI"}
    assert found[0].term == "myocardial infarction"


@pytest.mark.parametrize(
    ("abbr", "first"),
    [("PE", "pulmonary embolism"), ("DM", "diabetes mellitus"), ("AF", "atrial fibrillation")],
)
def test_ambiguous_abbreviation_prefers_clinical_meaning(
    index: SynonymIndex, require: Require, abbr: str, first: str
) -> None:
    require("abbrev", "hpo", "icd10cm", "mesh")
    found = index.expand(abbr)
    assert found[0].term == first
    assert found[0].source == "abbrev"


@pytest.mark.parametrize("abbr", ["PE", "MS", "RA", "ASD", "HA", "CP", "DVT", "MI"])
def test_at_most_two_expansions_per_abbreviation(
    index: SynonymIndex, require: Require, abbr: str
) -> None:
    require("abbrev")
    assert 1 <= len(index.expand(f"{abbr} in adults")) <= 2


def test_icd_inclusion_term(index: SynonymIndex, require: Require) -> None:
    require("icd10cm")
    found = {(e.term, e.source) for e in index.expand("high blood pressure")}
    assert ("essential hypertension", "icd10cm") in found
    assert "hypertension" in {term for term, _ in found}


@pytest.mark.parametrize("query", ["", "   ", "what is the", "Is it?", "how are you", "?!"])
def test_no_expansion_for_stopwords(index: SynonymIndex, query: str) -> None:
    assert index.expand(query) == []


QUERIES = [
    "heart attack",
    "Tylenol or ibuprofen for fever in children with a sore throat",
    "high blood pressure and kidney stones",
    "is MI as bad as a stroke",
    "COPD exacerbation with shortness of breath",
    "pars defect in athletes",
    "Does vitamin D help with depression?",
]


@pytest.mark.parametrize("query", QUERIES)
def test_no_duplicates_and_no_original_words(index: SynonymIndex, query: str) -> None:
    found = index.expand(query)
    keys = [phrase_key(e.term) for e in found]
    assert len(keys) == len(set(keys))
    query_words = set(fold_tokens(query))
    for expansion in found:
        assert not set(fold_tokens(expansion.term)) <= query_words, expansion
        assert expansion.matched in query
        assert 0.0 < expansion.weight <= 1.0
        assert expansion.source in {"hpo", "icd10cm", "mesh", "drug", "abbrev"}


def test_narrower_terms_are_not_offered(index: SynonymIndex, require: Require) -> None:
    require("icd10cm")
    assert "type 2 diabetes mellitus" not in terms(index, "diabetes")


def test_only_synonyms_of_an_icd_title_are_offered(index: SynonymIndex, require: Require) -> None:
    require("icd10cm")
    assert "facial pain" not in terms(index, "headaches")  # coded under R51.9, no synonym
    assert "essential hypertension" in terms(index, "high blood pressure")


def test_hpo_modifiers_are_not_phenotypes(index: SynonymIndex, require: Require) -> None:
    require("hpo")
    assert index.expand("onset of symptoms") == []


def test_acronym_plurals(index: SynonymIndex, require: Require) -> None:
    require("abbrev", "hpo")
    assert "recurrent UTIs" not in index.expansion_terms("UTI")


def test_long_titles_are_not_offered(index: SynonymIndex) -> None:
    assert all(len(term.split()) <= 6 for term in index.expansion_terms("enlarged prostate"))


def test_max_terms(index: SynonymIndex) -> None:
    query = "Tylenol for fever and sore throat after a heart attack"
    assert len(index.expand(query, max_terms=3)) <= 3
    assert index.expand(query, max_terms=0) == []
    assert index.expand(query, max_terms=3) == index.expand(query)[:3]


def test_every_phrase_gets_its_best_term_first(index: SynonymIndex, require: Require) -> None:
    require("hpo", "drug")
    found = index.expand("Tylenol for fever and sore throat", max_terms=3)
    assert {e.matched for e in found} == {"Tylenol", "fever", "sore throat"}


def test_expansion_terms(index: SynonymIndex, require: Require) -> None:
    require("hpo")
    assert index.expansion_terms("heart attack")[0] == "myocardial infarction"


def test_lay_terms(index: SynonymIndex, require: Require) -> None:
    require("hpo")
    assert "heart attack" in index.lay_terms("myocardial infarction")
    assert "high blood pressure" in index.lay_terms("Hypertension")
    assert index.lay_terms("no such clinical term") == []


def test_definition(index: SynonymIndex, require: Require) -> None:
    require("hpo")
    text = index.definition("spondylolysis")
    assert text is not None and "pars interarticularis" in text
    assert index.definition("heart attack") == index.definition("myocardial infarction")
    assert index.definition("no such clinical term") is None


def test_definition_of_an_abbreviation(index: SynonymIndex, require: Require) -> None:
    require("hpo", "abbrev")
    text = index.definition("MI")
    assert text is not None and "myocardium" in text


def test_warm_open_reuses_the_cache_file(real_home: object, index: SynonymIndex) -> None:
    # Speed lives in the benchmarks; here: a warm open reads the same file, it does not rebuild.
    assert index.path is not None
    before = index.path.stat().st_mtime_ns
    with SynonymIndex.open(index.path.parent) as again:
        assert again.path == index.path
    assert index.path.stat().st_mtime_ns == before
