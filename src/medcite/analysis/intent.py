"""Intent: what the asker wants to know, which picks the answer's section plan.

Several intents often match one question. The rules, in order:

1. comparison ("X vs Y") always wins: the answer must weigh two options;
2. dosing beats drug safety ("metformin dose in CKD" asks for a dose);
3. drug safety beats the rest ("Is ibuprofen safe in pregnancy");
4. among prognosis, screening/prevention, treatment, imaging and diagnosis the wording that
   comes first wins ("How long before return to sport after treatment" is prognosis,
   "Treatment options ... and return to sport" is treatment);
5. general ("what is", "causes", "symptoms") only when nothing else matched.

:func:`detect_intent` returns None when the question carries no intent wording at all, so a
follow-up ("What if she is an athlete?") can keep the previous intent.
"""

from __future__ import annotations

import re

from medcite.analysis._text import bounded
from medcite.analysis.lexicon import DRUG_RE, is_drug_word
from medcite.records import Intent

_COMPARISON = re.compile(
    r"(?<![\w])(?:vs|versus|compared\s+(?:with|to)|comparison\s+(?:of|between)|compare|comparing"
    r"|(?:better|worse|safer|more\s+effective|less\s+effective|superior|inferior)\s+(?:than|to)"
    r"|difference\s+between|which\s+is\s+(?:better|best|safer|more\s+effective)"
    # a choice between two managements: "surgery or conservative?"
    r"|(?:surgery|surgical|operative|conservative|non-?operative|physiotherapy|bracing|injections?"
    r"|observation|watchful\s+waiting)\s+or\s+(?:surgery|surgical|operative|conservative|non-?operative"
    r"|physiotherapy|bracing|injections?|observation|watchful\s+waiting|\w+\s+(?:treatment|management)))"
    r"(?![\w])",
    re.IGNORECASE,
)
_DOSING = re.compile(
    r"(?<![\w])(?:dos(?:e|es|age|ages|ing)|how\s+(?:much|many)\s+(?:mg|milligrams|tablets|pills|units|puffs|\w+\s+"
    r"(?:can|should|do|may)\s+(?:i|he|she|you|we|they)\s+(?:take|give|use|have))"
    r"|mg/kg|mg\s+per\s+kg|titrat(?:e|ion|ing)|maximum\s+daily|max(?:imum)?\s+dose|loading\s+dose"
    r"|how\s+often\s+(?:should|can|do)\s+(?:i|he|she|they|you|we)\s+(?:take|give|use)|frequency\s+of\s+administration)"
    r"(?![\w])",
    re.IGNORECASE,
)
_SAFETY_STRONG = re.compile(
    r"(?<![\w])(?:side[- ]effects?|adverse\s+(?:effects?|events?|reactions?|drug\s+reactions?)"
    r"|interactions?"
    r"|interact|contraindicat\w*|toxicity|black\s+box|teratogen\w*|overdose\s+risk|risks?\s+of\s+taking"
    r"|(?:safe|safety)\s+(?:in|during|while|when)\s+(?:pregnan\w*|breastfeeding|lactation|breast-feeding))(?![\w])",
    re.IGNORECASE,
)
_SAFE_WORD = bounded(
    r"safe|safety|unsafe|dangerous|harmful|risky|okay\s+to\s+(?:take|use|give)|ok\s+to\s+(?:take|use|give)"
    r"|(?:can|could|should|may)\s+(?:i|he|she|we|you|they|my\s+\w+)\s+(?:take|use|have|combine|mix|give|be\s+given)"
    r"|(?:take|taking|use|using|combine|combining|mix|mixing)\s+[^.?!]{1,60}?\s+(?:with|while\s+on"
    r"|while\s+taking|together)"
)
_PROCEDURE = bounded(
    r"(?-i:MRI|CT)|mri|ct\s+scans?|x-?rays?|surgery|an(?:a)?esthesia|procedure|biopsy|endoscopy|colonoscopy"
)
_VACCINE = bounded(r"vaccines?|vaccinations?|jabs?|shots?|immuni[sz]ations?")
_PREGNANCY_WORDS = bounded(r"pregnan\w*|breastfeeding|breast-feeding|lactation|lactating|nursing")

