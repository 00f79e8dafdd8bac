"""A small built-in glossary: clinical terms, their plain-language replacements, and explanations.

Replacements keep the facts: each swaps a term for a phrase that means the same to a lay reader,
and never touches numbers or negations. The verifier maps both sides of every entry to one
canonical token (:func:`canonicalize`), so a patient sentence still verifies against the passage
it was copied from.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from medcite.vocab.lay import lay_entries


@dataclass(frozen=True)
class Term:
    """One glossary entry: regex alternatives for the clinical term, and what a patient reads."""

    patterns: tuple[str, ...]
    lay: str
    explanation: str | None = None
    definition: str | None = None
    # The lay phrase only fits after a noun ("patients who are without symptoms"): when the term
    # stands right before a word ("asymptomatic patients") it is left as written.
    predicative: bool = False


# "IV" the route, not "class IV" or "stage IV".
_IV = r"(?<![Cc]lass )(?<![Ss]tage )(?<![Gg]rade )(?<![Tt]ype )(?-i:IV)"
# Order matters: longer phrases come before the words they contain.
_BASE: tuple[Term, ...] = (
    Term(
        (r"spondylolysis", r"pars (?:interarticularis )?defect", r"pars fracture"),
        "spine stress fracture",
        "A spine stress fracture (spondylolysis, also called a pars defect) is a small crack in a "
        "thin bridge of bone at the back of a spine bone, most often in the lower back.",
        "Spondylolysis: a defect, usually a stress fracture, of the pars interarticularis of a "
        "vertebra, most often at L5.",
    ),
    Term(
        (r"pars (?:interarticularis )?defects", r"pars fractures"),
        "spine stress fractures",
    ),
    Term((r"pars interarticularis",), "bony bridge at the back of the spine"),
    Term(
        (r"spondylolisthesis",),
        "slipped spine bone",
        "A slipped spine bone (spondylolisthesis) is when one spine bone slides forward over the "
        "one below it.",
        "Spondylolisthesis: forward translation of one vertebra on the one below, graded by the "
        "percentage of slip.",
    ),
    Term(
        (
            r"(?:structured )?conservative (?:management|treatment|care|therapy)",
            r"non-?operative (?:management|treatment|care)",
            r"non-?surgical (?:management|treatment|care)",
        ),
        "treatment without surgery",
        definition="Conservative management: non-operative care such as activity modification, "
        "bracing, physiotherapy and analgesia.",
    ),
    Term((r"conservatively", r"non-?operatively"), "without surgery"),
    Term(
        (
            r"surgical (?:treatment|management|intervention)",
            r"operative (?:treatment|management|intervention)",
        ),
        "surgery",
    ),
    Term(
        (r"thoracolumbosacral orthosis", r"TLSO", r"lumbar orthosis", r"lumbar brace", r"orthosis"),
        "back brace",
    ),
    Term((r"orthoses",), "back braces"),
    Term((r"physiotherapy",), "physical therapy"),
    Term(
        (r"non-?steroidal anti-inflammatory drugs", r"NSAIDs"),
        "NSAID painkillers",
        "NSAIDs are painkillers such as ibuprofen that ease pain and swelling.",
    ),
    Term((r"NSAID",), "NSAID painkiller"),
    Term((r"analgesics",), "painkillers"),
    Term((r"analgesia",), "pain relief"),
    Term((r"activity modification",), "changing activities"),
    Term((r"activity restriction",), "limiting activities"),
    Term((r"plain radiographs", r"radiographs"), "X-rays"),
    Term((r"plain radiograph", r"radiograph", r"radiography"), "X-ray"),
    Term((r"computed tomography",), "CT scan"),
    Term((r"magnetic resonance imaging",), "MRI scan"),
    Term((r"bilateral",), "two-sided"),
    Term((r"unilateral",), "one-sided"),
    Term((r"lumbar extension", r"hyperextension"), "arching the back"),
    Term((r"lumbar spine",), "lower back"),
    Term((r"lumbar",), "lower-back"),
    Term(
        (r"osseous (?:healing|union)", r"bony (?:healing|union)", r"bone union"),
        "bone healing",
    ),
    Term((r"non-?union",), "failure to heal"),
    Term((r"union rates",), "healing rates"),
    Term((r"union rate",), "healing rate"),
    Term((r"neurological deficits",), "nerve problems"),
    Term((r"neurological deficit",), "nerve problem"),
    Term((r"neurological examination",), "nerve check"),
    Term((r"disc degeneration",), "disc wear and tear"),
    Term((r"degeneration",), "wear and tear"),
    Term((r"corticosteroids?",), "steroid medicine"),
    Term((r"local anaesthetic", r"local anesthetic"), "numbing medicine"),
    Term(
        (r"fusion",),
        "fusion",
        "Fusion is an operation that joins two spine bones so that they heal as one.",
        "Fusion: arthrodesis of a motion segment, with or without instrumentation.",
    ),
    Term((r"prognosis",), "outlook"),
    Term((r"aetiology", r"etiology"), "cause"),
    Term((r"adolescents",), "teenagers"),
    Term((r"adolescent",), "teenage"),
    Term((r"paediatric", r"pediatric"), "children's"),
    Term((r"contraindicated",), "not to be used"),
    Term((r"efficacy",), "effectiveness"),
    Term((r"administered",), "given"),
    Term((r"interventions",), "treatments"),
    Term((r"intervention",), "treatment"),
    Term((r"approximately",), "about"),
    Term((r"subsequently",), "later"),
    Term((r"utili[sz]ed?",), "used"),
    Term((r"prior to",), "before"),
    Term((r"a mean of",), "an average of"),
    Term((r"hypertension",), "high blood pressure"),
    Term((r"myocardial infarction",), "heart attack"),
    Term((r"renal",), "kidney"),
    Term((r"hepatic",), "liver"),
    Term((r"dyspn(?:o)?ea",), "shortness of breath"),
    Term((r"(?:o)?edema",), "swelling"),
    Term((r"pyrexia",), "fever"),
    Term((r"ha?emorrhage",), "bleeding"),
    Term((r"exacerbations",), "flare-ups"),
    Term((r"exacerbation",), "flare-up"),
    Term((r"mortality",), "death rate"),
    Term((r"glucocorticoids", r"corticosteroid therapy"), "steroid medicines"),
    Term((r"glucocorticoid",), "steroid medicine"),
    Term((r"intravenous(?:ly)?", _IV), "through a vein", predicative=True),
    Term((r"intramuscular(?:ly)?",), "by injection into a muscle", predicative=True),
    Term((r"intra-?articular(?:ly)?",), "into the joint", predicative=True),
    Term((r"subcutaneous(?:ly)?",), "under the skin", predicative=True),
    Term((r"antimicrobials", r"antibacterials"), "antibiotics"),
    Term((r"antimicrobial", r"antibacterial"), "antibiotic"),
    Term((r"empiric(?:al)? (?:antibiotic )?therapy",), "first antibiotics before test results"),
    Term((r"hospitali[sz]ation",), "hospital stay"),
    Term((r"cardiovascular",), "heart and blood vessel"),
    Term((r"pulmonary",), "lung"),
    Term((r"hyperglyc(?:a)?emia",), "high blood sugar"),
    Term((r"hypoglyc(?:a)?emia",), "low blood sugar"),
    Term((r"hypotension",), "low blood pressure"),
    Term((r"concomitant", r"concurrent"), "at the same time", predicative=True),
    Term((r"discontinuation",), "stopping"),
    Term((r"discontinue",), "stop"),
    Term((r"initiation",), "starting"),
    Term((r"initiate",), "start"),
    Term((r"administration",), "giving"),
    Term((r"individuals",), "people"),
    Term((r"asymptomatic",), "without symptoms", predicative=True),
    Term((r"symptomatic",), "with symptoms", predicative=True),
    Term((r"anticoagulants",), "blood thinners"),
    Term((r"anticoagulant",), "blood thinner"),
    Term((r"(?:oral )?anticoagulation",), "blood-thinning treatment"),
    Term((r"thromboembolic",), "blood clot"),
    Term((r"antihypertensive (?:drugs|medications|agents)",), "blood pressure medicines"),
    Term((r"vasopressors",), "medicines that raise blood pressure"),
    Term((r"cardiac",), "heart"),
    Term((r"respiratory(?! fluoroquinolones?)",), "breathing"),
    Term((r"inflammation",), "swelling"),
    Term((r"prophylaxis",), "preventive treatment"),
    Term((r"prophylactic",), "preventive"),
    Term((r"pharmacotherapy",), "medicine treatment"),
    Term((r"therapeutic",), "treatment"),
    Term((r"monotherapy",), "single-medicine treatment"),
    Term((r"evaluation",), "check"),
    Term((r"comorbidities",), "other health conditions"),
    Term((r"contraindications",), "reasons not to use it"),
)
#: The built-in terms, then the lay lexicon of medcite.vocab (HPO lay names and curated words).
GLOSSARY: tuple[Term, ...] = (
    *_BASE,
    *(Term(e.patterns, e.lay, predicative=e.predicative) for e in lay_entries()),
)


@lru_cache(maxsize=1)
def _replacement_regex() -> re.Pattern[str]:
    """One alternation over every term (longest first), with an optional article before it."""
    alternatives = [(p, i) for i, term in enumerate(GLOSSARY) for p in term.patterns]
    body = "|".join(f"(?P<t{i}_{k}>{p})" for k, (p, i) in enumerate(alternatives))
    # Not inside a hyphenated word: "co-occurring" is not "occurring".
    return re.compile(rf"(?<!-)\b(?:(?P<article>[Aa]n?)\s+)?(?:{body})\b(?!-\w)", re.IGNORECASE)


def _term_index(match: re.Match[str]) -> int:
    name = next(k for k, v in match.groupdict().items() if v is not None and k != "article")
    return int(name[1:].split("_", 1)[0])


def _article_for(phrase: str) -> str:
    """'a' or 'an' by sound, for the handful of phrases the glossary produces."""
    lower = phrase.lower()
    if lower.startswith(("one", "uni", "use", "usu")):
        return "a"
    if phrase.startswith(("X-", "MRI", "NSAID")) or lower[:1] in "aeiou":
        return "an"
    return "a"


def _capitalised(original: str, at_sentence_start: bool) -> bool:
    """Whether the replacement needs a capital: a capitalised word ('Bilateral') or a sentence
    start, but not an acronym mid-sentence ('with NSAIDs')."""
    if at_sentence_start:
        return True
    return original[:1].isupper() and not original[1:2].isupper()


def _match_case(original: str, replacement: str, at_sentence_start: bool = False) -> str:
    if _capitalised(original, at_sentence_start):
        return replacement[:1].upper() + replacement[1:]
    return replacement


_ATTRIBUTIVE = re.compile(r"\s+[A-Za-z]")


def simplify(text: str) -> str:
    """Replace clinical terms with their lay phrases, fixing 'a'/'an' and capitals."""

    def swap(match: re.Match[str]) -> str:
        term = GLOSSARY[_term_index(match)]
        article = match.group("article")
        word_start = match.start() if article is None else match.start() + len(article) + 1
        original = match.string[word_start : match.end()]
        before = match.string[: match.start()].rstrip()
        at_start = not before or before.endswith((".", "!", "?", ":"))
        if term.predicative and _ATTRIBUTIVE.match(match.string, match.end()):
            return match.group(0)
        if article is None:
            return _match_case(original, term.lay, at_start)
        return f"{_match_case(article, _article_for(term.lay))} {term.lay}"

    return _replacement_regex().sub(swap, text)


def terms_in(text: str) -> list[Term]:
    """Glossary terms that occur in a text, in order of first occurrence, without repeats."""
    found = [GLOSSARY[_term_index(m)] for m in _replacement_regex().finditer(text)]
    return list(dict.fromkeys(found))


@lru_cache(maxsize=1)
def _canonical_regex() -> tuple[re.Pattern[str], Callable[[re.Match[str]], str]]:
    """Every clinical pattern and every lay phrase, each mapped to a token named after its lay
    phrase, so 'conservative management' and 'treatment without surgery' compare equal."""
    keys: dict[str, str] = {}
    alternatives: list[tuple[str, str]] = []
    for term in GLOSSARY:
        # The trailing "x" keeps the stemmer from merging two keys ("...s", "...ed").
        key = keys.setdefault(term.lay.lower(), "glossterm" + _letters(len(keys)) + "x")
        alternatives.extend((p, key) for p in term.patterns)
        alternatives.append((re.escape(term.lay), key))
    # Longest literal first, so a phrase wins over a word inside it.
    alternatives.sort(key=lambda a: -len(a[0]))
    lookup = [key for _, key in alternatives]
    body = "|".join(f"(?P<c{i}>{p})" for i, (p, _) in enumerate(alternatives))
    regex = re.compile(rf"\b(?:{body})\b", re.IGNORECASE)

    def repl(match: re.Match[str]) -> str:
        name = match.lastgroup or "c0"
        return f" {lookup[int(name[1:])]} "

    return regex, repl


def _letters(n: int) -> str:
    """0 -> 'a', 26 -> 'ba': letters only, so tokenisers keep a canonical token whole."""
    out = ""
    while True:
        out = chr(ord("a") + n % 26) + out
        n //= 26
        if n == 0:
            return out


def canonicalize(text: str) -> str:
    """Text with every glossary term and lay phrase replaced by its canonical token, and each
    plain-words gloss of a percentage ("71% (about 7 in 10)") removed when it is correct."""
    regex, repl = _canonical_regex()
    return regex.sub(repl, drop_figure_glosses(text))


# "N% (about K in 10)" as written by :func:`gloss_figure`.
_GLOSSED = re.compile(r"(\d{1,2}(?:\.\d+)?)\s?% \((about |nearly )?(\d{1,2}) in 10\)")


def figure_in_words(percent: float) -> str | None:
    """A plain-words reading of a share ("about 7 in 10" for 71%), or None when a rounding to
    tenths would mislead (below 10% or above 95%)."""
    if not 10 <= percent <= 95:
        return None
    tenths = int(percent / 10 + 0.5)  # half up: 85% is "about 9 in 10"
    return f"{tenths} in 10" if percent == tenths * 10 else f"about {tenths} in 10"


def drop_figure_glosses(text: str) -> str:
    """Remove glosses that match their percentage exactly; a wrong gloss is left for the
    verifier to catch (its numbers are not in the passage)."""

    def repl(match: re.Match[str]) -> str:
        percent = float(match.group(1))
        written = f"{match.group(2) or ''}{match.group(3)} in 10"
        if figure_in_words(percent) == written.strip():
            return f"{match.group(1)}%"
        return match.group(0)

    return _GLOSSED.sub(repl, text)
