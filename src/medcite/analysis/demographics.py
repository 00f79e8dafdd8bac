"""Who the patient is: age, age group, sex, pregnancy, and whether one patient is meant.

"A 22-year-old female" is one patient; "women" or "in pregnancy" describe a population. Both
set the same context fields, but only the first makes the question a *case* (see
:func:`Demographics.individual`). Person phrases ("in a 22-year-old female gymnast") are
reported as spans so the topic extractor can cut them out whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from medcite.analysis._text import CLAUSE_WORDS, Span, bounded, phrases, window_before, words

_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_NUM = r"(?P<n>\d{1,3}(?:\.\d+)?|" + "|".join(_WORD_NUMBERS) + r")"
_UNIT = r"(?P<unit>years?|yrs?|y|months?|mos?|mths?|m|weeks?|wks?|w|days?|d)"
_AGE_PATTERNS = (
    # 22-year-old, 22 year old, 6-month-old, 3 weeks old, 10-day-old
    re.compile(rf"(?<![\w.]){_NUM}\s*-?\s*{_UNIT}\s*-?\s*olds?(?![\w])", re.IGNORECASE),
    # 22 yo, 22 y/o, 22 y.o., 22yo
    re.compile(
        r"(?<![\w.])(?P<n>\d{1,3})\s*(?:yo|y/o|y\.o\.?|yoa|yrs? old)(?![\w/])", re.IGNORECASE
    ),
    # 22 years of age, 6 months of age
    re.compile(rf"(?<![\w.]){_NUM}\s*{_UNIT}\s+of\s+age(?![\w])", re.IGNORECASE),
    # "she is 80", "I'm 34", "the patient is 6 months"
    re.compile(
        r"(?<![\w])(?:she|he|i|patient|they|(?:my|our|his|her|the)\s+[a-z]+)(?:'s|'m|\s+is|\s+was|\s+am|\s+are)"
        r"\s+(?:now\s+)?(?P<n>\d{1,3})"
        r"(?:\s*(?P<unit>years?|yrs?|months?|weeks?|days?))?"
        r"(?!\s*(?:mg|mcg|kg|kilos?|lbs?|pounds|cm|mm|%|percent|weeks?\s+(?:pregnant|gestation|along)|[.,]\d))"
        r"(?![\w.])",
        re.IGNORECASE,
    ),
    # aged 22, age 22, age: 22 (months only when said)
    re.compile(
        r"(?<![\w])(?:aged?|at\s+age)\s*:?\s*(?P<n>\d{1,3}(?:\.\d+)?)"
        r"(?:\s*(?P<unit>years?|yrs?|months?|mos?|weeks?|days?))?(?![\w])",
        re.IGNORECASE,
    ),
)
# Clinical shorthand: "45M with chest pain", "a 30 F". Capitals only, and only where a
# sentence or an article allows it, so "fever 101F" is not a 101-year-old woman.
_SHORTHAND = re.compile(
    r"(?:^|(?<=[.;,]\s)|(?<=\ba\s)|(?<=\bA\s))(?P<n>\d{1,3})\s?"
    r"(?:yo\s|y/o\s|y\.o\.\s|year[- ]old\s)?(?P<sex>[MF])(?![\w])"
)
_DECADE_WORDS = {
    "twenties": 20,
    "thirties": 30,
    "forties": 40,
    "fifties": 50,
    "sixties": 60,
    "seventies": 70,
    "eighties": 80,
    "nineties": 90,
}
_DECADE = re.compile(
    r"(?<![\w])in\s+(?:her|his|their|my|your|the)\s+(?:(?:early|mid|late)[- ])?"
    r"(?:(?P<d>[1-9])0'?s|(?P<w>" + "|".join(_DECADE_WORDS) + r")|(?P<teens>teens))(?![\w])",
    re.IGNORECASE,
)

_FEMALE_WORDS = phrases(
    """
    female, females, woman, women, girl, girls, lady, ladies, mother, daughter, wife,
    sister, grandmother, postmenopausal, premenopausal, perimenopausal
"""
)
_MALE_WORDS = phrases(
    """
    male, males, man, men, boy, boys, gentleman, father, son, husband, brother, grandfather
