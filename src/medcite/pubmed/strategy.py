"""Question -> PubMed search strategy, built the way a medical librarian would.

The analysed question (never its raw wording) gives concept blocks: each condition or subject
named by its MeSH heading (``[mh]``) where one exists and by free-text synonyms in title and
abstract (``[tiab]``), OR-ed inside a block and AND-ed between blocks. Evidence filters are then
tried in order: practice guidelines and consensus statements, systematic reviews and
meta-analyses, randomized trials (or the Clinical Queries narrow filter for diagnosis and
prognosis), the Clinical Queries broad filter for the intent, and finally everything else. Every
query keeps to human studies in English, leaves out retracted publications, and starts with a
recency window that the runner widens when results are scarce.

Privacy: queries are built from the topic, its vocabulary synonyms, the intent and coarse
patient categories only (age group, pregnancy, athlete). Ages, sex, sites, dates, names and the
question text itself never leave the machine.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from medcite.records import Intent, QuestionAnalysis

__all__ = [
    "WINDOWS",
    "PlannedQuery",
    "SearchPlan",
    "Tier",
    "build_plan",
    "vocab_synonyms",
]

#: Recency windows in years, tried in order while results are scarce (None = no limit).
WINDOWS: tuple[int | None, ...] = (10, 20, None)

HUMANS = "NOT (animals[mh] NOT humans[mh])"  # keeps human studies not yet MeSH-indexed
ENGLISH = "english[la]"
NOT_RETRACTED = "NOT retracted publication[pt]"

_GUIDELINES = (
    "(guideline[pt] OR practice guideline[pt] OR consensus development conference[pt] "
    "OR guideline*[ti] OR consensus[ti] OR recommendation*[ti])"
)
_REVIEWS = "(systematic[sb] OR meta-analysis[pt])"
_TRIALS = "randomized controlled trial[pt]"
# PubMed Clinical Queries (Haynes et al.), by intent: (narrow, broad); None where none fits.
_CLINICAL: dict[Intent, tuple[str | None, str | None, str]] = {
    Intent.TREATMENT: (None, "Therapy/Broad[filter]", "therapy"),
    Intent.COMPARISON: (None, "Therapy/Broad[filter]", "therapy"),
    Intent.DOSING: (None, "Therapy/Broad[filter]", "therapy"),
    Intent.SCREENING: (None, "Therapy/Broad[filter]", "therapy"),
    Intent.DIAGNOSIS: ("Diagnosis/Narrow[filter]", "Diagnosis/Broad[filter]", "diagnosis"),
    Intent.IMAGING: ("Diagnosis/Narrow[filter]", "Diagnosis/Broad[filter]", "diagnosis"),
    Intent.PROGNOSIS: ("Prognosis/Narrow[filter]", "Prognosis/Broad[filter]", "prognosis"),
    Intent.DRUG_SAFETY: ("Etiology/Narrow[filter]", "Etiology/Broad[filter]", "etiology"),
}
_AGE_HEADINGS = {
    "neonate": "infant, newborn[mh]",
    "infant": "infant[mh]",
    "child": "child[mh]",
    "adolescent": "adolescent[mh]",
    "older adult": "aged[mh]",
}
_SPLIT = re.compile(r"\s+(?:with|and|in|for|after|of|versus|vs\.?|or|during)\s+", re.I)
_NOISE = re.compile(r"\b(?:left|right|bilateral|unilateral|acute|chronic|the|a|an)\b", re.I)
_UNSAFE = re.compile(r"[^\w\s'/-]+|\b\w*\d\w*\b")  # digits: ages, levels, dates, record numbers
_MAX_SYNONYMS = 5

#: (synonym, the topic words it names) pairs for a topic; injectable for tests.
SynonymFn = Callable[[str], Sequence[tuple[str, str]]]
#: Which of the given terms are MeSH headings (or entry terms PubMed maps to one).
MeshFn = Callable[[Sequence[str]], set[str]]


class Tier:
    """Names of the evidence tiers, in the order they are searched."""

    CONTEXT = "patient context"
    GUIDELINES = "guidelines and consensus"
    REVIEWS = "systematic reviews and meta-analyses"
    REST = "all other studies"


@dataclass(frozen=True)
class PlannedQuery:
    """One PubMed query of a plan: which tier it serves, the term, and how many ids to take."""

    tier: str
    term: str
    quota: int


@dataclass(frozen=True)
class SearchPlan:
    """Concept blocks and evidence tiers; :meth:`queries` renders them for a recency window."""

    concept: str
    tiers: list[tuple[str, str, int]]
    context: str | None = None
    blocks: list[list[str]] = field(default_factory=list)

    def queries(self, years: int | None, now_year: int) -> list[PlannedQuery]:
        """Every query of the plan, best evidence first, limited to the last ``years`` years."""
        # PubMed reads operators left to right: the ANDs first, then the NOT exclusions.
        limits = [f"AND {ENGLISH}", HUMANS, NOT_RETRACTED]
        if years is not None:
            limits.insert(0, f"AND {now_year - years + 1}:3000[dp]")
        tail = " ".join(limits)
        out: list[PlannedQuery] = []
        if self.context:
            out.append(PlannedQuery(Tier.CONTEXT, f"{self.concept} AND {self.context} {tail}", 5))
        for name, filt, quota in self.tiers:
            term = f"{self.concept} AND {filt} {tail}" if filt else f"{self.concept} {tail}"
            out.append(PlannedQuery(name, term, quota))
        return out


def build_plan(
    analysis: QuestionAnalysis,
    *,
    synonyms: SynonymFn | None = None,
    mesh: MeshFn | None = None,
) -> SearchPlan | None:
    """The plan for an in-scope analysis, or None when it names nothing to search for."""
    if not analysis.in_scope:
        return None
    parts = concept_parts(analysis.topic)
    if not parts:
        return None
    found = list((synonyms or vocab_synonyms)(" ".join(parts)))
    blocks = [_block_terms(part, found) for part in parts]
    headings = (mesh or (lambda _terms: set()))([t for b in blocks for t in b])
    concept = " AND ".join(_render_block(terms, headings) for terms in blocks)
    return SearchPlan(
        concept=concept,
        tiers=_tiers(analysis.intent),
        context=_context_block(analysis),
        blocks=blocks,
    )


def concept_parts(topic: str) -> list[str]:
    """The topic as concept phrases, with digits, sides and punctuation removed."""
    cleaned = _UNSAFE.sub(" ", topic.lower())
    parts = []
    for piece in _SPLIT.split(cleaned):
        words = _NOISE.sub(" ", piece).split()
        if words:
            parts.append(" ".join(words))
    return list(dict.fromkeys(parts))


def vocab_synonyms(text: str) -> list[tuple[str, str]]:
    """Synonyms from the vocabularies medcite ships with; none when they are not installed."""
    try:
        from medcite.vocab import get_index

        return [(e.term, e.matched) for e in get_index().expand(text)]
    except Exception:  # vocabularies are an aid: a broken one must not stop a search
        return []


def _block_terms(part: str, found: Iterable[tuple[str, str]]) -> list[str]:
    """The phrase itself, then the synonyms of anything inside it (no bare abbreviations)."""
    terms = [part]
    for term, matched in found:
        clean = _UNSAFE.sub(" ", term).strip()
        if matched.lower() in part and len(clean) > 3 and not clean.isupper():
            terms.append(clean.lower())
    return list(dict.fromkeys(terms))[: _MAX_SYNONYMS + 1]


def _render_block(terms: Sequence[str], headings: set[str]) -> str:
    tags = [f'"{t}"[mh]' for t in terms if t in headings]
    tags += [f'"{t}"[tiab]' for t in terms]
    return f"({' OR '.join(tags)})"


def _tiers(intent: Intent) -> list[tuple[str, str, int]]:
    narrow, broad, kind = _CLINICAL.get(intent, (None, None, ""))
    tiers = [(Tier.GUIDELINES, _GUIDELINES, 5), (Tier.REVIEWS, _REVIEWS, 8)]
    if narrow:
        tiers.append((f"{kind} studies (Clinical Queries, narrow)", narrow, 8))
    else:
        tiers.append(("randomized controlled trials", _TRIALS, 8))
    if broad:
        tiers.append((f"{kind} studies (Clinical Queries, broad)", broad, 6))
    tiers.append((Tier.REST, "", 5))
    return tiers


def _context_block(analysis: QuestionAnalysis) -> str | None:
    """Coarse, non-identifying patient categories as MeSH headings; None when there are none."""
    ctx = analysis.context
    terms: list[str] = []
    if ctx.age_group in _AGE_HEADINGS:
        terms.append(_AGE_HEADINGS[ctx.age_group])
    if ctx.pregnant:
        terms.append("pregnancy[mh]")
    if "athlete" in ctx.setting:
        terms.append("(athletes[mh] OR sports[mh] OR athlete*[tiab])")
    return f"({' AND '.join(terms)})" if terms else None
