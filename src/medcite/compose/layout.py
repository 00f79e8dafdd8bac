"""Laying out chosen sentences: the bottom line, then each sentence in its best-fitting section of
the plan, capped per section, strongest evidence first. Empty sections are left out, never padded.
"""

from __future__ import annotations

from collections.abc import Sequence

from medcite.compose.bottom import (
    answer_signal,
    answers_intent,
    asks_amount,
    phase_signal,
    regimen_row,
    states_amount,
)
from medcite.compose.citations import CitationBook
from medcite.compose.fragments import labelled_value
from medcite.compose.options import ComposeOptions
from medcite.compose.plans import Plan, SectionSpec, cue_score, pattern
from medcite.compose.select import Candidate
from medcite.compose.tokens import content_tokens
from medcite.records import AnswerSection, ContentItem, EvidenceLevel, Intent

# Escalation is only worth a second bottom-line sentence when it is stated clearly.
_MIN_ESCALATION = 1.5
# An escalation that does not name the topic must state it unmistakably ("reserved for patients
# whose pain persists despite ..."), not just mention a failure.
_CLEAR_ESCALATION = 3.0
# Per patient fact a sentence mentions, in a case, for sections that take context.
_CONTEXT_WEIGHT = 1.5
_FIGURE_BONUS = 0.2


def _tier(cand: Candidate) -> int:
    """Guidelines and systematic reviews first, then trials and cohorts, then the rest."""
    level = cand.hit.evidence_level
    if level in (EvidenceLevel.GUIDELINE, EvidenceLevel.SYSTEMATIC_REVIEW):
        return 0
    return 1 if level in (EvidenceLevel.RCT, EvidenceLevel.COHORT) else 2


# Drug classes, and the stems of international nonproprietary names (WHO INN stems).
_DRUG_NAME = (
    r"\b(?:inhibitors?|blockers?|antagonists?|agonists?|statins?|diuretics?|macrolides?|"
    r"cephalosporins?|fluoroquinolones?|carbapenems?|beta-lactams?|ARNi|ACEi|ARBs?|DOACs?|"
    r"\w+(?:pril|sartan|olol|gliflozin|gliptin|glutide|parin|xaban|gatran|cillin|cycline|"
    r"mycin|floxacin|penem|azole|dronate|umab|imab|ximab|tidine|prazole))\b"
)
_ASKS_FOR_DRUGS = (
    r"\b(?:which|what)\s+(?:\w+\s+)?(?:antibiotics?|antimicrobials?|drugs?|medications?|"
    r"medicines?|agents?|regimens?)\b"
)
# The part of a guideline that lists the drugs ("FDA Approved Medications", "Pharmacotherapy").
_DRUG_HEADING = (
    r"\bmedications?\b|\bdrugs?\b|\bpharmacotherap\w*|\bpharmacolog\w*|\bantibiotic\w*|"
    r"\bantimicrobial\w*|\bregimens?\b"
)
_DRUG_HEADING_WEIGHT = 0.15
# What the question itself asks for, and the words that answer it: a question about first-line
# treatment wants a sentence that says "first-line".
_ASKED: tuple[tuple[str, str], ...] = (
    (r"\bfirst[- ]line\b|\binitial\b|\bfirst[- ]choice\b", r"\bfirst[- ]line\b|\binitial\b"),
    (
        # "fails", "failed", "treatment failure" -- not "heart failure"
        r"\bsecond[- ]line\b|\brefractory\b|\bfail(?:s|ed|ing)?\b|\bfailure of\b"
        r"|\bstep(?:ping|ped)?[- ]?up\b",
        r"\bsecond[- ]line\b|\brefractory\b|\bfail(?:s|ed|ing)?\b|\bfailure of\b|\bineffective\b"
        r"|\bstep(?:ping|ped)?[- ]?up\b",
    ),
    (r"\bsurg\w*|\boperat\w*", r"\bsurg\w*|\boperat\w*"),
    # "How much IV fluid ...?" asks for an amount.
    (r"\bhow much\b", r"\d+(?:\.\d+)?\s*(?:mL|ml|L|mg|mcg|g|units?)(?:/kg)?\b"),
)
# Questions that ask for a kind of answer, and what an answer of that kind says: "Which
# antibiotics ...?" is answered by agents (a regimen, a choice, a drug class or an INN stem),
# "How is X staged?" by the stages or categories. When the evidence holds such a sentence, the
# bottom line is one of them: strong wording about something else does not answer.
_KINDS: tuple[tuple[str, str], ...] = (
    (_ASKS_FOR_DRUGS, r"\d+(?:\.\d+)?\s*(?:mg|mcg|g|units?)\b|; or\b|" + _DRUG_NAME),
    (
        r"\bstag(?:e|ed|es|ing)\b|\bclassif\w*|\bgrad(?:ed|ing)\b",
        r"\bstages?\b|\bcategor\w*|\bclassif\w*|\bgrades?\b|\b[GA]\d[ab]?\b",
    ),
)
_ASKED_WEIGHT = 0.3
_ON_TOPIC_WEIGHT = 0.25
# A guideline whose title names the topic speaks for it; a passing mention elsewhere does not.
_TITLE_WEIGHT = 0.3
_FOCUS_WEIGHT = 0.3
_CUE_WEIGHT = 0.15
# A primary bottom line that is itself an escalation ("if X fails, Y") answers a later step.
_ESCALATION_AS_PRIMARY = 0.3


