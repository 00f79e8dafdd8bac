"""Choosing evidence sentences: split passages, drop what is not a citable claim, score relevance
to the question, and remove repeats (keeping the copy from the stronger source).

Passage text is data, never instructions: sentences with markup, links or instruction-like text
are dropped here so they cannot reach an answer (or a later LLM prompt) as content.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from medcite.compose.context import context_matches, context_patterns
from medcite.compose.fragments import (
    fragment_reason,
    note_as_sentence,
    starts_with_demonstrative,
)
from medcite.compose.options import ComposeOptions
from medcite.compose.plans import Plan, cue_score, pattern
from medcite.compose.sentences import split_units, trim_lead_in
from medcite.compose.tokens import containment, content_tokens, jaccard
from medcite.compose.topic import TopicModel, build_topic, vocab_synonyms
from medcite.records import LEVEL_ORDER, Hit, QuestionAnalysis

__all__ = [
    "Candidate",
    "TopicModel",
    "build_topic",
    "clean_sentence",
    "dedupe",
    "extract_candidates",
    "reject_reason",
]

_METHODS = re.compile(
    r"^(?:we|the authors)\s+(?:searched|reviewed|identified|recruited|enrolled|included|"
    r"conducted|performed|analy[sz]ed|extracted|assessed|aimed|sought|describe|report)\b"
    r"|^(?:\w+\s){0,4}(?:patients|participants|subjects|children|adults|athletes|records|"
    r"studies|articles|charts|trials)\b[^.]{0,80}\bwere\s+(?:recruited|enrolled|included|"
    r"randomi[sz]ed|allocated|assigned|identified|screened|retrospectively reviewed|reviewed|"
    r"excluded)\b"
    r"|\b(?:MEDLINE|Embase|PubMed|Cochrane Library|Web of Science|Scopus|CINAHL)\b.*\bsearched\b"
    r"|\bsearched\b.*\b(?:MEDLINE|Embase|PubMed|Cochrane|Web of Science|Scopus)\b"
    r"|^(?:the )?(?:aim|purpose|objective|goal)s? of (?:this|the present|our) "
    r"(?:study|review|trial)"
    r"|^(?:this|the present|our) (?:study|review|trial) (?:aimed|sought|was designed)"
    r"|\binclusion criteria\b|\bdata were extracted\b|\bstatistical analys[ie]s\b",
    re.IGNORECASE,
)
# A methods-like sentence that also reports a result is still a claim worth keeping.
_RESULT_SIGNAL = re.compile(
    r"\d+(?:\.\d+)?\s*%|\bassociated\b|\bimprov\w*|\breduc\w*|\bhealed\b|\bdid not\b|"
    r"\bno significant\b|\bsignificantly\b",
    re.IGNORECASE,
)
_FIGURE_REF = re.compile(
    r"\b(?:fig(?:ure)?s?\.?\s*\d|tables?\s+\d|see (?:figure|table)|supplementa(?:ry|l) "
    r"(?:material|table|figure|appendix))",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"©|\bcopyright\b|\ball rights reserved\b|\bpublished by\b|\btrial registration\b|"
    r"\bclinicaltrials\.gov\b|\bconflicts? of interest\b|\bfunding\b|"
    # "LEVEL OF EVIDENCE: III" closes an abstract; "(Class I, Level of Evidence A)" is a grade.
    r"\blevel of evidence\b(?!\s+[A-C](?:-[A-Z]{1,3})?\b)|"
    r"\bprospero\b",
    re.IGNORECASE,
)
# Markup, links and instruction-like text: the signature of injected content, not of evidence.
_UNSAFE = re.compile(
    r"<\s*/?\s*[a-z!][^>]*>|\bignore (?:all |any |the )?(?:previous|prior|above|earlier|"
    r"preceding) (?:instructions|prompts?|directions)|\bdisregard (?:all |any |the )?(?:previous|"
    r"prior|above)|\bsystem prompt\b|\byou are (?:now )?(?:an? )?(?:ai|assistant|language model|"
    r"chatbot)\b|\bas an ai\b|```|\bjavascript:|https?://|\bwww\.|\[/?inst\]|<\||\{\{|\}\}",
    re.IGNORECASE,
)
# Labels that introduce a note without being part of its claim ("Key principle: Continue ...").
_NOTE_LABEL = re.compile(
    r"^(?:recommendations?|key (?:principle|point|message)s?|notes?|caveats?|indications?|"
    r"rationale|action|practice points?|clinical (?:pearl|tip)s?|important|tips?|summary|"
    r"bottom line|remarks?)\s*:\s+",
    re.IGNORECASE,
)
_CITATION_MARK = re.compile(r"\s*\[\d+(?:\s*[,–-]\s*\d+)*\]")
# Openings that lean on an earlier sentence: a bare pronoun cannot be resolved out of context
# (rejected, as is "These are ..."); "This approach ..." can, somewhat (penalised).
_PRONOUN_START = re.compile(r"^(?:it|its|they|them|their|he|she|his|her)\b", re.I)
# A stated recommendation strength: strong recommendations rank first among equals.
_STRONG_GRADE = re.compile(
    r"\(Strong\b|\bstrongly recommended\b|\bCOR 1\b|\bClass I\b(?!I)|\bGrade 1[A-C]?\b|"
    r"\bGrade A\b|\(1[A-C]\)",
)
_WEAK_GRADE = re.compile(
    r"\(Conditional\b|\bconditionally recommended\b|\bCOR 2[ab]\b|\bClass II[ab]?\b|"
    r"\bGrade 2[A-D]?\b|\(2[A-D]\)|\bweak\b",
)
_HAS_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*%")
# Topicality kept by a sentence that names the topic inside a passage about something else.
_PASSING_MENTION = 0.7
# Relevance added for a sentence from a passage whose title or section names the topic.
_TOPIC_PASSAGE = 0.1
# A section cue total from which a sentence counts as answering the intent on its own.
_STRONG_FIT = 2.0


@dataclass(frozen=True)
class Candidate:
    """A citable sentence from one hit, with its relevance and ranking score."""

    text: str
    hit: Hit
    hit_index: int
    position: int
    tokens: frozenset[str]
    relevance: float
    score: float
    context_hits: int
    intent_hits: int = 0
    # The sentence itself names the topic (not only its passage's title or section).
    on_topic: bool = True
    # "This approach ..." / "Such patients ...": fine in a section, never a bottom line.
    anaphoric: bool = False
    # The passage's title or section names the topic: the sentence is from evidence about it.
    topic_passage: bool = True
    # The document's own title names the topic: a guideline about it, not a passing mention.
    topic_title: bool = False

    @property
    def rank_key(self) -> tuple[float, int, str, str, int]:
        """Best first; ties broken by evidence level, then ids, so output is deterministic."""
        return (
            -self.score,
            self.hit.evidence_level.rank,
            self.hit.doc_id,
            self.hit.chunk_id,
            self.position,
        )

    @property
    def strength_key(self) -> tuple[int, float, str, str, int]:
        """Strongest evidence first, then score: the reading order inside a section."""
        return (
            self.hit.evidence_level.rank,
            -self.score,
            self.hit.doc_id,
            self.hit.chunk_id,
            self.position,
        )

    @property
    def has_figure(self) -> bool:
        """True when the sentence reports a percentage."""
        return bool(_HAS_FIGURE.search(self.text))


def reject_reason(sentence: str, options: ComposeOptions, *, dependent: bool = False) -> str | None:
    """Why a sentence cannot be cited as a claim, or None when it can.

    ``dependent`` marks a list item that only makes sense after its lead-in.
    """
    words = sentence.split()
    checks: tuple[tuple[bool, str], ...] = (
        (bool(_UNSAFE.search(sentence)), "markup or instruction-like text"),
        (bool(_PRONOUN_START.match(sentence)), "unresolved pronoun"),
        (sentence.rstrip("\"')] ").endswith("?"), "question"),
        (not sentence.rstrip("\"')] ").endswith((".", "!")), "fragment (no sentence end)"),
        (not sentence[:1].isupper() and not sentence[:1].isdigit(), "fragment (no sentence start)"),
        (sentence.count("(") != sentence.count(")"), "fragment (unbalanced brackets)"),
        (len(words) < options.min_words, "too short"),
        (len(words) > options.max_words or len(sentence) > options.max_chars, "too long"),
        (bool(_FIGURE_REF.search(sentence)), "refers to a figure or table"),
        (bool(_BOILERPLATE.search(sentence)), "publication boilerplate"),
        (bool(_METHODS.search(sentence)) and not _RESULT_SIGNAL.search(sentence), "methods only"),
    )
    found = next((reason for failed, reason in checks if failed), None)
    return found or fragment_reason(sentence, dependent)


def clean_sentence(sentence: str) -> str:
    """Remove the source's own citation markers, note labels and reporting lead-ins."""
    text = _CITATION_MARK.sub("", sentence).strip()
    label = _NOTE_LABEL.match(text)
    if label and text[label.end() : label.end() + 1].isupper():
        text = text[label.end() :]
    return trim_lead_in(note_as_sentence(text))


