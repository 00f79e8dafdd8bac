"""Section plans: for each intent, the sections an answer may have and the cue words that place a
sentence in them. Plans are data; the composer's code does not know any section by name except
through the keys defined here.

A cue is a regular expression (case-insensitive) with a weight. A sentence goes to the section
whose cues give it the highest total; ``requires`` patterns must also match for a section to take a
sentence at all (imaging in a treatment answer only when it decides treatment).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from medcite.records import Intent

Cue = tuple[str, float]

#: Keys of sections written for the reader rather than drawn from evidence; they carry no
#: citations and the verifier and integrity check leave them alone.
EXPLANATORY_KEYS: frozenset[str] = frozenset({"what_this_means", "key_concepts"})


@dataclass(frozen=True)
class SectionSpec:
    """One section of a plan."""

    key: str
    heading: str
    patient_heading: str
    cues: tuple[Cue, ...] = ()
    # Cues against the section: their weights are subtracted ("for whom X is contraindicated"
    # names a second-line population, not a pitfall).
    penalties: tuple[Cue, ...] = ()
    requires: tuple[str, ...] = ()
    subsections: tuple[SectionSpec, ...] = ()
    # In a case, sentences about the patient's own facts are pulled towards this section.
    context_boost: bool = False
    # Sentences with figures (percentages, rates) are preferred when the section is full.
    prefer_figures: bool = False
    # The cue total a sentence needs to be placed here rather than in the default section.
    min_score: float = 2.0


@dataclass(frozen=True)
class Plan:
    """The section plan of one intent, plus the cues that pick the bottom line."""

    intent: Intent
    sections: tuple[SectionSpec, ...]
    intent_cues: tuple[str, ...]
    bottom_cues: tuple[Cue, ...]
    escalation_cues: tuple[Cue, ...] = ()
    # Words of another intent: a sentence matching more of these than of ``intent_cues`` answers
    # a different question (a treatment sentence in a diagnosis answer) and is left out.
    avoid_cues: tuple[str, ...] = ()
    default: SectionSpec = field(
        default_factory=lambda: SectionSpec("key_evidence", "Key Evidence", "Key Points")
    )

    def all_sections(self) -> list[SectionSpec]:
        """Every section and subsection in reading order, the default section last."""
        out: list[SectionSpec] = []
        for spec in self.sections:
            out.append(spec)
            out.extend(spec.subsections)
        out.append(self.default)
        return out


@lru_cache(maxsize=1024)
def pattern(regex: str) -> re.Pattern[str]:
    """Compiled, cached, case-insensitive cue pattern."""
    return re.compile(regex, re.IGNORECASE)


_DURATION = r"\b\d+(?:\s*(?:–|-|to)\s*\d+)?\s*(?:weeks?|months?)\b"
_TREATMENT_WORDS: tuple[str, ...] = (
    r"\btreat\w*|\bmanagement\b|\btherap\w*",
    r"\bsurg\w*|\boperat\w*|\bfusion\b|\brepair\w*",
    r"\bbrac\w*|\borthos[ie]s\b|\brehabilitation\b|\bphysiotherap\w*",
    r"\breturn(?:ed)? to (?:sport|play|work)",
    r"\breferr\w*|\bconservative\w*",
    r"\bfollow(?:ed)?[- ]up\b|\bfollowed\b",
)
_FIGURE = r"\d+(?:\.\d+)?\s*%"
# Moving past the first line: it failed, was not tolerated, or is not enough.
_FAILED = r"\bfail(?:s|ed|ing)?\b|\b(?:treatment|therapy|medical) failure\b|\bfailure (?:of|to)\b"
_SECOND_LINE = (
    _FAILED + r"|\bdespite\b|\brefractory\b|\bineffective\b|\bpoorly tolerated\b|"
    r"\bnot tolerated\b|\bintoleran\w*|\binadequate\w*|\bsecond[- ]line\b|\bthird[- ]line\b|"
    r"\bresistant\b|\bnon-?respon\w*"
)

# A recommendation in favour ("is recommended", "should be started") is not a pitfall.
_IN_FAVOUR = r"\b(?:is|are|be) (?:strongly |conditionally )?(?:recommended|suggested)\b(?! against)"

PITFALLS = SectionSpec(
    "pitfalls",
    "Critical Clinical Pitfalls",
    "Important Cautions",
    cues=(
        (r"\bshould not\b|\bshould never\b|\bmust not\b", 3.0),
        (r"\bdo not\b|\bdon't\b|\bnever\b", 2.5),
        (r"\bavoid\w*", 2.5),
        (r"\bnot recommended\b|\brecommend(?:ed|s)? against\b|\bnot (?:be )?used\b", 2.5),
        (r"\b(?:is|are) contraindicated\b|\bcontraindicated (?:in|during|with)\b", 2.0),
        (r"\bcontraindications? (?:include|are|is)\b", 2.5),
        (r"\bpitfall|\bcaution\b|\bwarning\b|\bdoes not exclude\b", 2.5),
        (r"\bmisdiagnos\w*|\bmissed\b|\boverlook\w*|\bunder-?(?:triag|estimat|recogni)\w*", 2.0),
        (r"\bdelay\w* (?:in )?(?:the )?(?:diagnosis|treatment|recognition|referral|care)\b", 2.0),
        (r"\bpremature\w*|\bno (?:proven |clear )?benefit\b|\bharmful\b|\bCOR 3\b", 1.5),
        (r"\bbefore\b", 0.5),
    ),
    penalties=(
        (_IN_FAVOUR, 2.0),
        (r"\bfor whom\b|\bin whom\b|\bfor patients (?:who|with)\b", 1.5),
    ),
)

FOLLOW_UP = SectionSpec(
    "follow_up",
    "Follow-up and Monitoring",
    "Check-ups",
    cues=(
        (r"\bfollow(?:ed)?[- ]up\b|\bfollowed up\b", 3.0),
        (r"\bmonitor\w*|\bsurveillance\b|\breassess\w*|\bperiodic\b|\bserial\b", 2.0),
        (r"\brepeat (?:imaging|radiograph|ct|mri|scan|testing|measurement)", 1.5),
        (r"\brecheck\w*|\bre-?evaluat\w*|\bevery \d+\s*(?:hours?|days?|weeks?|months?)", 1.5),
        (r"\breview\b", 0.5),
    ),
)

_TREATMENT = Plan(
    intent=Intent.TREATMENT,
    intent_cues=(
        r"\btreat\w*",
        r"\bmanag\w*",
        r"\btherap\w*",
        r"\bsurg\w*|\boperat\w*",
        r"\bconservative\b|\bnon-?operative\b",
        r"\brecommend\w*",
        r"\bbrac\w*|\borthos[ie]s\b",
        r"\brehabilitation\b|\bphysiotherap\w*|\bphysical therap\w*",
        r"\breturn(?:ed)? to (?:sport|play|activit|work)",
        r"\bfusion\b|\brepair\w*|\bfixation\b|\binjection\w*|\bstimulat\w*",
        r"\bNSAIDs?\b|\banalges\w*|\bmedication\w*",
        r"\bshould\b|\bconsider\w*|\bindicated\b|\bpreferred\b",
        r"\bstep(?:ping|ped)?[- ]?(?:up|down)\b|\bescalat\w*|\bregimens?\b",
    ),
    bottom_cues=(
        (r"\brecommended\b|\brecommends?\b", 2.0),
        (r"\bsuggests?\b|\bsuggested\b", 1.5),
        (r"\bfirst[- ]line\b|\binitial (?:management|treatment|therapy)\b", 2.0),
        (r"\bmainstay\b|\btreatment of choice\b|\bstandard (?:of care|treatment)\b", 1.5),
        (r"\bshould be\b|\bshould\b(?! not)", 1.0),
        (r"\bis indicated\b|\bpreferred\b", 0.5),
    ),
    escalation_cues=(
        (r"\breserved for\b", 2.0),
        (r"\bif (?:symptoms|pain) persist|\bpersist\w*|\brefractory\b", 1.5),
        (
            _FAILED + r"|\bdespite\b|\bnot respond\w* to (?:the )?(?:initial|first[- ]line|"
            r"standard|usual)\b",
            1.5,
        ),
        (r"\bafter (?:at least )?\d+(?:\s*(?:–|-|to)\s*\d+)? (?:weeks|months)\b", 1.0),
        (r"\bescalat\w*|\breferr\w* for (?:a )?surgical", 1.0),
    ),
    sections=(
        SectionSpec(
            "understanding",
            "Understanding the Condition",
            "About the Condition",
            cues=(
                (
                    r"\bis an? (?:\w+ ){0,3}(?:defect|fracture|condition|disorder|disease|lesion)",
                    3.0,
                ),
                (r"\bdefined as\b|\brefers? to\b|\bcharacteri[sz]ed by\b", 2.5),
                (r"\bcaused by\b|\bresults? from\b|\betiolog\w*|\baetiolog\w*", 2.0),
                (r"\bdue to\b", 1.0),
                (r"\bforms?\b|\btypes?\b|\bclassif\w*|\bpathogenes\w*|\bpathophysiolog\w*", 1.0),
                (r"\bprevalen\w*|\bincidence\b|\bcommon(?:ly)?\b", 1.0),
            ),
            penalties=((_IN_FAVOUR, 2.0), (r"\bshould\b|\bconsider\w*", 1.0)),
        ),
        SectionSpec(
            "assessment",
            "Initial Assessment",
            "How Doctors Check It",
            cues=(
                (r"\bhistory\b|\bexamination\b|\bexam\b|\bphysical findings\b", 2.0),
                (r"\bpresent(?:s|ing)? with\b|\bsymptoms? (?:include|are)\b", 2.0),
                (r"\brisk factors?\b", 2.5),
                (r"\bred flags?\b", 2.5),
                (r"\bseverity (?:score|assessment|index)|\bassess (?:the )?severity\b", 2.5),
                (r"\bassess\w*|\bevaluat\w*|\bstratif\w*|\bscore\b", 1.0),
                (r"\btest\b(?! for)|\bsign\b", 0.5),
            ),
        ),
        SectionSpec(
            "imaging",
            "Imaging and Work-up",
            "Scans and Tests",
            cues=(
                (r"\bMRI\b|\bCT\b|\bSPECT\b|\bradiograph\w*|\bx-rays?\b|\bbone scan\w*", 3.0),
                (r"\bimaging\b|\bscan\w*|\bultrasound\b", 1.0),
            ),
            # Imaging belongs in a treatment answer only where it changes the decision.
            requires=(
                r"\bstag\w*|\bacute\b|\bactive\b|\bchronic\b|\bheal\w*|\bunion\b|\bguid\w*|"
                r"\bdetermin\w*|\bdecid\w*|\bdistinguish\w*|\bconfirm\w*|\btreatment\b",
            ),
        ),
        SectionSpec(
            "treatment",
            "Treatment Algorithm",
            "Treatment Options",
            cues=(
                (r"\btreat\w*|\bmanagement\b|\btherap\w*", 0.5),
                (r"\brecommended\b|\bsuggested\b|\bstart\w*|\binitiat\w*|\bcontinu\w*", 0.5),
            ),
            # General treatment statements belong here rather than under "Key Evidence".
            min_score=0.5,
            subsections=(
                SectionSpec(
                    "first_line",
                    "First-Line Treatment",
                    "First Step",
                    cues=(
                        (
                            r"\bfirst[- ]line\b|\bfirst[- ]choice\b|\bmainstay\b|"
                            r"\btreatment of choice\b|\binitial (?:management|treatment|therapy)\b",
                            3.0,
                        ),
                        (r"\binitial\w*|\bimmediate\w*|\binitiat\w*|\bearly\b", 1.0),
                        (r"\bconservative\w*|\bnon-?operative\w*|\bnon-?surgical\w*", 2.0),
                        (r"\bbrac\w*|\borthos[ie]s\b", 2.0),
                        (r"\bactivity (?:modification|restriction)\b|\brest\b|\brestrict\w*", 2.0),
                        (r"\bphysiotherap\w*|\bphysical therap\w*|\brehabilitation\b", 2.0),
                        (r"\bcore (?:strength\w*|stabili[sz]\w*)|\bexercise\w*", 1.5),
                        (r"\bNSAIDs?\b|\banalges\w*|\banti-inflammator\w*", 1.5),
                        (_DURATION, 1.0),
                    ),
                    penalties=(
                        (_SECOND_LINE, 2.0),
                        (r"\bsurg\w*|\boperat\w*", 1.0),
                        (r"\bnot (?:be )?(?:used|recommended)\b|\bagainst\b", 2.0),
                    ),
                ),
                SectionSpec(
                    "second_line",
                    "Second-Line",
                    "If First Treatment Does Not Help",
                    # "Persistent pain" alone describes a patient; second-line needs a treatment.
                    requires=(
                        r"\btreat\w*|\btherap\w*|\binjection\w*|\bbrac\w*|\bstimulat\w*|\bsurg\w*|"
                        r"\breferr\w*|\bcare\b|\bmanagement\b|\binhibitor\w*|\bagonist\w*|"
                        r"\bantagonist\w*|\bdrugs?\b|\bmedication\w*|\brecommended\b|\bsuggested\b|"
                        r"\badd\w*|\bswitch\w*|\bconsider\w*",
                    ),
                    cues=(
                        (_SECOND_LINE, 2.5),
                        (r"\bpersist\w*|\bif symptoms\b|\buncontrolled\b|\bnot controlled\b", 1.5),
                        (r"\binjection\w*|\bblock\b|\bstimulat\w*", 2.0),
                        (r"\bstep(?:ping)?[- ]up\b|\bescalat\w*|\badd-on\b|\bswitch\w*", 1.5),
                    ),
                    penalties=((r"\bfirst[- ]line\b|\binitial (?:treatment|therapy)\b", 2.0),),
                ),
                SectionSpec(
                    "surgical",
                    "Third-Line: Surgical / Interventional",
                    "Surgery",
                    cues=(
                        (r"\bsurg\w*|\boperat\w*(?<!non-operative)", 2.0),
                        (r"\brepair\w*|\bfusion\b|\bfixation\b|\bscrew\w*|\bwiring\b", 2.0),
                        (
                            r"\bresection\b|\bdebridement\b|\bdrainage\b|\bnecrosectomy\b|"
                            r"\bcholecystectomy\b|\btransplant\w*|\bprocedur\w*|\bendoscopic\b",
                            2.0,
                        ),
                        (r"\bcandida\w*|\bindicat\w*|\breserved for\b", 1.5),
                        (r"\bBuck\b|\bScott\b|\bhook\b|\bconstructs?\b", 1.5),
                    ),
                    penalties=((r"\bnon-?operative\w*|\bnon-?surgical\w*", 1.5),),
                ),
            ),
        ),
        SectionSpec(
            "outcomes",
            "Outcomes and Prognosis",
            "What to Expect",
            cues=(
                (_FIGURE, 1.5),
                (
                    r"\brates?\b|\boutcomes?\b|\bprognos\w*|\bsuccess\w*|\bmortality\b|"
                    r"\bsurviv\w*|\brecurren\w*|\bremission\b|\breadmission\w*",
                    1.5,
                ),
                (r"\breturn(?:ed)? to (?:sport|play|activit\w*|work)\b", 1.5),
                (r"\bunion\b|\bheal\w*|\brecover\w*|\bprogress(?:ed|ion)\b|\bresolution\b", 1.0),
            ),
            penalties=((_IN_FAVOUR, 1.0), (r"\bshould\b", 1.0)),
            prefer_figures=True,
        ),
        SectionSpec(
            "special",
            "Special Considerations",
            "Special Situations",
            cues=(
                (r"\bathlet\w*|\bsports?(?:men|women|people)?\b|\bgymnast\w*|\bplayers?\b", 1.5),
                (
                    r"\bchild\w*|\bp(?:a)?ediatric\b|\badolescen\w*|\byoung (?:adult|patient)s?\b",
                    1.5,
                ),
                (
                    r"\belderly\b|\bolder (?:adult|patient)s?\b|\bpregnan\w*|\bwomen\b|\bfemale\w*",
                    2.0,
                ),
                (
                    r"\brenal (?:impairment|insufficiency)\b|\bCKD\b|\beGFR\b|\bhepatic impairment\b|"
                    r"\bimmunocompromised\b|\blactat\w*|\bbreastfeed\w*",
                    2.0,
                ),
                (r"\bbilateral\b|\bunilateral\b|\blateralit\w*", 1.5),
                (r"\bacute\b|\bchronic\b|\btraumatic\b", 0.5),
            ),
            context_boost=True,
        ),
        FOLLOW_UP,
        PITFALLS,
    ),
)

_DIAGNOSIS = Plan(
    intent=Intent.DIAGNOSIS,
    intent_cues=(
        r"\b(?:mis)?diagnos\w*",
        r"\bsensitiv\w*|\bspecific\w*",
        r"\bpresent\w*|\bsymptom\w*|\bsigns?\b",
        r"\btest\w*|\bimaging\b|\bMRI\b|\bCT\b|\bradiograph\w*",
        r"\bcriteria\b|\bconfirm\w*",
        # Staging and classification are part of the work-up ("G3a (GFR Categories) — ...").
        r"\bstag(?:e|es|ed|ing)\b|\bclassif\w*|\bcategor(?:y|ies)\b",
    ),
    avoid_cues=_TREATMENT_WORDS,
    bottom_cues=(
        (r"\brecommended\b|\bshould be (?:obtained|performed|used)\b", 2.0),
        (r"\bdiagnosis (?:is|was|can be) (?:made|confirmed|based)\b|\bconfirm\w*", 2.0),
        (r"\bgold standard\b|\bmost accurate\b|\binitial (?:test|imaging|investigation)\b", 1.5),
    ),
    sections=(
        SectionSpec(
            "presentation",
            "Clinical Presentation",
            "Common Signs and Symptoms",
            cues=(
                (r"\bpresent(?:s|ing)? with\b|\bsymptoms?\b|\bsigns?\b|\bcomplain\w*", 2.0),
                (r"\bhistory\b|\bexamination\b|\bpain\b", 1.0),
            ),
        ),
        SectionSpec(
            "criteria",
            "Diagnostic Criteria",
            "How the Diagnosis Is Made",
            cues=(
                (r"\bcriteria\b|\bclassif\w*|\bdefined as\b", 2.5),
                (r"\bdiagnos(?:is|ed) (?:is|was|can be|requires)\b|\bconfirm\w*", 2.0),
            ),
        ),
        SectionSpec(
            "labs",
            "Laboratory Tests",
            "Blood and Lab Tests",
            cues=(
                (r"\bserum\b|\bblood\b|\bplasma\b|\burin\w*|\blaborator\w*|\bassay\b", 2.0),
                (r"\bCRP\b|\bESR\b|\burate\b|\bbiomarker\w*|\bculture\b", 1.5),
            ),
        ),
        SectionSpec(
            "imaging",
            "Imaging",
            "Scans",
            cues=(
                (r"\bMRI\b|\bCT\b|\bSPECT\b|\bradiograph\w*|\bx-rays?\b|\bultrasound\b", 2.0),
                (r"\bimaging\b|\bscan\w*|\bsensitiv\w*|\bspecificity\b", 1.0),
            ),
        ),
        SectionSpec(
            "differential",
            "Differential Diagnosis",
            "Other Possible Causes",
            cues=(
                (r"\bdifferential\b|\bmimic\w*|\bdistinguish\w*|\bexclude\w*|\brule out\b", 2.5),
                (r"\bother causes\b|\bconfused with\b|\bmisdiagnos\w*", 2.0),
            ),
        ),
        PITFALLS,
    ),
)

_IMAGING = Plan(
    intent=Intent.IMAGING,
    intent_cues=(
        r"\bimaging\b|\bscan\w*",
        r"\bMRI\b|\bCT\b|\bSPECT\b|\bradiograph\w*|\bx-rays?\b|\bultrasound\b",
        r"\bsensitiv\w*|\bspecific\w*|\baccura\w*",
    ),
    avoid_cues=_TREATMENT_WORDS,
    bottom_cues=(
        (r"\brecommended\b|\bshould be (?:obtained|performed|used)\b", 2.0),
        (r"\binitial (?:imaging|study|test)\b|\bfirst[- ]line\b|\bmost accurate\b", 2.0),
    ),
    sections=(
        SectionSpec(
            "initial_imaging",
            "Initial Imaging",
            "First Scans",
            cues=((r"\binitial\b|\bfirst[- ]line\b|\bradiograph\w*|\bx-rays?\b|\bplain\b", 2.0),),
        ),
        SectionSpec(
            "advanced_imaging",
            "Advanced Imaging",
            "More Detailed Scans",
            cues=(
                (r"\bMRI\b|\bCT\b|\bSPECT\b|\bbone scan\w*|\bPET\b", 2.0),
                (r"\bsensitiv\w*|\bspecificity\b|\baccura\w*", 1.5),
            ),
        ),
        SectionSpec(
            "indications",
            "When Imaging Is Indicated",
            "When a Scan Is Needed",
            cues=(
                (r"\bindicat\w*|\bred flags?\b|\bpersist\w*|\bappropriate\b", 2.0),
                (r"\bshould be (?:obtained|performed)\b|\bsuspicion\b", 2.0),
            ),
        ),
        SectionSpec(
            "radiation",
            "Radiation and Safety",
            "Safety of Scans",
            cues=((r"\bradiation\b|\bionising\b|\bionizing\b|\bcontrast\b|\bexposure\b", 2.5),),
        ),
        PITFALLS,
    ),
)

_DOSING = Plan(
    intent=Intent.DOSING,
    intent_cues=(
        r"\bdos\w*|\bmg\b|\bmg/kg\b|\bdaily\b|\bregimen\b",
        r"\brenal\b|\bhepatic\b|\bmonitor\w*",
        # When to give the drug at all is part of how to dose it.
        r"\brecommended\b|\bindicated\b|\bpreferred\b",
    ),
    bottom_cues=(
        (r"\brecommended\b|\bstandard dose\b|\busual dose\b", 2.0),
        (r"\bmg\b|\bmg/kg\b", 1.0),
    ),
    sections=(
        SectionSpec(
            "standard_dosing",
            "Standard Dosing",
            "Usual Dose",
            cues=(
                (r"\b\d+(?:\.\d+)?\s*(?:mg|mcg|µg|g|units?|mL)(?:/kg)?\b", 2.5),
                (
                    r"\bdose\w*|\bdaily\b|\bonce\b|\btwice\b|\bregimen\b|\btitrat\w*|\bstarting\b",
                    1.5,
                ),
            ),
        ),
        SectionSpec(
            "adjustments",
            "Dose Adjustments (Renal, Hepatic, Age)",
            "Changes to the Dose",
            cues=(
                (r"\brenal\b|\bhepatic\b|\bkidney\b|\bliver\b|\bcreatinine\b|\beGFR\b", 2.5),
                (
                    r"\belderly\b|\bolder\b|\bweight\b|\bp(?:a)?ediatric\b|\bchildren\b|\badjust\w*",
                    2.0,
                ),
            ),
        ),
        SectionSpec(
            "monitoring",
            "Monitoring",
            "Check-ups and Tests",
            cues=((r"\bmonitor\w*|\blevels?\b|\bmeasure\w*|\bcheck\w*|\bfollow[- ]up\b", 2.0),),
        ),
        SectionSpec(
            "safety",
            "Safety",
            "Side Effects and Cautions",
            cues=(
                (r"\badverse\b|\bside effects?\b|\btoxicit\w*|\binteract\w*", 2.5),
                (r"\bcontraindicat\w*|\bavoid\w*|\bcaution\b|\bbleeding\b|\bwarning\b", 2.0),
            ),
        ),
    ),
)

_PROGNOSIS = Plan(
    intent=Intent.PROGNOSIS,
    intent_cues=(
        r"\bprognos\w*|\boutcomes?\b|\bsurviv\w*|\bmortality\b",
        r"\brecover\w*|\bnatural history\b|\brates?\b",
        _FIGURE,
    ),
    bottom_cues=(
        (
            r"\bmost patients\b|\bmajority\b|\bgood\b|\bexcellent\b|\bfavourable\b|\bfavorable\b",
            1.5,
        ),
        (_FIGURE, 1.5),
        (r"\bprognosis\b|\boutcomes?\b", 1.0),
    ),
    sections=(
        SectionSpec(
            "natural_history",
            "Natural History",
            "How It Usually Goes",
            cues=(
                (r"\bnatural history\b|\bprogress(?:ed|es|ion)\b|\bcourse\b", 2.5),
                (r"\buntreated\b|\bspontaneous\w*", 2.5),
            ),
        ),
        SectionSpec(
            "outcomes",
            "Outcomes",
            "What to Expect",
            cues=(
                (_FIGURE, 2.5),
                (
                    r"\brates?\b|\boutcomes?\b|\bsurviv\w*|\bmortality\b|\brecover\w*|\breturn\w*",
                    1.5,
                ),
            ),
            prefer_figures=True,
        ),
        SectionSpec(
            "prognostic_factors",
            "Prognostic Factors",
            "What Affects Recovery",
            cues=(
                (r"\bpredict\w*|\bfactors?\b|\bassociated with\b|\bindependent\w*", 2.5),
                (r"\bworse\b|\bbetter\b|\bhigher\b|\blower\b|\brisk\b", 1.0),
            ),
            context_boost=True,
        ),
        FOLLOW_UP,
    ),
)

_SCREENING = Plan(
    intent=Intent.SCREENING,
    intent_cues=(r"\bscreen\w*", r"\bsensitiv\w*|\bspecific\w*", r"\binterval\w*|\bevery\b"),
    avoid_cues=_TREATMENT_WORDS,
    bottom_cues=(
        (r"\bscreening (?:is|be) recommended\b|\brecommend\w*", 2.5),
        (r"\baged\b|\bevery \d+ years\b|\bannual\w*", 1.0),
    ),
    sections=(
        SectionSpec(
            "who",
            "Who Should Be Screened",
            "Who Should Be Checked",
            cues=(
                (r"\baged\b|\bages\b|\bhigh[- ]risk\b|\beligible\b|\bpopulation\b", 2.0),
                (r"\bscreening (?:is|be) recommended\b", 2.0),
            ),
            context_boost=True,
        ),
        SectionSpec(
            "tests",
            "Screening Tests",
            "Tests Used",
            cues=(
                (r"\btest\w*|\bsensitiv\w*|\bspecificity\b|\bmammograph\w*|\bcolonoscop\w*", 2.0),
            ),
        ),
        SectionSpec(
            "intervals",
            "Intervals",
            "How Often",
            cues=((r"\bevery \d+\b|\bannual\w*|\binterval\w*|\brepeat\w*", 2.5),),
        ),
        SectionSpec(
            "benefits_harms",
            "Benefits and Harms",
            "Benefits and Risks",
            cues=((r"\bbenefit\w*|\bharm\w*|\boverdiagnos\w*|\bfalse[- ]positive\w*", 2.5),),
        ),
    ),
)

_DRUG_SAFETY = Plan(
    intent=Intent.DRUG_SAFETY,
    intent_cues=(
        r"\badverse\b|\bside effects?\b|\btoxicit\w*|\bsafety\b|\b(?:un)?safe(?:ly)?\b",
        r"\binteract\w*|\bcontraindicat\w*|\bavoid\w*|\bcaution\b",
        r"\bdose (?:adjust|reduc)\w*|\beGFR\b|\brenal\b|\bhepatic\b|\bdiscontinu\w*",
        r"\bpregnan\w*|\blactat\w*|\bbreastfeed\w*",
    ),
    bottom_cues=(
        (r"\bsafe\b|\bcontraindicat\w*|\bavoid\w*|\bshould (?:not )?be\b", 2.0),
        (r"\brecommend\w*|\bcaution\b", 1.5),
    ),
    sections=(
        SectionSpec(
            "adverse_effects",
            "Adverse Effects",
            "Side Effects",
            cues=((r"\badverse\b|\bside effects?\b|\btoxicit\w*|\bcomplication\w*", 2.5),),
        ),
        SectionSpec(
            "contraindications",
            "Contraindications and Cautions",
            "When Not to Use It",
            cues=((r"\bcontraindicat\w*|\bavoid\w*|\bcaution\b|\bshould not\b", 2.5),),
        ),
        SectionSpec(
            "interactions",
            "Interactions",
            "Other Medicines",
            cues=((r"\binteract\w*|\bconcomitant\b|\bco-?administ\w*|\bcombined with\b", 2.5),),
        ),
        SectionSpec(
            "special_populations",
            "Special Populations",
            "Special Situations",
            cues=(
                (r"\bpregnan\w*|\blactat\w*|\bbreastfeed\w*|\belderly\b|\bolder\b", 2.0),
                (r"\brenal\b|\bhepatic\b|\bchildren\b|\bp(?:a)?ediatric\b", 2.0),
            ),
            context_boost=True,
        ),
        SectionSpec(
            "monitoring",
            "Monitoring",
            "Check-ups and Tests",
            cues=((r"\bmonitor\w*|\blevels?\b|\bfollow[- ]up\b", 2.0),),
        ),
    ),
)

_COMPARISON = Plan(
    intent=Intent.COMPARISON,
    intent_cues=(
        r"\bcompar\w*|\bversus\b|\bvs\.?\b|\bthan\b",
        r"\bsuperior\b|\binferior\b|\bnon-?inferior\b|\bdiffer\w*",
    ),
    bottom_cues=(
        (r"\bsuperior\b|\binferior\b|\bnon-?inferior\b|\bno (?:significant )?difference\b", 2.0),
        (r"\bprefer\w*|\brecommend\w*", 1.5),
    ),
    sections=(
        SectionSpec(
            "head_to_head",
            "Head-to-Head Evidence",
            "Comparing the Options",
            cues=(
                (r"\bcompared (?:with|to)\b|\bversus\b|\bvs\.?\b|\bthan\b", 2.5),
                (r"\bsuperior\b|\binferior\b|\bnon-?inferior\b|\bdiffer\w*", 2.0),
            ),
        ),
        SectionSpec(
            "benefits",
            "Benefits",
            "Benefits",
            cues=((r"\bimprov\w*|\breduc\w*|\beffective\w*|\befficac\w*", 2.0),),
        ),
        SectionSpec(
            "harms",
            "Harms",
            "Risks",
            cues=((r"\badverse\b|\bcomplication\w*|\bside effects?\b|\bharm\w*", 2.5),),
        ),
        SectionSpec(
            "choosing",
            "Choosing Between Options",
            "Choosing",
            cues=((r"\bprefer\w*|\brecommend\w*|\bshould\b|\bconsider\w*|\bdepend\w*", 2.0),),
            context_boost=True,
        ),
    ),
)

_GENERAL = Plan(
    intent=Intent.GENERAL,
    intent_cues=(r"\bis an?\b|\bcaus\w*|\btreat\w*|\bdiagnos\w*",),
    bottom_cues=(
        (r"\bis an? (?:\w+ ){0,3}(?:defect|fracture|condition|disorder|disease|lesion)", 2.0),
        (r"\brecommend\w*|\bshould\b", 1.5),
    ),
    sections=(
        SectionSpec(
            "overview",
            "Overview",
            "About the Condition",
            cues=(
                (
                    r"\bis an? (?:\w+ ){0,3}(?:defect|fracture|condition|disorder|disease|lesion)",
                    3.0,
                ),
                (r"\bdefined as\b|\brefers? to\b|\bcharacteri[sz]ed\b|\bcommon\w*", 2.0),
            ),
        ),
        SectionSpec(
            "causes",
            "Causes and Risk Factors",
            "Causes",
            cues=((r"\bcaus\w*|\brisk factors?\b|\bresults? from\b|\bdue to\b|\betiolog\w*", 2.0),),
        ),
        SectionSpec(
            "diagnosis",
            "Diagnosis",
            "How It Is Found",
            cues=((r"\bdiagnos\w*|\bimaging\b|\bMRI\b|\bCT\b|\bexamination\b", 2.0),),
        ),
        SectionSpec(
            "management",
            "Management",
            "Treatment",
            cues=((r"\btreat\w*|\bmanag\w*|\btherap\w*|\bsurg\w*|\bconservative\b", 2.0),),
        ),
        SectionSpec(
            "outcomes",
            "Outcomes",
            "What to Expect",
            cues=((_FIGURE, 2.0), (r"\boutcomes?\b|\bprognos\w*|\brates?\b", 1.5)),
            prefer_figures=True,
        ),
        PITFALLS,
    ),
    default=SectionSpec("key_evidence", "Key Evidence", "Key Points"),
)

PLANS: dict[Intent, Plan] = {
    Intent.TREATMENT: _TREATMENT,
    Intent.DIAGNOSIS: _DIAGNOSIS,
    Intent.IMAGING: _IMAGING,
    Intent.DOSING: _DOSING,
    Intent.PROGNOSIS: _PROGNOSIS,
    Intent.SCREENING: _SCREENING,
    Intent.DRUG_SAFETY: _DRUG_SAFETY,
    Intent.COMPARISON: _COMPARISON,
    Intent.GENERAL: _GENERAL,
}


def plan_for(intent: Intent) -> Plan:
    """The plan of an intent; unknown intents fall back to the general plan."""
    return PLANS.get(intent, _GENERAL)


def cue_score(cues: tuple[Cue, ...], text: str) -> float:
    """Sum of the weights of the cues that match ``text``."""
    return sum(weight for regex, weight in cues if pattern(regex).search(text))
