"""The phase of care a sentence belongs to, read from its headings: treatment or work-up.

A guideline files its advice under headings ("Diagnostic Criteria", "Discharge and Transition of
Care", "Empiric Antibiotic Therapy"). A strong recommendation under "Discharge" ("vaccination
should be offered at discharge") answers a question about treatment no better than a diagnostic
threshold does, however strongly it is worded. So the bottom line of a treatment question prefers
sentences filed under treatment, and that of a diagnosis question sentences filed under work-up.

The most specific heading decides: a labelled fact's own heading ("Discharge and Transition of
Care — assess vaccination status: ..."), then the passage's section path from its last part up,
then the part of the document its title names ("...: Diagnosis (summary)"). A heading that names
no phase ("Overview", "Group B") is passed over; one that names several is read by its head
noun ("Treatment Monitoring" is monitoring, "Management by Stage" is management).
"""

from __future__ import annotations

import enum
import re

from medcite.compose.fragments import labelled_value
from medcite.records import Hit

__all__ = ["Phase", "phase_of"]


class Phase(enum.Enum):
    """Where a sentence is filed."""

    TREATMENT = "treatment"
    WORKUP = "workup"  # diagnosis, staging, severity and risk assessment
    OTHER = "other"  # follow-up, discharge, prevention, monitoring, limitations
    UNKNOWN = "unknown"


_TREATMENT = re.compile(
    r"\btreat\w*|\btherap\w*|\bmanagement\b|\bmanaging\b|\bpharmacolog\w*|\bregimens?\b|"
    r"\bfirst[- ]line\b|\bmedications?\b|\bdrugs?\b|\bresuscitation\b|\bantibiotics?\b|"
    r"\bantimicrobials?\b|\bdos(?:e|es|ing)\b|\breplacement\b|\binfusion\b|\breperfusion\b|"
    r"\binitial (?:care|steps)\b|\bescalation\b|\bstep[- ]?up\b|\banticoagula\w*|"
    r"\bantithrombotic\b|\bantiplatelet\b|\banalges\w*|\bnutrition\b|\bsurg\w*|\bablation\b|"
    r"\bthromb(?:olysis|ectomy)\b|\bfluids?\b|\binsulin\b|\boxygen\b|\bcontrol\b|"
    r"\binhibitors?\b|\bblockers?\b|\bantagonists?\b|\bagonists?\b",
    re.IGNORECASE,
)
_WORKUP = re.compile(
    r"\bdiagnos\w*|\bcriteria\b|\bdefinitions?\b|\bclassification\b|\bstag(?:e|es|ing)\b|"
    r"\bcategor(?:y|ies)\b|\bseverity\b|\brisk (?:assessment|stratification|scores?)\b|"
    r"\bstratification\b|\bassessment\b|\bevaluation\b|\bwork-?up\b|\btesting\b|"
    r"\bmicrobiolog\w*|\bscreening\b|\bscor(?:e|es|ing)\b|\bsite[- ]of[- ]care\b|\bimaging\b",
    re.IGNORECASE,
)
_OTHER = re.compile(
    r"\bdischarge\b|\bfollow[- ]?up\b|\btransition\w*|\bvaccin\w*|\bimmuni[sz]ation\b|"
    r"\bprevention\b|\bmonitoring\b|\bsurveillance\b|\blimitations?\b|\bprognosis\b|"
    r"\bepidemiology\b|\breferral\b|\bspecial populations\b|\bpregnancy\b|\bpitfalls?\b",
    re.IGNORECASE,
)
_PATTERNS = ((Phase.TREATMENT, _TREATMENT), (Phase.WORKUP, _WORKUP), (Phase.OTHER, _OTHER))
_PREPOSITION = re.compile(r"\s(?:of|by|for|in|with|without|after|during|at|from|to)\s", re.I)
_TITLE_PART = re.compile(r":\s*([^:]+?)\s*(?:\(summary\))?\s*$", re.IGNORECASE)


def headings(text: str, hit: Hit) -> list[str]:
    """The headings a sentence sits under, most specific first."""
    found: list[str] = []
    value = labelled_value(text)
    if value is not None:
        found.append(text[: len(text) - len(value)])
    # "A > B / A > C": a merged chunk lists several paths; the first names where it starts.
    path = hit.section.split(" / ")[0]
    found.extend(reversed([part.strip() for part in path.split(">") if part.strip()]))
    part = _TITLE_PART.search(hit.title)
    if part:
        found.append(part.group(1))
    return found


def phase_of(text: str, hit: Hit) -> Phase:
    """The phase of care the most specific telling heading of ``text`` names."""
    for heading in headings(text, hit):
        phase = _heading_phase(heading)
        if phase is not Phase.UNKNOWN:
            return phase
    return Phase.UNKNOWN


def _heading_phase(heading: str) -> Phase:
    """The phase a heading's head noun names: the last phase word before its first
    preposition ("Pharmacological Management by Stage" is management, "Treatment Monitoring" is
    monitoring), else the last in the whole heading ("Duration of Therapy")."""
    head = _PREPOSITION.split(heading, maxsplit=1)[0]
    for part in (head, heading):
        found = [
            (match.start(), phase) for phase, regex in _PATTERNS for match in regex.finditer(part)
        ]
        if found:
            return max(found, key=lambda f: f[0])[1]
    return Phase.UNKNOWN
