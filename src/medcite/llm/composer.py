"""The LLM composer: numbered evidence in, a structured, cited :class:`~medcite.records.Answer` out.

The model cites passage numbers; this module turns them into references, one per document,
numbered by first use, and records which passages (chunk ids) each reference stands for so the
verifier can check every claim against the text it cites. A number that points at no passage is
removed and counted; a sentence left without any citation is dropped. References are only ever
built from the hits given, never from anything the model wrote.

Any failure to get a usable answer raises :class:`~medcite.llm.base.LLMError`, and the
orchestrator falls back to the extractive composer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from medcite.compose.citations import CitationBook
from medcite.compose.plans import plan_for
from medcite.llm.base import LLM, LLMOutputError, TokenCallback
from medcite.llm.output import DraftAnswer, DraftItem, DraftSection, DraftSubsection, parse_answer
from medcite.llm.prompting import (
    MAX_CITATIONS,
    answer_schema,
    build_messages,
    fit_to_window,
    select_passages,
)
from medcite.records import (
    Answer,
    AnswerSection,
    Audience,
    ContentItem,
    Hit,
    Intent,
    QuestionAnalysis,
    Verification,
)

COMPOSER_NAME = "llm"

DISCLAIMER = (
    "For education and clinical decision support only; not a substitute for professional "
    "judgement. Written by a language model from the cited sources and pending human review: "
    "check important decisions against the original references."
)
PATIENT_DISCLAIMER = (
    "This information is for education only and does not replace advice from your doctor or "
    "another qualified health professional. A computer program wrote it from the listed sources, "
    "and a medical reviewer has not checked it yet."
)
# A generated "heading" longer than this is a sentence (small models do that): the plan's
# default heading is used instead.
MAX_HEADING_CHARS = 80

ABSTAIN_TEXT = (
    "The evidence found does not answer this question well enough to give a recommendation."
)


def compose_llm(
    analysis: QuestionAnalysis,
    hits: Sequence[Hit],
    audience: Audience,
    llm: LLM,
    *,
    on_token: TokenCallback | None = None,
    max_tokens: int = 1500,
    max_passages: int = 12,
    max_passage_chars: int = 1200,
) -> Answer:
    """Ask ``llm`` for a structured answer from ``hits`` and map its citations to references.

    With a model whose context window is known (``llm.context_window``, e.g. a local GGUF
    model), the reply budget and the passages are cut to fit it, best passages first.
    """
    passages = select_passages(hits, max_passages)
    if not passages:
        return _abstained(
            analysis, audience, llm.model_id, "no citable evidence passages were found"
        )
    window = getattr(llm, "context_window", None)
    if isinstance(window, int) and window > 0:
        passages, max_tokens = fit_to_window(
            analysis, passages, audience, window, max_tokens, max_passage_chars
        )
    messages = build_messages(analysis, passages, audience, max_passage_chars=max_passage_chars)
    raw = llm.complete(
        messages, schema=answer_schema(), max_tokens=max_tokens, temperature=0.0, on_token=on_token
    )
    return assemble_answer(analysis, audience, passages, parse_answer(raw), llm.model_id)


def assemble_answer(
    analysis: QuestionAnalysis,
    audience: Audience,
    passages: Sequence[Hit],
    draft: DraftAnswer,
    model_id: str,
) -> Answer:
    """Turn the model's draft into an Answer; passage ``n`` is ``passages[n - 1]``."""
    mapper = _CitationMapper(passages)
    bottom = mapper.item(draft.bottom_line)
    sections = [s for d in draft.sections if (s := mapper.section(d, analysis.intent))]
    abstained = draft.insufficient
    if bottom is None:
        if not abstained:
            raise LLMOutputError("the LLM's bottom line cites no evidence passage; not using it")
        bottom = ContentItem(text=ABSTAIN_TEXT)
    return Answer(
        question=analysis.question,
        title=analysis.title,
        intent=analysis.intent,
        audience=audience,
        context=analysis.context,
        urgent_notice=urgent_notice(analysis.red_flags, audience),
        bottom_line=bottom,
        sections=sections,
        references=mapper.book.references(),
        verification=mapper.verification(),
        follow_ups=draft.follow_ups,
        disclaimer=disclaimer(audience),
        abstained=abstained,
        searched=list(analysis.search_queries) if abstained else [],
        warnings=["The model judged the evidence insufficient."] if abstained else [],
        composer=COMPOSER_NAME,
        model=model_id,
    )


