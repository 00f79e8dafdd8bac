"""Golden-style tests of the extractive composer on the spondylolysis fixture library."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from medcite.compose import ComposeOptions, compose_extractive, iter_items, iter_sections
from medcite.compose.followups import follow_ups
from medcite.compose.plans import plan_for
from medcite.compose.sentences import split_sentences
from medcite.records import Answer, EvidenceLevel, Hit, Intent, QuestionAnalysis
from medcite.verify import check_integrity

Compose = Callable[..., Answer]
DURATION = re.compile(r"\d+\s*[–-]\s*\d+\s*(?:weeks|months)")


def _section(answer: Answer, key: str) -> list[str]:
    for section in iter_sections(answer.sections):
        if section.key == key:
            return [item.text for item in section.items]
    return []


def _keys(answer: Answer) -> list[str]:
    return [section.key for section in iter_sections(answer.sections)]


def test_generic_treatment_answer_follows_the_treatment_plan(compose: Compose) -> None:
    answer = compose("generic")
    assert answer.title == "Treatment for Pars Defect"
    assert answer.intent is Intent.TREATMENT
    assert answer.composer == "extractive"
    assert not answer.abstained
    keys = _keys(answer)
    for key in ("understanding", "assessment", "treatment", "first_line", "surgical", "pitfalls"):
        assert key in keys
    treatment = next(s for s in answer.sections if s.key == "treatment")
    assert treatment.heading == "Treatment Algorithm"
    assert [s.key for s in treatment.subsections][:1] == ["first_line"]
    # Plan order is kept: understanding before treatment before pitfalls.
    assert keys.index("understanding") < keys.index("treatment") < keys.index("pitfalls")


def test_first_line_gives_duration_and_components_with_citations(compose: Compose) -> None:
    answer = compose("generic")
    first_line = next(s for s in iter_sections(answer.sections) if s.key == "first_line")
    texts = " ".join(item.text for item in first_line.items)
    assert DURATION.search(texts)
    assert re.search(r"brac|physiotherapy|activity", texts, re.I)
    assert all(item.citations for item in first_line.items)
    surgical = " ".join(_section(answer, "surgical"))
    assert re.search(r"repair|fusion", surgical)


def test_bottom_line_is_a_cited_recommendation_with_escalation(compose: Compose) -> None:
    bottom = compose("generic").bottom_line
    assert 1 <= len(split_sentences(bottom.text)) <= 2
    assert bottom.citations
    assert "recommended" in bottom.text
    assert "3–6 months" in bottom.text
    assert re.search(r"reserved for|persists", bottom.text)


def test_case_answer_keeps_special_considerations_about_the_patient(compose: Compose) -> None:
    answer = compose("case")
    assert answer.title.startswith("Treatment Options for Bilateral L5 Pars Defect")
    assert answer.context.age_years == 22
    special = _section(answer, "special")
    assert special, "a case with matching evidence keeps Special Considerations"
    assert any(re.search(r"bilateral|young adults|female|fall", t, re.I) for t in special)


def test_case_context_pulls_patient_evidence_forward(compose: Compose) -> None:
    generic = " ".join(_section(compose("generic"), "special"))
    case = " ".join(_section(compose("case"), "special"))
    assert "after a fall" not in generic
    assert "after a fall" in case


def test_retracted_sources_are_never_cited(compose: Compose, hits: list[Hit]) -> None:
    retracted = {h.doc_id for h in hits if h.retracted}
    assert retracted
    for name in ("generic", "case"):
        answer = compose(name)
        assert not {ref.id for ref in answer.references} & retracted
        assert "Immediate surgical fusion" not in answer.model_dump_json()


def test_every_reference_comes_from_a_hit(compose: Compose, hits: list[Hit]) -> None:
    answer = compose("generic")
    by_doc: dict[str, list[Hit]] = {}
    for hit in hits:
        by_doc.setdefault(hit.doc_id, []).append(hit)
    assert len({ref.id for ref in answer.references}) == len(answer.references)
    for ref in answer.references:
        source = by_doc[ref.id][0]
        assert (ref.title, ref.year, ref.pmid, ref.evidence_level) == (
            source.title,
            source.year,
            source.pmid,
            source.evidence_level,
        )
        assert set(ref.chunk_ids) <= {h.chunk_id for h in by_doc[ref.id]}
        assert ref.url


def test_every_sentence_is_copied_from_its_cited_passage(compose: Compose, hits: list[Hit]) -> None:
    answer = compose("generic")
    refs = {ref.n: ref for ref in answer.references}
    for item in iter_items(answer):
        passages = " ".join(
            h.text for h in hits if h.doc_id in {refs[n].id for n in item.citations}
        )
        for sentence in split_sentences(item.text):
            # Lead-in trimming may re-capitalise the first letter; nothing else changes.
            assert sentence[1:] in passages, sentence


def test_citations_resolve_and_are_numbered_by_first_use(compose: Compose) -> None:
    for name in ("generic", "case", "diagnosis"):
        answer = compose(name)
        assert check_integrity(answer) == []
        first_use: list[int] = []
        for item in iter_items(answer):
            first_use.extend(n for n in item.citations if n not in first_use)
        assert first_use == list(range(1, len(answer.references) + 1))
        assert answer.bottom_line.citations[0] == 1


def test_sections_are_capped_and_never_empty(compose: Compose) -> None:
    answer = compose("generic")
    for section in iter_sections(answer.sections):
        assert section.items or section.subsections
        assert len(section.items) <= 4


def test_no_questions_methods_or_figure_references(compose: Compose) -> None:
    text = " ".join(item.text for item in iter_items(compose("generic")))
    assert "?" not in text
    assert "We searched" not in text
    assert "were randomised" not in text
    assert "Grade B recommendation" not in text


def test_lead_ins_are_trimmed_only_when_meaning_survives(
    hits: list[Hit], options: ComposeOptions
) -> None:
    prognosis = QuestionAnalysis(
        question="What is the prognosis of pars defect?",
        intent=Intent.PROGNOSIS,
        topic="pars defect",
        is_case=False,
        title="Prognosis of Pars Defect",
        search_queries=["pars defect prognosis", "spondylolysis outcome"],
    )
    answer = compose_extractive(prognosis, hits, options=options)
    text = " ".join(item.text for item in iter_items(answer))
    assert "In this study, we found that" not in text
    assert "Defect stage and laterality were the strongest predictors" in text
    # "Our results suggest that X" with an unhedged X keeps its hedge, untrimmed.
    assert "Most athletes with spondylolysis can return" not in text


def test_sentences_are_ordered_strongest_evidence_first(compose: Compose) -> None:
    answer = compose("generic")
    refs = {ref.n: ref for ref in answer.references}
    for section in iter_sections(answer.sections):
        ranks = [refs[item.citations[0]].evidence_level.rank for item in section.items]
        assert ranks == sorted(ranks), section.key


def test_near_duplicates_keep_the_stronger_source(
    hits: list[Hit], analyses: dict[str, QuestionAnalysis], options: ComposeOptions
) -> None:
    guideline = next(h for h in hits if h.chunk_id == "g1-c1")
    echo = guideline.model_copy(
        update={
            "chunk_id": "echo-c1",
            "doc_id": "pmid:38000099",
            "title": "Spondylolysis update: a narrative review",
            "evidence_level": EvidenceLevel.NARRATIVE_REVIEW,
            "evidence_label": EvidenceLevel.NARRATIVE_REVIEW.label,
            "source_type": "pubmed",
            "score": 0.99,
            "year": 2024,
        }
    )
    answer = compose_extractive(analyses["generic"], [echo, *hits], options=options)
    assert "pmid:38000099" not in {ref.id for ref in answer.references}


def test_prompt_injection_in_a_passage_is_inert(compose: Compose, hits: list[Hit]) -> None:
    answer = compose("generic")
    dumped = answer.model_dump_json()
    for needle in ("<script", "Ignore previous instructions", "malicious.example.com"):
        assert needle not in dumped
    cleaned = [
        h.model_copy(
            update={
                "text": re.sub(r"Ignore previous.*?full guideline\. ", "", h.text),
            }
        )
        for h in hits
    ]
    assert cleaned != hits
    assert compose("generic", library=cleaned) == answer


def test_composition_is_deterministic(compose: Compose, hits: list[Hit]) -> None:
    first = compose("case")
    second = compose("case", library=[h.model_copy(deep=True) for h in hits])
    assert first.model_dump_json() == second.model_dump_json()
    assert first.settings_hash == second.settings_hash
    changed = compose("case", opts=ComposeOptions(reference_year=2025, max_items_per_section=2))
    assert changed.settings_hash != first.settings_hash


def test_urgent_notice_and_disclaimer(compose: Compose) -> None:
    answer = compose("red_flags")
    assert answer.urgent_notice == "Seek emergency care: fever with back pain; new leg weakness."
    assert "Educational purpose only" in answer.disclaimer
    assert compose("generic").urgent_notice is None


def test_follow_ups_are_three_distinct_questions(compose: Compose) -> None:
    for name in ("generic", "case"):
        follow_ups = compose(name).follow_ups
        assert len(follow_ups) == len(set(follow_ups)) == 3
        assert all(q.endswith("?") for q in follow_ups)
        assert "What is the treatment for pars defect?" not in follow_ups


def test_follow_ups_fall_back_to_templates_without_the_analysis_hook(
    monkeypatch: pytest.MonkeyPatch, analyses: dict[str, QuestionAnalysis]
) -> None:
    import medcite.analysis

    monkeypatch.delattr(medcite.analysis, "suggest_follow_ups", raising=False)
    questions = follow_ups(analyses["case"], 3)
    assert questions[0] == "What follow-up and monitoring does this patient need?"
    assert all("pars defect" in q for q in questions[1:])


def test_a_failing_analysis_hook_is_ignored(
    monkeypatch: pytest.MonkeyPatch, analyses: dict[str, QuestionAnalysis]
) -> None:
    import medcite.analysis

    def broken(_: QuestionAnalysis) -> list[str]:
        raise RuntimeError("boom")

    monkeypatch.setattr(medcite.analysis, "suggest_follow_ups", broken, raising=False)
    assert len(follow_ups(analyses["generic"], 3)) == 3


def test_diagnosis_question_uses_the_diagnosis_plan(compose: Compose) -> None:
    answer = compose("diagnosis")
    plan_keys = {spec.key for spec in plan_for(Intent.DIAGNOSIS).all_sections()}
    assert set(_keys(answer)) <= plan_keys
    assert "imaging" in _keys(answer)
    assert "first_line" not in _keys(answer)
