"""Answer titles: 'Treatment for Pars Defect', or for a case one that names the patient:
'Treatment Options for Bilateral L5 Pars Defect After Fall in a 22-Year-Old Female'.

A title is built from parts so a follow-up can rebuild it from the merged context:
``<intent phrase> <laterality> <level> <topic> [After <mechanism>] [in a <age>-Year-Old <Sex or
Patient>] [With <comorbidities>] [on <drugs>]``. A generic question with population facts gets
a population tail instead ('Safety of Ibuprofen in Pregnancy', 'Treatment for Asthma in Children').
Capitalisation follows AP style: words of four letters or more are capitalised ('After',
'With'), shorter articles, conjunctions and prepositions are not ('for', 'in a', 'vs').
"""

from __future__ import annotations

import re

from medcite.analysis._text import phrases
from medcite.analysis.conditions import comorbidities_in
from medcite.analysis.lexicon import ALL_BODY_PARTS, BODY_PART_RE, acronym_form
from medcite.records import Intent, PatientContext

_SMALL_WORDS = frozenset(
    phrases(
        "a, an, the, and, but, or, nor, for, so, yet, as, at, by, in, of, off, on, per, to, up,"
        " via, vs"
    )
)
_LEVEL = re.compile(r"^[CTLS]\d{1,2}(?:-[CTLS]\d{1,2})?$")
_MECHANISM_PHRASES = {
    "fall": "After Fall",
    "fall on outstretched hand": "After Fall on Outstretched Hand",
    "motor vehicle accident": "After Motor Vehicle Accident",
    "sports injury": "After Sports Injury",
    "blunt trauma": "After Blunt Trauma",
    "penetrating trauma": "After Penetrating Trauma",
    "overuse": "From Overuse",
    "twisting injury": "After Twisting Injury",
    "direct blow": "After Direct Blow",
    "lifting injury": "After Lifting Injury",
    "hyperextension injury": "After Hyperextension Injury",
    "crush injury": "After Crush Injury",
    "assault": "After Assault",
    "trauma": "After Trauma",
}
_GROUP_NOUNS = {
    "neonate": "Newborn",
    "infant": "Infant",
    "child": "Child",
    "adolescent": "Adolescent",
    "adult": "Adult",
    "older adult": "Older Adult",
}
_GROUP_ADJECTIVES = {
    "neonate": "Newborn",
    "infant": "Infant",
    "child": "Young",
    "adolescent": "Adolescent",
    "adult": "",
    "older adult": "Older",
}
_POPULATIONS = {
    "neonate": "Neonates",
    "infant": "Infants",
    "child": "Children",
    "adolescent": "Adolescents",
    "older adult": "Older Adults",
}
_SEXED_POPULATIONS = {
    ("child", "female"): "Girls",
    ("child", "male"): "Boys",
    ("adolescent", "female"): "Adolescent Girls",
    ("adolescent", "male"): "Adolescent Boys",
    ("older adult", "female"): "Older Women",
    ("older adult", "male"): "Older Men",
}
_SEX_WORDS_IN_TOPIC = re.compile(r"\b(?:female|male|women|men|woman|man)\b", re.IGNORECASE)
_PREVENTION_WORDS = re.compile(
    r"prevent|prophyla|reduce\s+(?:the\s+)?risk|risk\s+reduction", re.IGNORECASE
)
_SCREENING_NAMED = re.compile(r"prophyla|prevention|screening", re.IGNORECASE)
_SCREENING_TESTS = re.compile(
    r"mammogra|colonoscopy|pap\s+smear|psa\s+test|low-dose\s+ct|dexa|bone\s+density", re.IGNORECASE
)
_VACCINE_WORDS = re.compile(r"vaccin|immuni[sz]", re.IGNORECASE)

# Phrases a title may open with, per intent; a follow-up keeps the phrase of the title before it.
_PHRASES: dict[Intent, tuple[str, ...]] = {
    Intent.TREATMENT: (
        "Treatment Options for",
        "First-Line Treatment for",
        "Management of",
        "Choice of",
        "Treatment for",
    ),
    Intent.DIAGNOSIS: ("Differential Diagnosis of", "Diagnosis of"),
    Intent.IMAGING: ("Imaging for",),
    Intent.DOSING: ("Dosing of",),
    Intent.PROGNOSIS: ("Return to Sport After", "Prognosis of"),
    Intent.SCREENING: ("Prevention of", "Screening With", "Screening for"),
    Intent.DRUG_SAFETY: ("Safety of",),
    Intent.COMPARISON: ("",),
    Intent.GENERAL: ("",),
}


def title_case(text: str) -> str:
    """AP-style title case that leaves acronyms, levels and 'vs' alone."""
    out: list[str] = []
    for i, word in enumerate(text.split()):
        low = word.lower()
        if i > 0 and low in _SMALL_WORDS and word == low:
            out.append(low)
        else:
            out.append("-".join(_capitalise(part) for part in word.split("-")))
    return " ".join(out)