class _CitationMapper:
    """Maps passage numbers to reference numbers while the answer is walked in reading order."""

    def __init__(self, passages: Sequence[Hit]) -> None:
        self.passages = list(passages)
        self.book = CitationBook()
        self.removed = 0
        self.dropped = 0
        self.notes: list[str] = []
        self._seen_texts: set[str] = set()

    def item(self, draft: DraftItem) -> ContentItem | None:
        """The item with reference numbers, or None when empty, repeated or citing nothing real."""
        if not draft.text:
            return None
        seen_key = _norm(draft.text)
        if seen_key in self._seen_texts:
            # Small models repeat the bottom line in every section; once is enough.
            self.notes.append(f"dropped a repeated sentence: {_short(draft.text)!r}")
            return None
        self._seen_texts.add(seen_key)
        hits = self._cited_hits(draft)
        if not hits:
            self.dropped += 1
            self.notes.append(f"dropped an uncited sentence: {_short(draft.text)!r}")
            return None
        numbers = [self.book.cite(hit) for hit in hits]
        return ContentItem(text=draft.text, citations=list(dict.fromkeys(numbers)))

    def _cited_hits(self, draft: DraftItem) -> list[Hit]:
        hits: list[Hit] = []
        docs: list[str] = []
        for n in dict.fromkeys(draft.citations):
            if not 1 <= n <= len(self.passages):
                self.removed += 1
                self.notes.append(
                    f"removed citation [{n}]: no evidence passage has that number "
                    f"(in {_short(draft.text)!r})"
                )
                continue
            hit = self.passages[n - 1]
            if hit.doc_id not in docs:
                if len(docs) == MAX_CITATIONS:
                    continue  # the schema allows four references per sentence
                docs.append(hit.doc_id)
            hits.append(hit)
        return hits

    def section(self, draft: DraftSection, intent: Intent) -> AnswerSection | None:
        """A section (items before subsections, the order a reader meets them), or None if empty."""
        items = [c for d in draft.items if (c := self.item(d))]
        subsections = [s for d in draft.subsections if (s := self._subsection(d, intent))]
        if not items and not subsections:
            return None
        heading = _heading(draft.heading, intent)
        return AnswerSection(
            heading=heading, key=section_key(heading, intent), items=items, subsections=subsections
        )

    def _subsection(self, draft: DraftSubsection, intent: Intent) -> AnswerSection | None:
        items = [c for d in draft.items if (c := self.item(d))]
        if not items:
            return None
        heading = _heading(draft.heading, intent)
        return AnswerSection(heading=heading, key=section_key(heading, intent), items=items)

    def verification(self) -> Verification:
        """What mapping removed, for the record; the verifier adds its own counts."""
        return Verification(removed_citations=self.removed, dropped=self.dropped, notes=self.notes)


def _heading(generated: str, intent: Intent) -> str:
    if not generated or len(generated) > MAX_HEADING_CHARS:
        return plan_for(intent).default.heading
    return generated


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def section_key(heading: str, intent: Intent) -> str:
    """The plan key of a generated heading (clinician or patient wording), else a slug of it."""
    wanted = _norm(heading)
    for spec in plan_for(intent).all_sections():
        if wanted in (_norm(spec.heading), _norm(spec.patient_heading)):
            return spec.key
    return wanted.replace(" ", "_")[:40].rstrip("_") or "section"


def urgent_notice(red_flags: Sequence[str], audience: Audience) -> str | None:
    """The notice shown before the answer when the question states red flags."""
    if not red_flags:
        return None
    flags = ", ".join(red_flags)
    if audience is Audience.PATIENT:
        return (
            f"Some things you mention ({flags}) can be signs of a serious problem. Get urgent "
            "medical care now rather than relying on this information."
        )
    return (
        f"Red flags present ({flags}): evaluate urgently and exclude serious pathology before "
        "following the routine pathway below."
    )


def disclaimer(audience: Audience) -> str:
    """The professional disclaimer for the audience."""
    return PATIENT_DISCLAIMER if audience is Audience.PATIENT else DISCLAIMER


def _abstained(
    analysis: QuestionAnalysis, audience: Audience, model_id: str, reason: str
) -> Answer:
    return Answer(
        question=analysis.question,
        title=analysis.title,
        intent=analysis.intent,
        audience=audience,
        context=analysis.context,
        urgent_notice=urgent_notice(analysis.red_flags, audience),
        bottom_line=ContentItem(text=ABSTAIN_TEXT),
        disclaimer=disclaimer(audience),
        abstained=True,
        searched=list(analysis.search_queries),
        warnings=[f"The LLM was not asked: {reason}."],
        composer=COMPOSER_NAME,
        model=model_id,
    )
