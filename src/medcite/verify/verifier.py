"""Citation verification: every claim of an answer is checked, sentence by sentence, against the
passages of the documents it cites.

A supported claim is kept; an unsupported one is re-attributed to another evidence passage that
supports it, or dropped. Citation numbers that resolve to nothing are removed, retracted sources are
never cited, and the references are renumbered by first use afterwards. Everything that changed is
recorded in ``answer.verification``, so the reader can see what was removed and why.
"""

from __future__ import annotations

from collections.abc import Sequence

from medcite.compose.audience import EVIDENCE_MARK
from medcite.compose.citations import reference_from_hit, renumber_by_first_use
from medcite.compose.plans import EXPLANATORY_KEYS
from medcite.compose.sentences import split_sentences
from medcite.records import Answer, AnswerSection, ContentItem, Hit, Reference, Verification
from medcite.verify.protocols import Embedder, EntailmentJudge, VerifyThresholds
from medcite.verify.support import Support, SupportChecker

NO_VERIFIED_CLAIMS = (
    "None of the composed claims could be verified against the evidence, so no answer is shown."
)


def verify_answer(
    answer: Answer,
    evidence: Sequence[Hit],
    *,
    embedder: Embedder | None = None,
    judge: EntailmentJudge | None = None,
    thresholds: VerifyThresholds | None = None,
) -> Answer:
    """A verified copy of ``answer``.

    ``evidence`` is every hit the composer could see: a reference is matched to its passages by
    document id (``Reference.id`` = ``Hit.doc_id``), and the whole list is the pool for
    re-attribution. Claims are sentences; ``verification.checked`` counts them.
    """
    result = answer.model_copy(deep=True)
    if result.abstained:
        result.verification = Verification()
        return result
    run = _Run(
        result.references,
        evidence,
        SupportChecker(thresholds or VerifyThresholds(), embedder, judge),
    )
    bottom = run.item(result.bottom_line)
    result.sections = run.sections(result.sections)
    result.bottom_line = bottom or ContentItem(text="")
    result.references = run.references()
    result = renumber_by_first_use(result)
    result.verification = run.record
    _warn(result, bottom is None, answer.bottom_line.text)
    return result


def _warn(result: Answer, lost_bottom_line: bool, original_bottom_line: str) -> None:
    record = result.verification
    if record.kept + record.reattributed == 0 and record.checked > 0:
        result.abstained = True
        result.bottom_line = ContentItem(text=NO_VERIFIED_CLAIMS)
        result.warnings.append("Verification removed every claim: no cited passage supported them.")
    elif lost_bottom_line and original_bottom_line.strip():
        result.warnings.append(
            "The bottom line was removed because no passage supported it; see the sections below."
        )
    changed = record.dropped + record.reattributed + record.removed_citations
    if changed:
        result.warnings.append(
            f"Citation verification changed {changed} citation(s) or claim(s); "
            "see the verification record."
        )


