"""Topic: the condition or subject phrase, with intent words, patient facts and filler removed.

"Treatment options for bilateral L5 pars defect after a fall in a 22-year-old female"
-> "pars defect". The context extractors report the spans they consumed (laterality, level,
mechanism, person phrase); those are cut first. The rest is split into clauses, each clause
loses question words and intent words *at its edges only* (so "conservative treatment" inside
"surgery vs conservative treatment" survives), and the clause that carried the intent wins.

A treatment or imaging modality stripped from the front ("surgery for pars defect",
"does physiotherapy help ...") is kept as the *focus*: the title and queries use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from medcite.analysis._text import Span, blank, phrases
from medcite.analysis.intent import mentions_intent
from medcite.analysis.lexicon import EPONYMS, acronym_form
from medcite.records import Intent

# Words that never belong at either end of a topic.
_FUNCTION = phrases(
    """
    a, an, the, this, that, these, those, some, any, all, of, for, in, on, at, to, with, by,
    from, about, regarding, into, and, or, but, if, so, then, also, please, is, are, was,
    were, be, been, being, do, does, did, can, could, should, would, will, may, might, must,
    shall, i, i'm, im, me, my, we, our, us, you, your, he, she, it, its, it's, they, them,
    their, his, her, him, what, which, who, whom, whose, when, where, why, how, what's,
    whats, there, here, as, than, just, really, very, like, get, gets, getting, got, take,
    takes, taking, took, have, has, had, having, use, used, using, eat, eating, drink,
    drinking, tell, know, explain, describe, give, list, show, find, learn, want, need,
    needed, needs, info, information, help, helps, helpful, work, works, effective,
    efficacy, useful, indicated, necessary, required, recommended, recommendation,
    recommendations, appropriate, best, better, good, optimal, ideal, usual, standard,
    typical, current, latest, new, newest, evidence, evidence-based, guideline, guidelines,
    option, options, approach, approaches, strategy, strategies, way, ways, role, overall,
    general, main, key, common, most, more, known, other, possible, available, before,
    after, until, since, suspected, suspicion, presumed, probable, likely, query, shows,
    show, showed, showing, reveals, revealed, revealing, demonstrates, demonstrated,
    confirms, suggests, suggestive, consistent, found, noted, seen, presents, presenting,
    presented, complains, complaining, reports, reporting, now, still, currently, recently,
    suddenly, later, develops, developed, happens, happen, happened, healthy, unhealthy,
    good, bad, harmful, ok, okay, fine, normal, keeps, keep, refer, referral, admit, admission
"""
)
_INTENT_BOTH = phrases(
    """
    treatment, treatments, treat, treating, treated, manage, managing, management, managed,
    first-line, second-line, third-line, cure, cures, cured, diagnosis, diagnose,
    diagnosing, diagnosed, diagnostic, work-up, workup, evaluation, evaluate, evaluated,
    assessment, assess, investigations, investigation, confirm, confirmed, dose, doses,
    dosage, dosages, dosing, prognosis, outcome, outcomes, survival, screening, screen,
    screened, prevention, prevent, preventing, prevented, prophylaxis, safety, safe, unsafe,
    contraindications, contraindicated, contraindication, toxicity, interactions,
    interaction, adverse, overview, definition, define, pathophysiology, epidemiology,
    meaning, mean, causes, cause, caused, symptoms, symptom, imaging, tested, testing,
    vaccinated, checked, heal, healing, recovery, rate, rates, risk, risks, staged, staging,
    classification, classified, classify
"""
)
# Only at the front: at the end these words are part of a name ("physical therapy",
# "Centor criteria").
_LEADING_ONLY = phrases(
    """
    therapy, therapies, medication, medications, medicine, medicines, drug, drugs,
    differential, criteria, test, tests, sign, signs, return, long, much, many, maximum,
    max, daily, time, feel, feeling, initial, initially, empiric, empirical, much
