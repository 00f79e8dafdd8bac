"""Plain-language names for clinical words, for answers written for patients.

Two kinds of entry, both fixed data so that a patient answer (and its verification) is the same on
every machine:

- words whose lay name comes from HPO's layperson synonyms (``source="hpo"``: "dyspnea" ->
  "shortness of breath"); a test checks each against the installed HPO when it is there;
- a curated lexicon of the words guideline text uses most ("mortality", "initiate", "CKD").

Short explanations of common conditions (grade 8 or below) are kept beside them, for the
"What This Means" section. :func:`hpo_lay_name` asks the installed HPO for other words.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LayEntry:
    """Regex alternatives for a clinical word or phrase, and its plain-language name.

    ``predicative`` marks a lay phrase that only reads well after the noun ("patients who are
    with symptoms" is wrong, "symptomatic patients" -> keep): it is not used right before a word.
    Abbreviation patterns are case-sensitive (``(?-i:...)``) so "CAP" never matches "cap".
    """

    patterns: tuple[str, ...]
    lay: str
    source: str = "curated"
    predicative: bool = False


def _abbr(*names: str) -> tuple[str, ...]:
    return tuple(f"(?-i:{name})" for name in names)


#: HPO layperson synonyms of clinical words that guideline text uses.
HPO_LAY: tuple[LayEntry, ...] = (
    LayEntry((r"dyspn(?:o)?ea",), "shortness of breath", "hpo"),
    LayEntry((r"tachycardia",), "fast heart rate", "hpo"),
    LayEntry((r"bradycardia",), "slow heartbeats", "hpo"),
    LayEntry((r"hypotension",), "low blood pressure", "hpo"),
    LayEntry((r"hypertension",), "high blood pressure", "hpo"),
    LayEntry((r"myocardial infarction",), "heart attack", "hpo"),
    LayEntry((r"syncope",), "fainting spell", "hpo"),
    LayEntry((r"hyperuricemia", r"hyperuricaemia"), "high blood uric acid level", "hpo"),
    LayEntry((r"proteinuria",), "protein in urine", "hpo"),
    LayEntry((r"hypoxemia", r"hypoxaemia"), "low blood oxygen level", "hpo"),
    LayEntry((r"hematuria", r"haematuria"), "blood in urine", "hpo"),
    LayEntry((r"nephrolithiasis",), "kidney stones", "hpo"),
    LayEntry((r"arrhythmias",), "irregular heartbeats", "curated"),
    LayEntry((r"arrhythmia",), "irregular heartbeat", "hpo"),
    LayEntry(
        (r"deep vein thrombosis", r"deep venous thrombosis"), "blood clot in a deep vein", "hpo"
    ),
    LayEntry((r"pulmonary embolism",), "blood clot in artery of lung", "hpo"),
)

#: Curated plain words for frequent guideline vocabulary.
CURATED: tuple[LayEntry, ...] = (
    LayEntry((r"all-cause mortality",), "death from any cause"),
    LayEntry((r"morbidity",), "illness"),
    LayEntry((r"recommended",), "advised"),
    LayEntry((r"recommends",), "advises"),
    LayEntry((r"approximately",), "about"),
    LayEntry((r"appropriate",), "suitable"),
    LayEntry((r"particularly", r"especially"), "above all"),
    LayEntry((r"typically",), "usually"),
    LayEntry((r"frequently",), "often"),
    LayEntry((r"immediately",), "right away"),
    LayEntry((r"significantly",), "clearly"),
    LayEntry((r"sufficient",), "enough"),
    LayEntry((r"insufficient",), "not enough"),
    LayEntry((r"alternatively",), "or else"),
    LayEntry((r"regarding",), "about"),
    LayEntry((r"utilization",), "use"),
    LayEntry((r"experiencing",), "having"),
    LayEntry((r"(?:may|can) be considered",), "may be an option"),
    LayEntry((r"consider",), "think about"),
    LayEntry((r"alternatives",), "other choices"),
    LayEntry((r"uncontrolled",), "not controlled"),
    LayEntry((r"monitored",), "checked"),
    LayEntry((r"monitor",), "check"),
    LayEntry((r"probability",), "chance"),
    LayEntry((r"occurring",), "happening"),
    LayEntry((r"duration",), "length"),
    LayEntry((r"requiring",), "needing"),
    LayEntry((r"documented",), "recorded"),
    LayEntry((r"identify",), "find"),
    LayEntry((r"currently",), "now"),
    LayEntry((r"initiating",), "starting"),
    LayEntry((r"initiated",), "started"),
    LayEntry((r"reduction",), "drop"),
    LayEntry((r"extended",), "longer"),
    LayEntry((r"hospitali[sz]ed",), "in hospital", predicative=True),
    LayEntry((r"individuali[sz]ed",), "personal"),
    LayEntry((r"evaluate",), "check"),
    LayEntry((r"reassess",), "recheck"),
    LayEntry((r"assess",), "check"),
    LayEntry((r"determine",), "find out"),
    LayEntry((r"ineffective",), "not working"),
    LayEntry((r"conditionally",), "in some cases"),
    LayEntry((r"hospitali[sz]ations",), "hospital stays"),
    LayEntry((r"necessary",), "needed"),
    LayEntry((r"eventually",), "in time"),
    LayEntry((r"transition",), "switch"),
    LayEntry((r"management",), "care"),
    LayEntry((r"performed",), "done"),
    LayEntry((r"identified",), "found"),
    LayEntry((r"detected",), "found"),
    LayEntry((r"resumption",), "restarting"),
    LayEntry((r"receiving",), "getting"),
    LayEntry((r"requires",), "needs"),
    LayEntry((r"require",), "need"),
    LayEntry((r"minimi[sz]e",), "limit"),
    LayEntry((r"subsequent",), "later"),
    LayEntry((r"previously",), "earlier"),
    LayEntry((r"therapies",), "treatments"),
    LayEntry((r"therapy",), "treatment"),
    LayEntry((r"medications",), "medicines"),
    LayEntry((r"medication",), "medicine"),
    LayEntry((r"pharmacologic(?:al)? (?:therapy|treatment)",), "medicine treatment"),
    LayEntry((r"pharmacologic(?:al)?",), "medicine"),
    LayEntry((r"non-?pharmacologic(?:al)?",), "non-drug"),
    LayEntry((r"optimal",), "best"),
    LayEntry((r"persistent",), "lasting"),
    LayEntry((r"recurrent",), "repeat"),
    LayEntry((r"recurrence",), "return"),
    LayEntry((r"abnormalities",), "problems"),
    LayEntry((r"elevated",), "raised"),
    LayEntry((r"hemorrhagic", r"haemorrhagic"), "bleeding"),
    LayEntry((r"characteri[sz]ed by",), "marked by"),
    LayEntry((r"inadequate",), "poor"),
    LayEntry((r"adequate",), "enough"),
    LayEntry((r"the following",), "these"),
    LayEntry((r"regimens",), "plans"),
    LayEntry((r"regimen",), "plan"),
    LayEntry((r"investigations",), "tests"),
    LayEntry((r"administering",), "giving"),
    LayEntry((r"administered",), "given"),
    LayEntry((r"refractory",), "hard-to-treat"),
    LayEntry((r"escalation",), "step-up"),
    LayEntry((r"primarily",), "mainly"),
    LayEntry((r"comparable",), "similar"),
    LayEntry((r"substantially",), "greatly"),
    LayEntry((r"unnecessary",), "needless"),
    LayEntry((r"associated with",), "linked to"),
    LayEntry((r"deterioration",), "worsening"),
    LayEntry((r"accelerated",), "faster"),
    LayEntry((r"postmenopausal",), "past menopause", predicative=True),
    LayEntry((r"antihypertensives",), "blood pressure medicines"),
    LayEntry((r"co-occurring",), "also present", predicative=True),
    LayEntry((r"modification",), "change"),
    LayEntry((r"modifications",), "changes"),
    LayEntry((r"adverse effects", r"adverse events"), "side effects"),
    LayEntry((r"adverse effect", r"adverse event"), "side effect"),
    LayEntry((r"titration",), "dose adjustment"),
    LayEntry((r"titrated?",), "adjusted"),
    LayEntry((r"tolerated",), "handled"),
    LayEntry((r"assessment",), "check"),
    LayEntry((r"monitoring",), "checking"),
    LayEntry((r"renal impairment",), "kidney problems"),
    LayEntry((r"hepatic impairment",), "liver problems"),
    LayEntry((r"impairment",), "problems"),
    LayEntry((r"indicated",), "needed"),
    LayEntry((r"neurological",), "nerve"),
    LayEntry((r"thrombolysis",), "clot-busting treatment"),
    LayEntry((r"thrombolytic",), "clot-busting"),
    LayEntry((r"thrombectomy",), "clot removal"),
    LayEntry((r"thrombus",), "blood clot"),
    LayEntry((r"thrombosis",), "blood clotting"),
    LayEntry((r"venous thromboembolism",), "blood clots in the veins"),
    LayEntry((r"antiplatelet (?:therapy|agents?)",), "anti-clotting pills"),
    LayEntry((r"beta-blockers",), "heart-slowing medicines (beta-blockers)"),
    LayEntry((r"antidepressant medications",), "depression medicines"),
    LayEntry((r"antidepressant medication",), "depression medicine"),
    LayEntry((r"antidepressants",), "depression medicines"),
    LayEntry((r"antidepressant",), "depression medicine"),
    LayEntry((r"psychotherapy",), "talk therapy"),
    LayEntry((r"resuscitation",), "emergency treatment"),
    LayEntry((r"mechanical ventilation",), "a breathing machine"),
    LayEntry((r"supplemental oxygen",), "extra oxygen"),
    LayEntry((r"hyperkalemia", r"hyperkalaemia"), "high blood potassium"),
    LayEntry((r"hypokalemia", r"hypokalaemia"), "low blood potassium"),
    LayEntry((r"electrolytes",), "blood salts"),
    LayEntry((r"electrolyte",), "blood salt"),
    LayEntry((r"crystalloids?",), "salt-water drip"),
    LayEntry((r"vasopressor",), "medicine that raises blood pressure"),
    LayEntry((r"fibrosis",), "scarring"),
    LayEntry((r"cognitive behavio(?:u)?ral therapy",), "talk therapy (CBT)"),
    LayEntry(_abbr("CKD"), "long-term kidney disease"),
    LayEntry((r"chronic kidney disease",), "long-term kidney disease"),
    LayEntry(_abbr("AKI"), "sudden kidney injury"),
    LayEntry((r"acute kidney injury",), "sudden kidney injury"),
    LayEntry(_abbr("HF"), "heart failure"),
    LayEntry(_abbr("MI"), "heart attack"),
    LayEntry(_abbr("BP"), "blood pressure"),
    LayEntry(_abbr("DVT"), "blood clot in a deep vein"),
    LayEntry(_abbr("PE"), "blood clot in the lung"),
    LayEntry(_abbr("VTE"), "blood clots in the veins"),
    LayEntry(_abbr("UTI"), "urinary tract infection"),
    LayEntry(_abbr("ULT"), "urate-lowering medicine"),
    LayEntry((r"urate-lowering therapy",), "urate-lowering medicine"),
    LayEntry(_abbr("OAC"), "blood thinner"),
    LayEntry(_abbr("ICS"), "inhaled steroid"),
    LayEntry((r"inhaled corticosteroids?",), "inhaled steroid"),
    LayEntry(_abbr("ICU"), "intensive care"),
    LayEntry((r"intensive care unit",), "intensive care"),
    LayEntry(_abbr("ED"), "emergency department"),
    LayEntry(_abbr("PO"), "by mouth"),
    LayEntry((r"orally",), "by mouth"),
    LayEntry(_abbr("CAP"), "pneumonia caught outside hospital"),
    LayEntry((r"community-acquired pneumonia",), "pneumonia caught outside hospital"),
)


#: Short explanations of common conditions, written at about grade 7 (keys are lower case).
CONDITION_EXPLANATIONS: dict[str, str] = {
    "gout": "Gout is a type of arthritis. Crystals of uric acid form in a joint and make it "
    "hot, swollen and very painful.",
    "gout flare": "A gout flare is a sudden attack of pain and swelling in a joint. It is "
    "caused by uric acid crystals.",
    "pneumonia": "Pneumonia is an infection of the lungs. It can cause cough, fever and "
    "trouble breathing.",
    "community-acquired pneumonia": "Pneumonia is a lung infection. Community-acquired means "
    "you caught it outside a hospital.",
    "copd": "COPD is a long-term lung disease that makes it hard to breathe. It often comes "
    "from smoking.",
    "copd exacerbation": "A COPD flare-up is a time when breathing gets much worse than usual, "
    "often because of an infection.",
    "asthma": "Asthma is a long-term lung condition. The airways swell and tighten, which "
    "causes wheezing and shortness of breath.",
    "hypertension": "High blood pressure means the blood pushes too hard on the walls of your "
    "blood vessels. Over time it can harm the heart, brain and kidneys.",
    "high blood pressure": "High blood pressure means the blood pushes too hard on the walls of "
    "your blood vessels. Over time it can harm the heart, brain and kidneys.",
    "sepsis": "Sepsis is a life-threatening reaction to an infection. It can harm many organs "
    "and needs hospital care right away.",
    "heart failure": "Heart failure means the heart does not pump as well as it should. It "
    "does not mean the heart has stopped.",
    "type 2 diabetes": "Type 2 diabetes means the body does not use insulin well, so the sugar "
    "level in the blood gets too high.",
    "diabetes": "Diabetes means the sugar level in the blood is too high.",
    "chronic kidney disease": "Long-term kidney disease (CKD) means the kidneys have been "
    "damaged for more than 3 months and do not clean the blood as well as they should.",
    "deep vein thrombosis": "A deep vein thrombosis (DVT) is a blood clot in a deep vein, "
    "most often in the leg.",
    "pulmonary embolism": "A pulmonary embolism (PE) is a blood clot that blocks a blood "
    "vessel in the lung.",
    "atrial fibrillation": "Atrial fibrillation (AF) is an irregular, often fast heartbeat. "
    "It raises the risk of stroke.",
    "osteoporosis": "Osteoporosis means the bones become thin and weak, so they break more easily.",
    "rheumatoid arthritis": "Rheumatoid arthritis is a disease in which the body's defense "
    "system attacks the joints and makes them painful and swollen.",
    "depression": "Depression is a medical illness that makes you feel sad or empty for a long "
    "time. It can be treated.",
    "acute pancreatitis": "Acute pancreatitis is a sudden swelling of the pancreas, an organ "
    "behind the stomach. It causes strong belly pain.",
    "pancreatitis": "Pancreatitis is a swelling of the pancreas, an organ behind the stomach.",
    "urinary tract infection": "A urinary tract infection (UTI) is an infection of the bladder "
    "or kidneys.",
    "meningitis": "Meningitis is an infection of the lining around the brain and spinal cord. "
    "It is an emergency.",
    "bacterial meningitis": "Bacterial meningitis is an infection of the lining around the "
    "brain and spinal cord. It is an emergency.",
    "stroke": "A stroke happens when blood stops flowing to part of the brain. It is an emergency.",
    "diabetic ketoacidosis": "Diabetic ketoacidosis (DKA) is a dangerous problem of diabetes. "
    "The body runs short of insulin and acids build up in the blood.",
    "dka": "Diabetic ketoacidosis (DKA) is a dangerous problem of diabetes. The body runs short "
    "of insulin and acids build up in the blood.",
    "alcohol use disorder": "Alcohol use disorder means drinking that a person finds hard to "
    "control and that causes harm.",
}


def condition_explanation(topic: str) -> str | None:
    """A plain explanation of a common condition named by ``topic``, if the lexicon has one."""
    key = " ".join(topic.lower().split())
    if key in CONDITION_EXPLANATIONS:
        return CONDITION_EXPLANATIONS[key]
    # "gout flare treatment" -> "gout flare"; the longest known name inside the topic wins.
    found = [name for name in CONDITION_EXPLANATIONS if f" {name} " in f" {key} "]
    return CONDITION_EXPLANATIONS[max(found, key=len)] if found else None


def hpo_lay_name(term: str, max_words: int = 4) -> str | None:
    """The shortest HPO layperson name of ``term`` (at most ``max_words`` words), if the
    vocabulary is installed and has one; None otherwise."""
    try:
        vocab: Any = importlib.import_module("medcite.vocab")
        names = [str(n) for n in vocab.lay_terms(term)]
    except Exception:
        return None
    fitting = [n for n in names if 0 < len(n.split()) <= max_words and "," not in n]
    return min(fitting, key=lambda n: (len(n), n)) if fitting else None


def lay_entries() -> tuple[LayEntry, ...]:
    """Every entry, HPO-derived first."""
    return (*HPO_LAY, *CURATED)


__all__ = [
    "CONDITION_EXPLANATIONS",
    "CURATED",
    "HPO_LAY",
    "LayEntry",
    "condition_explanation",
    "hpo_lay_name",
    "lay_entries",
]