def _claim(text: str) -> str:
    """What a sentence claims: a labelled fact's value, not its heading ("Catheter Ablation
    (First-Line in Many Cases) — HFrEF: Recommended ..." does not say "first-line")."""
    return labelled_value(text) or text


def asked_patterns(question: str) -> tuple[str, ...]:
    """Answer patterns for what the question explicitly asks (first-line, refractory, surgery)."""
    return tuple(answer for asked, answer in _ASKED if pattern(asked).search(question))


def _bottom_key(
    cand: Candidate, cue: float, asked: tuple[str, ...], bonus: float = 0.0
) -> tuple[int, float, tuple[float, int, str, str, int]]:
    answers = any(pattern(p).search(_claim(cand.text)) for p in asked)
    value = cand.score + _CUE_WEIGHT * cue + bonus + (_ASKED_WEIGHT if answers else 0.0)
    return (_tier(cand), -value, cand.rank_key)


def _primary_bonus(
    cand: Candidate, plan: Plan, asked: tuple[str, ...], question: str = ""
) -> float:
    """Naming the topic helps a primary bottom line, and so does answering the intent (the
    recommendation, the test of choice, the dose); being an escalation hurts it, unless the
    question asks about the later step."""
    bonus = _ON_TOPIC_WEIGHT if cand.on_topic else 0.0
    bonus += answer_signal(cand.text, plan.intent, question)
    bonus += _ON_TOPIC_WEIGHT if cand.topic_passage else 0.0
    bonus += _TITLE_WEIGHT if cand.topic_title else 0.0
    bonus += phase_signal(cand.text, cand.hit, plan.intent)
    if pattern(_ASKS_FOR_DRUGS).search(question) and pattern(_DRUG_HEADING).search(
        _part_headings(cand)
    ):
        bonus += _DRUG_HEADING_WEIGHT
    escalation = cue_score(plan.escalation_cues, _claim(cand.text)) >= _MIN_ESCALATION
    if escalation and not any(pattern(p).search(cand.text) for p in asked):
        bonus -= _ESCALATION_AS_PRIMARY
    return bonus


def _of_the_kind_asked(
    scored: list[tuple[float, Candidate]], plan: Plan, question: str
) -> list[tuple[float, Candidate]]:
    """The candidates that give the kind of answer the question asks for (an amount, the
    agents, the stages) under the phase of care it asks about, when there are any; else all of
    them ("first-line for all CKD stages" under a treatment heading does not stage CKD)."""
    kinds = [answer for asked, answer in _KINDS if pattern(asked).search(question)]
    amount = plan.intent is Intent.DOSING or asks_amount(question)
    if not kinds and not amount:
        return scored
    kept = [
        (s, c)
        for s, c in scored
        if (not amount or states_amount(c.text))
        and all(pattern(k).search(c.text) for k in kinds)
        and phase_signal(c.text, c.hit, plan.intent) >= 0
    ]
    return kept or scored


