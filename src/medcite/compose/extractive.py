"""The extractive composer: an answer made only of evidence sentences, each cited to the passage it
was copied from, laid out in the section plan of the question's intent.

No language model is involved, so every sentence is traceable to its source by construction; the
composer's job is choosing (relevance, evidence strength, recency), placing and de-duplicating.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from medcite.compose.abstain import insufficient, limited_evidence_warnings, refusal
from medcite.compose.audience import adapt_answer
from medcite.compose.citations import CitationBook, renumber_by_first_use
from medcite.compose.disclaimer import disclaimer_for, urgent_notice
from medcite.compose.followups import follow_ups
from medcite.compose.layout import build_sections, pick_bottom_line, place
from medcite.compose.options import ComposeOptions
from medcite.compose.plans import plan_for
from medcite.compose.select import Candidate, dedupe, extract_candidates
from medcite.compose.topic import question_focus
from medcite.records import Answer, Audience, ContentItem, Hit, QuestionAnalysis

COMPOSER = "extractive"


def compose_extractive(
    analysis: QuestionAnalysis,
    hits: Sequence[Hit],
    audience: Audience = Audience.CLINICIAN,
    *,
    options: ComposeOptions | None = None,
) -> Answer:
    """Compose a cited answer from ``hits`` (best first) for the analysed question.

    Retracted hits are never cited. Returns an abstained answer when the evidence is too thin,
    and a polite refusal when the analysis says the question is out of scope. The same inputs
    (with ``options.reference_year`` fixed) always give the same answer.
    """
    opts = options or ComposeOptions()
    year = opts.reference_year or datetime.date.today().year
    if not analysis.in_scope:
        return _finish(refusal(analysis, audience), analysis, audience, opts, year)
    usable = [h for h in hits if not h.retracted][: opts.max_hits]
    if not usable:
        reason = "No passages were found in the library for this question."
        return _finish(insufficient(analysis, audience, reason), analysis, audience, opts, year)
    plan = plan_for(analysis.intent)
    candidates = extract_candidates(analysis, usable, plan, opts, year)
    if len(candidates) < opts.min_relevant_sentences:
        reason = (
            f"Only {len(candidates)} relevant sentence(s) about '{analysis.topic}' were found in "
            f"{len(usable)} retrieved passage(s); at least {opts.min_relevant_sentences} "
            "are needed."
        )
        return _finish(insufficient(analysis, audience, reason), analysis, audience, opts, year)
    if not any(c.intent_hits > 0 for c in candidates):
        reason = (
            f"{len(candidates)} sentence(s) about '{analysis.topic}' were found, but none "
            f"addresses the question's {analysis.intent.value.replace('_', ' ')} directly."
        )
        return _finish(insufficient(analysis, audience, reason), analysis, audience, opts, year)
    answer = _compose(analysis, dedupe(candidates, opts), opts, year)
    return _finish(answer, analysis, audience, opts, year)


def _compose(
    analysis: QuestionAnalysis, pool: list[Candidate], opts: ComposeOptions, year: int
) -> Answer:
    """The clinician answer: bottom line, sections, references numbered by first use."""
    plan = plan_for(analysis.intent)
    bottom = pick_bottom_line(pool, plan, analysis.question, question_focus(analysis))
    rest = [c for c in pool if all(c is not b for b in bottom)]
    book = CitationBook()
    # Cite the bottom line first: references are numbered in the order the reader meets them.
    bottom_line = ContentItem(
        text=" ".join(c.text for c in bottom),
        citations=list(dict.fromkeys(book.cite(c.hit) for c in bottom)),
    )
    sections = build_sections(plan, place(rest, plan, analysis.is_case, opts), book, opts)
    answer = Answer(
        question=analysis.question,
        title=analysis.title or analysis.topic.title(),
        intent=analysis.intent,
        context=analysis.context,
        urgent_notice=urgent_notice(analysis.red_flags),
        bottom_line=bottom_line,
        sections=sections,
        references=book.references(),
        disclaimer=disclaimer_for(Audience.CLINICIAN),
        composer=COMPOSER,
    )
    answer = renumber_by_first_use(answer)
    answer.warnings = limited_evidence_warnings(answer.references, year, opts.old_after_years)
    return answer


def _finish(
    answer: Answer,
    analysis: QuestionAnalysis,
    audience: Audience,
    opts: ComposeOptions,
    year: int,
) -> Answer:
    """Audience wording, reading level, follow-ups and the settings fingerprint."""
    adapted = adapt_answer(answer, audience, topic=analysis.topic, use_vocab=opts.use_vocab)
    if analysis.in_scope and not adapted.abstained:
        adapted.follow_ups = follow_ups(analysis, opts.follow_up_count)
    adapted.settings_hash = opts.fingerprint(year)
    adapted.composer = COMPOSER
    return adapted
