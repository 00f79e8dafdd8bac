"""Thin orchestration of `ask`: analyse -> retrieve -> compose -> verify -> record.

Each stage lives in its own package; this module only wires them together, keeps the thread,
and stamps the answer with what produced it (settings hash, library version, model).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from medcite.analysis import analyze
from medcite.compose import ComposeOptions, compose_extractive, iter_items
from medcite.compose.tokens import content_tokens
from medcite.compose.topic import question_focus, topic_words, vocab_synonyms
from medcite.records import (
    Answer,
    Audience,
    EvidenceLevel,
    Hit,
    Intent,
    QuestionAnalysis,
    SearchFilters,
    Verification,
)
from medcite.retrieval import Searcher, rrf
from medcite.threads import Thread, ThreadStore, Turn
from medcite.verify import EntailmentJudge, verify_answer

if TYPE_CHECKING:
    from medcite.llm.base import LLM

log = logging.getLogger(__name__)

# Section headings that hold what each intent asks for. A guideline's recommendation often sits
# in a passage that shares few words with the question ("First-Line Therapies: Colchicine,
# NSAIDs, or glucocorticoids ..."), and search keeps two passages per document: these headings
# bring the rest of the answer's guideline in (see :meth:`Answerer.guideline_sections`).
_TREATMENT_HEADINGS = (
    r"treat\w*|therap\w*|first[- ]line|second[- ]line|manag\w*|recommend\w*|pharmacotherap\w*"
    r"|regimens?|antibiotics?|antimicrobials?|anticoagula\w*|medications?|drugs?|resuscitation"
    r"|step(?:ping)?[- ]up|algorithm"
)
_PLAN_HEADINGS: dict[Intent, str] = {
    Intent.TREATMENT: _TREATMENT_HEADINGS,
    Intent.COMPARISON: _TREATMENT_HEADINGS,
    Intent.DIAGNOSIS: r"diagnos\w*|work[- ]?up|imaging|criteria|staging|stages?|classification"
    r"|categor\w*|definitions?|evaluation|algorithm|pre-test|probability",
    Intent.IMAGING: r"imaging|diagnos\w*|work[- ]?up",
    Intent.DOSING: r"doses?|dosing|dosage|regimens?|titration|administration",
    Intent.SCREENING: r"screen\w*|prevent\w*|prophyla\w*",
    Intent.PROGNOSIS: r"prognos\w*|outcomes?|risk stratification|follow[- ]up",
}
# What the question asks for in so many words ranks its heading first ("first-line").
_ASKED = re.compile(r"first[- ]line|second[- ]line|step[- ]?up|initial", re.IGNORECASE)
_TOP_GUIDELINES = 5  # top hits whose guideline is searched for sections
# A topic's parts: "heart failure with reduced ejection fraction" names "heart failure".
_TOPIC_JOINERS = re.compile(r"\b(?:with|in|for|of|and|after|during|due to)\b|,", re.IGNORECASE)
_SECTIONS_PER_DOC = 4
_SECTIONS_TOTAL = 12


# How a fallback from the LLM to the extractive answer is announced in ``Answer.warnings``.
_LLM_FAILED = "The LLM composer failed"
_FAILED_VERIFICATION = "The LLM's answer failed citation verification"


def llm_fell_back(answer: Answer) -> bool:
    """Whether the LLM was asked but the answer is the extractive one: the model failed (error,
    timeout, unusable reply) or most of its claims failed verification."""
    return any(w.startswith((_LLM_FAILED, _FAILED_VERIFICATION)) for w in answer.warnings)


class LiveEvidence(Protocol):
    """A source searched at question time (live PubMed) whose finds are stored in the library."""

    def gather(self, analysis: QuestionAnalysis) -> Sequence[str]:
        """Fetch evidence for ``analysis`` into the library; the document ids it found."""
        ...


class Answerer:
    """Answers questions from one library. Configuration here; per-question data in :meth:`ask`."""

    def __init__(
        self,
        searcher: Searcher,
        *,
        llm: LLM | None = None,
        threads: ThreadStore | None = None,
        settings_hash: str = "",
        per_query: int = 20,
        max_hits: int = 30,
        compose_options: ComposeOptions | None = None,
        live: LiveEvidence | None = None,
        live_only: bool = False,
    ) -> None:
        self.searcher = searcher
        self.live = live
        self.live_only = live_only  # answer only from what `live` found (--source pubmed)
        self.llm = llm
        self.threads = threads
        self.settings_hash = settings_hash
        self.per_query = per_query
        self.max_hits = max_hits
        self.compose_options = compose_options

    def ask(
        self,
        question: str,
        audience: Audience = Audience.CLINICIAN,
        *,
        thread_id: str | None = None,
        filters: SearchFilters | None = None,
        on_token: Callable[[str], None] | None = None,
    ) -> Answer:
        """A verified, cited answer; continues `thread_id` when given."""
        return self.ask_with_evidence(
            question, audience, thread_id=thread_id, filters=filters, on_token=on_token
        )[0]

    def ask_with_evidence(
        self,
        question: str,
        audience: Audience = Audience.CLINICIAN,
        *,
        thread_id: str | None = None,
        filters: SearchFilters | None = None,
        on_token: Callable[[str], None] | None = None,
    ) -> tuple[Answer, list[Hit]]:
        """The answer and the hits it was composed from (for hover text and snapshots)."""
        thread = self._thread(thread_id)
        previous = thread.last if thread else None
        analysis = analyze(question, previous.analysis if previous else None)
        carried = list(previous.chunk_ids) if previous else []
        only = self._gather(analysis)
        hits = self.retrieve(analysis, filters, carried, only=only) if analysis.in_scope else []
        composed, extractive = self._compose(analysis, hits, audience, on_token)
        answer = self._verified(composed, hits)
        if composed.composer != extractive.composer and _mostly_unsupported(answer.verification):
            # An LLM answer whose claims mostly fail verification is a failed answer: what is
            # left is a few sentences chosen by the model, not an answer to the question.
            v = answer.verification
            note = (
                f"{_FAILED_VERIFICATION} ({v.dropped} of {v.checked} claims unsupported); "
                "this is the extractive answer instead."
            )
            answer = self._verified(extractive, hits)
            answer.warnings = [*answer.warnings, note]
        answer = answer.model_copy(
            update={
                "settings_hash": self.settings_hash,
                "library_version": self.searcher.library.version(),
                "thread_id": thread.id if thread else None,
            }
        )
        if thread is not None and self.threads is not None:
            self.threads.append(thread, _turn(question, analysis, answer))
        return answer, hits

    def retrieve(
        self,
        analysis: QuestionAnalysis,
        filters: SearchFilters | None = None,
        carried: Sequence[str] = (),
        *,
        only: Collection[str] | None = None,
    ) -> list[Hit]:
        """Hits for every query of the analysis, fused; evidence carried from the thread follows.

        With ``only`` (document ids), hits come from those documents alone; any of them the
        queries did not reach follow the ranked hits, so live evidence is never left out.
        """
        queries = analysis.search_queries or [analysis.question]
        k = self.per_query if only is None else max(self.per_query, self.searcher.candidates)
        lists: list[list[str]] = []
        by_id: dict[str, Hit] = {}
        for query in queries:
            result = self.searcher.search(query, k=k, filters=filters)
            kept = [h for h in result.hits if only is None or h.doc_id in only]
            lists.append([h.chunk_id for h in kept])
            for hit in kept:
                by_id.setdefault(hit.chunk_id, hit)
        fused = rrf(lists)
        order = sorted(fused, key=lambda cid: (-fused[cid], cid))
        hits = [by_id[cid].model_copy(update={"score": round(fused[cid], 6)}) for cid in order]
        if only is not None:
            hits += self._unreached(only, hits)
        hits = self.guideline_sections(analysis, hits)
        known = {h.chunk_id for h in hits}
        extra = self.searcher.hits_for_chunks([c for c in carried if c not in known])
        return hits[: self.max_hits] + extra

    def guideline_sections(self, analysis: QuestionAnalysis, hits: list[Hit]) -> list[Hit]:
        """``hits`` with the sections of the top hits' guidelines that the intent asks for.

        For each guideline among the first hits, every document of that guideline in the hits
        (a guideline ingested as several files is several documents) gives up to four passages
        whose own headings match the intent ("First-Line Therapies", "Treatment Initiation");
        they follow the guideline's first hit, so they are composed from, not cut off.
        """
        wanted = _PLAN_HEADINGS.get(analysis.intent)
        if wanted is None or not hits:
            return hits
        heading = re.compile(rf"\b(?:{wanted})\b", re.IGNORECASE)
        asked = [m.group(0).lower() for m in _ASKED.finditer(analysis.question)]
        focus = question_focus(analysis)
        # A dose sits under its drug's heading ("Colchicine for Acute Flare"), not under "Dose".
        by_name = analysis.intent is Intent.DOSING
        if by_name:
            focus |= topic_words(analysis.topic)
        named = _families_named(hits, analysis.topic)
        hits = _named_first(hits, named)
        families = _top_families(hits) | named
        # Passages in the lower half may be pushed past the cut (``max_hits``) by the ones
        # added: they may be moved up instead, so only the upper half counts as known.
        known = {h.chunk_id for h in hits[: self.max_hits // 2]}
        docs = list(dict.fromkeys(h.doc_id for h in hits if _family(h) in families))
        ranked = sorted(
            (score, n, ordinal, chunk_id, doc_id)
            for n, doc_id in enumerate(docs)
            for score, ordinal, chunk_id in self._matching_sections(
                doc_id, _Wanted(heading, asked, focus, by_name), known
            )
        )
        chosen: list[str] = []
        per_doc: dict[str, int] = {}
        for *_, chunk_id, doc_id in ranked:
            if len(chosen) < _SECTIONS_TOTAL and per_doc.get(doc_id, 0) < _SECTIONS_PER_DOC:
                chosen.append(chunk_id)
                per_doc[doc_id] = per_doc.get(doc_id, 0) + 1
        anchors = {h.doc_id: h for h in reversed(hits)}  # each document's first hit
        added: dict[str, list[Hit]] = {}  # family -> its new hits, best first
        for found in self.searcher.hits_for_chunks(chosen):
            anchor = anchors[found.doc_id]
            added.setdefault(_family(anchor), []).append(
                found.model_copy(update={"score": anchor.score})
            )
        moved = set(chosen)
        out: list[Hit] = []
        for hit in hits:
            if hit.chunk_id not in moved:
                out.append(hit)
            out.extend(added.pop(_family(hit), []))
        return out

    def _matching_sections(
        self, doc_id: str, wanted: _Wanted, known: set[str]
    ) -> list[tuple[int, int, str]]:
        """(minus match strength, ordinal, chunk id) of the passages of ``doc_id`` whose own
        headings match the intent; the question's own words ('first-line', 'fluids') count
        double."""
        chunks = self.searcher.library.chunks_of(doc_id)
        root = _common_root([c.section for c in chunks])
        scored: list[tuple[int, int, str]] = []
        for chunk in chunks:
            if chunk.id in known:
                continue
            own = " ".join(_own_headings(chunk.section, root))
            matches = len(wanted.heading.findall(own))
            named = len(wanted.focus & content_tokens(own))
            if matches or (wanted.by_name and named):
                bonus = sum(2 for a in wanted.asked if a in own.lower()) + 2 * named
                scored.append((-(matches + bonus), chunk.ordinal, chunk.id))
        return scored

    def _gather(self, analysis: QuestionAnalysis) -> set[str] | None:
        """Let the live source store its evidence; the ids to keep to when ``live_only``."""
        if self.live is None or not analysis.in_scope:
            return None
        found = set(self.live.gather(analysis))
        return found if self.live_only else None

    def _unreached(self, only: Collection[str], hits: Sequence[Hit]) -> list[Hit]:
        reached = {h.doc_id for h in hits}
        library = self.searcher.library
        chunk_ids = [c.id for d in sorted(set(only) - reached) for c in library.chunks_of(d)]
        return self.searcher.hits_for_chunks(chunk_ids)

    def _verified(self, composed: Answer, hits: list[Hit]) -> Answer:
        answer = verify_answer(composed, hits, embedder=self.searcher.embedder, judge=self._judge())
        answer.verification = _merged(composed.verification, answer.verification)
        return answer

    def _compose(
        self,
        analysis: QuestionAnalysis,
        hits: list[Hit],
        audience: Audience,
        on_token: Callable[[str], None] | None,
    ) -> tuple[Answer, Answer]:
        """The answer to verify, and the extractive answer (the fallback)."""
        extractive = compose_extractive(analysis, hits, audience, options=self.compose_options)
        if self.llm is None or not analysis.in_scope or not hits:
            return extractive, extractive
        if extractive.abstained:
            # Thin evidence is judged before the model is asked: a small model given weak
            # matches writes fluent sentences its sources do not support.
            note = "The LLM was not asked: the library's evidence is too thin for an answer."
            abstained = extractive.model_copy(update={"warnings": [*extractive.warnings, note]})
            return abstained, abstained
        from medcite.llm import LLMError, compose_llm

        try:
            composed = compose_llm(
                analysis, _relevant_first(hits, extractive), audience, self.llm, on_token=on_token
            )
        except LLMError as exc:
            log.warning("LLM composer failed, falling back to extractive: %s", exc)
            note = f"{_LLM_FAILED} ({exc}); this is the extractive answer instead."
            failed = extractive.model_copy(update={"warnings": [*extractive.warnings, note]})
            return failed, failed
        return composed, extractive

    def _judge(self) -> EntailmentJudge | None:
        if self.llm is None:
            return None
        from medcite.llm import LLMEntailmentJudge

        return LLMEntailmentJudge(self.llm)

    def _thread(self, thread_id: str | None) -> Thread | None:
        if self.threads is None:
            return None
        return self.threads.load(thread_id or self.threads.new_id(), create=True)


@dataclass(frozen=True)
class _Wanted:
    """What a guideline section must be about: heading words of the intent, words the question
    asks for ('first-line'), its focus ('fluids'), and whether naming the focus is enough."""

    heading: re.Pattern[str]
    asked: list[str]
    focus: frozenset[str]
    by_name: bool


def _relevant_first(hits: Sequence[Hit], extractive: Answer) -> list[Hit]:
    """The hits of the documents the extractive answer cites first (in its order), then the rest.

    The extractive composer has already picked the passages that answer the question; putting
    them first keeps them inside the LLM's passage budget.
    """
    rank = {ref.id: i for i, ref in enumerate(extractive.references)}
    return sorted(hits, key=lambda h: rank.get(h.doc_id, len(rank)))


def _family(hit: Hit) -> str:
    """The guideline a passage belongs to: a guideline split into parts shares the title before
    ': ' ("2017 ACC/AHA Guideline ...: Pharmacotherapy (summary)"), year and publisher."""
    return f"{hit.title.split(': ', 1)[0]}|{hit.year}|{hit.publisher}"


def _families_named(hits: Sequence[Hit], topic: str) -> set[str]:
    """Guidelines in the hits whose own title names the topic (or a synonym of it): "...
    Management of High Blood Pressure in Adults" for "hypertension"."""
    names = [topic_words(t) for t in (topic, *vocab_synonyms(topic))]
    parts = [topic_words(p) for p in _TOPIC_JOINERS.split(topic)]
    wanted = [w for w in (*names, *parts) if w]
    out: set[str] = set()
    for hit in hits:
        if hit.evidence_level is not EvidenceLevel.GUIDELINE or hit.retracted:
            continue
        title = content_tokens(hit.title.split(": ", 1)[0])
        if any(w <= title for w in wanted):
            out.add(_family(hit))
    return out