"""
)
_PHRASES_BOTH = (
    ("side", "effects"),
    ("side-effects",),
    ("adverse", "effects"),
    ("adverse", "events"),
    ("risk", "factors"),
    ("life", "expectancy"),
    ("natural", "history"),
    ("signs", "and", "symptoms"),
    ("return", "to", "sport"),
    ("return", "to", "sports"),
    ("return", "to", "play"),
    ("return", "to", "work"),
    ("return", "to", "running"),
    ("return", "to", "training"),
    ("recovery", "time"),
    ("healing", "time"),
    ("drug", "of", "choice"),
    ("drugs", "of", "choice"),
    ("long-term", "outcome"),
    ("long-term", "outcomes"),
    ("long", "term", "outcomes"),
    ("physical", "therapy"),
    ("bone", "scan"),
    ("ct", "scan"),
    ("cat", "scan"),
    ("get", "rid", "of"),
    ("to", "do"),
    ("all", "the", "time"),
    ("left", "untreated"),
    ("if", "untreated"),
    ("if", "left", "untreated"),
    ("what", "happens"),
    ("mg/kg",),
    ("mg",),
    ("be", "stepped", "up"),
    ("stepped", "up"),
    ("step", "up"),
    ("step-up",),
)
_FOCUS: dict[tuple[str, ...], str] = {
    ("surgery",): "surgery",
    ("surgical",): "surgery",
    ("operation",): "surgery",
    ("operative",): "surgery",
    ("physiotherapy",): "physiotherapy",
    ("physical", "therapy"): "physical therapy",
    ("bracing",): "bracing",
    ("brace",): "bracing",
    ("injection",): "injections",
    ("injections",): "injections",
    ("rehabilitation",): "rehabilitation",
    ("rehab",): "rehabilitation",
    ("antibiotic",): "antibiotics",
    ("antibiotics",): "antibiotics",
    ("antivirals",): "antivirals",
    ("antiviral",): "antivirals",
    ("analgesic",): "analgesics",
    ("analgesics",): "analgesics",
    ("painkiller",): "analgesics",
    ("painkillers",): "analgesics",
    ("antihypertensive",): "antihypertensives",
    ("antihypertensives",): "antihypertensives",
    ("antidepressant",): "antidepressants",
    ("antidepressants",): "antidepressants",
    ("anticoagulant",): "anticoagulation",
    ("anticoagulants",): "anticoagulation",
    ("anticoagulation",): "anticoagulation",
    ("steroid",): "corticosteroids",
    ("steroids",): "corticosteroids",
    ("corticosteroids",): "corticosteroids",
    ("exercises",): "exercises",
    ("mri",): "MRI",
    ("ct",): "CT",
    ("ct", "scan"): "CT",
    ("cat", "scan"): "CT",
    ("x-ray",): "X-ray",
    ("x-rays",): "X-ray",
    ("xray",): "X-ray",
    ("radiograph",): "X-ray",
    ("radiographs",): "X-ray",
    ("radiography",): "X-ray",
    ("ultrasound",): "ultrasound",
    ("bone", "scan"): "bone scan",
    ("return", "to", "sport"): "return to sport",
    ("return", "to", "sports"): "return to sport",
    ("return", "to", "play"): "return to sport",
    ("fluid",): "fluids",
    ("fluids",): "fluids",
    ("iv", "fluid"): "fluids",
    ("iv", "fluids"): "fluids",
    ("fluid", "resuscitation"): "fluids",
    ("vasopressor",): "vasopressors",
    ("vasopressors",): "vasopressors",
    ("medications",): "medications",
    ("medicines",): "medications",
    ("drugs",): "medications",
    ("be", "stepped", "up"): "step-up",
    ("stepped", "up"): "step-up",
    ("step", "up"): "step-up",
    ("step-up",): "step-up",
}
# Therapies that close a terse treatment question ("sepsis fluids", "atrial fibrillation
# anticoagulation"): cut from the end as the focus. Other therapy words stay at the end, where
# they are part of a name ("physical therapy").
_TRAILING_FOCI: frozenset[tuple[str, ...]] = frozenset(
    {
        ("anticoagulation",),
        ("anticoagulants",),
        ("antibiotics",),
        ("antibiotic", "therapy"),
        ("fluids",),
        ("fluid", "therapy"),
        ("fluid", "resuscitation"),
        ("vasopressors",),
        ("medications",),
        ("medicines",),
        ("drugs",),
    }
)
_PROGNOSIS_FOCI = frozenset({"return to sport"})
_IMAGING_FOCI = frozenset({"MRI", "CT", "X-ray", "ultrasound", "bone scan"})
_THERAPY_FOCI = frozenset(v for v in _FOCUS.values() if v not in _IMAGING_FOCI | _PROGNOSIS_FOCI)
_BOTH: frozenset[tuple[str, ...]] = frozenset(
    {(w,) for w in _FUNCTION} | {(w,) for w in _INTENT_BOTH} | set(_PHRASES_BOTH)
)
_LEADING: frozenset[tuple[str, ...]] = _BOTH | {(w,) for w in _LEADING_ONLY}
_LEADING_COMPARISON: frozenset[tuple[str, ...]] = frozenset({(w,) for w in _FUNCTION})
_MID_INTENT_WORDS = frozenset(
    phrases(
        """
        dose, doses, dosage, dosing, safety, safe, interactions, toxicity, mg/kg, mg