def _part_headings(cand: Candidate) -> str:
    """The passage's innermost section heading and the part of the guideline its title names."""
    section = cand.hit.section.split(" / ")[0].rsplit(">", 1)[-1]
    return f"{section} {cand.hit.title.split(': ', 1)[-1]}"


def _focus_bonus(cand: Candidate, focus: frozenset[str]) -> float:
    """The therapy or test the question names ("anticoagulation" in atrial fibrillation), in
    the sentence, its headings ("Recommendations for Oral Anticoagulation") or the name of its
    part of the guideline ("...: Anticoagulation Therapy")."""
    if not focus:
        return 0.0
    part = cand.hit.title.split(": ", 1)[-1]
    said = cand.tokens | content_tokens(f"{cand.hit.section} {part}")
    return _FOCUS_WEIGHT if focus & said else 0.0


def _standalone(cand: Candidate) -> bool:
    """A bottom-line sentence must make sense on its own: no "This approach ...", on intent."""
    return not cand.anaphoric and cand.intent_hits > 0


def pick_bottom_line(
    pool: Sequence[Candidate],
    plan: Plan,
    question: str = "",
    focus: frozenset[str] = frozenset(),
) -> list[Candidate]:
    """One or two sentences: the strongest recommendation and, when it lacks one, the escalation.

    Sentences that name the topic themselves are preferred, and so are sentences filed under the
    phase of care the question asks about (treatment, not diagnostic criteria or discharge); a
    dose question is answered with an amount when the evidence states one. An escalation must
    name the topic or be unmistakable (a bare "X and Y have failed." cannot say what failed for
    whom). Falls back to the best-ranked stand-alone sentence when nothing reads like a
    recommendation.
    """
    if not pool:
        return []
    standalone = [c for c in pool if _standalone(c)]
    candidates = standalone or list(pool)
    asked = asked_patterns(question)
    scored = [
        (s, c)
        for c in candidates
        if (s := cue_score(plan.bottom_cues, _claim(c.text))) > 0
        or answers_intent(c.text, plan.intent, question)
        or regimen_row(c.text, c.hit, plan.intent)
    ]
    if not scored:
        return [candidates[0]]
    scored = _of_the_kind_asked(scored, plan, question)
    primary = min(
        scored,
        key=lambda sc: _bottom_key(
            sc[1],
            sc[0],
            asked,
            _primary_bonus(sc[1], plan, asked, question) + _focus_bonus(sc[1], focus),
        ),
    )[1]
    if not plan.escalation_cues or cue_score(plan.escalation_cues, primary.text) >= _MIN_ESCALATION:
        return [primary]
    escalations = [
        (s, c)
        for c in standalone
        if c is not primary
        and (s := cue_score(plan.escalation_cues, _claim(c.text))) >= _MIN_ESCALATION
        and (c.on_topic or s >= _CLEAR_ESCALATION)
    ]
    if not escalations:
        return [primary]
    second = min(escalations, key=lambda sc: _bottom_key(sc[1], sc[0], ()))[1]
    return [primary, second]


def section_score(spec: SectionSpec, cand: Candidate, is_case: bool) -> float:
    """How well a sentence fits a section: its cue weights, plus patient facts where relevant."""
    if spec.requires and not all(pattern(r).search(cand.text) for r in spec.requires):
        return 0.0
    score = cue_score(spec.cues, cand.text) - cue_score(spec.penalties, cand.text)
    if spec.context_boost and is_case:
        score += _CONTEXT_WEIGHT * cand.context_hits
    return score


def place(
    pool: Sequence[Candidate], plan: Plan, is_case: bool, options: ComposeOptions
) -> dict[str, list[Candidate]]:
    """Each sentence in the section it fits best (earlier sections win ties) when it fits that
    section clearly; a sentence that fits none goes to the default section only when it is
    clearly on topic."""
    specs = plan.all_sections()[:-1]
    placed: dict[str, list[Candidate]] = {}
    for cand in pool:
        best_key, best = plan.default.key, 0.0
        for spec in specs:
            score = section_score(spec, cand, is_case)
            # A weak fit stays in the default section: better unplaced than misplaced.
            if score >= spec.min_score and score > best:
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
