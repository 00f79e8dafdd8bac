"""Laying out chosen sentences: the bottom line, then each sentence in its best-fitting section of
the plan, capped per section, strongest evidence first. Empty sections are left out, never padded.
"""

from __future__ import annotations

from collections.abc import Sequence

from medcite.compose.citations import CitationBook
from medcite.compose.options import ComposeOptions
from medcite.compose.plans import Plan, SectionSpec, cue_score, pattern
from medcite.compose.select import Candidate
from medcite.records import AnswerSection, ContentItem, EvidenceLevel

# Escalation is only worth a second bottom-line sentence when it is stated clearly.
_MIN_ESCALATION = 1.5
# Per patient fact a sentence mentions, in a case, for sections that take context.
_CONTEXT_WEIGHT = 1.5
_FIGURE_BONUS = 0.2


def _tier(cand: Candidate) -> int:
    """Guidelines and systematic reviews first, then trials and cohorts, then the rest."""
    level = cand.hit.evidence_level
    if level in (EvidenceLevel.GUIDELINE, EvidenceLevel.SYSTEMATIC_REVIEW):
        return 0
    return 1 if level in (EvidenceLevel.RCT, EvidenceLevel.COHORT) else 2


def pick_bottom_line(pool: Sequence[Candidate], plan: Plan) -> list[Candidate]:
    """One or two sentences: the strongest recommendation and, when it lacks one, the escalation.

    Falls back to the best-ranked sentence when nothing reads like a recommendation.
    """
    if not pool:
        return []
    # The bottom line must answer the question asked: a recommendation in the intent's words.
    on_intent = [c for c in pool if c.intent_hits > 0] or list(pool)
    recommendations = [(cue_score(plan.bottom_cues, c.text), c) for c in on_intent]
    scored = [(s, c) for s, c in recommendations if s > 0]
    if not scored:
        return [pool[0]]
    primary = min(
        scored, key=lambda sc: (_tier(sc[1]), -(sc[1].score + 0.15 * sc[0]), sc[1].rank_key)
    )[1]
    if not plan.escalation_cues or cue_score(plan.escalation_cues, primary.text) >= _MIN_ESCALATION:
        return [primary]
    escalations = [
        (s, c)
        for c in pool
        if c is not primary and (s := cue_score(plan.escalation_cues, c.text)) >= _MIN_ESCALATION
    ]
    if not escalations:
        return [primary]
    second = min(
        escalations, key=lambda sc: (_tier(sc[1]), -(sc[1].score + 0.15 * sc[0]), sc[1].rank_key)
    )[1]
    return [primary, second]


def section_score(spec: SectionSpec, cand: Candidate, is_case: bool) -> float:
    """How well a sentence fits a section: its cue weights, plus patient facts where relevant."""
    if spec.requires and not all(pattern(r).search(cand.text) for r in spec.requires):
        return 0.0
    score = cue_score(spec.cues, cand.text)
    if spec.context_boost and is_case:
        score += _CONTEXT_WEIGHT * cand.context_hits
    return score


def place(
    pool: Sequence[Candidate], plan: Plan, is_case: bool, options: ComposeOptions
) -> dict[str, list[Candidate]]:
    """Each sentence in the section it fits best (earlier sections win ties); a sentence that
    fits none goes to the default section only when it is clearly on topic."""
    specs = plan.all_sections()[:-1]
    placed: dict[str, list[Candidate]] = {}
    for cand in pool:
        best_key, best = plan.default.key, 0.0
        for spec in specs:
            score = section_score(spec, cand, is_case)
            if score > best:
                best_key, best = spec.key, score
        if best_key == plan.default.key and cand.relevance < options.min_default_relevance:
            continue
        placed.setdefault(best_key, []).append(cand)
    return placed


def choose(
    spec: SectionSpec, cands: Sequence[Candidate], cap: int, options: ComposeOptions
) -> list[Candidate]:
    """Up to ``cap`` sentences, best first with a per-document limit, shown strongest first."""

    def key(c: Candidate) -> tuple[float, tuple[float, int, str, str, int]]:
        bonus = _FIGURE_BONUS if spec.prefer_figures and c.has_figure else 0.0
        return (-(c.score + bonus), c.rank_key)

    chosen: list[Candidate] = []
    per_doc: dict[str, int] = {}
    for cand in sorted(cands, key=key):
        if len(chosen) >= cap:
            break
        if per_doc.get(cand.hit.doc_id, 0) >= options.max_per_doc_per_section:
            continue
        per_doc[cand.hit.doc_id] = per_doc.get(cand.hit.doc_id, 0) + 1
        chosen.append(cand)
    return sorted(chosen, key=lambda c: c.strength_key)


def build_sections(
    plan: Plan,
    placed: dict[str, list[Candidate]],
    book: CitationBook,
    options: ComposeOptions,
) -> list[AnswerSection]:
    """Answer sections in plan order; citations are numbered as the reader will meet them."""
    sections: list[AnswerSection] = []
    for spec in (*plan.sections, plan.default):
        section = _build(spec, placed, book, options, options.max_items_per_section)
        if section is not None:
            sections.append(section)
    return sections


def _build(
    spec: SectionSpec,
    placed: dict[str, list[Candidate]],
    book: CitationBook,
    options: ComposeOptions,
    cap: int,
) -> AnswerSection | None:
    chosen = choose(spec, placed.get(spec.key, []), cap, options)
    items = [ContentItem(text=c.text, citations=[book.cite(c.hit)]) for c in chosen]
    subsections = [
        sub
        for sub in (
            _build(s, placed, book, options, options.max_items_per_subsection)
            for s in spec.subsections
        )
        if sub is not None
    ]
    if not items and not subsections:
        return None
    return AnswerSection(heading=spec.heading, key=spec.key, items=items, subsections=subsections)