"""
)
_FEMALE_PRONOUNS = ("she", "her", "hers", "herself", "she's")
_MALE_PRONOUNS = ("he", "his", "him", "himself", "he's")
_SEX_RE = bounded(words((*_FEMALE_WORDS, *_MALE_WORDS, *_FEMALE_PRONOUNS, *_MALE_PRONOUNS)))
_FEMALE = frozenset((*_FEMALE_WORDS, *_FEMALE_PRONOUNS))

# Nouns for a person, singular and plural; the singular ones after an article mark a case.
_PERSON_SINGULAR = phrases(
    """
    patient, person, individual, woman, man, female, male, girl, boy, lady, gentleman,
    child, kid, infant, baby, toddler, newborn, neonate, adolescent, teen, teenager, adult,
    son, daughter, mother, father, wife, husband, student, worker, smoker
"""
)
_PERSON_PLURAL = phrases(
    """
    patients, people, persons, individuals, women, men, females, males, girls, boys,
    children, kids, infants, babies, toddlers, newborns, neonates, adolescents, teens,
    teenagers, adults, elderly, students, workers, smokers
"""
)
# Athletes are people too; the setting extractor reads the same words.
ATHLETE_NOUNS = phrases(
    """
    athlete, sportsman, sportswoman, gymnast, footballer, football player, soccer player,
    rugby player, basketball player, baseball player, hockey player, tennis player,
    volleyball player, cricketer, cricket player, fast bowler, bowler, pitcher, runner,
    sprinter, marathon runner, dancer, ballet dancer, swimmer, cyclist, weightlifter,
    powerlifter, wrestler, boxer, triathlete, skier, climber, rower, player
"""
)
ATHLETE_PLURALS = tuple(
    a.replace("sportsman", "sportsmen").replace("sportswoman", "sportswomen")
    + ("" if "sports" in a else "s")
    for a in ATHLETE_NOUNS
)
# "runner's knee", "swimmer's ear" are conditions, not people.
_NOT_POSSESSIVE = r"(?!'s)"
ATHLETE_RE = re.compile(
    r"(?<![\w])(?:" + words((*ATHLETE_NOUNS, *ATHLETE_PLURALS)) + r")(?![\w])" + _NOT_POSSESSIVE,
    re.IGNORECASE,
)
_DESCRIPTORS = phrases(
    """
    otherwise healthy, previously healthy, healthy, young, old, older, elderly, frail,
    active, sedentary, competitive, professional, elite, college, collegiate, high school,
    high-school, amateur, recreational, adolescent, teenage, pregnant, postpartum, female,
    male, obese, overweight, diabetic, hypertensive, asthmatic, postmenopausal,
    premenopausal, pediatric, paediatric, term, preterm, premature
