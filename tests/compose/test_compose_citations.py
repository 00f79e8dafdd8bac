"""References built from hits and numbered by first use."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from medcite.compose import reference_from_hit, renumber_by_first_use
from medcite.compose.citations import CitationBook
from medcite.records import Answer, AnswerSection, ContentItem, Hit, Intent


def _answer(bottom: list[int], items: list[list[int]], refs: list[Hit]) -> Answer:
    return Answer(
        question="q",
        title="t",
        intent=Intent.TREATMENT,
        bottom_line=ContentItem(text="Bottom.", citations=bottom),
        sections=[
            AnswerSection(
                heading="S", key="s", items=[ContentItem(text="x.", citations=c) for c in items]
            )
        ],
        references=[reference_from_hit(h, n) for n, h in enumerate(refs, start=1)],
        disclaimer="d",
    )


def test_renumber_by_first_use_drops_unused_and_unresolved(hits: list[Hit]) -> None:
    a, b, c = hits[0], hits[2 + 1], hits[6]
    answer = _answer(bottom=[3], items=[[2, 99], [3, 3]], refs=[a, b, c])
    result = renumber_by_first_use(answer)
    assert result.bottom_line.citations == [1]
    assert [i.citations for i in result.sections[0].items] == [[2], [1]]
    assert [(r.n, r.id) for r in result.references] == [(1, c.doc_id), (2, b.doc_id)]
    assert answer.references[0].n == 1  # the input is not modified


def test_renumber_merges_two_references_to_one_document(by_chunk: Callable[[str], Hit]) -> None:
    first, second = by_chunk("g1-c1"), by_chunk("g1-c2")
    answer = _answer(bottom=[1], items=[[2]], refs=[first, second])
    result = renumber_by_first_use(answer)
    assert len(result.references) == 1
    assert result.references[0].chunk_ids == ["g1-c1", "g1-c2"]
    assert result.sections[0].items[0].citations == [1]


def test_citation_book_numbers_documents_in_order_of_first_use(hits: list[Hit]) -> None:
    book = CitationBook()
    usable = [h for h in hits if not h.retracted]
    numbers = [book.cite(usable[i]) for i in (0, 1, 0, 3)]
    assert numbers[0] == 1 and numbers[2] == 1
    refs = book.references()
    assert [r.n for r in refs] == list(range(1, len(refs) + 1))


def test_citation_book_refuses_a_retracted_hit(hits: list[Hit]) -> None:
    retracted = next(h for h in hits if h.retracted)
    with pytest.raises(ValueError, match="retracted"):
        CitationBook().cite(retracted)


def test_reference_urls_fall_back_to_pubmed_then_doi(by_chunk: Callable[[str], Hit]) -> None:
    article = by_chunk("sr2-c1")
    assert reference_from_hit(article, 1).url == "https://pubmed.ncbi.nlm.nih.gov/35000002/"
    doi_only = article.model_copy(update={"pmid": None, "doi": "10.1/x"})
    assert reference_from_hit(doi_only, 1).url == "https://doi.org/10.1/x"
    guideline = by_chunk("g1-c1")
    assert reference_from_hit(guideline, 1).url == guideline.url
