"""What makes a sentence answer the question in one line: the bottom line's intent signals.

A treatment question wants the recommendation (first-line, with its strength); a diagnosis question
the test of choice; a dosing question the dose. Background (definitions, prevalence), negative
recommendations ("X is not recommended"), statements about missing evidence and sentences about
a sub-population the question did not name are what a bottom line must not be, even when they sit
in a strong guideline. The weights here are added to the bottom-line ranking value in
:mod:`medcite.compose.layout`; they are small next to relevance, and evidence tier still ranks first.
"""

from __future__ import annotations

import re

from medcite.compose.fragments import has_finite_verb, labelled_value
from medcite.compose.phase import Phase, phase_of
from medcite.compose.tokens import content_tokens
from medcite.records import Hit, Intent

# A stated strength: strong recommendations weigh more than conditional ones.
_STRONG = re.compile(
    r"\bStrong\b|\bstrongly recommended\b|\bClass I\b(?!I)|\bCOR 1\b|\bGrade (?:1[A-C]?|A)\b|"
    r"\(1[A-C]\)|\bLOE A\b",
)
_GRADED = re.compile(
    r"\bConditional\b|\bconditionally recommended\b|\bClass II[ab]?\b|\bCOR 2[ab]\b|"
    r"\bGrade (?:2[A-D]?|B|C)\b|\bLOE [BC]\b|\bRec(?:ommendation)? \d",
)
_RECOMMENDS = re.compile(
    r"\brecommend\w*|\bsuggest(?:s|ed)?\b|\bpreferred\b|^(?:Primary action: )?(?:Use|Give|Start|"
    r"Obtain|Offer|Initiate)\b|\bshould (?:be )?(?:used|given|started|offered|initiated)\b|"
    r"\bis indicated\b|\bfirst[- ]line\b|\btreatment of choice\b|\bmainstay\b",
    re.IGNORECASE,
)
_FIRST_LINE = re.compile(
    r"\bfirst[- ](?:line|choice)\b|\binitial (?:therapy|treatment|management|pharmacotherapy)\b|"
    r"\btreatment of choice\b|\bmainstay\b",
    re.IGNORECASE,
)
_NEGATIVE = re.compile(
    r"\bnot (?:routinely )?recommended\b|\bnot be (?:used|given|prescribed|offered|started)\b|\brecommend(?:ed|s)? against\b|\bNOT\b|\bavoid\b|"
    r"\bdo not\b|\bshould not\b",
)
_NO_EVIDENCE = re.compile(
    r"\binsufficient evidence\b|\bno (?:clear )?evidence\b|\bnot (?:been )?(?:studied|established)\b|"
    r"\bunclear\b|\bremains? uncertain\b",
    re.IGNORECASE,
)
_ALTERNATIVE = re.compile(r"\balternatives?\b", re.IGNORECASE)
_BACKGROUND = re.compile(
    r"\bis defined as\b|\brefers to\b|\bis characteri[sz]ed by\b|\bprevalence\b|\bincidence\b|"
    r"\bis (?:a|an) (?:common|rare|\w+ )?(?:disease|disorder|condition|syndrome)\b|"
    r"\bare at (?:increased|higher) risk\b|\bis associated with\b",
    re.IGNORECASE,
)
_TEST = re.compile(
    r"\b(?:CT|MRI|ultrasound|ultrasonography|radiograph\w*|X-ray|angiograph\w*|D-dimer|"
    r"spirometry|ECG|EKG|echocardiograph\w*|biopsy|culture\w*|assay|test\w*|scan\w*|imaging|"
    r"score|criteria|eGFR|albuminuria|ACR|stag(?:e|es|ed|ing)|categor(?:y|ies)|classif\w*)\b",
    re.IGNORECASE,
)
# A treatment named in a work-up answer: the evidence moved on from the question.
_TREATS = re.compile(
    r"\btreat(?:ment|ments|ed|ing)?\b|\btherap(?:y|ies)\b|\binhibitors?\b|\bblockers?\b|"
    r"\bagents?\b|\bmedications?\b",
    re.IGNORECASE,
)
_TEST_OF_CHOICE = re.compile(
    r"\b(?:test|imaging|investigation|modality) of choice\b|\bgold standard\b|\bmost accurate\b|"
    r"\binitial (?:test|imaging|investigation)\b|\bdiagnosis (?:is|was|can be) (?:made|confirmed)\b|"
    r"\bshould be (?:obtained|performed|used|measured)\b|\bclassif\w*|\bstag\w*|\bcategor\w*",
    re.IGNORECASE,
)
# An amount to give: "30 mL/kg", "0.1 units/kg per hour", "1.2 mg" -- not a concentration or a
# lab threshold ("180 mg/dL", "eGFR 30 mL/min/1.73 m2").
_DOSE = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*(?:mg|mcg|µg|g|units?|mL|L|IU)(?:/kg|/day|/h)?\b"
    r"(?!/(?:dL|L|mL|min|mmol|mol|m2|m²|1\.73))|\bmg/kg\b",
    re.IGNORECASE,
)
_HOW_MUCH = re.compile(r"\bhow (?:much|many)\b", re.IGNORECASE)
# A leading label naming a sub-population: "HF (Rec 9.19, Grade A): ...", "Pregnancy: ...".
_LABEL = re.compile(r"^([A-Z][\w/ -]{0,40}?)(?:\s*\([^()]*\))?:\s")


