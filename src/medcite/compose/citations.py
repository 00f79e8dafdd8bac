"""References and citation numbers: one Reference per cited document, built only from a Hit,
numbered in order of first use (bottom line first, then sections in reading order).

The composer and the verifier both renumber through :func:`renumber_by_first_use`, so an answer
leaves either stage with citations 1..N that each resolve to exactly one reference.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from medcite.records import Answer, AnswerSection, ContentItem, Hit, Reference


def hit_url(hit: Hit) -> str | None:
    """The hit's URL, else its PubMed page, else its DOI link."""
    if hit.url:
        return hit.url
    if hit.pmid:
        return f"https://pubmed.ncbi.nlm.nih.gov/{hit.pmid}/"
    if hit.doi:
        return f"https://doi.org/{hit.doi}"
    return None


def reference_from_hit(hit: Hit, n: int, chunk_ids: Sequence[str] = ()) -> Reference:
    """A reference for the hit's document; ``chunk_ids`` are the passages actually cited."""
    return Reference(
        n=n,
        id=hit.doc_id,
        chunk_ids=list(dict.fromkeys(chunk_ids or [hit.chunk_id])),
        title=hit.title,
        journal=hit.journal,
        publisher=hit.publisher,
        year=hit.year,
        url=hit_url(hit),
        pmid=hit.pmid,
        doi=hit.doi,
        evidence_level=hit.evidence_level,
        evidence_label=hit.evidence_label,
    )


class CitationBook:
    """Hands out citation numbers per document in order of first use while an answer is built."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}
        self._hits: dict[str, Hit] = {}
        self._chunks: dict[str, list[str]] = {}

    def cite(self, hit: Hit) -> int:
        """The number of the hit's document, assigning the next one on first use."""
        if hit.retracted:
            raise ValueError(f"refusing to cite retracted document {hit.doc_id!r}")
        number = self._numbers.setdefault(hit.doc_id, len(self._numbers) + 1)
        self._hits.setdefault(hit.doc_id, hit)
        chunks = self._chunks.setdefault(hit.doc_id, [])
        if hit.chunk_id not in chunks:
            chunks.append(hit.chunk_id)
        return number

    def references(self) -> list[Reference]:
        """References in number order."""
        return [
            reference_from_hit(self._hits[doc], n, self._chunks[doc])
            for doc, n in sorted(self._numbers.items(), key=lambda kv: kv[1])
        ]


def iter_sections(sections: Sequence[AnswerSection]) -> Iterator[AnswerSection]:
    """Sections and their subsections, depth first, in reading order."""
    for section in sections:
        yield section
        yield from iter_sections(section.subsections)


def iter_items(answer: Answer) -> Iterator[ContentItem]:
    """Every content item in reading order: the bottom line, then each section's items before
    its subsections (the order a reader meets the citations)."""
    yield answer.bottom_line
    for section in iter_sections(answer.sections):
        yield from section.items


def renumber_by_first_use(answer: Answer) -> Answer:
    """A copy with references renumbered 1..N by first use; unused references are dropped.

    Citation numbers that resolve to no reference are removed; duplicates inside one item are
    collapsed, and two references to the same document merge into one. The caller decides
    whether such removals need reporting.
    """
    result = answer.model_copy(deep=True)
    by_number = {ref.n: ref for ref in result.references}
    mapping: dict[int, int] = {}
    merged: dict[str, Reference] = {}
    for item in iter_items(result):
        for old in item.citations:
            ref = by_number.get(old)
            if ref is None or old in mapping:
                continue
            if ref.id not in merged:
                merged[ref.id] = ref.model_copy(update={"n": len(merged) + 1, "chunk_ids": []})
            target = merged[ref.id]
            mapping[old] = target.n
            target.chunk_ids = list(dict.fromkeys([*target.chunk_ids, *ref.chunk_ids]))
    for item in iter_items(result):
        item.citations = list(dict.fromkeys(mapping[c] for c in item.citations if c in mapping))
    result.references = sorted(merged.values(), key=lambda ref: ref.n)
    return result