"""
    )
)
_KEPT_CONNECTORS = frozenset({"while", "during", "in", "after", "before"})
# "MRI shows a pars defect": the finding, not the test, is the subject.
_REPORT_LEAD = re.compile(
    r"^(?:an?\s+|the\s+|her\s+|his\s+)?(?:[\w-]+\s+){0,2}?(?:shows?|showed|reveals?|revealed|demonstrates?"
    r"|demonstrated|confirms?|confirmed|suggests?|suggested)\s+(?:an?\s+|the\s+)?",
    re.IGNORECASE,
)
# "grade 1", "stage 3", "type 2": the number belongs to the name.
_NUMBERED_WORDS = frozenset({"grade", "stage", "type", "class", "phase", "level", "tier"})
_NUMBERED_PERIOD = re.compile(r"^\d+[- ]?(?:year|month|week|day)s?$")

_CLAUSE_SPLIT = re.compile(r"(?<=[.?!])\s+|[;:]\s*|\s+-\s+|,\s*|\?")
_SENTENCE_END = re.compile(r"[?!]")
_PUNCT = re.compile(r"[\"()\[\]{}?!.,;:*]+")
_COMPARISON_CONNECTOR = re.compile(
    r"\s+(?:vs|versus|compared\s+(?:with|to)|(?:better|worse|safer|more\s+effective|less\s+effective)\s+than"
    r"|superior\s+to|inferior\s+to)\s+",
    re.IGNORECASE,
)
_DIFFERENCE = re.compile(
    r"(?:difference\s+between|compare|comparing|comparison\s+(?:of|between))\s+(?P<a>.+?)\s+(?:and|with|to|vs)"
    r"\s+(?P<b>.+)$",
    re.IGNORECASE,
)
_OR_ARMS = re.compile(r"^(?P<a>.+?)\s+or\s+(?P<b>.+)$", re.IGNORECASE)
# "Is bariatric surgery effective for obesity?": the modality is the focus, the condition the topic.
_MODALITY_SHAPE = re.compile(
    r"^(?:is|are|does|do|can|will|would|should|how\s+(?:effective|useful)\s+(?:is|are))\s+(?P<focus>.+?)\s+"
    r"(?:(?:be\s+)?effective|work|works|help|helps|helpful|useful|recommended|indicated|needed|necessary"
    r"|beneficial|appropriate|good|required)\s+(?:for|in|with|to\s+treat|against)\s+(?P<cond>.+)$",
    re.IGNORECASE,
)
# "Which antibiotics are recommended for CAP?", "How much IV fluid should be given in sepsis?",
# "When is anticoagulation recommended in AF?": the therapy is the focus, the condition the topic.
_GIVEN_SHAPE = re.compile(
    r"^(?:(?:which|what)\s+|how\s+much\s+|when\s+(?:is|are|should)\s+|is\s+|are\s+)(?P<focus>.+?)\s+"
    r"(?:(?:is|are|should\s+be|be)\s+)?(?:recommended|used|given|indicated|preferred|started"
    r"|administered)\s+(?:for|in|with|during)\s+(?P<cond>.+)$",
    re.IGNORECASE,
)
# "Does vitamin D prevent fractures?": the preventive measure is the focus.
_PREVENTION_SHAPE = re.compile(
    r"^(?:is|are|does|do|can|will|would|should)\s+(?P<focus>.+?)\s+(?:help\s+)?(?:prevent|reduce|lower"
    r"|decrease|protect\s+against)\s+(?:the\s+)?(?:risk\s+of\s+)?(?P<cond>.+)$",
    re.IGNORECASE,
)
_NEW_FINDING = re.compile(
    r"^\s*(?:and\s+|but\s+|now\s+)?(?:she|he|they|the\s+patient|patient|i)\s+(?:now\s+|also\s+|then\s+|later\s+"
    r"|suddenly\s+|has\s+since\s+)?(?:has|have|had|develops|developed|is\s+having|reports|reported|complains\s+of"
    r"|presents\s+with|started|starts|got|'s\s+got|feels)(?![\w])",
    re.IGNORECASE,
)
_PRONOUN_REFERENCE = re.compile(
    r"(?<![\w])(?:it|this|this\s+condition|the\s+condition)(?![\w])", re.I
)
_EPONYM_NEXT = frozenset(
    phrases(
        """
        disease, syndrome, palsy, sarcoma, lymphoma, disorder, cyst, esophagus, oesophagus,
        fracture, phenomenon, tendon, tendinopathy, tendinitis, thyroiditis, ulcer, neuroma,
        injury, sign, test, maneuver, manoeuvre