def _capitalise(part: str) -> str:
    """'year' -> 'Year', 'crohn's' -> 'Crohn's', 'L5'/'HbA1c'/'NSAIDs' unchanged."""
    if not part:
        return part
    acronym = acronym_form(part)
    if acronym:
        return acronym
    if any(c.isupper() for c in part):
        return part
    return part[0].upper() + part[1:]


def intent_phrase(intent: Intent, question: str, focus: str | None) -> str:
    """The opening phrase for ``intent`` as the question worded it ('Treatment Options for')."""
    low = question.lower()
    if intent is Intent.TREATMENT:
        if re.search(r"\boptions?\b", low):
            return "Treatment Options for"
        if re.search(r"\bfirst[- ]line\b", low):
            return "First-Line Treatment for"
        if focus:
            return f"{title_case(focus)} for"
        if re.search(r"\bmanag", low):
            return "Management of"
        return "Treatment for"
    if intent is Intent.IMAGING:
        return f"{title_case(focus)} for" if focus else "Imaging for"
    if intent is Intent.DIAGNOSIS and re.search(r"\bdifferential\b", low):
        return "Differential Diagnosis of"
    if intent is Intent.DIAGNOSIS and re.search(r"\bstag(?:ed|ing)\b", low):
        return "Staging of"
    if intent is Intent.DIAGNOSIS and re.search(r"\bclassif(?:y|ied|ication)\b", low):
        return "Classification of"
    if intent is Intent.PROGNOSIS and re.search(
        r"\breturn\s+to\s+(?:sports?|play|training|competition)", low
    ):
        return "Return to Sport After"
    if intent is Intent.SCREENING and focus:
        return f"{title_case(focus)} for Prevention of"
    if intent is Intent.SCREENING and _PREVENTION_WORDS.search(low):
        return "Prevention of"
    return _PHRASES[intent][-1]


def phrase_from_title(intent: Intent, title: str) -> str | None:
    """The opening phrase a previous title used for ``intent``, so a follow-up keeps it."""
    for phrase in _PHRASES[intent]:
        if phrase and title.startswith(phrase + " "):
            return phrase
    if intent in (Intent.TREATMENT, Intent.IMAGING):
        m = re.match(r"^((?:[A-Z][\w-]*\s){1,3}for)\s", title)
        if m:
            return m.group(1)
    return None


def build_title(
    intent: Intent, topic: str, context: PatientContext, *, is_case: bool, phrase: str
) -> str:
    """The whole title for an analysed question."""
    subject = _subject(topic, context)
    if intent is Intent.SCREENING and _VACCINE_WORDS.search(topic):
        return title_case(f"{subject} Recommendations{_tail(topic, context, is_case)}")
    if intent is Intent.SCREENING and _SCREENING_NAMED.search(topic):
        phrase = ""  # "antibiotic prophylaxis before dental work" already names the measure
    elif intent is Intent.SCREENING and _SCREENING_TESTS.search(topic):
        phrase = "Screening With"
    head = f"{phrase} {subject}".strip() if phrase else subject
    tail = _tail(topic, context, is_case)
    if intent is Intent.GENERAL and not is_case:
        return title_case(f"{head}{tail}: Overview")
    return title_case(head + tail)


def _subject(topic: str, context: PatientContext) -> str:
    """The topic with laterality and level put back in front: 'bilateral L5 pars defect'."""
    condition = topic
    prefix = ""
    vs = re.match(r"^(?P<arms>.+? vs .+?)(?: (?P<prep>for|in) (?P<cond>.+))?$", topic)
    if vs:
        if not vs.group("cond"):
            return topic
        prefix = f"{vs.group('arms')} {vs.group('prep')} "
        condition = vs.group("cond")
    return prefix + _with_site(condition, context)


def _with_site(condition: str, context: PatientContext) -> str:
    """Insert laterality and level into one condition phrase."""
    low = condition.lower()
    site = context.site or ""
    level = site if _LEVEL.match(site) and site.lower() not in low else ""
    side = context.laterality or ""
    if side and re.search(rf"\b{side}\b|\b{side[:4]}", low):
        side = ""  # already in the phrase ("left knee pain", "bilateral pars defect")
    if side and not level:
        body = _site_in(condition, site)
        if body is not None:
            return f"{condition[:body]}{side} {condition[body:]}"
        if side in ("left", "right"):
            side = f"{side}-sided"
    return " ".join(p for p in (side, level, condition) if p)


def _site_in(condition: str, site: str) -> int | None:
    """Offset of the body part the side belongs to: the one naming ``site``, else the first."""
    matches = list(BODY_PART_RE.finditer(condition))
    for m in matches:
        if ALL_BODY_PARTS.get(re.sub(r"\s+", " ", m.group(0).lower())) == site:
            return m.start()
    return matches[0].start() if matches else None