class _Run:
    """State of one verification: evidence by document, the references in use, the record."""

    def __init__(
        self, references: Sequence[Reference], evidence: Sequence[Hit], checker: SupportChecker
    ) -> None:
        self.refs = {ref.n: ref for ref in references}
        self.checker = checker
        self.record = Verification()
        self.usable = [h for h in evidence if not h.retracted]
        self.retracted = {h.doc_id for h in evidence if h.retracted}
        self.by_doc: dict[str, list[Hit]] = {}
        for hit in self.usable:
            self.by_doc.setdefault(hit.doc_id, []).append(hit)
        # Documents in first-use order with the passages that supported a claim.
        self.used: dict[str, list[str]] = {}

    def sections(self, sections: Sequence[AnswerSection]) -> list[AnswerSection]:
        out: list[AnswerSection] = []
        for section in sections:
            if section.key in EXPLANATORY_KEYS:
                out.append(section)  # written for the reader, not drawn from evidence
                continue
            items = [kept for item in section.items if (kept := self.item(item)) is not None]
            subsections = self.sections(section.subsections)
            if items or subsections:
                out.append(section.model_copy(update={"items": items, "subsections": subsections}))
        return out

    def item(self, item: ContentItem) -> ContentItem | None:
        """The item with unsupported sentences re-attributed or dropped; None if nothing is left."""
        cited = self._cited_docs(item)
        mark = EVIDENCE_MARK.search(item.text)
        text = EVIDENCE_MARK.sub("", item.text).strip()
        kept: list[str] = []
        docs: list[str] = []
        sentences = split_sentences(text) or ([text] if text else [])
        points: list[str] = []
        for i, sentence in enumerate(sentences):
            # A list's lead-in (the last sentence) is checked with its points: one claim.
            lead_in = bool(item.points) and i == len(sentences) - 1
            claim = (
                ContentItem(text=sentence, points=item.points).full_text if lead_in else sentence
            )
            doc = self._claim(claim, cited)
            if doc is not None:
                kept.append(sentence)
                docs.append(doc)
                if lead_in:
                    points = list(item.points)
        self._note_unused(item, cited, docs)
        if not kept:
            return None
        numbers = [self._number(doc) for doc in dict.fromkeys(docs)]
        new_text = " ".join(kept)
        # A student's evidence label describes the original sources; keep it only if they stand.
        if mark and set(docs) == set(cited):
            new_text += mark.group(0)
        return ContentItem(text=new_text, citations=numbers, points=points)

    def _cited_docs(self, item: ContentItem) -> list[str]:
        docs: list[str] = []
        for n in item.citations:
            ref = self.refs.get(n)
            if ref is None:
                self.record.removed_citations += 1
                self._note(f"Removed citation [{n}] from '{_short(item.text)}': no such reference.")
            elif ref.id in self.retracted:
                self._note(
                    f"Removed citation [{n}] from '{_short(item.text)}': the source is retracted."
                )
            elif ref.id not in docs:
                docs.append(ref.id)
        return docs

    def _claim(self, sentence: str, cited: list[str]) -> str | None:
        """The document that supports the sentence (cited first, else the best other), or None."""
        self.record.checked += 1
        for doc in cited:
            support = self._doc_support(sentence, doc)
            if support is not None:
                self.record.kept += 1
                self._use(doc, support.chunk_id)
                return doc
        alternative = self._best_alternative(sentence, cited)
        if alternative is None:
            self.record.dropped += 1
            self._note(f"Dropped: '{_short(sentence)}' — no passage supports it.")
            return None
        hit, support = alternative
        self.record.reattributed += 1
        self._note(
            f"Re-attributed: '{_short(sentence)}' to '{_short(hit.title, 60)}' ({hit.doc_id})."
        )
        self._use(hit.doc_id, support.chunk_id)
        return hit.doc_id

    def _doc_support(self, sentence: str, doc: str) -> Support | None:
        """The first confirmed support among the document's passages, best screened first."""
        return self._first_confirmed(sentence, self.by_doc.get(doc, []))

    def _best_alternative(self, sentence: str, exclude: list[str]) -> tuple[Hit, Support] | None:
        candidates = [h for h in self.usable if h.doc_id not in exclude]
        support = self._first_confirmed(sentence, candidates)
        if support is None:
            return None
        return next(h for h in candidates if h.chunk_id == support.chunk_id), support

    def _first_confirmed(self, sentence: str, hits: Sequence[Hit]) -> Support | None:
        """Screen every passage, then confirm in order of preference until one holds."""
        screened = [(hit, self.checker.screen(sentence, hit)) for hit in hits]
        passing = [(hit, s) for hit, s in screened if s.supported]
        # Best support, then stronger evidence, then an already cited document, then ids.
        passing.sort(
            key=lambda hs: (
                -round(hs[1].score, 6),
                hs[0].evidence_level.rank,
                hs[0].doc_id not in self.used,
                hs[0].doc_id,
                hs[0].chunk_id,
            )
        )
        for hit, _ in passing:
            confirmed = self.checker.confirm(sentence, hit)
            if confirmed.supported:
                return confirmed
        return None

    def _note_unused(self, item: ContentItem, cited: list[str], supporting: list[str]) -> None:
        for doc in cited:
            if doc not in supporting:
                n = next(ref.n for ref in self.refs.values() if ref.id == doc)
                self._note(
                    f"Removed citation [{n}] from '{_short(item.text)}': "
                    "it does not support the claim."
                )

    def _use(self, doc: str, chunk_id: str) -> None:
        chunks = self.used.setdefault(doc, [])
        if chunk_id not in chunks:
            chunks.append(chunk_id)

    def _number(self, doc: str) -> int:
        """Provisional number of a document: its position in first-use order."""
        return list(self.used).index(doc) + 1

    def references(self) -> list[Reference]:
        """One reference per document used, numbered provisionally in first-use order."""
        by_doc = {ref.id: ref for ref in self.refs.values()}
        out: list[Reference] = []
        for n, (doc, chunks) in enumerate(self.used.items(), start=1):
            original = by_doc.get(doc)
            if original is not None:
                out.append(original.model_copy(update={"n": n, "chunk_ids": chunks}))
            else:
                out.append(reference_from_hit(self.by_doc[doc][0], n, chunks))
        return out

    def _note(self, note: str) -> None:
        self.record.notes.append(note)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
