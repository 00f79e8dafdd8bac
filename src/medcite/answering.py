"""Thin orchestration of `ask`: analyse -> retrieve -> compose -> verify -> record.

Each stage lives in its own package; this module only wires them together, keeps the thread,
and stamps the answer with what produced it (settings hash, library version, model).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Protocol

from medcite.analysis import analyze
from medcite.compose import ComposeOptions, compose_extractive, iter_items
from medcite.records import Answer, Audience, Hit, QuestionAnalysis, SearchFilters, Verification
from medcite.retrieval import Searcher, rrf
from medcite.threads import Thread, ThreadStore, Turn
from medcite.verify import EntailmentJudge, verify_answer

if TYPE_CHECKING:
    from medcite.llm.base import LLM

log = logging.getLogger(__name__)


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
        composed = self._compose(analysis, hits, audience, on_token)
        answer = verify_answer(composed, hits, embedder=self.searcher.embedder, judge=self._judge())
        answer.verification = _merged(composed.verification, answer.verification)
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
        known = {h.chunk_id for h in hits}
        extra = self.searcher.hits_for_chunks([c for c in carried if c not in known])
        return hits[: self.max_hits] + extra

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

    def _compose(
        self,
        analysis: QuestionAnalysis,
        hits: list[Hit],
        audience: Audience,
        on_token: Callable[[str], None] | None,
    ) -> Answer:
        if self.llm is None or not analysis.in_scope or not hits:
            return compose_extractive(analysis, hits, audience, options=self.compose_options)
        from medcite.llm import LLMError, compose_llm

        try:
            return compose_llm(analysis, hits, audience, self.llm, on_token=on_token)
        except LLMError as exc:
            log.warning("LLM composer failed, falling back to extractive: %s", exc)
            answer = compose_extractive(analysis, hits, audience, options=self.compose_options)
            note = f"The LLM composer failed ({exc}); this is the extractive answer instead."
            return answer.model_copy(update={"warnings": [*answer.warnings, note]})

    def _judge(self) -> EntailmentJudge | None:
        if self.llm is None:
            return None
        from medcite.llm import LLMEntailmentJudge

        return LLMEntailmentJudge(self.llm)

    def _thread(self, thread_id: str | None) -> Thread | None:
        if self.threads is None:
            return None
        return self.threads.load(thread_id or self.threads.new_id(), create=True)


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