"""
    )
)


def is_therapy(phrase: str) -> bool:
    """True when ``phrase`` names a therapy, not a condition ('anticoagulation', 'antibiotics')."""
    return _FOCUS.get(tuple(phrase.lower().split())) in _THERAPY_FOCI


@dataclass(frozen=True)
class TopicResult:
    """The topic ('' when the question names none), the focus, whether it points back ('it'),
    and whether it adds a finding to the patient ('He now has saddle anaesthesia')."""

    topic: str
    focus: str | None = None
    refers_back: bool = False
    adds_finding: bool = False


def extract_topic(text: str, spans: list[Span], intent: Intent | None) -> TopicResult:
    """Topic of normalised ``text`` after cutting ``spans`` (context phrases and negations)."""
    masked = blank(text, spans)
    candidates: list[_Candidate] = []
    for sentence, start, clause in _clauses(masked):
        original = text[start : start + len(clause)]
        result = _clean_clause(clause, intent)
        if result.topic or result.focus:
            candidates.append(_Candidate(sentence, mentions_intent(original), result))
    refers_back = bool(_PRONOUN_REFERENCE.search(masked))
    adds = bool(_NEW_FINDING.search(masked))
    if not candidates:
        return TopicResult("", None, refers_back, adds)
    chosen = _choose(candidates)
    if intent is Intent.COMPARISON and " vs " in chosen.topic and " for " not in chosen.topic:
        chosen = _add_condition(chosen, [c.result for c in candidates if c.result is not chosen])
    focus = chosen.focus if _focus_fits(chosen.focus, intent) else None
    return TopicResult(_case_tokens(chosen.topic), focus, refers_back, adds)


@dataclass(frozen=True)
class _Candidate:
    """A cleaned clause: its sentence number and whether it carried the intent wording."""

    sentence: int
    has_intent: bool
    result: TopicResult


def _focus_fits(focus: str | None, intent: Intent | None) -> bool:
    """An imaging focus only titles an imaging question, a therapy focus a treatment one."""
    if focus is None:
        return False
    if intent is Intent.IMAGING:
        return focus in _IMAGING_FOCI
    if intent is Intent.PROGNOSIS:
        return focus in _PROGNOSIS_FOCI
    if intent is Intent.SCREENING:
        return True  # only the prevention shape sets a focus for screening
    return intent is Intent.TREATMENT and focus not in _IMAGING_FOCI | _PROGNOSIS_FOCI


def _clauses(text: str) -> list[tuple[int, int, str]]:
    """(sentence number, start offset, clause) split at sentence ends, semicolons, commas..."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    sentence = 0
    for m in _CLAUSE_SPLIT.finditer(text):
        out.append((sentence, pos, text[pos : m.start()]))
        if _SENTENCE_END.search(m.group(0)) or text[m.start() - 1 : m.start()] in ".?!":
            sentence += 1
        pos = m.end()
    out.append((sentence, pos, text[pos:]))
    return [(n, s, c) for n, s, c in out if c.strip()]