def _tail(topic: str, context: PatientContext, is_case: bool) -> str:
    """' After Fall in a 22-Year-Old Female With CKD' (case) or ' in Pregnancy' (population)."""
    comorbidities = [c for c in context.comorbidities if c not in comorbidities_in(topic)]
    drugs = [d for d in context.drugs if d.lower() not in topic.lower()]
    if is_case:
        return _case_tail(context, comorbidities, drugs)
    return _population_tail(topic, context, comorbidities, drugs)


def _case_tail(context: PatientContext, comorbidities: list[str], drugs: list[str]) -> str:
    """Mechanism, the patient, and the patient's background."""
    parts: list[str] = []
    if context.mechanism:
        parts.append(_MECHANISM_PHRASES.get(context.mechanism, f"After {context.mechanism}"))
    person = _person(context)
    background = _background(comorbidities, drugs)
    if person or background:
        noun = person or "Patient"
        parts.append(f"in {_article(noun)} {noun}{background}")
    return "".join(f" {p}" for p in parts)


def _person(context: PatientContext) -> str:
    """'22-Year-Old Female', 'Pregnant Patient', 'Female Athlete', 'Older Adult'; '' if unknown."""
    words: list[str] = []
    if context.age_years is not None:
        words.append(age_phrase(context.age_years))
    if context.pregnant:
        words.append("Pregnant")
    athlete = "athlete" in context.setting
    sex = {"female": "Female", "male": "Male"}.get(context.sex or "", "")
    group = context.age_group if context.age_years is None else None
    if group and (sex or athlete):
        words.append(_GROUP_ADJECTIVES[group])
    if sex:
        words.append(sex)
    if athlete:
        words.append("Athlete")
    elif not sex:
        if group:
            words.append(_GROUP_NOUNS[group])
        elif context.age_group in ("neonate", "infant", "child"):
            words.append(_GROUP_NOUNS[context.age_group])  # a 6-Month-Old Infant
        elif words:
            words.append("Patient")
    return " ".join(w for w in words if w)


def age_phrase(age_years: float) -> str:
    """22 -> '22-Year-Old', 0.5 -> '6-Month-Old', 3/52 -> '3-Week-Old', 10/365 -> '10-Day-Old'."""
    if age_years >= 1 and _whole(age_years):
        return f"{round(age_years)}-Year-Old"
    months = age_years * 12
    if months >= 1 and _whole(months, 0.05):
        return f"{round(months)}-Month-Old"
    if age_years >= 2:
        return f"{int(age_years)}-Year-Old"
    weeks = age_years * 52
    if weeks >= 1 and _whole(weeks, 0.05):
        return f"{round(weeks)}-Week-Old"
    return f"{max(round(age_years * 365), 1)}-Day-Old"


def _whole(value: float, tolerance: float = 1e-6) -> bool:
    """True when ``value`` is (almost) an integer."""
    return abs(value - round(value)) <= tolerance


def _article(noun_phrase: str) -> str:
    """'a' or 'an' by sound: an 8-, 11-, 18- or 80-something-year-old; an Older Adult."""
    first = noun_phrase.split("-")[0].split()[0]
    if first.isdigit():
        n = int(first)
        return "an" if n in (8, 11, 18) or 80 <= n <= 89 or 800 <= n <= 899 else "a"
    return "an" if first[:1].lower() in "aeio" else "a"


def _background(comorbidities: list[str], drugs: list[str]) -> str:
    """' With Diabetes and CKD on Warfarin'."""
    out = ""
    if comorbidities:
        out += f" With {_join(comorbidities)}"
    if drugs:
        out += f" on {_join(drugs)}"
    return out


def _join(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _population_tail(
    topic: str, context: PatientContext, comorbidities: list[str], drugs: list[str]
) -> str:
    """' in Pregnancy', ' in Children', ' in Patients With CKD' for a generic question."""
    if context.pregnant:
        return " in Pregnancy" + _background(comorbidities, drugs)
    noun = _population_noun(topic, context)
    background = _background(comorbidities, drugs)
    if noun:
        return f" in {noun}{background}"
    if background:
        return f" in Patients{background}"
    return ""


def _population_noun(topic: str, context: PatientContext) -> str:
    """'Children', 'Older Women', 'Female Athletes', 'Women' or ''."""
    sex = "" if _SEX_WORDS_IN_TOPIC.search(topic) else (context.sex or "")
    group = context.age_group if context.age_group != "adult" else None
    if "athlete" in context.setting:
        return {"female": "Female Athletes", "male": "Male Athletes"}.get(sex, "Athletes")
    if group and (group, sex) in _SEXED_POPULATIONS:
        return _SEXED_POPULATIONS[(group, sex)]
    if group:
        return _POPULATIONS[group]
    return {"female": "Women", "male": "Men"}.get(sex, "")
