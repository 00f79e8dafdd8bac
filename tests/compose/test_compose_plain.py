"""Patient rewriting: statistics out, figures in plain words beside them, long sentences split,
and every rewrite still says what the clinical sentence says (the verifier's own measures)."""

from __future__ import annotations

from collections.abc import Callable

from medcite.compose import iter_items
from medcite.compose.audience import strip_annotations
from medcite.compose.glossary import canonicalize, simplify
from medcite.compose.plain import (
    faithful,
    for_patient,
    front_main_clause,
    gloss_figures,
    split_long,
    strip_statistics,
)
from medcite.compose.tokens import has_negation, numbers
from medcite.records import Answer, Audience, Hit
from medcite.verify import verify_answer

Compose = Callable[..., Answer]


def test_statistical_brackets_go_and_the_claim_numbers_stay() -> None:
    text = (
        "Mortality at 90 days was 21% with the drug and 28% with placebo "
        "(HR 0.70, 95% CI 0.58-0.85; p < 0.001)."
    )
    plain = strip_statistics(text)
    assert plain == "Mortality at 90 days was 21% with the drug and 28% with placebo."
    assert strip_statistics("Pain fell by half, p < 0.01.") == "Pain fell by half."
    # A dose in brackets is not a statistic.
    assert strip_statistics("Give X (0.1 units/kg) now.") == "Give X (0.1 units/kg) now."


def test_a_share_gets_a_plain_reading_beside_the_figure() -> None:
    glossed = gloss_figures("Healing occurred in 71% of patients and in 30% of adults.")
    assert glossed == (
        "Healing occurred in 71% (about 7 in 10) of patients and in 30% (3 in 10) of adults."
    )
    # Changes and ranges are not shares; extreme shares are not rounded to tenths.
    for text in ("Risk fell by 30% of baseline.", "It occurs in 5-10% of people.", "In 98% of"):
        assert gloss_figures(text) in (text, text)
    assert gloss_figures("Seen in 4% of cases.") == "Seen in 4% of cases."
    assert gloss_figures("In 85% of adults.") == "In 85% (about 9 in 10) of adults."


def test_the_gloss_stays_beside_its_figure_when_the_sentence_is_split() -> None:
    text = (
        "In adults with spondylolysis and low-grade slip, posterolateral fusion achieved good "
        "or excellent outcomes in 82% of patients at 2 years."
    )
    assert for_patient(text, strip_annotations) == (
        "Posterolateral fusion achieved good or excellent outcomes in 82% (about 8 in 10) of "
        "patients at 2 years. This is for adults with spine stress fracture and low-grade slip."
    )


def test_a_correct_gloss_is_transparent_to_verification_and_a_wrong_one_is_not() -> None:
    assert numbers(canonicalize("in 71% (about 7 in 10) of patients")) == {"71"}
    assert numbers(canonicalize("in 71% (about 3 in 10) of patients")) >= {"3", "10"}


def test_long_sentences_split_at_clause_joins_and_keep_their_words() -> None:
    text = (
        "Colchicine works best when it is started early in the flare, whereas its effect is "
        "smaller when it is started after two days."
    )
    pieces = split_long(text)
    assert pieces == [
        "Colchicine works best when it is started early in the flare.",
        "But its effect is smaller when it is started after two days.",
    ]
    # "X with A and B can ...": the part before "and" has no verb of its own.
    joined = (
        "Image-guided pars injections with local anaesthetic and corticosteroid can provide "
        "short-term pain relief in patients who fail first-line treatment."
    )
    assert split_long(joined) == [joined]
    both = (
        "Anticoagulation should be discontinued immediately and rapid reversal of "
        "anticoagulation should be performed as soon as possible."
    )
    assert len(split_long(both)) == 2
    # A list is not a clause: nothing is split.
    listed = (
        "Three drugs are approved for acute gout in adults: indomethacin, naproxen, and sulindac."
    )
    assert split_long(listed) == [listed]