def answer_signal(text: str, intent: Intent, question: str) -> float:
    """How directly ``text`` answers a question of ``intent``: positive for the recommendation,
    the test of choice or the dose; negative for background, missing evidence, a negative
    recommendation, or a sub-population the question does not mention.

    In a labelled fact ("Catheter Ablation (First-Line in Many Cases) — HFrEF: Recommended for
    ...") only the fact after the heading counts: heading words are not its recommendation."""
    labelled = labelled_value(text)
    claim = text if labelled is None else labelled
    value = _strength(text)
    if intent in (Intent.TREATMENT, Intent.COMPARISON, Intent.GENERAL):
        value += 0.25 if _RECOMMENDS.search(claim) else 0.0
        value += 0.3 if _FIRST_LINE.search(claim) else 0.0
    elif intent in (Intent.DIAGNOSIS, Intent.IMAGING, Intent.SCREENING):
        value += 0.25 if _TEST.search(text) else -0.2
        value += 0.3 if _TEST_OF_CHOICE.search(claim) else 0.0
        value -= 0.5 if _TREATS.search(text) else 0.0
    elif intent is Intent.DOSING:
        value += 0.5 if _DOSE.search(text) else -0.3
    if intent is not Intent.DOSING and asks_amount(question):
        value += 0.4 if _DOSE.search(claim) else -0.2  # "How much IV fluid ...?" wants an amount
    if _NEGATIVE.search(text) and not _NEGATIVE.search(question):
        value -= _NEGATIVE_PENALTY
    if _NO_EVIDENCE.search(text):
        value -= 0.4
    if _ALTERNATIVE.search(claim) and not _ALTERNATIVE.search(question):
        value -= 0.3  # "X is recommended as an alternative": the second choice, not the answer
    if labelled is not None and _notes_only(labelled, intent):
        value -= _LABELLED_FACT_PENALTY  # a note under a heading, not a stated recommendation
    if _BACKGROUND.search(text):
        value -= 0.2
    # A labelled fact's subject is its heading ("Pillar 3: MRAs — ..."), not a population.
    population = 0.0 if labelled is not None else _off_population(text, question)
    return value - population - _narrower_group(text, question)


def asks_amount(question: str) -> bool:
    """Whether the question asks how much or how many ("How much IV fluid ...?")."""
    return bool(_HOW_MUCH.search(question))


def states_amount(text: str) -> bool:
    """Whether a sentence's claim states an amount to give (a dose, a volume, a rate)."""
    return bool(_DOSE.search(labelled_value(text) or text))


# Intents whose bottom line is a treatment, and those whose bottom line is a test or a stage.
_TREATING = frozenset({Intent.TREATMENT, Intent.DOSING, Intent.COMPARISON})
_WORKING_UP = frozenset({Intent.DIAGNOSIS, Intent.IMAGING, Intent.SCREENING})
_OFF_PHASE = 0.4
_ON_PHASE = 0.1


def phase_signal(text: str, hit: Hit, intent: Intent) -> float:
    """Filed under the phase of care the question asks about (+), or under another (-): a
    diagnostic criterion, a discharge checklist or a follow-up row is not a treatment's bottom
    line, and a drug's dosing is not a diagnosis's (see :mod:`medcite.compose.phase`)."""
    if intent not in _TREATING and intent not in _WORKING_UP:
        return 0.0
    phase = phase_of(text, hit)
    if phase is Phase.UNKNOWN:
        return 0.0
    wanted = Phase.TREATMENT if intent in _TREATING else Phase.WORKUP
    return _ON_PHASE if phase is wanted else -_OFF_PHASE


