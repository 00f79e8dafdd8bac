"""Question -> PubMed strategy: concept blocks with MeSH and free text, evidence tiers in order,
Clinical Queries filters by intent, limits, recency, and no patient identifiers."""

from __future__ import annotations

from medcite.analysis import analyze
from medcite.pubmed import build_plan
from medcite.pubmed.strategy import concept_parts

CASE = "Treatment options for bilateral L5 pars defect after a fall in a 22-year-old female"


def synonyms(text: str) -> list[tuple[str, str]]:
    table = {"pars defect": [("spondylolysis", "pars defect"), ("SPL", "pars defect")]}
    return [pair for key, pairs in table.items() if key in text for pair in pairs]


def headings(terms: object) -> set[str]:
    return {"spondylolysis"}


def test_pars_defect_plan_has_mesh_and_free_text_block() -> None:
    plan = build_plan(
        analyze("What is the treatment for pars defect?"), synonyms=synonyms, mesh=headings
    )
    assert plan is not None
    assert plan.concept == '("spondylolysis"[mh] OR "pars defect"[tiab] OR "spondylolysis"[tiab])'
    assert "SPL" not in plan.concept  # a bare abbreviation is too ambiguous for [tiab]


def test_evidence_tiers_come_in_librarian_order_for_treatment() -> None:
    plan = build_plan(
        analyze("What is the treatment for pars defect?"), synonyms=synonyms, mesh=headings
    )
    assert plan is not None
    queries = plan.queries(10, 2026)
    tiers = [q.tier for q in queries]
    assert tiers == [
        "guidelines and consensus",
        "systematic reviews and meta-analyses",
        "randomized controlled trials",
        "therapy studies (Clinical Queries, broad)",
        "all other studies",
    ]
    assert "practice guideline[pt]" in queries[0].term and "guideline[pt]" in queries[0].term
    assert "systematic[sb]" in queries[1].term and "meta-analysis[pt]" in queries[1].term
    assert "randomized controlled trial[pt]" in queries[2].term
    assert "Therapy/Broad[filter]" in queries[3].term
    for q in queries:
        assert "2017:3000[dp]" in q.term and "english[la]" in q.term
        assert "NOT (animals[mh] NOT humans[mh])" in q.term
        assert "NOT retracted publication[pt]" in q.term
    assert all("[dp]" not in q.term for q in plan.queries(None, 2026))


def test_clinical_queries_fit_the_intent() -> None:
    diagnosis = build_plan(analyze("How is gout diagnosed?"), synonyms=synonyms, mesh=headings)
    prognosis = build_plan(analyze("What is the prognosis of spondylolysis?"), synonyms=synonyms)
    safety = build_plan(analyze("Is ibuprofen safe in pregnancy?"), synonyms=synonyms)
    assert diagnosis and prognosis and safety
    assert "Diagnosis/Narrow[filter]" in diagnosis.queries(10, 2026)[2].term
    assert "Prognosis/Narrow[filter]" in prognosis.queries(10, 2026)[2].term
    assert any("Etiology/Broad[filter]" in q.term for q in safety.queries(10, 2026))


def test_multi_concept_topics_are_and_ed_blocks() -> None:
    assert concept_parts("low back pain with sciatica") == ["low back pain", "sciatica"]
    assert concept_parts("left knee pain") == ["knee pain"]


def test_coarse_context_becomes_mesh_age_and_setting() -> None:
    plan = build_plan(
        analyze("Management of spondylolysis in a 15-year-old athlete"), synonyms=synonyms
    )
    assert plan is not None and plan.context is not None
    assert "adolescent[mh]" in plan.context and "athletes[mh]" in plan.context
    assert plan.queries(10, 2026)[0].tier == "patient context"


def test_queries_never_carry_patient_identifiers() -> None:
    question = f"{CASE}, MRN 12345678, seen 03/04/2024 by Dr. Smith"
    plan = build_plan(analyze(question), synonyms=synonyms, mesh=headings)
    assert plan is not None
    text = " ".join(q.term for years in (10, None) for q in plan.queries(years, 2026))
    for identifier in ("22", "female", "L5", "fall", "bilateral", "12345678", "Smith", "03/04"):
        assert identifier.lower() not in text.replace("2017:3000", "").lower(), identifier
    assert "pars defect" in text


def test_out_of_scope_question_has_no_plan() -> None:
    assert build_plan(analyze("What is the capital of France?"), synonyms=synonyms) is None