def test_the_group_a_recommendation_applies_to_follows_it() -> None:
    text = (
        "In adults with heart failure and reduced ejection fraction, an SGLT2 inhibitor is "
        "recommended to reduce hospital admissions."
    )
    assert front_main_clause(text) == [
        "An SGLT2 inhibitor is recommended to reduce hospital admissions.",
        "This is for adults with heart failure and reduced ejection fraction.",
    ]


def test_a_rewrite_that_loses_a_negation_or_adds_a_number_is_not_faithful() -> None:
    original = "Antibiotics are not recommended for viral bronchitis in adults with cough."
    assert faithful(
        "Antibiotics are not advised for viral bronchitis in adults with cough.", original
    )
    assert not faithful(
        "Antibiotics are advised for viral bronchitis in adults with cough.", original
    )
    assert not faithful("Antibiotics are not advised for 5 days in adults with cough.", original)


def test_for_patient_never_drops_a_negation_or_a_number() -> None:
    texts = [
        "Surgery should not be offered before 3–6 months of conservative treatment, and "
        "patients with progressive neurological deficit need urgent referral.",
        "Routine anaerobic coverage is not recommended (Conditional recommendation, Very low "
        "quality of evidence), whereas a beta-lactam must be part of the regimen.",
        "In 85% of patients with spondylolysis, pain resolved (95% CI 80-90%) after 6 months.",
    ]
    for text in texts:
        plain = for_patient(text, strip_annotations)
        assert faithful(plain, text)
        assert has_negation(canonicalize(plain)) == has_negation(canonicalize(text))
        assert numbers(canonicalize(plain)) <= numbers(canonicalize(text))


def test_a_modified_group_is_moved_after_the_recommendation_too() -> None:
    text = (
        "In postmenopausal women at very high risk of fracture, the guideline recommends "
        "anabolic therapy as initial treatment."
    )
    assert front_main_clause(text) == [
        "The guideline recommends anabolic therapy as initial treatment.",
        "This is for postmenopausal women at very high risk of fracture.",
    ]
    # A time or a place is not a group of people: the sentence stays as written.
    timed = "In the first three hours of care, give at least 30 mL/kg of IV crystalloid fluid."
    assert front_main_clause(timed) == [timed]


def test_a_drug_class_name_keeps_its_clinical_word() -> None:
    assert simplify("Give a respiratory fluoroquinolone.") == "Give a respiratory fluoroquinolone."
    assert "breathing" in simplify("Check the respiratory rate.")


def test_plain_words_respect_grammar() -> None:
    # Adjective position keeps the word; the lay phrase fits only after the noun.
    assert simplify("Treat symptomatic patients.") == "Treat symptomatic patients."
    assert simplify("Patients who are asymptomatic.") == "Patients who are without symptoms."
    # Inside a hyphenated word nothing is replaced.
    assert simplify("co-occurring depression") == "co-occurring depression"
    # Abbreviations are case-sensitive: "cap" the word is not "CAP" the pneumonia.
    assert simplify("A dose cap applies to CAP.").startswith("A dose cap applies to pneumonia")
    assert simplify("NYHA class IV") == "NYHA class IV"
    # Words whose plain form depends on the grammar around them are left as written.
    assert (
        simplify("Trials demonstrated similar effects.") == "Trials demonstrated similar effects."
    )
    assert "fairly" not in simplify("They are relatively contraindicated in asthma.")


def test_patient_answer_verifies_like_the_clinician_answer(
    compose: Compose, hits: list[Hit]
) -> None:
    for name in ("generic", "case"):
        patient = verify_answer(compose(name, Audience.PATIENT), hits)
        assert patient.verification.dropped == 0
        assert patient.verification.reattributed == 0
        clinician = verify_answer(compose(name), hits)
        assert patient.references == clinician.references
        cited = sorted({n for item in iter_items(patient) for n in item.citations})
        assert cited == sorted({n for item in iter_items(clinician) for n in item.citations})
