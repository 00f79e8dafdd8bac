"""How and where: mechanism of injury, acuity (including stated durations), and care setting."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from medcite.analysis._text import Span, bounded, window_before
from medcite.analysis.demographics import ATHLETE_RE

_PREP = (
    r"(?:(?:after|following|from|due\s+to|during|in|sustained|with|because\s+of|caused\s+by)\s+)?"
    r"(?:(?:a|an|the)\s+)?"
)
_MECHANISMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "fall on outstretched hand",
        bounded(
            rf"FOOSH|{_PREP}fall(?:ing)?\s+on(?:to)?\s+(?:an?\s+|her\s+|his\s+|their\s+)?outstretched\s+(?:hand|arm)"
        ),
    ),
    (
        "fall",
        bounded(
            r"(?:after|following|from|due\s+to|sustained|in)\s+(?:a\s+|an\s+)?"
            r"(?:recent\s+|minor\s+|mechanical\s+|ground[- ]level\s+|simple\s+|bad\s+"
            r"|high[- ]energy\s+)?"
            r"fall(?:\s+from\s+(?:a\s+)?(?:height|ladder|stairs|bed|horse|bike|bicycle|roof|tree|standing))?"
            r"|(?:slipped\s+and\s+)?fell(?:\s+(?:off|from|down)\s+(?:a\s+|an\s+|the\s+)?(?:ladder|stairs|bike"
            r"|bicycle|horse|roof|tree|bed|chair|height|wall|trampoline|balance\s+beam|beam))?"
            r"|fall\s+from\s+(?:a\s+)?height|ground[- ]level\s+fall"
        ),
    ),
    (
        "motor vehicle accident",
        bounded(
            rf"{_PREP}(?:MVA|MVC|RTA|RTC|motor\s+vehicle\s+(?:accident|collision|crash)|car\s+(?:accident|crash"
            r"|collision)|road\s+traffic\s+(?:accident|collision)|traffic\s+accident|motorcycle\s+(?:accident|crash))"
        ),
    ),
    (
        "sports injury",
        bounded(
            rf"{_PREP}(?:sports?|sporting|athletic)\s+injury|injured\s+(?:while\s+|during\s+)?playing\s+\w+"
            r"|(?:after|during|in)\s+(?:a\s+)?tackle"
        ),
    ),
    ("blunt trauma", bounded(rf"{_PREP}blunt\s+(?:trauma|injury|force|abdominal\s+trauma)")),
    (
        "penetrating trauma",
        bounded(rf"{_PREP}(?:penetrating\s+(?:trauma|injury)|stab\s+wound|gunshot(?:\s+wound)?)"),
    ),
    (
        "overuse",
        bounded(
            rf"{_PREP}(?:overuse|repetitive\s+(?:strain|stress|loading|microtrauma|hyperextension))"
        ),
    ),
    ("twisting injury", bounded(rf"{_PREP}twisting\s+injury")),
    ("direct blow", bounded(rf"{_PREP}direct\s+(?:blow|impact)")),
    (
        "lifting injury",
        bounded(r"(?:while|after|when)\s+lifting(?:\s+(?:a|something)\s+heavy)?|lifting\s+injury"),
    ),
    ("hyperextension injury", bounded(rf"{_PREP}hyperextension\s+injury")),
    ("crush injury", bounded(rf"{_PREP}crush(?:ing)?\s+injury")),
    ("assault", bounded(r"(?:after|following)\s+(?:an?\s+)?assault|assaulted")),
    ("trauma", bounded(r"(?:after|following|due\s+to)\s+(?:minor\s+|major\s+|recent\s+)?trauma")),
)

_ACUITY_WORDS = re.compile(
    r"(?<![\w-])(?P<w>acute(?:ly)?|sudden[- ]onset|hyperacute|subacute|sub-acute|chronic(?:ally)?"
    r"|long[- ]?standing"
    r"|persistent|recurrent|recurring|relapsing|repeated)(?![\w-])"
    # named diseases where the word is part of the name, not a statement about this patient
    r"(?!\s+(?:kidney|renal|obstructive|myeloid|myelogenous|lymphoblastic|lymphocytic|coronary|respiratory\s+distress"
    r"|fatigue|inflammatory\s+demyelinating|disseminated|liver\s+disease|mountain))",
    re.IGNORECASE,
)
_ACUITY_MAP = {
    "acute": "acute",
    "acutely": "acute",
    "sudden-onset": "acute",
    "sudden onset": "acute",
    "hyperacute": "acute",
    "subacute": "subacute",
    "sub-acute": "subacute",
    "chronic": "chronic",
    "chronically": "chronic",
    "longstanding": "chronic",
    "long-standing": "chronic",
    "long standing": "chronic",
    "persistent": "chronic",
    "recurrent": "recurrent",
    "recurring": "recurrent",
    "relapsing": "recurrent",
    "repeated": "recurrent",
}
_COUNT_WORDS = {
    "a": 1,
    "an": 1,
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
    "twelve": 12,
    "few": 3,
    "several": 4,
    "couple": 2,
    "many": 6,
}
_DURATION = re.compile(
    r"(?<![\w])(?:(?:for|since|x|over|lasting|of)\s+(?:the\s+)?(?:past\s+|last\s+)?(?:a\s+)?"
    r"(?P<n>\d+(?:\.\d+)?|" + "|".join(_COUNT_WORDS) + r")\s*(?:of\s+)?"
    r"(?P<unit>days?|weeks?|wks?|months?|mos?|years?|yrs?)"
    r"|(?P<n2>\d+)[- ](?P<unit2>day|week|month|year)[- ]history(?:\s+of)?)(?![\w])",
    re.IGNORECASE,
)
_WEEKS_PER_UNIT = {"d": 1 / 7, "w": 1.0, "m": 52 / 12, "y": 52.0}
# Conventions shared by back pain and most musculoskeletal guidance.
_CHRONIC_WEEKS = 12
_SUBACUTE_WEEKS = 6

_SETTINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("athlete", ATHLETE_RE),
    (
        "athlete",
        bounded(
            r"plays?\s+(?:competitive\s+)?(?:football|soccer|rugby|basketball|baseball|hockey|tennis|volleyball"
            r"|cricket|netball|lacrosse|sports?)|competitive\s+(?:sports?|athletics)|elite\s+sport"
        ),
    ),
    (
        "ED",
        re.compile(
            r"(?<![\w])(?:(?i:in|to|at|from|the|presents\s+to|presented\s+to)\s+(?i:the\s+)?(?:ED|ER|A&E)"
            r"|(?:[Ee]mergency\s+(?:[Dd]epartment|[Rr]oom)|[Cc]asualty))(?![\w])"
        ),
    ),
    ("ICU", bounded(r"ICU|intensive\s+care(?:\s+unit)?|critical\s+care|critically\s+ill")),
    (
        "inpatient",
        bounded(r"inpatients?|hospitali[sz]ed|admitted(?:\s+to\s+hospital)?|on\s+the\s+ward"),
    ),
    (
        "outpatient",
        bounded(r"outpatients?|ambulatory\s+care|(?:in|at)\s+(?:the|a)\s+clinic|office\s+visit"),
    ),
    (
        "primary care",
        re.compile(
            r"(?<![\w])(?:[Pp]rimary\s+care|[Gg]eneral\s+practice|GP|[Ff]amily\s+practice)(?![\w])"
        ),
    ),
    (
        "nursing home",
        bounded(
            r"nursing\s+homes?|care\s+homes?|long[- ]term\s+care(?:\s+facility)?|assisted\s+living"
        ),
    ),
    ("prehospital", bounded(r"pre-?hospital|ambulance|paramedics?")),
)


@dataclass
class Circumstances:
    """Mechanism, acuity and settings, with the spans the topic should lose."""

    mechanism: str | None = None
    acuity: str | None = None
    setting: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)


def extract_circumstances(text: str) -> Circumstances:
    """Mechanism, acuity and care settings from normalised ``text``."""
    out = Circumstances()
    _mechanism(text, out)
    _acuity(text, out)
    _settings(text, out)
    return out


def _mechanism(text: str, out: Circumstances) -> None:
    """The earliest mechanism phrase wins; its span (with 'after a') leaves the topic."""
    best: tuple[int, str, Span] | None = None
    for name, pattern in _MECHANISMS:
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name, Span(m.start(), m.end()))
    if best is not None:
        out.mechanism = best[1]
        out.spans.append(best[2])


def _acuity(text: str, out: Circumstances) -> None:
    """A stated acuity word wins over a duration; durations map by the 6 and 12 week cut-offs."""
    word = _ACUITY_WORDS.search(text)
    duration = _DURATION.search(text)
    if duration:
        # "for 3 months" is a fact about the patient, not part of the condition's name
        out.spans.append(Span(duration.start(), duration.end()))
    if word:
        out.acuity = _ACUITY_MAP[re.sub(r"\s+", " ", word.group("w").lower())]
    elif duration:
        out.acuity = _acuity_for_weeks(_duration_weeks(duration))


def _duration_weeks(m: re.Match[str]) -> float:
    """Length of a duration match in weeks."""
    raw = (m.group("n") or m.group("n2") or "1").lower()
    count = float(_COUNT_WORDS.get(raw, 0) or raw)
    unit = (m.group("unit") or m.group("unit2") or "w").lower()
    return count * _WEEKS_PER_UNIT[unit[0]]


def _acuity_for_weeks(weeks: float) -> str:
    """< 6 weeks acute, 6-12 weeks subacute, >= 12 weeks chronic."""
    if weeks >= _CHRONIC_WEEKS:
        return "chronic"
    if weeks >= _SUBACUTE_WEEKS:
        return "subacute"
    return "acute"


def _settings(text: str, out: Circumstances) -> None:
    """Every setting mentioned, in a fixed order; ED/ICU-style phrases leave the topic."""
    for name, pattern in _SETTINGS:
        m = pattern.search(text)
        if not m:
            continue
        if name not in out.setting:
            out.setting.append(name)
        if name != "athlete":  # athlete nouns are cut as part of the person phrase
            out.spans.append(_widen(text, Span(m.start(), m.end())))


_SETTING_LEFT = re.compile(
    r"(?<![\w])(?:(?:in|at|to|from)\s+)?(?:(?:the|a|an)\s+)?$", re.IGNORECASE
)


def _widen(text: str, span: Span) -> Span:
    """Include 'in the' before a setting phrase."""
    offset, window = window_before(text, span.start)
    left = _SETTING_LEFT.search(window)
    return Span(offset + left.start() if left and left.group(0).strip() else span.start, span.end)
