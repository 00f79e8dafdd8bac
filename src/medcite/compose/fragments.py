"""Recognising text that reads like a sentence but cannot stand alone as a cited claim.

Guideline summaries are full of list items, table rows and telegraphic notes: "Frequent gout
flares defined as >= 2 flares per year (Strong, High)." has no verb, "Parameter: Regimen;
Recommendation: 1.2 mg ..." is a flattened table row, and "These are not first-line agents." needs
the sentence before it. Each check here is a cheap, deterministic heuristic; when in doubt a
sentence is kept, since the composer only needs to avoid what is clearly a fragment.
"""

from __future__ import annotations

import re

# Copulas, auxiliaries and modals: a clause with one of these has a finite verb.
_AUXILIARY = re.compile(
    r"\b(?:is|are|was|were|be|been|am|has|have|had|do|does|did|can|could|may|might|must|shall|"
    r"should|will|would|cannot|isn't|aren't|doesn't|don't|won't)\b",
    re.IGNORECASE,
)
# Verbs that clinical sentences use in the present or past tense without an auxiliary, and
# (as imperatives) at the start of a recommendation: "Reduce the infusion rate ...".
_VERB_STEMS = """
reduce increase improve include require occur cause lead show suggest indicate remain appear
develop present prevent recommend decrease affect result depend help need involve consist contain
represent predict carry vary differ allow provide achieve fail lower raise rise become take give
make seem tend respond benefit outperform precede follow exceed persist resolve worsen heal return
confer confirm identify detect exclude define describe limit support favour favor prolong shorten
delay accelerate enhance impair protect mitigate correlate associate relate apply warrant
justify offer yield produce induce trigger explain account predispose compare aim
replace reverse restore treat manage use relieve stabilise stabilize progress recur
titrate add monitor suggest consider avoid start continue check measure recheck administer obtain
perform assess evaluate initiate discontinue stop switch refer admit repeat reassess maintain
target adjust withhold hold correct transfuse intubate ventilate screen test order prescribe
select choose base individualize individualise encourage counsel educate ensure seek arrange
begin keep diagnose rule document discuss tailor combine increase decrease double halve advise
"""
# Base forms that are usually nouns: they count as verbs only as the first word (imperative).
_NOUNISH = frozenset(
    "use need help increase result benefit support limit return delay target test screen "
    "order control dose rule document base start check hold correct double present".split()
)
_VERBS = sorted(set(_VERB_STEMS.split()), key=len, reverse=True)
_IRREGULAR = "led shows showed rose fell became took gave made began grew ran saw found kept"
_IMPERATIVE = re.compile(r"^(?:" + "|".join(re.escape(v) for v in _VERBS) + r")\b", re.I)
_VERB_WORD = re.compile(
    # A base form after "to" is an infinitive ("SGLT2i to reduce ..."), not a main verb.
    r"(?<!\bto )\b(?:"
    + "|".join(re.escape(v) for v in _VERBS if v not in _NOUNISH)
    + r")\b|\b(?:"
    + "|".join(re.escape(v.rstrip("e")) for v in _VERBS)
    + r")(?:es|s|ed|d)\b|\b(?:"
    + "|".join(_IRREGULAR.split())
    + r")\b",
    re.IGNORECASE,
)
# A sentence whose first word is a conjugated verb or a participle has lost its subject:
# "Occurs in 30% of patients.", "Can be initiated ...", "Recommended to reduce ...".
_SUBJECTLESS = re.compile(
    r"^(?:(?:most|more|less)\s+)?(?:\w+ly\s+)?(?:contraindicated|is|are|was|were|has|have|had|can|could|may|might|must|should|will|would|does|"
    r"recommended|suggested|indicated|preferred|reserved|used|given|not|also|"
    r"(?:occur|result|require|include|reduce|increase|improve|cause|lead|allow|provide|remain|"
    r"appear|develop|affect|help|need)s)\b",
    re.IGNORECASE,
)
# A participle that starts a reduced relative clause ("flares defined as", "caused by") is not
# the main verb of a sentence.
_REDUCED_RELATIVE = re.compile(
    r"\b(?:defined|caused|characteri[sz]ed|given|treated|based|associated|used|seen|reported|"
    r"known|classified|diagnosed|measured|performed|administered|obtained|required|indicated|"
    r"recommended|preferred|reserved|limited|restricted|suggested)\s+"
    r"(?:as|by|with|in|for|from|at|to|on|when|if|over)\b",
    re.IGNORECASE,
)
_PAST_FORM = re.compile(r"\b[a-z]{3,}ed\b", re.IGNORECASE)
# "Label: value; Label: value": a table row flattened into text.
_TABLE_CELL = re.compile(r"(?:^|;\s*)[A-Z][\w ()/%+-]{0,40}:\s")
# "This is", "These include", "Such patients ..." lean on what came before.
_DEMONSTRATIVE = re.compile(
    r"^(?:this|these|those|such|both|the former|the latter|the above|the following)\b", re.I
)
# "This", "These", "Those", "Such" at the start stand for something said earlier.
_DEMONSTRATIVE_PRONOUN = re.compile(
    r"^(?:this|these|those|such|the former|the latter|the above)\b", re.I
)


