"""Red flags: findings that put an urgent notice before the answer.

Rules read the *masked* question (negated findings blanked), so "no saddle anaesthesia" or
"without neurological deficit" never raise a flag. Findings ("slurred speech", "haematemesis")
raise a flag in any question; a bare diagnosis name ("STEMI", "meningitis") raises one only in a
case, because "Management of STEMI" is a textbook question, not an emergency.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from medcite.records import PatientContext


def _rx(pattern: str) -> re.Pattern[str]:
    """Case-insensitive, whole-word pattern."""
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)


_BACK = _rx(
    r"back|lumbar|spine|spinal|sciatica|disc|disk|pars|spondyl\w*|radicul\w*|[lL][1-5]|S1|low\s+back"
)
_SADDLE = _rx(
    r"saddle(?:\s+area)?\s+(?:an(?:a)?esthesia|numbness|paresthesia|paraesthesia|sensory\s+loss|numb)"
    r"|(?:perineal|perianal|genital)\s+(?:numbness|an(?:a)?esthesia|sensory\s+loss)"
    r"|numb(?:ness)?\s+(?:in\s+the\s+|around\s+the\s+)?(?:groin|perineum|saddle\s+area)"
)
_SPHINCTER = _rx(
    r"urinary\s+(?:retention|incontinence)|(?:bladder|bowel)\s+(?:dysfunction|incontinence|retention|problems)"
    r"|f(?:a)?ecal\s+incontinence|unable\s+to\s+(?:urinate|pee|pass\s+urine)|loss\s+of\s+(?:bladder|bowel)\s+control"
    r"|retention\s+of\s+urine|can'?t\s+(?:urinate|pee)|incontinen\w+"
)
_BILATERAL_LEGS = _rx(
    r"bilateral\s+(?:leg|lower\s+(?:limb|extremity))\s+(?:weakness|numbness|pain)|bilateral\s+sciatica"
    r"|(?:weakness|numbness)\s+(?:in|of)\s+both\s+legs|both\s+legs\s+(?:are\s+|feel\s+|became\s+)?(?:weak|numb)"
    r"|(?:loss\s+of|reduced|decreased)\s+anal\s+(?:tone|sphincter\s+tone)"
)
_ST_ELEVATION = _rx(r"(?<!non-)(?<!non\s)st[- ](?:segment\s+)?elevation")
_STEMI_NAME = _rx(r"stemi")
_CAUDA_NAME = _rx(r"cauda\s+equina")
_CHEST_PAIN = _rx(r"chest\s+(?:pain|pressure|tightness|discomfort)|angina")
_ACS_FEATURES = _rx(
    r"radiat\w*\s+to\s+(?:the\s+|his\s+|her\s+)?(?:left\s+)?(?:arm|jaw|neck|shoulder)|diaphore\w*|sweat\w*|crushing"
    r"|clammy"
)
_ACS_NAME = _rx(r"acute\s+coronary\s+syndrome|nstemi|heart\s+attack|myocardial\s+infarction")
_DISSECTION = _rx(r"tearing\s+(?:chest|back)\s+pain|chest\s+pain\s+radiating\s+to\s+the\s+back")
_DISSECTION_NAME = _rx(r"aortic\s+dissection")
_AIRWAY_SWELLING = _rx(
    r"(?:throat|tongue|lip|lips|airway|face|facial)\s+(?:swelling|tightness|closing|swollen)"
    r"|swelling\s+of\s+(?:the\s+|her\s+|his\s+)?(?:throat|tongue|lips?|face)|swollen\s+(?:throat|tongue|lips?|face)"
    r"|angioedema|stridor"
)
_ALLERGEN = _rx(
    r"stings?|stung|bees?|wasps?|hornets?|peanuts?|nuts?|shellfish|after\s+eating|food\s+allergy|allergic\s+reaction"
    r"|allergens?|contrast"
)
_ANAPHYLAXIS_SIGNS = _rx(
    r"hypotension|hypotensive|low\s+blood\s+pressure|wheez\w*|difficulty\s+breathing|trouble\s+breathing"
    r"|shortness\s+of\s+breath|can'?t\s+breathe|collapsed?|faint\w*|hives|urticaria"
)
_ANAPHYLAXIS_NAME = _rx(r"anaphyla\w*")
_STROKE = _rx(
    r"facial\s+droop\w*|face\s+(?:is\s+)?droop\w*|drooping\s+(?:of\s+the\s+)?face|slurred\s+speech|slurring"
    r"|sudden(?:\s+onset)?(?:\s+of)?\s+(?:weakness|numbness|paralysis|vision\s+loss|loss\s+of\s+vision|confusion"
    r"|difficulty\s+speaking|trouble\s+speaking|one[- ]sided\s+weakness)"
    r"|(?:one[- ]sided|unilateral|left[- ]sided|right[- ]sided)\s+(?:weakness|numbness|paralysis)"
    r"|hemiparesis|hemiplegia|aphasia|arm\s+drift"
)
_STROKE_NAME = _rx(r"acute\s+stroke|stroke\s+symptoms|having\s+a\s+stroke|suspected\s+stroke")
_THUNDERCLAP = _rx(r"thunderclap(?:\s+headache)?|worst\s+headache|sudden\s+severe\s+headache")
_SUICIDE_FIRST_PERSON = _rx(
    r"kill\s+(?:myself|himself|herself|themselves)|end\s+(?:my|his|her|their)\s+(?:own\s+)?life"
    r"|want(?:s)?\s+to\s+die|hurt\s+(?:myself|himself|herself)|took\s+an\s+overdose|overdosed"
)
_SUICIDE_WORDS = _rx(r"suicid\w*|self[- ]harm\w*")
_FEVER = _rx(
    r"fevers?|febrile|pyrexi\w*|high\s+temperature|temperature\s+(?:of\s+)?(?:3[89]|4[0-2])(?:\.\d)?|rigors"
    r"|(?:10[1-5])(?:\.\d)?\s*(?:°\s*)?f|3[89](?:\.\d)?\s*(?:°\s*)?c"
)
_SEPSIS_SIGNS = _rx(
    r"hypotension|hypotensive|low\s+blood\s+pressure|confus\w*|altered\s+mental\s+status|altered\s+consciousness"
    r"|disorient\w*|drowsy|lethargic|mottled|tachycard\w*|lactate|unresponsive|rigors"
)
_SEPSIS_NAME = _rx(r"sepsis|septic\s+shock|septic")
_NECK_STIFFNESS = _rx(
    r"neck\s+stiffness|stiff\s+neck|nuchal\s+rigidity|neck\s+rigidity|meningism\w*"
)
_PETECHIAL = _rx(
    r"non-?blanching\s+rash|petechia\w*|purpur\w*|rash\s+that\s+does\s+not\s+(?:blanch|fade)"
)
_MENINGITIS_NAME = _rx(r"meningitis|meningococcal")
_GI_BLEED = _rx(
    r"ha?ematemesis|vomit\w*\s+(?:up\s+)?blood|(?:blood|bloody)\s+vomit|coffee[- ]ground\w*"
    r"|mela?ena"
    r"|black\s+(?:tarry\s+)?stools?|tarry\s+stools?|ha?ematochezia|(?:large|heavy|significant)\s+(?:amount\s+of\s+)?"
    r"rectal\s+bleeding|passing\s+blood"
)
_GI_BLEED_NAME = _rx(
    r"(?:gi|gastrointestinal|upper\s+gi|lower\s+gi)\s+(?:bleed|bleeding|haemorrhage|hemorrhage)"
)
_DYSPNEA = _rx(
    r"shortness\s+of\s+breath|short\s+of\s+breath|breathless\w*|dyspn\w*|difficulty\s+breathing"
)
_PE_FEATURES = _rx(
    r"pleuritic|ha?emoptysis|coughing\s+(?:up\s+)?blood|calf\s+(?:swelling|pain|tenderness)|(?:swollen|swelling\s+of\s+"
    r"(?:the\s+|her\s+|his\s+)?)(?:leg|calf)|leg\s+swelling|dvt|deep\s+vein\s+thrombosis|recent\s+surgery"
    r"|long[- ](?:haul\s+)?flight|immobili[sz]\w*|postpartum"
)
_HEMOPTYSIS = _rx(r"ha?emoptysis|coughing\s+(?:up\s+)?blood")
_PE_NAME = _rx(r"pulmonary\s+embol\w*")
_TESTIS_PAIN = _rx(
    r"(?:testicular|testis|testicle|scrotal)\s+(?:pain|swelling)|pain\s+in\s+(?:the\s+|his\s+|my\s+)?"
    r"(?:testicle|testis|scrotum|testicles)"
)
_ACUTE = _rx(r"sudden\w*|acute\w*|severe|abrupt\w*|woke|waking")
_TORSION_NAME = _rx(r"torsion")
_EARLY_PREGNANCY = _rx(
    r"missed\s+(?:a\s+)?period|late\s+period|positive\s+pregnancy\s+test|pregnan\w*"
)
_PELVIC_PAIN = _rx(
    r"(?:abdominal|pelvic|belly|tummy|lower\s+abdominal|adnexal)\s+pain|pain\s+in\s+(?:the\s+|her\s+)?(?:lower\s+)?"
    r"(?:abdomen|pelvis|belly)|shoulder\s+tip\s+pain"
)
_VAGINAL_BLEEDING = _rx(r"(?:vaginal\s+)?bleeding|spotting|bleed")
_LATE_GESTATION = re.compile(r"(?<!\d)(2\d|3\d|4[0-2])\s*(?:weeks?|wks?)", re.IGNORECASE)
_ECTOPIC_NAME = _rx(r"ectopic(?:\s+pregnancy)?")
_PROGRESSIVE_DEFICIT = _rx(
    r"progressiv\w*\s+(?:(?:leg|arm|limb|lower\s+limb|bilateral\s+leg|motor)\s+)?"
    r"(?:neurological\s+deficits?|neuro\w*\s+deficits?|weakness|numbness|foot\s+drop|paralysis"
    r"|myelopathy|loss\s+of\s+(?:strength|function|sensation)|neurologic\w*)"
    r"|(?:worsening|increasing|progressing|spreading)\s+(?:leg\s+|arm\s+|limb\s+)?(?:weakness|numbness|foot\s+drop"
    r"|neurological\s+deficits?)|new\s+foot\s+drop|new\s+neurological\s+deficits?"
)
_SPINE_PAIN = _rx(r"(?:back|lumbar|spinal|neck|spine)\s+pain|backache|sciatica")
_SPINE_SINISTER = _rx(
    r"fevers?|unexplained\s+weight\s+loss|weight\s+loss|history\s+of\s+cancer|cancer\s+history|night\s+pain"
    r"|pain\s+at\s+night|iv\s+drug\s+use|intravenous\s+drug\s+use|night\s+sweats|immunosuppress\w*"
)


@dataclass(frozen=True)
class _Findings:
    """What the rules read: the masked question, the context, and whether it is a case."""

    text: str
    context: PatientContext
    is_case: bool

    def has(self, pattern: re.Pattern[str]) -> bool:
        """True when ``pattern`` occurs in the masked question."""
        return bool(pattern.search(self.text))

    def named(self, pattern: re.Pattern[str]) -> bool:
        """A diagnosis name counts only when a specific patient is described."""
        return self.is_case and self.has(pattern)


def _cauda_equina(f: _Findings) -> bool:
    sphincter = f.has(_SPHINCTER) and f.has(_BACK)
    return f.has(_SADDLE) or sphincter or f.has(_BILATERAL_LEGS) or f.named(_CAUDA_NAME)


def _stemi(f: _Findings) -> bool:
    return f.has(_ST_ELEVATION) or f.named(_STEMI_NAME)


def _acs(f: _Findings) -> bool:
    return (f.has(_CHEST_PAIN) and f.has(_ACS_FEATURES)) or f.named(_ACS_NAME)


def _dissection(f: _Findings) -> bool:
    return f.has(_DISSECTION) or f.named(_DISSECTION_NAME)


def _anaphylaxis(f: _Findings) -> bool:
    swelling = f.has(_AIRWAY_SWELLING) and (f.has(_ALLERGEN) or f.has(_ANAPHYLAXIS_SIGNS))
    exposure = f.has(_ALLERGEN) and f.has(_ANAPHYLAXIS_SIGNS)
    return swelling or exposure or f.named(_ANAPHYLAXIS_NAME)


def _stroke(f: _Findings) -> bool:
    return f.has(_STROKE) or f.named(_STROKE_NAME)


def _subarachnoid(f: _Findings) -> bool:
    return f.has(_THUNDERCLAP)


def _suicide(f: _Findings) -> bool:
    return f.has(_SUICIDE_FIRST_PERSON) or f.named(_SUICIDE_WORDS)


def _sepsis(f: _Findings) -> bool:
    return (f.has(_FEVER) and f.has(_SEPSIS_SIGNS)) or f.named(_SEPSIS_NAME)


def _meningitis(f: _Findings) -> bool:
    classic = f.has(_FEVER) and f.has(_NECK_STIFFNESS)
    rash = f.has(_PETECHIAL) and (f.has(_FEVER) or f.has(_NECK_STIFFNESS))
    return classic or rash or f.named(_MENINGITIS_NAME)


def _gi_bleed(f: _Findings) -> bool:
    return f.has(_GI_BLEED) or f.named(_GI_BLEED_NAME)


def _pulmonary_embolism(f: _Findings) -> bool:
    dyspnea = f.has(_DYSPNEA) and f.has(_PE_FEATURES)
    return dyspnea or (f.has(_HEMOPTYSIS) and f.has(_CHEST_PAIN)) or f.named(_PE_NAME)


def _torsion(f: _Findings) -> bool:
    young_male = f.context.sex == "male" and f.context.age_group in ("child", "adolescent")
    return (f.has(_TESTIS_PAIN) and (f.has(_ACUTE) or young_male)) or f.named(_TORSION_NAME)


def _pregnancy_bleeding(f: _Findings) -> bool:
    pregnant = bool(f.context.pregnant) or f.has(_EARLY_PREGNANCY)
    return pregnant and f.has(_PELVIC_PAIN) and f.has(_VAGINAL_BLEEDING)


def _ectopic(f: _Findings) -> bool:
    early = _pregnancy_bleeding(f) and not _LATE_GESTATION.search(f.text)
    return early or f.named(_ECTOPIC_NAME)


def _late_pregnancy_bleeding(f: _Findings) -> bool:
    return _pregnancy_bleeding(f) and bool(_LATE_GESTATION.search(f.text))


def _progressive_deficit(f: _Findings) -> bool:
    return f.has(_PROGRESSIVE_DEFICIT)


def _sinister_back_pain(f: _Findings) -> bool:
    background = any(c in ("cancer", "immunosuppression") for c in f.context.comorbidities)
    return f.has(_SPINE_PAIN) and (f.has(_SPINE_SINISTER) or background)


_RULES: tuple[tuple[str, Callable[[_Findings], bool]], ...] = (
    ("Possible cauda equina syndrome", _cauda_equina),
    ("Possible ST-elevation myocardial infarction (STEMI)", _stemi),
    ("Possible acute coronary syndrome", _acs),
    ("Possible aortic dissection", _dissection),
    ("Possible anaphylaxis", _anaphylaxis),
    ("Possible stroke", _stroke),
    ("Possible subarachnoid haemorrhage", _subarachnoid),
    ("Suicide risk: urgent safety assessment needed", _suicide),
    ("Possible sepsis", _sepsis),
    ("Possible meningitis", _meningitis),
    ("Possible gastrointestinal bleeding", _gi_bleed),
    ("Possible pulmonary embolism", _pulmonary_embolism),
    ("Possible testicular torsion", _torsion),
    ("Possible ectopic pregnancy", _ectopic),
    (
        "Bleeding with pain in later pregnancy (possible placental abruption)",
        _late_pregnancy_bleeding,
    ),
    ("Progressive neurological deficit", _progressive_deficit),
    ("Back pain with features of infection or malignancy", _sinister_back_pain),
)


def detect_red_flags(masked: str, context: PatientContext, *, is_case: bool) -> list[str]:
    """Red-flag labels in a fixed order; the question must already be masked for negation."""
    findings = _Findings(masked, context, is_case)
    flags = [label for label, rule in _RULES if rule(findings)]
    if "Possible ST-elevation myocardial infarction (STEMI)" in flags:
        # STEMI is the more specific notice; do not show both
        flags = [f for f in flags if f != "Possible acute coronary syndrome"]
    return flags
