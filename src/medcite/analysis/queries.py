"""Search queries for the library: the topic with intent words, then one shaped by context.

Queries stay literal (no synonyms: the vocab stage expands them) and come out in a stable
order, so the same question always searches the same way.
"""

from __future__ import annotations

import re

from medcite.analysis._text import dedupe
from medcite.records import Intent, PatientContext

_MAX_QUERIES = 4
_MUSCULOSKELETAL = re.compile(
    r"fracture|tear|defect|disc|disk|hernia|spondyl|pars|stenosis|sprain|strain|rupture|dislocation|injur"
    r"|tendin|tendon|ligament|menisc|acl|cartilage|osteoarthritis|back pain|neck pain|knee|hip"
    r"|shoulder|ankle|wrist|spine|scoliosis|sciatica|radiculopathy|impingement|bursitis|plantar"
    r"|epicondyl|carpal tunnel",
    re.IGNORECASE,
)
_AGE_GROUP_WORDS = {
    "neonate": "neonates",
    "infant": "infants",
    "child": "children",
    "adolescent": "adolescents",
    "older adult": "older adults",
}
_MECHANISM_WORDS = {
    "fall": "trauma",
    "fall on outstretched hand": "trauma",
    "motor vehicle accident": "trauma",
    "blunt trauma": "trauma",
    "penetrating trauma": "penetrating trauma",
    "assault": "trauma",
    "trauma": "trauma",
    "sports injury": "sports injury",
    "overuse": "overuse",
}
_SIDES = re.compile(r"(?<![\w-])(?:left|right|bilateral|unilateral)(?:-sided)?(?![\w-])")
_VS = re.compile(r"^(?P<a>.+?) vs (?P<b>.+?)(?: (?:for|in) (?P<cond>.+))?$")


# What the question asks for in so many words, searched as such: a guideline says "first-line"
# or "staging" in the passage that answers it.
_ASKED_TERMS: dict[Intent, tuple[tuple[re.Pattern[str], str], ...]] = {
    Intent.TREATMENT: (
        (re.compile(r"\bfirst[- ]line\b", re.I), "first-line treatment"),
        (re.compile(r"\bsecond[- ]line\b", re.I), "second-line treatment"),
        (re.compile(r"\binitial(?:ly)?\b", re.I), "initial treatment"),
    ),
    Intent.DIAGNOSIS: (
        (re.compile(r"\bstag(?:e|ed|ing)\b", re.I), "staging"),
        (re.compile(r"\bclassif(?:y|ied|ication)\b", re.I), "classification"),
    ),
}


def build_queries(
    intent: Intent,
    topic: str,
    context: PatientContext,
    focus: str | None = None,
    *,
    question: str = "",
) -> list[str]:
    """2-4 queries: intent-shaped ones first (focus first of all), then one from context."""
    # laterality words only add noise to a search ("left knee pain" -> "knee pain")
    t = _SIDES.sub(" ", re.sub(r"[^\w\s/'-]+", " ", topic.lower()))
    t = re.sub(r"\s+", " ", t).strip()
    if not t:
        return []
    arms = _VS.match(t) if intent is Intent.COMPARISON else None
    if arms:
        base = _comparison(arms)
    else:
        base = [f"{t} {suffix}".strip() for suffix in _intent_suffixes(intent, t, context)]
    if focus and focus.lower() not in t:
        base.insert(0, f"{t} {focus.lower()}")
    for asked, term in _ASKED_TERMS.get(intent, ()):
        if asked.search(question) and term not in t:
            base.insert(0, f"{t} {term}")
    extra = _context_query(t, context)
    queries = dedupe(base)[: _MAX_QUERIES - (1 if extra else 0)]
    if extra:
        queries.append(extra)
    return dedupe(queries)


def _intent_suffixes(intent: Intent, topic: str, context: PatientContext) -> list[str]:
    """Words added to the topic for each intent."""
    if intent is Intent.TREATMENT:
        second = (
            "conservative management surgery"
            if _MUSCULOSKELETAL.search(topic)
            else "management guideline"
        )
        return ["treatment", second]
    if intent is Intent.DOSING:
        renal = any(c in ("CKD", "liver disease", "cirrhosis") for c in context.comorbidities)
        return [
            "dose",
            "dose adjustment renal hepatic impairment" if renal else "dosage administration",
        ]
    table: dict[Intent, list[str]] = {
        Intent.DIAGNOSIS: ["diagnosis", "diagnostic criteria work-up"],
        Intent.IMAGING: ["imaging", "MRI CT radiography"],
        Intent.PROGNOSIS: ["prognosis", "outcomes recovery"],
        Intent.SCREENING: ["screening", "prevention recommendations"],
        Intent.DRUG_SAFETY: ["safety adverse effects", "contraindications interactions"],
        Intent.COMPARISON: ["comparison", "versus"],
        Intent.GENERAL: ["", "overview"],
    }
    return table[intent]


def _comparison(m: re.Match[str]) -> list[str]:
    """'a vs b for c' -> 'a versus b c', 'a c', 'b c'."""
    cond = f" {m.group('cond')}" if m.group("cond") else ""
    return [
        f"{m.group('a')} versus {m.group('b')}{cond}",
        f"{m.group('a')}{cond}",
        f"{m.group('b')}{cond}",
    ]


def _context_query(topic: str, context: PatientContext) -> str | None:
    """One query from the most decisive context fact, or None."""
    word: str | None = None
    if context.pregnant:
        word = "pregnancy"
    elif "athlete" in context.setting:
        word = "athlete"
    elif context.age_group in _AGE_GROUP_WORDS:
        word = _AGE_GROUP_WORDS[context.age_group]
    elif context.comorbidities:
        word = context.comorbidities[0].lower()
    elif context.drugs:
        word = context.drugs[0].lower()
    elif context.mechanism:
        word = _MECHANISM_WORDS.get(context.mechanism, context.mechanism)
    elif context.acuity:
        word = context.acuity
    if word is None or word in topic:
        return None
    return f"{topic} {word}"