# "Metformin: Safe at eGFR >= 30." is a note whose label is the subject and whose value is a
# predicate; with a copula it is the sentence the note abbreviates.
_PREDICATE_NOTE = re.compile(
    r"^(?P<subject>[A-Z][\w()/+-]*(?: [\w()/+-]+){0,3}):\s+"
    r"(?P<predicate>(?:not )?(?:safe|unsafe|contraindicated|recommended|preferred|indicated|"
    r"reserved|effective|ineffective|first[- ]line|second[- ]line|avoided|required)\b.*)$",
    re.IGNORECASE,
)


def note_as_sentence(sentence: str) -> str:
    """'Metformin: Safe at eGFR >= 30.' -> 'Metformin is safe at eGFR >= 30.'; else unchanged.

    Only a copula is added (are after a plural subject), so no claim is invented and every
    word still comes from the source.
    """
    match = _PREDICATE_NOTE.match(sentence)
    if match is None:
        return sentence
    subject = match.group("subject")
    predicate = match.group("predicate")
    last = subject.split()[-1].lower()
    plural = last.endswith("s") and not last.endswith(("ss", "is", "us"))
    first = predicate.split(" ", 1)[0]
    if not any(c.isupper() for c in first[1:]):
        predicate = predicate[:1].lower() + predicate[1:]
    return f"{subject} {'are' if plural else 'is'} {predicate}"


_BRACKETS = re.compile(r"\([^()]*\)")


def has_finite_verb(sentence: str) -> bool:
    """True when the sentence plausibly has a main verb; telegraphic notes have none."""
    # A verb inside brackets ("Sleep apnoea (screen and treat if present).") is an aside.
    main = _BRACKETS.sub(" ", sentence)
    if _AUXILIARY.search(main) or _IMPERATIVE.match(main):
        return True
    main = _REDUCED_RELATIVE.sub(" ", main)
    return bool(_VERB_WORD.search(main) or _PAST_FORM.search(main))


def is_table_row(sentence: str) -> bool:
    """True for flattened table rows: two or more "Label: value" cells."""
    return len(_TABLE_CELL.findall(sentence)) >= 2


def leans_on_previous(sentence: str) -> bool:
    """True when a demonstrative stands for something said earlier ("These are ...")."""
    return bool(_DEMONSTRATIVE_PRONOUN.match(sentence))


def starts_with_demonstrative(sentence: str) -> bool:
    """True for "This approach ...", "Such patients ...": readable, but weaker on its own."""
    return bool(_DEMONSTRATIVE.match(sentence))


# An imperative whose object was elided under a label: "Avoid in acute heart failure."
_NO_OBJECT = re.compile(
    r"^(?:avoid|use|consider|prefer|give|start|reduce|increase|continue|stop|add)\s+"
    r"(?:in|for|with|if|when|during|at|after|before|unless)\b",
    re.IGNORECASE,
)
_SHORT_LABEL = re.compile(r"^[A-Z][\w/()+-]*(?: [\w/()+-]+){0,2}:\s+")


# "Metformin — starting dose: 500 mg once or twice daily with meals.": a list item or table row
# to which the guideline reader gave back its subject (heading, parent item or first cell) and
# header label; "Healthy adults — amoxicillin 1 g ...; or doxycycline ...": alternatives;
# "ARNi — Sacubitril/Valsartan — recommended in preference to ...": a heading's recommendation.
_LABELLED_FACT = re.compile(
    r"^[A-Z0-9][^:;]{0,160}? — (?P<fact>[^:;—]{1,60}?: \S|[^—]*; or \S"
    r"|(?:not )?(?:recommended|suggested|indicated|preferred|reserved|contraindicated)\b)",
    re.IGNORECASE,
)
_FACT_LABEL = re.compile(r"^[^:;—]{1,60}?:\s+")


def is_labelled_fact(sentence: str) -> bool:
    """True for 'Subject — label: value' (and 'Subject — a; or b'): a fact that names its subject."""
    return bool(_LABELLED_FACT.match(sentence))


def labelled_value(sentence: str) -> str | None:
    """The value of a labelled fact, without its subject and label ('Group B — initial
    therapy: LABA + LAMA.' -> 'LABA + LAMA.'), else None."""
    match = _LABELLED_FACT.match(sentence)
    if match is None:
        return None
    fact = sentence[match.start("fact") :]
    label = _FACT_LABEL.match(fact)
    return fact[label.end() :] if label else fact


def fragment_reason(sentence: str, dependent: bool = False) -> str | None:
    """Why a sentence cannot stand alone as a claim, or None when it can."""
    if is_labelled_fact(sentence):
        return None  # the reader gave it its subject: it stands alone, verb or not
    if dependent:
        return "fragment (list item after a lead-in)"
    if is_table_row(sentence):
        return "fragment (table row)"
    if leans_on_previous(sentence):
        return "unresolved reference to an earlier sentence"
    body = _SHORT_LABEL.sub("", sentence)
    if _SUBJECTLESS.match(sentence) or _SUBJECTLESS.match(body):
        return "fragment (no subject)"
    if _NO_OBJECT.match(sentence) or _NO_OBJECT.match(body):
        return "fragment (no object)"
    if not has_finite_verb(sentence):
        return "fragment (no verb)"
    return None
