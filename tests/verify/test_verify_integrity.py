"""check_integrity lists citation problems; a sound answer has none."""

from __future__ import annotations

from medcite.records import Answer, AnswerSection, ContentItem
from medcite.verify import check_integrity


def test_a_sound_answer_has_no_problems(answer: Answer) -> None:
    assert check_integrity(answer) == []


def test_unresolved_citation_and_uncited_sentence(answer: Answer) -> None:
    bad = answer.model_copy(deep=True)
    bad.sections[0].items.append(ContentItem(text="Made up.", citations=[42]))
    bad.sections[0].items.append(ContentItem(text="No source at all."))
    problems = check_integrity(bad)
    assert any("Citation [42]" in p and "resolves to no reference" in p for p in problems)
    assert any(p.startswith("Uncited sentence") and "No source at all." in p for p in problems)


def test_never_cited_and_badly_numbered_references(answer: Answer) -> None:
    bad = answer.model_copy(deep=True)
    extra = bad.references[0].model_copy(update={"n": 99, "id": "other"})
    bad.references.append(extra)
    problems = check_integrity(bad)
    assert any("Reference [99]" in p and "never cited" in p for p in problems)
    assert any("not numbered 1.." in p for p in problems)


def test_first_use_order_and_duplicate_documents(answer: Answer) -> None:
    bad = answer.model_copy(deep=True)
    bad.bottom_line.citations = [2]
    bad.references[1] = bad.references[1].model_copy(update={"id": bad.references[0].id})
    problems = check_integrity(bad)
    assert any("order of first use" in p for p in problems)
    assert any("more than one reference" in p for p in problems)


def test_reference_without_passages_and_repeated_citation(answer: Answer) -> None:
    bad = answer.model_copy(deep=True)
    bad.references[0] = bad.references[0].model_copy(update={"chunk_ids": []})
    bad.bottom_line.citations = [1, 1]
    problems = check_integrity(bad)
    assert "Reference [1] lists no cited passage." in problems
    assert any(p.startswith("Repeated citation number in bottom line") for p in problems)


def test_explanatory_sections_need_no_citations(answer: Answer) -> None:
    ok = answer.model_copy(deep=True)
    ok.sections.insert(
        0,
        AnswerSection(
            heading="What This Means",
            key="what_this_means",
            items=[ContentItem(text="A plain explanation.")],
        ),
    )
    assert check_integrity(ok) == []


def test_abstained_answer_with_references_is_a_problem(answer: Answer) -> None:
    bad = answer.model_copy(deep=True, update={"abstained": True})
    assert "An abstained answer lists references." in check_integrity(bad)
    empty = Answer(
        question="q",
        title="t",
        intent=answer.intent,
        bottom_line=ContentItem(text="Not enough evidence."),
        disclaimer="d",
        abstained=True,
    )
    assert check_integrity(empty) == []