"""
)
_PERSON_NOUN_RE = re.compile(
    r"(?<![\w])(?:"
    + words((*_PERSON_SINGULAR, *_PERSON_PLURAL, *ATHLETE_NOUNS, *ATHLETE_PLURALS))
    + r")(?![\w])"
    + _NOT_POSSESSIVE,
    re.IGNORECASE,
)
_DESCRIPTOR_RE = bounded(words(_DESCRIPTORS))
_SINGULAR_WORD = bounded(r"a|an|the|this|my|our|his|her|your")
_PLURALS = frozenset((*_PERSON_PLURAL, *ATHLETE_PLURALS))
_LEFT_EXPANSION = re.compile(
    r"(?<![\w])(?:(?:in|for|of|to|from|among|by|with|about)\s+)?"
    r"(?:(?:a|an|the|this|my|our|his|her|their|your|these|such)\s+"
    # up to two adjectives the descriptor list does not know: "a penicillin-allergic child"
    r"(?:(?:[a-z]+-[a-z-]+|[a-z]+(?:ic|ed|ive|ant|ent|ous|al))\s+){0,2})?$",
    re.IGNORECASE,
)
# Joiners allowed between the pieces of one person phrase: "22-year-old, otherwise healthy female".
_JOINER = re.compile(r"^[\s,]*$")
_NEXT_WORD = re.compile(r"\s*([A-Za-z/'-]+|\S)?")

_AGE_GROUP_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("neonate", bounded(r"neonates?|newborns?|neonatal|preterm\s+infants?|premature\s+infants?")),
    ("infant", bounded(r"infants?|babies|baby|infancy")),
    (
        "child",
        bounded(
            r"child|children|kids?|toddlers?|pediatric|paediatric|childhood|school-age|boys?|girls?"
        ),
    ),
    ("adolescent", bounded(r"adolescents?|adolescence|teens?|teenagers?|teenage|youth")),
    (
        "older adult",
        bounded(r"elderly|older\s+adults?|older\s+patients?|older\s+people|geriatric|seniors?"),
    ),
    ("adult", bounded(r"adults?|adulthood")),
)
_FIRST_PERSON = re.compile(
    r"(?<![\w])(?:I(?:'m|\s+am|'ve|\s+have|\s+had|\s+was|\s+feel|\s+got|\s+suffer|\s+take|\s+took|\s+keep"
    r"|\s+want|\s+need|\s+think|\s+can't|\s+cannot)"
    r"|(?:can|should|could|may)\s+I\s+(?:take|eat|drink|use|exercise|run|play|go|get|have|do|lift|train|work)"
    r"|my\s+(?!patient|patients|client|clinic|practice)[a-z]+)(?![\w])",
    re.IGNORECASE,
)
_PRONOUN_RE = bounded(words((*_FEMALE_PRONOUNS, *_MALE_PRONOUNS)))

_NOT_PREGNANT = re.compile(
    r"(?<![\w])(?:not|isn't|is\s+not|non-?|never\s+been)\s*pregnant(?![\w])|negative\s+pregnancy\s+test",
    re.IGNORECASE,
)
_PREGNANT_INDIVIDUAL = re.compile(
    r"(?<![\w])(?:\d{1,2}\s*(?:weeks?|wks?)'?\s*(?:pregnant|gestation|of\s+gestation|gestational\s+age)"
    r"|(?:at\s+)?\d{1,2}\s*(?:weeks?|wks?)\s+(?:into\s+)?(?:(?:her|the|my)\s+)?pregnancy"
    r"|gravida\s*\d|G\d\s*P\d|primigravida|multigravida|primip|multip"
    r"|(?:first|second|third|1st|2nd|3rd)\s+trimester"
    r"|pregnant)(?![\w])",
    re.IGNORECASE,
)
_PREGNANCY_POPULATION = re.compile(
    r"(?<![\w])(?:(?:in|during|throughout|through)\s+(?:early\s+|late\s+)?pregnancy"
    r"|(?:while|when|if)\s+(?:breastfeeding\s+or\s+)?pregnant"
    r"|pregnant\s+(?:women|patients|people|mothers|adolescents))(?![\w])",
    re.IGNORECASE,
)


@dataclass
class Demographics:
    """What the question says about who the patient is."""

    age_years: float | None = None
    age_group: str | None = None
    sex: str | None = None
    pregnant: bool | None = None
    individual: bool = False
    spans: list[Span] = field(default_factory=list)


def extract_demographics(text: str) -> Demographics:
    """Age, age group, sex, pregnancy, and person-phrase spans from normalised ``text``."""
    out = Demographics()
    age_spans = _extract_age(text, out)
    _extract_sex(text, out)
    pregnancy_spans = _extract_pregnancy(text, out)
    if out.pregnant and out.sex is None:
        out.sex = "female"
    if out.age_group is None:
        out.age_group = _age_group_from_words(text)
    person_spans, singular = _person_phrases(text, age_spans + pregnancy_spans)
    if singular or _FIRST_PERSON.search(text) or _PRONOUN_RE.search(text):
        out.individual = True
    out.spans = person_spans + pregnancy_spans + age_spans
    return out


def age_group_for(age_years: float) -> str:
    """Age group: neonate < 28 days, infant < 1, child < 12, adolescent 12-17, adult 18-64,
    older adult >= 65."""
    if age_years < 28 / 365:
        return "neonate"
    if age_years < 1:
        return "infant"
    if age_years < 12:
        return "child"
    if age_years < 18:
        return "adolescent"
    if age_years < 65:
        return "adult"
    return "older adult"


def _to_years(number: str, unit: str | None) -> float | None:
    """Convert '6' 'months' to 0.5; None when the number is not a plausible age."""
    value = float(_WORD_NUMBERS.get(number.lower(), 0) or number) if number else 0.0
    u = (unit or "y").lower()
    if u.startswith("mo") or u.startswith("mth") or u == "m":
        value /= 12
    elif u.startswith("w"):
        value /= 52
    elif u.startswith("d"):
        value /= 365
    if not 0 < value <= 120:
        return None
    return round(value, 4)


def _extract_age(text: str, out: Demographics) -> list[Span]:
    """Set the first stated age; return the spans of every age phrase (cut from the topic)."""
    found: list[tuple[int, float, Span]] = []
    for pattern in _AGE_PATTERNS:
        for m in pattern.finditer(text):
            years = _to_years(m.group("n"), m.groupdict().get("unit"))
            if years is not None:
                found.append((m.start(), years, Span(m.start(), m.end())))
    for m in _SHORTHAND.finditer(text):
        years = _to_years(m.group("n"), "y")
        if years is not None:
            found.append((m.start(), years, Span(m.start(), m.end())))
            out.sex = out.sex or ("female" if m.group("sex") == "F" else "male")
    spans = [s for _, _, s in found]
    if found:
        found.sort(key=lambda f: f[0])
        out.age_years = found[0][1]
        out.age_group = age_group_for(found[0][1])
        out.individual = True
    decade = _DECADE.search(text)
    if decade:
        spans.append(Span(decade.start(), decade.end()))
        if out.age_group is None:
            out.age_group = _decade_group(decade)
    return spans


def _decade_group(m: re.Match[str]) -> str:
    """'in her 60s' -> the group of the decade's middle (65 -> older adult)."""
    if m.group("teens"):
        return "adolescent"
    start = int(m.group("d")) * 10 if m.group("d") else _DECADE_WORDS[m.group("w").lower()]
    return age_group_for(start + 5)