_RANKED: tuple[tuple[Intent, re.Pattern[str]], ...] = (
    (
        Intent.PROGNOSIS,
        re.compile(
            r"(?<![\w])(?:prognos\w*|outcomes?|surviv\w*|life\s+expectancy|recovery\s+time|time\s+to\s+recover"
            r"|how\s+long\s+(?:does|will|until|before|to|is|do|for|can)|return\s+to\s+(?:sports?|play|work|running"
            r"|training|activity|activities|competition|school)|recurrence\s+rate|risk\s+of\s+recurrence"
            r"|natural\s+history|mortality|what\s+happens\s+(?:if|when|with|after)|(?:left|if)\s+untreated"
            r"|will\s+(?:it|this|he|she|they|i)\s+(?:heal|recover|get\s+better)"
            r"|long[- ]term\s+(?:outlook|effects|outcomes?|prognosis)"
            r"|chances?\s+of\s+(?:recovery|survival|healing)"
            r"|healing\s+time|how\s+quickly)(?![\w])",
            re.IGNORECASE,
        ),
    ),
    (
        Intent.SCREENING,
        re.compile(
            r"(?<![\w])(?:screen(?:ing|ed|s)?|prevent(?:ion|ing|ive|s)?|prophyla\w*|vaccin\w*|immuni[sz]\w*"
            r"|who\s+should\s+(?:be|get)\s+(?:tested|screened|vaccinated|checked)"
            r"|should\s+(?:i|he|she|we|they)\s+(?:be|get)\s+(?:tested|screened|checked)|risk\s+reduction"
            r"|reduce\s+(?:the\s+)?risk|early\s+detection|mammogra\w*|colonoscopy|pap\s+smears?|psa\s+test|how\s+often\s+should\s+\w+\s+(?:be\s+)?(?:tested|checked"
            r"|screened))(?![\w])",
            re.IGNORECASE,
        ),
    ),
    (
        Intent.TREATMENT,
        re.compile(
            r"(?<![\w])(?:treat(?:ment|ments|ed|ing|s)?|manag(?:e|ement|ed|ing)|therap(?:y|ies|eutic)"
            r"|options?\s+for|first[- ]line|second[- ]line|third[- ]line|surg(?:ery|ical)"
            r"|operat(?:e|ion|ive)"
            r"|cure[sd]?|remed(?:y|ies)|physiotherapy|physical\s+therapy|rehab(?:ilitation)?|brac(?:e|ing)"
            r"|drugs?\s+of\s+choice|medications?\s+for|what\s+(?:to\s+do|can\s+(?:i|we)\s+do|should\s+(?:i|we)\s+do)"
            r"|(?:effective|helps?|works?)\s+(?:for|against)|antibiotics?\s+for|injections?|get\s+rid\s+of"
            r"|indications?\s+for|relie(?:f|ve)|refer(?:ral|red)?|admi(?:t|ssion)|best\s+(?:\w+\s+)?(?:drugs?|medications?|medicines?|antibiotics?"
            r"|antihypertensives?|analgesics?|painkillers?|antidepressants?|choice|therapy)"
            # "Which antibiotics are recommended for ...", "When is anticoagulation indicated in ..."
            r"|(?:medications?|medicines?|drugs?|antibiotics?|antimicrobials?|fluids?|anticoagula\w+"
            r"|vasopressors?|insulin)\s+(?:(?:are|is|should\s+be|be)\s+)?(?:recommended|used|given"
            r"|indicated|preferred|started|administered)"
            r"|how\s+much\s+(?:iv\s+|intravenous\s+)?fluids?|fluid\s+resuscitation"
            r"|step(?:ped|ping)?[- ]up|escalat(?:e|ed|ion)|gdmt|guideline[- ]directed\s+medical\s+therapy"
            r")(?![\w])",
            re.IGNORECASE,
        ),
    ),
    (
        Intent.IMAGING,
        re.compile(
            r"(?<![\w])(?:(?-i:MRI|CT|PET(?:-CT)?|SPECT)|mri|ct\s+scan|cat\s+scan|magnetic\s+resonance|x-?rays?"
            r"|radiographs?|radiography|imaging|ultrasound|sonograph\w*|scans?|bone\s+scan|mammogra\w*)(?![\w])",
            re.IGNORECASE,
        ),
    ),
    (
        Intent.DIAGNOSIS,
        re.compile(
            r"(?<![\w])(?:diagnos(?:e|ed|is|es|ing|tic)|work[- ]?up|differential"
            r"|criteria(?!\s+for\s+(?:surg\w*"
            r"|operat\w*|admission|referral|treatment|discharge|return))|tests?\s+(?:for|to)|evaluat(?:e|ion|ing)"
            r"|investigat(?:e|ions?)|how\s+(?:to|do\s+you|do\s+i|is\s+it|can\s+you)\s+(?:confirm|detect|tell|diagnose)"
            r"|confirm|assessment|examination|lab(?:oratory)?\s+tests?|blood\s+tests?|biopsy|rule\s+out"
            r"|stag(?:ed|ing)|classif(?:y|ied|ication))(?![\w])",
            re.IGNORECASE,
        ),
    ),
)
_GENERAL = re.compile(
    r"(?<![\w])(?:what\s+(?:is|are)|what's|causes?|caused|symptoms?|signs?|pathophysiology|defin(?:e|ition)"
    r"|explain|overview|meaning|why|risk\s+factors?|epidemiology|how\s+common|tell\s+me\s+about"
    r"|what\s+does\s+.+\s+mean)(?![\w])",
    re.IGNORECASE,
)


