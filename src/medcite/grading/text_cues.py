"""Study-design cues in titles and abstracts, for records whose indexing says nothing useful.

Newly added PubMed records carry only "Journal Article" until NLM indexes them, and other sources
carry no types at all, so the title and abstract are the remaining evidence. Authors usually name
the design in the title ("...: a randomised controlled trial"), which is the most reliable cue;
abstract cues are checked for cheap signs of a mere mention ("previous meta-analyses",
"randomised trials are needed") because backgrounds and discussions cite other designs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from medcite.records import EvidenceLevel

_I = re.IGNORECASE


@dataclass(frozen=True)
class Cue:
    """A phrase that signals a study design."""

    level: EvidenceLevel
    pattern: re.Pattern[str]
    # Lower-case substrings of which any match must contain one: a cheap `in` test skips the
    # regex on most abstracts (grading ran at ~1 ms a record before this gate).
    keys: tuple[str, ...] = ()

    def could_match(self, lowered: str) -> bool:
        """False when the regex cannot match `lowered` (the text in lower case)."""
        return not self.keys or any(k in lowered for k in self.keys)

    def could_match_keys(self, present: frozenset[str]) -> bool:
        """Like :meth:`could_match`, given the keys found in the text by :func:`keys_in`."""
        return not self.keys or not present.isdisjoint(self.keys)


@dataclass(frozen=True)
class CueMatch:
    """The strongest cue found and where."""

    level: EvidenceLevel
    phrase: str
    where: str  # "title" or "abstract"


def _cue(level: EvidenceLevel, regex: str, *keys: str) -> Cue:
    return Cue(level, re.compile(regex, _I), keys)


_RCT_CUES = (
    # "nonrandomized" fails the \b and the look-behinds drop "non-" and "quasi-" designs.
    _cue(
        EvidenceLevel.RCT, r"\b(?<!non-)(?<!non )(?<!quasi-)(?<!quasi )randomi[sz]ed\b", "randomi"
    ),
    _cue(EvidenceLevel.RCT, r"\brandomly (?:assigned|allocated)\b", "randomly"),
)
# Singular forms only: "meta-analyses" and "systematic reviews" are nearly always other work.
_SR_NAMED_CUES = (
    _cue(
        EvidenceLevel.SYSTEMATIC_REVIEW,
        r"\bsystematic(?:ally)? (?:literature )?review(?:ed)?\b",
        "systematic",
    ),
    _cue(EvidenceLevel.SYSTEMATIC_REVIEW, r"\bmeta-? ?analy(?:sis|tic|[sz]ed)\b", "meta"),
    _cue(
        EvidenceLevel.SYSTEMATIC_REVIEW,
        r"\bumbrella review\b|\bsystematic(?:ally)? search",
        "umbrella",
        "systematic",
    ),
    _cue(
        EvidenceLevel.SYSTEMATIC_REVIEW,
        r"\bindividual (?:participant|patient) data\b",
        "individual",
    ),
)
_SR_CUES = (
    *_SR_NAMED_CUES,
    # Literature searches: "We searched MEDLINE", and Cochrane's "Search methods" heading.
    _cue(
        EvidenceLevel.SYSTEMATIC_REVIEW,
        r"\bwe searched (?:the )?(?:[\w-]+ ){0,3}?(?:medline|pubmed|embase|cochrane|cinahl"
        r"|web of science|scopus|psycinfo|databases?|literature)\b"
        r"|\bdatabases were searched\b|\bsearch methods\b",
        "search",
    ),
)
_COHORT_CUES = (
    _cue(EvidenceLevel.COHORT, r"\bcohorts?\b", "cohort"),
    _cue(EvidenceLevel.COHORT, r"\bcase[- ]control\b", "control"),
    # "retrospective case series" is a case series and "prospectively registered" is a trial.
    _cue(
        EvidenceLevel.COHORT,
        r"\b(?:retro|pro)spective(?:ly)?\b(?!\s+(?:case|regist|randomi))",
        "spective",
    ),
    _cue(EvidenceLevel.COHORT, r"(?<!trial )\bregistry\b|\bregister-based\b", "regist"),
    _cue(
        EvidenceLevel.COHORT,
        r"\bobservational\b|\bpopulation-based\b|\blongitudinal stud",
        "observational",
        "population",
        "longitudinal",
    ),
    # Not randomised trials, and Mendelian randomisation is an observational genetic design.
    _cue(
        EvidenceLevel.COHORT,
        r"\b(?:non-?|quasi-?)randomi[sz]ed\b|\bmendelian randomi[sz]ation\b",
        "randomi",
    ),
)
_CASE_CUES = (
    _cue(EvidenceLevel.CASE_SERIES, r"\bcase (?:reports?|series)\b", "case"),
    _cue(
        EvidenceLevel.CASE_SERIES,
        r"\bwe (?:here |herein )?(?:report|present|describe)\b[^.]{0,60}?"
        r"\b(?:a|an|the|one|two|three|four|five|\d+) (?:[\w-]+ ){0,2}?(?:cases?|patients?)\b",
        "we ",
    ),
    _cue(
        EvidenceLevel.CASE_SERIES,
        r"\breports? of (?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+) )?"
        r"(?:[\w-]+ ){0,2}?cases?\b|\ba (?:[\w-]+ )?case of\b",
        "case",
    ),
    # Section headings of case-report abstracts (BMC, Medicine, ...).
    _cue(EvidenceLevel.CASE_SERIES, r"\bcase (?:presentation|description|summary)\b", "case"),
    _cue(EvidenceLevel.CASE_SERIES, r"\ban? \d+[- ](?:year|month|week|day)[- ]old\b", "old"),
)
_GUIDELINE_CUES = (
    _cue(EvidenceLevel.GUIDELINE, r"\bguidelines?\b", "guideline"),
    _cue(
        EvidenceLevel.GUIDELINE, r"\b(?:position|scientific|policy|expert) statement\b", "statement"
    ),
    _cue(EvidenceLevel.GUIDELINE, r"\brecommendations (?:for|on)\b", "recommendation"),
    _cue(
        EvidenceLevel.GUIDELINE,
        r"\b(?:expert|international|national) consensus\b|\bconsensus (?:statement|document"
        r"|report|paper|recommendations|guidance|conference|guidelines?)\b",
        "consensus",
    ),
    # "Recommendations" alone is too common; issued by a named body it is a guideline.
    _cue(
        EvidenceLevel.GUIDELINE,
        r"^(?=.*\b(?:consensus|societ(?:y|ies)|panel|task force|association|college|working group"
        r"|committee|academy)\b).*?(?P<cue>\brecommendations\b)",
        "recommendation",
    ),
)
_NARRATIVE_CUES = (
    _cue(
        EvidenceLevel.NARRATIVE_REVIEW,
        r"(?<!peer )(?<!chart )(?<!record )(?<!records )(?<!medication )(?<!utilization )"
        r"\breviews?\b(?! of systems)|\boverview\b",
        "review",
        "overview",
    ),
)
_OPINION_CUES = (
    _cue(
        EvidenceLevel.EXPERT_OPINION,
        r"\b(?:commentary|viewpoint|editorial|expert opinion)\b",
        "commentary",
        "viewpoint",
        "editorial",
        "opinion",
    ),
)

# Blinding implies a controlled trial, which in practice is randomised; kept apart from
# _RCT_CUES because says_randomised() must find randomisation itself.
_BLINDED_CUES = (
    _cue(
        EvidenceLevel.RCT, r"\bdouble-? ?blind(?:ed)?\b|\bplacebo-controlled\b", "blind", "placebo"
    ),
)

TITLE_CUES: tuple[Cue, ...] = (
    *_GUIDELINE_CUES,
    *_SR_CUES,
    *_RCT_CUES,
    *_BLINDED_CUES,
    *_COHORT_CUES,
    *_CASE_CUES,
    *_NARRATIVE_CUES,
    *_OPINION_CUES,
)
# Guideline, review and opinion words in an abstract are nearly always about other work.
ABSTRACT_CUES: tuple[Cue, ...] = (
    *_SR_CUES,
    *_RCT_CUES,
    *_BLINDED_CUES,
    *_COHORT_CUES,
    *_CASE_CUES,
)
_ALL_KEYS: tuple[str, ...] = tuple(sorted({k for cue in TITLE_CUES for k in cue.keys}))
# Levels a title can name explicitly; a weaker title cue ("review") still lets the abstract speak.
_DESIGN_LEVELS = frozenset(
    {
        EvidenceLevel.GUIDELINE,
        EvidenceLevel.SYSTEMATIC_REVIEW,
        EvidenceLevel.RCT,
        EvidenceLevel.COHORT,
        EvidenceLevel.CASE_SERIES,
    }
)

# A paper that describes a planned study has no results to grade.
PROTOCOL_TITLE = re.compile(
    r"\b(?:study|trial|review) protocol\b"
    r"|\bprotocol (?:for|of) (?:a|an) (?:[\w-]+,? ){0,5}?(?:trial|study|review|meta-analysis)\b"
    r"|\brationale and design\b|\bdesign and rationale\b",
    _I,
)
# A title about guidelines (adherence, audits, appraisals) is a study of them, not one.
_GUIDELINE_TOPIC = re.compile(
    r"\b(?:adheren\w*|complian\w*|concordan\w*|discordan\w*|implement\w*|uptake|awareness|knowledge"
    r"|audit|adoption|appraisal|deviations?|survey|questionnaire|according to)\b|\bguidelines?-\w",
    _I,
)
# Words just before a cue that make it a mention of other work ("no randomised trials").
_MENTION_BEFORE = frozenset(
    {
        # negation and absence
        "no", "not", "lack", "absence", "few", "limited",
        # other people's work
        "previous", "prior", "earlier", "past", "former", "existing", "published", "recent",
        "other", "several", "many",
        # work not done yet
        "future", "further", "more", "additional", "will", "should",
        # contrast
        "unlike", "although", "though", "whereas",
    }
)  # fmt: skip
_MENTION_AFTER = re.compile(
    r"^\W*(?:\w+\W+){0,3}?(?:(?:is|are|were|remain) (?:still |urgently )?"
    r"(?:needed|warranted|required|lacking|scarce|limited|sparse)"
    r"|(?:have|has) (?:shown|reported|suggested|demonstrated|found)|should|will)\b",
    _I,
)
# "This protocol describes a randomised trial" plans one; "per-protocol analysis" does not.
_PROTOCOL_SENTENCE = re.compile(
    r"\bth(?:is|e present) (?:study |trial |review )?protocol\b"
    r"|\bprotocol (?:describes|outlines)\b",
    _I,
)
_SENTENCE_END = re.compile(r"[.!?;]\s")
ABSTRACT_CHARS = 4000


def find_design_cue(title: str, text: str) -> CueMatch | None:
    """The design cue that grades a record, or None.

    A title naming a design decides; otherwise the strongest of the title's weaker cues
    ("review", "commentary") and the abstract's cues.
    """
    in_title = _strongest(_title_matches(title, TITLE_CUES))
    if in_title is not None and in_title.level in _DESIGN_LEVELS:
        return in_title
    in_abstract = _strongest(_abstract_matches(text, ABSTRACT_CUES))
    return _strongest([m for m in (in_title, in_abstract) if m is not None])


def says_randomised(title: str, text: str) -> CueMatch | None:
    """Where title or abstract say the study itself was randomised, if they do."""
    return _first(title, text, _RCT_CUES)


def says_systematic_review(title: str, text: str) -> CueMatch | None:
    """Where title or abstract call the work a systematic review or meta-analysis, if they do.

    A described literature search alone does not count: narrative reviews describe theirs too.
    """
    return _first(title, text, _SR_NAMED_CUES)


def is_protocol(title: str) -> bool:
    """True for a title of a protocol or design paper (a planned study without results)."""
    return PROTOCOL_TITLE.search(title) is not None


def _first(title: str, text: str, cues: tuple[Cue, ...]) -> CueMatch | None:
    found = _title_matches(title, cues) or _abstract_matches(text, cues)
    return found[0] if found else None


def keys_in(lowered: str) -> frozenset[str]:
    """The cue keys that occur in `lowered`: one substring test per key, not one per cue."""
    return frozenset(k for k in _ALL_KEYS if k in lowered)


# (id of a cue table, keys present) -> the cues of that table that could match. Texts share a
# few hundred key combinations, so grading a record is a dict lookup instead of a cue loop.
_CANDIDATES: dict[tuple[int, frozenset[str]], tuple[Cue, ...]] = {}


def _candidates(cues: tuple[Cue, ...], present: frozenset[str]) -> tuple[Cue, ...]:
    key = (id(cues), present)
    found = _CANDIDATES.get(key)
    if found is None:
        found = tuple(cue for cue in cues if cue.could_match_keys(present))
        if len(_CANDIDATES) < 65536:
            _CANDIDATES[key] = found
    return found


def _title_matches(title: str, cues: tuple[Cue, ...]) -> list[CueMatch]:
    found = []
    for cue in _candidates(cues, keys_in(title.lower())):
        match = cue.pattern.search(title)
        if match is None:
            continue
        if cue.level is EvidenceLevel.GUIDELINE and _GUIDELINE_TOPIC.search(title):
            continue
        found.append(CueMatch(cue.level, _phrase(match), "title"))
    return found


def _abstract_matches(text: str, cues: tuple[Cue, ...]) -> list[CueMatch]:
    # Only the start of the body: the abstract for articles (full texts begin with theirs);
    # discussions are full of other studies' designs.
    abstract = text[:ABSTRACT_CHARS]
    return [
        CueMatch(cue.level, _phrase(match), "abstract")
        for cue in _candidates(cues, keys_in(abstract.lower()))
        for match in cue.pattern.finditer(abstract)
        if not _is_mention(abstract, match)
    ]


def _is_mention(text: str, match: re.Match[str]) -> bool:
    """True when the words around a cue show it refers to other studies or a plan."""
    start = _sentence_start(text, match.start())
    before = text[start : match.start()].lower().split()[-2:]
    if any(word.strip("()[],;:'\"") in _MENTION_BEFORE for word in before):
        return True
    sentence_end = _SENTENCE_END.search(text, match.end())
    end = sentence_end.start() if sentence_end else len(text)
    if _PROTOCOL_SENTENCE.search(text, start, end):
        return True
    return _MENTION_AFTER.search(text[match.end() : min(end, match.end() + 60)]) is not None


def _sentence_start(text: str, position: int) -> int:
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, position)]
    return ends[-1] if ends else 0


def _phrase(match: re.Match[str]) -> str:
    """The cue's words for a reason; a named group ``cue`` narrows a pattern with context."""
    text = match.group("cue") if "cue" in match.re.groupindex else match.group(0)
    return " ".join(text.lower().split())


def _strongest(found: list[CueMatch]) -> CueMatch | None:
    # min() keeps the first of equal levels, so table order breaks ties deterministically.
    return min(found, key=lambda m: m.level.rank) if found else None