def _named_first(hits: list[Hit], named: set[str]) -> list[Hit]:
    """The hits of guidelines named after the topic first, each list in its own order."""
    first = [h for h in hits if _family(h) in named]
    return first + [h for h in hits if _family(h) not in named]


def _top_families(hits: Sequence[Hit]) -> set[str]:
    """Guidelines among the first hits."""
    return {
        _family(h)
        for h in hits[:_TOP_GUIDELINES]
        if h.evidence_level is EvidenceLevel.GUIDELINE and not h.retracted
    }


def _common_root(sections: Sequence[str]) -> str:
    """The heading every passage of a document starts with (its own title), or ''."""
    firsts = {s.split(" > ", 1)[0] for s in sections if s}
    return next(iter(firsts)) if len(firsts) == 1 and len(sections) > 1 else ""


def _own_headings(section: str, root: str) -> list[str]:
    """A passage's headings below the document's root ("A > B / A > C" for merged sections)."""
    out: list[str] = []
    for path in section.split(" / "):
        parts = path.split(" > ")
        out.extend(parts[1:] if root and parts[0] == root else parts)
    return out


def _mostly_unsupported(verification: Verification) -> bool:
    """More than half of the checked claims were dropped."""
    return verification.checked > 0 and verification.dropped * 2 > verification.checked


def _merged(composer: Verification, verifier: Verification) -> Verification:
    """The verifier's record plus what the composer already removed (e.g. invented numbers)."""
    return verifier.model_copy(
        update={
            "removed_citations": verifier.removed_citations + composer.removed_citations,
            "dropped": verifier.dropped + composer.dropped,
            "notes": [*composer.notes, *verifier.notes],
        }
    )


def _turn(question: str, analysis: QuestionAnalysis, answer: Answer) -> Turn:
    cited = [cid for ref in answer.references for cid in ref.chunk_ids]
    return Turn(question=question, analysis=analysis, chunk_ids=cited, title=answer.title)


def cited_sentences(answer: Answer) -> int:
    """Number of answer items that carry at least one citation."""
    return sum(1 for item in iter_items(answer) if item.citations)