def regimen_row(text: str, hit: Hit, intent: Intent) -> bool:
    """A dose or regimen filed under treatment ("Mild-Moderate Exacerbation Management —
    systemic corticosteroids: Prednisolone 40-50 mg/day PO ..."): guidelines that tabulate
    their treatment state it this way rather than as a sentence, and it answers a treatment
    question when nothing better does."""
    return intent in _TREATING and states_amount(text) and phase_of(text, hit) is Phase.TREATMENT


def answers_intent(text: str, intent: Intent, question: str) -> bool:
    """Whether a sentence with no bottom-line cue word may still be a bottom line: it states a
    recommendation, a test of choice or a dose clearly enough on its own."""
    return answer_signal(text, intent, question) >= _STANDS_ALONE


_STANDS_ALONE = 0.45
# A negative recommendation ("X should not be used") outweighs its strong wording.
_NEGATIVE_PENALTY = 0.6
# A list item or table row given its heading ("Metformin — starting dose: 500 mg ...") is a
# fine dose, but a recommendation stated as a sentence makes the better bottom line: the
# heading words ("First-Line in Many Cases") are not the recommendation.
_LABELLED_FACT_PENALTY = 0.4


def _notes_only(value: str, intent: Intent) -> bool:
    """A labelled fact that states no recommendation for a treatment question: no verb, and
    not a regimen ("ceftriaxone 1-2 g every 24 hours") or a choice of regimens ("amoxicillin
    1 g ...; or doxycycline ..."). A dose row answers a
    dosing question and a category row ("G1 — GFR: >= 90") a diagnosis one."""
    if intent not in (Intent.TREATMENT, Intent.COMPARISON, Intent.GENERAL):
        return False
    return "; or " not in value and not _DOSE.search(value) and not has_finite_verb(value)


# "for patients with PE and hemodynamic compromise": the group a recommendation is limited to.
_GROUP = re.compile(
    r"\b(?:for|in|among) (?:\w+ ){0,2}(?:patients|adults|people|persons|individuals|women|men|"
    r"children)\s+(?:with|who|experiencing|on|receiving|at)\s+([^,;.()]{3,80})",
    re.IGNORECASE,
)
_SPECIAL_GROUPS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\bpregnan\w*|\blactat\w*|\bbreastfeed\w*",
        r"\bchild\w*|\bpediatric|\bpaediatric|\bneonat\w*|\binfants?\b",
        r"\belderly\b|\bolder adults\b",
    )
)
_GROUP_GENERIC = frozenset(content_tokens("have has are is risk high very already known history"))


def _narrower_group(text: str, question: str) -> float:
    """A penalty when the sentence limits itself to a group the question does not name."""
    asked = content_tokens(question) | _initialisms(question)
    for special in _SPECIAL_GROUPS:
        if special.search(text) and not special.search(question):
            return 0.25  # "Active management of asthma during pregnancy ..."
    for match in _GROUP.finditer(text):
        group = content_tokens(match.group(1)) - _GROUP_GENERIC
        if group and len(group & asked) * 2 < len(group):
            return 0.25
    return 0.0


def _initialisms(question: str) -> frozenset[str]:
    """Abbreviations the question's phrases may go by: "deep vein thrombosis" -> "dvt"."""
    words = re.findall(r"[a-z]+", question.lower())
    # "heart failure with reduced ejection fraction" -> "hfref": joining words do not count
    content = [w for w in words if w not in _JOINING]
    return frozenset(
        "".join(w[0] for w in seq[i : i + n])
        for seq in (words, content)
        for n in (2, 3, 4, 5)
        for i in range(len(seq) - n + 1)
    )


_JOINING = frozenset("with of in and for the a an to on".split())


def _strength(text: str) -> float:
    if _STRONG.search(text):
        return 0.2
    return 0.1 if _GRADED.search(text) else 0.0


def _off_population(text: str, question: str) -> float:
    """A penalty when the sentence opens with a population label the question never names."""
    match = _LABEL.match(text)
    if match is None:
        return 0.0
    if has_finite_verb(match.group(1)):
        return 0.0  # "Diagnosis requires at least one of: ..." is a statement, not a population
    label = match.group(1).strip().lower()
    if any(
        w in label for w in ("recommend", "action", "first-line", "preferred", "note", "summary")
    ):
        return 0.0
    words = [w for w in re.findall(r"[a-z0-9]+", label) if len(w) > 1]
    asked = question.lower()
    return 0.0 if words and all(w in asked for w in words) else 0.3


__all__ = [
    "answer_signal",
    "answers_intent",
    "asks_amount",
    "phase_signal",
    "regimen_row",
    "states_amount",
]