def _extract_sex(text: str, out: Demographics) -> None:
    """The first sex word or pronoun decides (the subject usually comes first)."""
    if out.sex is not None:
        return
    m = _SEX_RE.search(text)
    if m:
        out.sex = "female" if m.group(0).lower() in _FEMALE else "male"


def _extract_pregnancy(text: str, out: Demographics) -> list[Span]:
    """pregnant True/False and the pregnancy phrase spans."""
    denied = list(_NOT_PREGNANT.finditer(text))
    if denied:
        out.pregnant = False
        return [Span(m.start(), m.end()) for m in denied]
    spans: list[Span] = []
    for m in _PREGNANCY_POPULATION.finditer(text):
        out.pregnant = True
        spans.append(Span(m.start(), m.end()))
    for m in _PREGNANT_INDIVIDUAL.finditer(text):
        span = Span(m.start(), m.end())
        if any(s.start <= span.start and span.end <= s.end for s in spans):
            continue
        out.pregnant = True
        out.individual = True
        spans.append(span)
    return spans


def _age_group_from_words(text: str) -> str | None:
    """'in children' -> child; the first (most specific) group word wins."""
    best: tuple[int, str] | None = None
    for group, pattern in _AGE_GROUP_WORDS:
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), group)
    return best[1] if best else None


def _person_phrases(text: str, extra: list[Span]) -> tuple[list[Span], bool]:
    """Spans of phrases naming the patient (widened over 'in a'), and whether one is singular."""
    anchors = sorted(
        [Span(m.start(), m.end()) for m in _PERSON_NOUN_RE.finditer(text)]
        + [Span(m.start(), m.end()) for m in _DESCRIPTOR_RE.finditer(text)]
        + [Span(m.start(), m.end()) for m in _SHORTHAND.finditer(text)]
        + [s for s in extra if s.end > s.start],
        key=lambda s: (s.start, -s.end),
    )
    merged: list[Span] = []
    for span in anchors:
        if merged and (
            span.start <= merged[-1].end or _JOINER.match(text[merged[-1].end : span.start])
        ):
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    out: list[Span] = []
    individual = False
    for span in merged:
        if not _is_person_phrase(text, span):
            continue
        offset, window = window_before(text, span.start)
        left = _LEFT_EXPANSION.search(window)
        start = offset + left.start() if left and left.group(0).strip() else span.start
        out.append(Span(start, span.end))
        individual = individual or _is_singular(text[start : span.end])
    return out, individual


def _is_person_phrase(text: str, span: Span) -> bool:
    """A phrase is about a person when it holds a person noun or an age, and no noun follows it."""
    phrase = text[span.start : span.end]
    has_anchor = bool(_PERSON_NOUN_RE.search(phrase)) or any(
        p.search(phrase) for p in _AGE_PATTERNS
    )
    has_anchor = (
        has_anchor or bool(_SHORTHAND.search(phrase)) or bool(_PREGNANT_INDIVIDUAL.search(phrase))
    )
    if not has_anchor:
        return False
    # After a person phrase we expect a clause word, not a noun: "female infertility" is a topic.
    nxt = _NEXT_WORD.match(text, span.end)
    word = (nxt.group(1) or "") if nxt else ""
    return not word or not word[0].isalpha() or word.lower() in CLAUSE_WORDS


def _is_singular(phrase: str) -> bool:
    """'in a 22-year-old female gymnast' names one person; 'in elderly women' a population."""
    if not _SINGULAR_WORD.search(phrase):
        return False
    return any(m.group(0).lower() not in _PLURALS for m in _PERSON_NOUN_RE.finditer(phrase))
