"""Comorbidities and current drugs: the patient's background, not the question's subject.

A condition counts as a comorbidity only where the wording makes it background: after a cue
("with", "history of", "known", "has", "in"), chained after another comorbidity ("with diabetes
and CKD"), or as an adjective of the patient ("an obese woman"). "Treatment of type 2 diabetes"
has no cue, so diabetes stays the topic. A drug counts as current only after "on", "taking",
"receiving" and the like, so "Is ibuprofen safe in pregnancy" keeps ibuprofen as the topic.

Both extractors read the *masked* question: negated findings were blanked before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from medcite.analysis._text import CLAUSE_WORDS, Span, dedupe, window_before, words
from medcite.analysis.lexicon import (
    DRUG_CLASSES,
    DRUG_NAMES,
    DRUG_SUFFIXES,
    drug_display,
    is_drug_word,
)

_COMORBIDITIES: tuple[tuple[str, str], ...] = (
    (
        "type 1 diabetes",
        r"type\s*(?:1|i|one)\s+diabetes(?:\s+mellitus)?|diabetes(?:\s+mellitus)?\s+type\s*(?:1|i)"
        r"|(?-i:T1DM|T1D|DM1|DM\s+type\s+1)|insulin[- ]dependent\s+diabetes",
    ),
    (
        "type 2 diabetes",
        r"type\s*(?:2|ii|two)\s+diabetes(?:\s+mellitus)?|diabetes(?:\s+mellitus)?\s+type\s*(?:2|ii)"
        r"|(?-i:T2DM|T2D|DM2|DM\s+type\s+2)",
    ),
    ("diabetes", r"diabetes(?:\s+mellitus)?|(?-i:DM)"),
    (
        "CKD",
        r"(?-i:CKD)(?:\s+stage\s+\d[ab]?)?|chronic\s+kidney\s+disease(?:\s+stage\s+\d[ab]?)?"
        r"|chronic\s+renal\s+(?:failure|insufficiency|disease)|renal\s+(?:impairment|insufficiency|failure|disease)"
        r"|kidney\s+(?:disease|failure|impairment)|(?-i:ESRD|ESKD)"
        r"|end[- ]stage\s+(?:renal|kidney)\s+disease"
        r"|on\s+(?:hemo|haemo|peritoneal\s+)?dialysis",
    ),
    ("hypertension", r"hypertension|(?-i:HTN)|high\s+blood\s+pressure"),
    (
        "heart failure",
        r"(?:congestive\s+)?heart\s+failure|cardiac\s+failure|(?-i:CHF|HFrEF|HFpEF|HF)",
    ),
    (
        "COPD",
        r"(?-i:COPD)|chronic\s+obstructive\s+pulmonary\s+disease|emphysema|chronic\s+bronchitis",
    ),
    ("asthma", r"asthma"),
    ("obesity", r"(?:morbid\s+)?obesity|(?-i:BMI)\s*(?:of\s*)?(?:3\d|4\d|5\d|6\d)(?:\.\d)?"),
    ("HIV", r"(?-i:HIV(?:/AIDS)?|AIDS)"),
    ("cirrhosis", r"(?:liver\s+|hepatic\s+)?cirrhosis"),
    ("liver disease", r"(?:chronic\s+)?liver\s+disease|hepatic\s+impairment"),
    ("osteoporosis", r"osteoporosis"),
    ("osteopenia", r"osteopenia"),
    ("atrial fibrillation", r"atrial\s+fibrillation|(?-i:AF|AFib)|a-fib"),
    (
        "coronary artery disease",
        r"coronary\s+artery\s+disease|(?-i:CAD|IHD)|isch(?:a)?emic\s+heart\s+disease"
        r"|(?:prior|previous|old)\s+(?:(?-i:MI)|myocardial\s+infarction|heart\s+attack)",
    ),
    ("prior stroke", r"(?:prior|previous)\s+(?:stroke|(?-i:TIA))|stroke|(?-i:TIA)"),
    ("epilepsy", r"epilepsy|seizure\s+disorder"),
    ("depression", r"depression|major\s+depressive\s+disorder|(?-i:MDD)"),
    (
        "cancer",
        r"(?:(?:breast|lung|prostate|colon|colorectal|ovarian|pancreatic|skin|bladder|kidney|thyroid|cervical"
        r"|metastatic)\s+)?cancer|malignancy",
    ),
    ("hypothyroidism", r"hypothyroidism"),
    ("hyperthyroidism", r"hyperthyroidism"),
    ("rheumatoid arthritis", r"rheumatoid\s+arthritis|(?-i:RA)"),
    ("lupus", r"(?:systemic\s+)?lupus(?:\s+erythematosus)?|(?-i:SLE)"),
    (
        "inflammatory bowel disease",
        r"inflammatory\s+bowel\s+disease|(?-i:IBD)|crohn'?s(?:\s+disease)?|ulcerative\s+colitis",
    ),
    ("sickle cell disease", r"sickle\s+cell(?:\s+disease|\s+an(?:a)?emia)?"),
    ("dementia", r"dementia|alzheimer'?s(?:\s+disease)?"),
    ("Parkinson's disease", r"parkinson'?s(?:\s+disease)?"),
    (
        "peripheral arterial disease",
        r"peripheral\s+(?:arterial|artery|vascular)\s+disease|(?-i:PAD)",
    ),
    (
        "hyperlipidemia",
        r"hyperlipid(?:a)?emia|hypercholesterol(?:a)?emia|dyslipid(?:a)?emia|high\s+cholesterol",
    ),
    ("obstructive sleep apnea", r"(?:obstructive\s+)?sleep\s+apn(?:o)?ea|(?-i:OSA)"),
    ("anemia", r"an(?:a)?emia"),
    (
        "immunosuppression",
        r"immunosuppress(?:ion|ed)|immunocompromised|(?:kidney|renal|liver|heart|organ)\s+transplant",
    ),
    ("smoking", r"smok(?:er|ing)|smokes|tobacco\s+use"),
    ("alcohol use disorder", r"alcohol(?:ism|\s+use\s+disorder|\s+abuse|\s+dependence)"),
    ("bleeding disorder", r"bleeding\s+disorder|ha?emophilia|von\s+willebrand(?:\s+disease)?"),
)
_COMORBIDITY_RE = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(f"(?P<c{i}>{p})" for i, (_, p) in enumerate(_COMORBIDITIES))
    + r")(?![\w-])",
    re.IGNORECASE,
)
# Words that may sit between a cue and the condition: "with poorly controlled type 2 diabetes".
_MODIFIERS = (
    r"(?:(?:a|an|the|her|his|their|my|known|long-?standing|poorly[- ]controlled|well[- ]controlled"
    r"|uncontrolled"
    r"|controlled|severe|mild|moderate|advanced|stable|early|newly[- ]diagnosed|diet[- ]controlled"
    r"|insulin[- ](?:requiring|dependent|treated)|concomitant|underlying|significant|pre-?existing"
    r"|treated"
    r"|untreated|background|comorbid|coexisting|co-existing|also|history\s+of|hx\s+of)\s+)*"
)
_CUE_BEFORE = re.compile(
    r"(?<![\w])(?:with|w/|history\s+of|hx\s+of|h/o|(?-i:PMH)(?:\s+(?:of|includes|significant\s+for))?|known|has|have"
    r"|had|having|suffers?\s+from|suffering\s+from|diagnosed\s+with|background\s+of|comorbid|underlying"
    r"|coexisting|co-existing|pre-?existing|in|also)\s+" + _MODIFIERS + r"$",
    re.IGNORECASE,
)
_CHAIN_GAP = re.compile(
    r"^\s*(?:,\s*)?(?:(?:and|or|plus|as\s+well\s+as|&)\s+)?" + _MODIFIERS + r"$", re.IGNORECASE
)
_FAMILY_HISTORY = re.compile(r"family\s+(?:history|hx)\s+of\s+" + _MODIFIERS + r"$", re.IGNORECASE)
# The patient described by an adjective: "an obese woman", "diabetic patients".
_ADJECTIVES: dict[str, str] = {
    "diabetic": "diabetes",
    "hypertensive": "hypertension",
    "asthmatic": "asthma",
    "obese": "obesity",
    "cirrhotic": "cirrhosis",
    "epileptic": "epilepsy",
    "immunocompromised": "immunosuppression",
    "hiv-positive": "HIV",
    "smoker": "smoking",
}
_ADJECTIVE_RE = re.compile(
    r"(?<![\w-])(?P<adj>" + words(_ADJECTIVES) + r")(?![\w-])(?=(?:\s+[\w-]+){0,2}?\s+"
    r"(?:patients?|wom[ae]n|m[ae]n|males?|females?|adults?|child(?:ren)?|persons?|people|individuals?"
    r"|girls?|boys?|ladies|lady|gentleman)\b|\s*[,.?]|\s*$)",
    re.IGNORECASE,
)
_NEXT_WORD = re.compile(r"\s*([A-Za-z][\w'-]*)")
# "in CKD patients": the condition names the population.
_PEOPLE_AFTER = re.compile(
    r"\s+(?:patients?|people|sufferers|populations?|wom[ae]n|m[ae]n|adults|children)(?![\w])", re.I
)
_ALWAYS_ADJECTIVES = frozenset({"obese", "smoker", "immunocompromised"})

_DRUG_WORD = (
    r"(?:"
    + words((*DRUG_NAMES, *DRUG_CLASSES))
    + r"|[A-Za-z][A-Za-z-]{3,}(?:"
    + "|".join(DRUG_SUFFIXES)
    + r"))"
)
_DOSE_MODIFIERS = (
    r"(?:(?:a|an|the|her|his|their|my|daily|low[- ]dose|high[- ]dose|regular|oral|long[- ]term"
    r"|chronic|twice-daily|once-daily"
    r"|\d+(?:\.\d+)?\s*(?:mg|mcg|g|units?|iu)"
    r"(?:\s+(?:daily|bd|bid|tds|tid|od|qd|once|twice))?)\s+)*"
)
_DRUG_CUE = re.compile(
    r"(?<![\w])(?P<cue>(?:while\s+|currently\s+|already\s+|also\s+)?(?:on|taking|takes|using|uses|receiving"
    r"|prescribed|started\s+on|treated\s+with|maintained\s+on)|long[- ]term)\s+"
    + _DOSE_MODIFIERS
    + r"(?P<drug>"
    + _DRUG_WORD
    + r")(?![\w-])",
    re.IGNORECASE,
)
_DRUG_CHAIN = re.compile(
    r"\s*(?:,\s*)?(?:(?:and|or|plus|&)\s+)?"
    + _DOSE_MODIFIERS
    + r"(?P<drug>"
    + _DRUG_WORD
    + r")(?![\w-])",
    re.IGNORECASE,
)
# "side effects of taking metformin" asks about metformin; it is not a current drug.
_DRUG_CUE_EXCLUDED_AFTER = re.compile(
    r"(?:of|about|for|to|before|after|when|stop|stopping|start|starting)\s+$", re.I
)


@dataclass
class Background:
    """Comorbidities and current drugs, with the spans (cue included) the topic should lose."""

    comorbidities: list[str] = field(default_factory=list)
    drugs: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)


def extract_background(masked: str) -> Background:
    """Comorbidities and drugs from the masked question."""
    out = Background()
    _comorbidities(masked, out)
    _adjective_comorbidities(masked, out)
    _drugs(masked, out)
    out.comorbidities = _most_specific(dedupe(out.comorbidities))
    out.drugs = dedupe(out.drugs)
    return out


def _comorbidities(text: str, out: Background) -> None:
    """Conditions after a cue, or chained after one that was accepted."""
    last_end: int | None = None
    for m in _COMORBIDITY_RE.finditer(text):
        name = _name_of(m)
        offset, before = window_before(text, m.start())
        chained = last_end is not None and bool(_CHAIN_GAP.match(text[last_end : m.start()]))
        cue = _CUE_BEFORE.search(before)
        people = _PEOPLE_AFTER.match(text, m.end())
        end = people.end() if people else m.end()
        self_cued = m.group(0).lower().startswith("on ")  # "on dialysis"
        if (
            not (chained or cue or people or self_cued)
            or _FAMILY_HISTORY.search(before)
            or _continues_as_noun(text, end)
        ):
            continue
        out.comorbidities.append(name)
        if chained and last_end is not None:
            start = last_end
        else:
            start = offset + cue.start() if cue else m.start()
        out.spans.append(Span(start, end))
        last_end = end


def _name_of(m: re.Match[str]) -> str:
    """Canonical name of the comorbidity alternative that matched."""
    key = next(k for k, v in m.groupdict().items() if v is not None)
    return _COMORBIDITIES[int(key[1:])][0]


def _continues_as_noun(text: str, end: int) -> bool:
    """'asthma exacerbation', 'diabetes management': the condition heads a longer topic phrase."""
    nxt = _NEXT_WORD.match(text, end)
    return nxt is not None and nxt.group(1).lower() not in CLAUSE_WORDS


def _adjective_comorbidities(text: str, out: Background) -> None:
    """'an obese 45-year-old woman', 'diabetic patients'."""
    for m in _ADJECTIVE_RE.finditer(text):
        out.comorbidities.append(_ADJECTIVES[m.group("adj").lower()])
    for word in _ALWAYS_ADJECTIVES:
        if re.search(rf"(?<![\w-]){word}(?![\w-])", text, re.IGNORECASE):
            out.comorbidities.append(_ADJECTIVES[word])


def _most_specific(names: list[str]) -> list[str]:
    """Drop 'diabetes' when 'type 2 diabetes' is also there."""
    if "diabetes" in names and any(n.endswith(" diabetes") for n in names):
        return [n for n in names if n != "diabetes"]
    return names


def _drugs(text: str, out: Background) -> None:
    """'on warfarin', 'taking metformin and lisinopril', 'while on 5 mg apixaban daily'."""
    for m in _DRUG_CUE.finditer(text):
        cue = m.group("cue").lower()
        if _DRUG_CUE_EXCLUDED_AFTER.search(
            window_before(text, m.start())[1]
        ) and not cue.startswith("on"):
            continue
        if not is_drug_word(m.group("drug")) and m.group("drug").lower() not in DRUG_CLASSES:
            continue
        out.drugs.append(drug_display(m.group("drug")))
        end = m.end()
        while chain := _DRUG_CHAIN.match(text, end):
            if (
                not is_drug_word(chain.group("drug"))
                and chain.group("drug").lower() not in DRUG_CLASSES
            ):
                break
            out.drugs.append(drug_display(chain.group("drug")))
            end = chain.end()
        out.spans.append(Span(m.start(), end))


def comorbidities_in(text: str) -> set[str]:
    """Canonical names of every listed condition mentioned in ``text`` (cue or not)."""
    return {_name_of(m) for m in _COMORBIDITY_RE.finditer(text)}
