"""Patient context: every fact the question states about the patient, in one record.

The work is done by small extractors (demographics, anatomy, circumstances, conditions,
negation); this module runs them, fills a :class:`PatientContext`, and decides whether the
question is about one patient (a *case*). Each extractor also reports the spans it consumed,
which the topic extractor cuts from the question.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from medcite.analysis._text import Span
from medcite.analysis.anatomy import extract_anatomy
from medcite.analysis.circumstances import extract_circumstances
from medcite.analysis.conditions import extract_background
from medcite.analysis.demographics import extract_demographics
from medcite.analysis.negation import Negations, find_negations
from medcite.records import PatientContext

_PREGNANCY_ITEMS = frozenset({"pregnancy", "pregnant", "possibility of pregnancy"})


@dataclass
class ContextExtraction:
    """The context, whether one patient is meant, and the spans the topic should lose."""

    context: PatientContext
    is_case: bool
    spans: list[Span] = field(default_factory=list)
    masked: str = ""
    background_spans: list[Span] = field(default_factory=list)


def extract_context(text: str, negations: Negations | None = None) -> ContextExtraction:
    """Patient facts from normalised ``text``; ``negations`` are computed when not given."""
    neg = negations if negations is not None else find_negations(text)
    people = extract_demographics(text)
    anatomy = extract_anatomy(neg.masked)
    how = extract_circumstances(neg.masked)
    background = extract_background(neg.masked)
    pregnant = people.pregnant
    if pregnant is None and _PREGNANCY_ITEMS & {n.lower() for n in neg.items}:
        pregnant = False
    context = PatientContext(
        age_years=people.age_years,
        age_group=people.age_group,
        sex=people.sex,
        pregnant=pregnant,
        site=anatomy.site,
        laterality=anatomy.laterality,
        mechanism=how.mechanism,
        acuity=how.acuity,
        setting=how.setting,
        comorbidities=background.comorbidities,
        drugs=background.drugs,
        negations=neg.items,
    )
    # Facts that only ever describe one patient; population wording ("in pregnancy",
    # "in children", "in CKD") fills the context without making the question a case.
    inherent = (
        people.age_years is not None
        or anatomy.level_found
        or anatomy.laterality is not None
        or how.mechanism is not None
    )
    spans = [*people.spans, *anatomy.spans, *how.spans, *background.spans, *neg.spans]
    return ContextExtraction(
        context, people.individual or inherent, spans, neg.masked, background.spans
    )