def _choose(candidates: list[_Candidate]) -> TopicResult:
    """The clause that carried the intent; else the last sentence with a subject (the diagnosis
    usually follows the presenting complaint), its clauses joined ('fever, neck stiffness and
    rash'); else the last focus-only clause."""
    with_topic = [c for c in candidates if c.result.topic]
    for cand in with_topic:
        if cand.has_intent:
            return cand.result
    if not with_topic:
        return candidates[-1].result
    last_sentence = with_topic[-1].sentence
    parts = [c.result for c in with_topic if c.sentence == last_sentence]
    focus = next((c.result.focus for c in candidates if c.result.focus), None)
    return TopicResult(", ".join(p.topic for p in parts), parts[-1].focus or focus)


def _add_condition(chosen: TopicResult, others: list[TopicResult]) -> TopicResult:
    """'In pars defect, is surgery better than bracing?' -> 'surgery vs bracing for pars defect'."""
    for other in others:
        if other.topic and " vs " not in other.topic:
            return TopicResult(f"{chosen.topic} for {other.topic}", chosen.focus)
    return chosen


def _clean_clause(clause: str, intent: Intent | None) -> TopicResult:
    """Strip one clause down to its subject; comparisons become 'a vs b [for c]'."""
    raw = _PUNCT.sub(" ", clause)
    raw = re.sub(r"\s+", " ", raw).strip()
    if intent is Intent.COMPARISON:
        raw = _as_comparison(raw)
    focus: str | None = None
    shape = {
        Intent.TREATMENT: _MODALITY_SHAPE,
        Intent.IMAGING: _MODALITY_SHAPE,
        Intent.SCREENING: _PREVENTION_SHAPE,
    }.get(intent or Intent.GENERAL)
    if shape is not None:
        shaped = shape.match(raw) or (
            _GIVEN_SHAPE.match(raw) if intent is Intent.TREATMENT else None
        )
        if shaped:
            words, known = _strip_edges(
                shaped.group("focus").split(), comparison=True, intent=intent
            )
            key = tuple(w.lower() for w in words)
            focus = known or _FOCUS.get(key) or " ".join(key) or None
            raw = shaped.group("cond")
    raw = _REPORT_LEAD.sub("", raw)
    tokens, stripped_focus = _strip_edges(
        raw.split(), comparison=intent is Intent.COMPARISON, intent=intent
    )
    if intent in (Intent.DOSING, Intent.DRUG_SAFETY):
        tokens = _split_at_intent_word(tokens, keep_with=intent is Intent.DRUG_SAFETY)
    return TopicResult(" ".join(tokens), focus or stripped_focus)


def _split_at_intent_word(tokens: list[str], *, keep_with: bool) -> list[str]:
    """'amoxicillin dosage with otitis media' -> 'amoxicillin for otitis media'; for safety
    'with' is kept ('MRI safe with a pacemaker' -> 'MRI with a pacemaker')."""
    connectors = _KEPT_CONNECTORS | ({"with"} if keep_with else set())
    for i, token in enumerate(tokens[1:-1], start=1):
        if token.lower() in _MID_INTENT_WORDS:
            after = tokens[i + 1 :]
            kept = bool(after) and after[0].lower() in connectors
            connector = after[0].lower() if kept else "for"
            rest, _ = _strip_edges(after[1:] if kept else after, comparison=False, intent=None)
            return [*tokens[:i], connector, *rest] if rest else tokens[:i]
    return tokens


