"""Same facts and citations for every reader; plain words and a lower reading level for patients."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from medcite.compose import adapt_answer, flesch_kincaid_grade, iter_sections
from medcite.compose.audience import split_semicolons
from medcite.compose.glossary import canonicalize, drop_figure_glosses, simplify
from medcite.compose.plans import EXPLANATORY_KEYS
from medcite.records import Answer, Audience, ContentItem

Compose = Callable[..., Answer]


def _claims(answer: Answer) -> list[ContentItem]:
    items = [answer.bottom_line]
    for section in iter_sections(answer.sections):
        if section.key not in EXPLANATORY_KEYS:
            items.extend(section.items)
    return items


def test_patient_reading_level_is_measurably_lower(compose: Compose) -> None:
    for name in ("generic", "case"):
        clinician = compose(name)
        patient = compose(name, Audience.PATIENT)
        assert clinician.reading_level is not None and patient.reading_level is not None
        assert patient.reading_level <= clinician.reading_level - 1.0


def test_same_facts_and_citations_for_every_audience(compose: Compose) -> None:
    clinician = compose("case")
    for audience in (Audience.PATIENT, Audience.STUDENT):
        other = compose("case", audience)
        assert other.audience is audience
        assert other.references == clinician.references
        pairs = list(zip(_claims(clinician), _claims(other), strict=True))
        for before, after in pairs:
            assert after.citations == before.citations
            # Numbers and negations are never dropped by simplification; a share's plain
            # reading ("82% (about 8 in 10)") is checked against its figure and set aside.
            assert re.findall(r"\d+(?:\.\d+)?", drop_figure_glosses(after.text)) == re.findall(
                r"\d+(?:\.\d+)?", before.text
            )
            assert after.text.count(" not ") == before.text.count(" not ")


def test_patient_answer_explains_terms_and_simplifies_headings(compose: Compose) -> None:
    answer = compose("generic", Audience.PATIENT)
    assert answer.sections[0].key == "what_this_means"
    assert answer.sections[0].heading == "What This Means"
    assert "pars defect" in answer.sections[0].items[0].text
    assert not any(item.citations for item in answer.sections[0].items)
    headings = [s.heading for s in iter_sections(answer.sections)]
    assert "Treatment Options" in headings
    assert "Treatment Algorithm" not in headings
    text = " ".join(item.text for item in _claims(answer))
    assert "spondylolysis" not in text.lower()
    assert "treatment without surgery" in text.lower()
    assert "For education only" in answer.disclaimer


def test_student_answer_shows_evidence_levels_and_key_concepts(compose: Compose) -> None:
    answer = compose("generic", Audience.STUDENT)
    first_line = next(s for s in iter_sections(answer.sections) if s.key == "first_line")
    assert all("(Evidence: " in item.text for item in first_line.items)
    assert "(Evidence: guideline)" in first_line.items[0].text
    assert answer.sections[-1].key == "key_concepts"
    assert any(item.text.startswith("Spondylolysis:") for item in answer.sections[-1].items)
    assert "spondylolysis" in answer.bottom_line.text  # clinical wording is kept


def test_simplify_fixes_articles_and_capitals() -> None:
    assert simplify("Wear an orthosis.") == "Wear a back brace."
    assert simplify("NSAIDs help; use NSAIDs.") == "NSAID painkillers help; use NSAID painkillers."
    assert simplify("Bilateral defects heal less.") == "Two-sided defects heal less."
    assert simplify("A neurological deficit is rare.") == "A nerve problem is rare."


def test_canonical_forms_meet() -> None:
    clinical = "Conservative management of bilateral spondylolysis."
    assert canonicalize(clinical) == canonicalize(simplify(clinical))


def test_split_semicolons_keeps_every_clause() -> None:
    text = (
        "Bracing for 12 weeks did not change pain scores in most adolescents; "
        "return to sport occurred at a median of 4 months in both groups of patients."
    )
    split = split_semicolons(text)
    assert split == (
        "Bracing for 12 weeks did not change pain scores in most adolescents. "
        "Return to sport occurred at a median of 4 months in both groups of patients."
    )
    assert split_semicolons("Short; list; here.") == "Short; list; here."


def test_flesch_kincaid_grade_orders_texts() -> None:
    easy = "The bone can heal. Rest helps. Most people get back to sport."
    hard = (
        "Thoracolumbosacral orthosis immobilisation demonstrated comparable radiological "
        "consolidation characteristics relative to activity modification interventions."
    )
    assert flesch_kincaid_grade(easy) < 6 < flesch_kincaid_grade(hard)
    assert flesch_kincaid_grade("") == 0.0


def test_vocab_definition_explains_a_topic_outside_the_glossary(
    compose: Compose, monkeypatch: pytest.MonkeyPatch
) -> None:
    import medcite.vocab

    class FakeIndex:
        def definition(self, term: str) -> str | None:
            return (
                "A painful swelling of a joint caused by crystals." if term == "podagra" else None
            )

        def lay_terms(self, term: str) -> list[str]:
            return ["crystal arthritis"]

    monkeypatch.setattr(medcite.vocab, "get_index", FakeIndex, raising=False)
    answer = compose("generic").model_copy(deep=True)
    # "podagra" is in neither the glossary nor the curated lay lexicon.
    adapted = adapt_answer(answer, Audience.PATIENT, topic="podagra")
    explained = [i.text for s in adapted.sections if s.key == "what_this_means" for i in s.items]
    assert explained[0] == (
        "Podagra: A painful swelling of a joint caused by crystals. "
        "It is also called crystal arthritis."
    )


def test_a_failing_vocab_is_ignored(compose: Compose, monkeypatch: pytest.MonkeyPatch) -> None:
    import medcite.vocab

    def broken() -> None:
        raise RuntimeError("index missing")

    monkeypatch.setattr(medcite.vocab, "get_index", broken, raising=False)
    adapted = adapt_answer(compose("generic"), Audience.PATIENT, topic="gout")
    assert adapted.reading_level is not None