def detect_intent(text: str) -> Intent | None:
    """The question's primary intent, or None when it has no intent wording.

    In a vignette ("... MRI shows a pars defect. What is the treatment?") the sentence that asks
    decides, so the question sentences are read first and the whole text only as a fallback.
    """
    asked = " ".join(s for s in _SENTENCE_SPLIT.split(text) if s.rstrip().endswith("?"))
    if asked and asked.strip() != text.strip():
        found = _detect(asked)
        if found is not None:
            return found
    return _detect(text)


_SENTENCE_SPLIT = re.compile(r"(?<=[.?!])\s+")


# "sepsis fluids", "atrial fibrillation anticoagulation": a condition and the therapy asked about.
_TERSE_THERAPY = re.compile(
    r"^\s*[a-z][\w'/-]*(?:\s+[\w'/-]+){0,5}?\s+(?:anticoagulation|anticoagulants|antibiotics"
    r"|antibiotic\s+therapy|fluids|fluid\s+therapy|vasopressors|medications|medicines|drugs)\s*[?.]?\s*$",
    re.IGNORECASE,
)


def _detect(text: str) -> Intent | None:
    """Intent of one piece of text by the priority rules in the module docstring."""
    if _TERSE_THERAPY.match(text) and not _GENERAL.search(text):
        return Intent.TREATMENT
    if _COMPARISON.search(text):
        return Intent.COMPARISON
    if _DOSING.search(text):
        return Intent.DOSING
    if _is_drug_safety(text):
        return Intent.DRUG_SAFETY
    first: tuple[int, Intent] | None = None
    for intent, pattern in _RANKED:
        m = pattern.search(text)
        if m and (first is None or m.start() < first[0]):
            first = (m.start(), intent)
    if first is not None:
        return first[1]
    if _GENERAL.search(text):
        return Intent.GENERAL
    return None


def mentions_intent(text: str) -> bool:
    """True when ``text`` holds any intent wording (used to find the question's main clause)."""
    return detect_intent(text) is not None


def _is_drug_safety(text: str) -> bool:
    """Side effects and interactions always; 'safe' only about a drug, a vaccine or pregnancy."""
    if _SAFETY_STRONG.search(text):
        return True
    if not _SAFE_WORD.search(text):
        return False
    if DRUG_RE.search(text) or _VACCINE.search(text) or _PREGNANCY_WORDS.search(text):
        return True
    if _PROCEDURE.search(text):
        return True  # "Is MRI safe with a pacemaker?"
    return any(is_drug_word(w) for w in re.findall(r"[A-Za-z][A-Za-z-]+", text))