def _as_comparison(raw: str) -> str:
    """Rewrite comparison wording to 'a vs b'."""
    diff = _DIFFERENCE.search(raw)
    if diff:
        return f"{diff.group('a')} vs {diff.group('b')}"
    if _COMPARISON_CONNECTOR.search(raw):
        return _COMPARISON_CONNECTOR.sub(" vs ", raw)
    arms = _OR_ARMS.match(raw)
    if arms:
        return f"{arms.group('a')} vs {arms.group('b')}"
    return raw


def _strip_edges(
    tokens: list[str], *, comparison: bool, intent: Intent | None
) -> tuple[list[str], str | None]:
    """Drop filler and intent words from both ends; report a modality dropped from the front.

    A modality is only filler for its own intent: 'MRI' is dropped from 'MRI for pars defect'
    (imaging) but is the subject of 'Contraindications to MRI' (drug safety)."""
    leading = _LEADING_COMPARISON if comparison else _LEADING | _foci_for(intent)
    focus: str | None = None
    changed = True
    while tokens and changed:
        changed = False
        n = _match_edge(tokens, leading, front=True)
        if n:
            key = tuple(t.lower() for t in tokens[:n])
            focus = focus or _FOCUS.get(key)
            tokens = tokens[n:]
            changed = True
            continue
        n = _match_edge(tokens, _BOTH, front=False) or (
            _match_edge(tokens, _TRAILING_FOCI, front=False)
            if intent is Intent.TREATMENT and len(tokens) > 1
            else 0
        )
        if n:
            focus = focus or _FOCUS.get(tuple(t.lower() for t in tokens[-n:]))
            tokens = tokens[:-n]
            changed = True
            continue
        if _is_stray(tokens[0]):
            tokens = tokens[1:]
            changed = True
        elif _is_stray(tokens[-1]) and not (
            len(tokens) > 1 and tokens[-2].lower() in _NUMBERED_WORDS
        ):
            tokens = tokens[:-1]
            changed = True
    return tokens, focus


def _foci_for(intent: Intent | None) -> frozenset[tuple[str, ...]]:
    """Modality phrases that count as filler for ``intent``."""
    wanted = {
        Intent.TREATMENT: _THERAPY_FOCI,
        Intent.IMAGING: _IMAGING_FOCI,
        Intent.PROGNOSIS: _PROGNOSIS_FOCI,
    }.get(intent or Intent.GENERAL, frozenset())
    return frozenset(k for k, v in _FOCUS.items() if v in wanted)


def _match_edge(tokens: list[str], table: frozenset[tuple[str, ...]], *, front: bool) -> int:
    """Length of the longest phrase of ``table`` at the front (or back) of ``tokens``; 0 if none."""
    for n in (4, 3, 2, 1):
        if n > len(tokens):
            continue
        part = tokens[:n] if front else tokens[-n:]
        if tuple(t.lower().strip("'") for t in part) in table:
            return n
    return 0


def _is_stray(token: str) -> bool:
    """Punctuation left over, or a bare period like '5-year' at an edge."""
    low = token.lower()
    return (
        not any(ch.isalnum() for ch in token) or low.isdigit() or bool(_NUMBERED_PERIOD.match(low))
    )


def _case_tokens(topic: str) -> str:
    """Lower-case ordinary words; keep acronyms, levels, eponyms and (mid-sentence) proper nouns."""
    tokens = topic.split()
    out: list[str] = []
    for i, token in enumerate(tokens):
        nxt = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
        out.append(_case_token(token, nxt))
    return " ".join(out)


def _case_token(token: str, nxt: str) -> str:
    """One token of the topic in display case: lower case except acronyms, levels, eponyms."""
    acronym = acronym_form(token)
    if acronym:
        return acronym
    if any(c.isupper() for c in token[1:]) or (
        any(c.isdigit() for c in token) and token[0].isupper()
    ):
        return token  # HbA1c, L5, COVID-19, SGLT2
    low = token.lower()
    stem = low[:-2] if low.endswith("'s") else low
    if stem in EPONYMS and (low.endswith("'s") or nxt in _EPONYM_NEXT):
        return low[0].upper() + low[1:]
    return low