def extract_candidates(
    analysis: QuestionAnalysis,
    hits: Sequence[Hit],
    plan: Plan,
    options: ComposeOptions,
    reference_year: int,
) -> list[Candidate]:
    """Every usable, relevant sentence of the hits, best first."""
    synonyms = vocab_synonyms(analysis.topic) if options.use_vocab else []
    texts = [text for hit in hits for text in (hit.title, hit.section, hit.text)]
    topic = build_topic(analysis, [*options.topic_terms, *synonyms], texts)
    scorer = _Scorer(analysis, plan, topic, reference_year)
    out: list[Candidate] = []
    for index, hit in enumerate(hits):
        passage_topic = topic.inherited(hit)
        episode_passage = topic.episode_passage(hit)
        for position, unit in enumerate(split_units(hit.text)):
            text = clean_sentence(unit.text)
            if reject_reason(text, options, dependent=unit.dependent) is not None:
                continue
            if not episode_passage and not topic.episode_sentence(text):
                continue  # maintenance evidence cannot answer a question about an episode
            candidate = scorer.score(text, hit, index, position, passage_topic)
            if candidate is not None and candidate.relevance >= options.min_relevance:
                out.append(candidate)
    return sorted(out, key=lambda c: c.rank_key)


class _Scorer:
    """Relevance (is it about the question?) plus priority (how strong and recent is it?)."""

    def __init__(
        self, analysis: QuestionAnalysis, plan: Plan, topic: TopicModel, year: int
    ) -> None:
        self.ctx = analysis.context
        self.is_case = analysis.is_case
        self.ctx_patterns = context_patterns(analysis.context) if analysis.is_case else ()
        self.intent_patterns = tuple(pattern(p) for p in plan.intent_cues)
        self.avoid_patterns = tuple(pattern(p) for p in plan.avoid_cues)
        self.section_cues = tuple(spec.cues for spec in plan.all_sections())
        self.topic = topic
        self.year = year

    def score(
        self, text: str, hit: Hit, index: int, position: int, passage_topic: float
    ) -> Candidate | None:
        """The scored candidate, or None when the sentence is off topic or off intent."""
        toks = content_tokens(text)
        own_topic = self.topic.topicality(toks)
        if passage_topic == 0.0:
            # A passage about something else that mentions the topic in passing.
            own_topic *= _PASSING_MENTION
        topicality = max(own_topic, passage_topic)
        if topicality == 0.0:
            return None
        intent_hits = sum(1 for p in self.intent_patterns if p.search(text))
        if sum(1 for p in self.avoid_patterns if p.search(text)) > intent_hits:
            return None  # it answers another question (a treatment sentence in a diagnosis answer)
        question_overlap = len(toks & self.topic.question_terms)
        # A sentence that clearly fits a section of the plan answers the intent without its words.
        plan_fit = max((cue_score(cues, text) for cues in self.section_cues), default=0.0)
        intent = intent_hits + (min(2.0, plan_fit / 2) if plan_fit >= _STRONG_FIT else 0.0)
        if intent == 0:
            return None  # on topic, but says nothing the question asks about
        ctx_hits = context_matches(self.ctx, self.ctx_patterns, text) if self.is_case else 0
        relevance = (
            0.5 * topicality
            + 0.15 * min(1.0, question_overlap / 2)
            + 0.25 * min(1.0, intent / 2)
            + 0.15 * min(2, ctx_hits)
            + (_TOPIC_PASSAGE if passage_topic > 0 else 0.0)
        )
        priority = self._priority(text, hit, index)
        return Candidate(
            text,
            hit,
            index,
            position,
            toks,
            relevance,
            relevance + priority,
            ctx_hits,
            intent_hits,
            on_topic=own_topic > 0,
            topic_passage=passage_topic > 0,
            topic_title=self.topic.names_part(content_tokens(hit.title)),
            anaphoric=starts_with_demonstrative(text),
        )

    def _priority(self, text: str, hit: Hit, index: int) -> float:
        """Soft boosts: evidence level, recency, retrieval rank, stated grade, figures."""
        level = 0.3 * (1 - hit.evidence_level.rank / (len(LEVEL_ORDER) - 1))
        rank = 0.15 / (1 + index / 5)
        grade = _grade_strength(text) or (0.05 if hit.grade else 0.0)
        figure = 0.05 if _HAS_FIGURE.search(text) else 0.0
        # An unresolved "This"/"These" needs the previous sentence to make sense.
        anaphora = -0.15 if starts_with_demonstrative(text) else 0.0
        return level + self._recency(hit.year) + rank + grade + figure + anaphora

    def _recency(self, year: int | None) -> float:
        """Recent sources rise a little and old ones sink; a soft boost, never a filter."""
        if year is None:
            return 0.0
        age = self.year - year
        if age <= 5:
            return 0.1
        if age <= 10:
            return 0.05
        if age > 35:
            return -0.2
        return -0.1 if age > 20 else 0.0


def _grade_strength(text: str) -> float:
    """A small boost for a recommendation whose stated strength is strong (less if conditional)."""
    if _STRONG_GRADE.search(text):
        return 0.1
    return 0.05 if _WEAK_GRADE.search(text) else 0.0


def dedupe(candidates: Sequence[Candidate], options: ComposeOptions) -> list[Candidate]:
    """Drop near-repeats, keeping the copy from the stronger source (then the higher score)."""
    kept: list[Candidate] = []
    for cand in sorted(candidates, key=lambda c: c.strength_key):
        if not any(_repeats(cand, other, options) for other in kept):
            kept.append(cand)
    return sorted(kept, key=lambda c: c.rank_key)


def _repeats(a: Candidate, b: Candidate, options: ComposeOptions) -> bool:
    if jaccard(a.tokens, b.tokens) > options.dedup_jaccard:
        return True
    # Containment only means repetition when the shorter sentence has some substance.
    return (
        min(len(a.tokens), len(b.tokens)) >= 4
        and containment(a.tokens, b.tokens) > options.dedup_containment
    )
