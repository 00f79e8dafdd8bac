"""What a question is about, and whether a sentence (or its passage's title or section) is about it.

The topic is a set of phrases (the analysed topic, its vocabulary synonyms, the search queries),
each a set of stemmed content words. A sentence is on topic when it contains a whole phrase, or at
least the phrase's *core*: its words without qualifiers such as "acute" or "flare". So "gout" is
enough for "gout flare", while "nasal flaring" (no "gout") is not, and "pars plana" is not
"pars defect".

A qualifier that names an acute episode ("exacerbation", "flare", "acute") is still part of what is
asked: :mod:`medcite.compose.acuity` keeps maintenance evidence out of an answer about an episode.
"""

from __future__ import annotations

import importlib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from medcite.compose.acuity import Acuity, acuity_of, names_episode
from medcite.compose.tokens import content_tokens, stem
from medcite.records import Hit, QuestionAnalysis

# Question words and intent words: they say what is asked, not what it is about.
# A word list reads better as text than as 150 quoted literals.
GENERIC = frozenset(
    stem(w)
    for w in """
    what which how why when who is are the for of in on a an to and or with after before about
    treatment treatments treat treating management manage managing therapy therapies option options
    diagnosis diagnose diagnosing workup work up imaging image dose dosing dosage prognosis outcome
    outcomes screening screen safety safe side effect effects guideline guidelines versus vs compare
    comparison best recommended recommendation approach approaches patient patients year years old
    female male woman women man men adult adults child children evidence initial first line role use
    should best current latest new types type do does can i my drug drugs medication medications
    agent agents based regimen regimens
    """.split()
)
# Qualifiers of a condition: a phrase's core is what is left without them ("gout" of "gout
# flare"). A phrase made only of qualifiers keeps all its words as its core.
QUALIFIERS = frozenset(
    stem(w)
    for w in """
    acute chronic flare flares attack attacks exacerbation exacerbations episode severe mild
    moderate recurrent early late initial uncomplicated complicated stable unstable onset primary
    secondary suspected known bilateral unilateral left right elderly older young pediatric
    paediatric adolescent infant neonatal step up complication complications empirical empiric
    antibiotic antibiotics antimicrobial antimicrobials frequent frequently persistent repeated
    multiple
    """.split()
)
# Inherited topicality: a sentence in a passage whose title or section names the topic.
_INHERIT_PHRASE = 0.6
_INHERIT_CORE = 0.4
_SENTENCE_PHRASE = 1.0
_SENTENCE_CORE = 0.85
# Words that join the parts of a long topic ("anticoagulation in atrial fibrillation based on
# CHA2DS2-VASc" has three parts); each part is matched on its own.
_JOINERS = re.compile(
    r"\b(?:in|with|for|of|on|after|during|based on|due to|and|or|versus|vs)\b", re.I
)


@dataclass(frozen=True)
class TopicModel:
    """What the question is about, as stemmed token sets."""

    phrases: tuple[frozenset[str], ...]
    cores: tuple[tuple[frozenset[str], ...], ...]
    question_terms: frozenset[str]
    # Abbreviations of core parts that the passages define: (part key, abbreviation token).
    aliases: tuple[tuple[str, str], ...] = ()
    # An acute episode the topic names ("COPD exacerbation"): evidence must name one too.
    acuity: Acuity = Acuity.NONE

    @property
    def distinctive(self) -> frozenset[str]:
        """Every core word: words that name the topic rather than qualify it."""
        return frozenset(t for core in self.cores for part in core for t in part)

    def topicality(self, toks: frozenset[str]) -> float:
        """1.0 for a whole topic phrase, 0.85 for most of a phrase's core, else 0."""
        if any(p <= toks for p in self.phrases):
            return _SENTENCE_PHRASE
        found = toks | frozenset(key for key, alias in self.aliases if alias in toks)
        return _SENTENCE_CORE if any(_core_matches(c, found) for c in self.cores) else 0.0

    def names_part(self, toks: frozenset[str]) -> bool:
        """True when ``toks`` hold a whole topic phrase or all words of one of its parts
        ("Management of Heart Failure" names "heart failure with reduced ejection fraction")."""
        if self.topicality(toks) > 0:
            return True
        return any(part <= toks for core in self.cores for part in core if len(core) > 1)

    def inherited(self, hit: Hit) -> float:
        """Topicality a sentence inherits from its passage's title and section headings."""
        best = self.topicality(content_tokens(f"{hit.title} {hit.section}"))
        if best >= _SENTENCE_PHRASE:
            return _INHERIT_PHRASE
        return _INHERIT_CORE if best > 0 else 0.0

    def episode_passage(self, hit: Hit) -> bool:
        """Whether the passage's title or section names the episode the topic asks about (True
        when the topic names none): "Flare Management" speaks for every sentence under it."""
        return names_episode(f"{hit.title} {hit.section}", self.acuity)

    def episode_sentence(self, text: str) -> bool:
        """Whether the sentence itself names the episode the topic asks about (True when the
        topic names none)."""
        return names_episode(text, self.acuity)


def build_topic(
    analysis: QuestionAnalysis, extra_terms: Sequence[str] = (), texts: Sequence[str] = ()
) -> TopicModel:
    """Topic phrases from the topic, the search queries and the given synonyms, plus the
    abbreviations that ``texts`` (the retrieved passages) define for them: "diabetic
    ketoacidosis (DKA)" makes "DKA" a name of the topic."""
    phrases: list[frozenset[str]] = []
    cores: list[tuple[frozenset[str], ...]] = []
    # Search queries add words ("... conservative management surgery"): whole phrases only.
    named = {analysis.topic, *extra_terms}
    for text in (analysis.topic, *extra_terms, *analysis.search_queries):
        phrase = topic_words(text)
        if not phrase or phrase in phrases:
            continue
        phrases.append(phrase)
        if text in named:
            parts = _core_parts(text)
            cores.append(parts or (_core(phrase),))
    all_parts = list(dict.fromkeys(part for core in cores for part in core))
    aliases = tuple((_part_key(p), acronym) for p, acronym in learn_acronyms(all_parts, texts))
    question = topic_words(analysis.question)
    return TopicModel(
        tuple(phrases),
        tuple(dict.fromkeys(cores)),
        question,
        aliases,
        acuity_of(analysis.topic),
    )


def question_focus(analysis: QuestionAnalysis) -> frozenset[str]:
    """What the first search query adds to the topic: the therapy or test the question names
    ("atrial fibrillation anticoagulation" -> {"anticoagul"}); empty when it adds only intent
    words ("gout flare treatment")."""
    if not analysis.search_queries:
        return frozenset()
    return topic_words(analysis.search_queries[0]) - topic_words(analysis.topic)


def _core_parts(text: str) -> tuple[frozenset[str], ...]:
    """The parts of a topic each sentence must name; a part made only of qualifiers ("empiric
    antibiotic" in "empiric antibiotic treatment for pneumonia") is not required when another
    part names the condition."""
    phrases = [p for p in (topic_words(part) for part in _JOINERS.split(text)) if p]
    named = [p for p in phrases if p - QUALIFIERS]
    chosen = named or phrases
    return tuple(dict.fromkeys(_core(p) for p in chosen))


def _part_key(part: frozenset[str]) -> str:
    """A token standing for a whole part once its abbreviation is found."""
    return "part:" + "+".join(sorted(part))


_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_DEFINED_ACRONYM = re.compile(r"((?:[\w-]+[ -]){1,6}?)\(([A-Z][A-Za-z0-9-]{1,9})\)")


def learn_acronyms(
    parts: Sequence[frozenset[str]], texts: Sequence[str]
) -> list[tuple[frozenset[str], str]]:
    """Abbreviations defined in ``texts`` right after a topic part ("... ketoacidosis (DKA)",
    "oral anticoagulation (OAC)"), lower-cased as tokens are, in order of first definition."""
    found: list[tuple[frozenset[str], str]] = []
    for text in texts:
        for match in _DEFINED_ACRONYM.finditer(text):
            long_form = content_tokens(match.group(1))
            acronym = match.group(2).lower()
            if not acronym.isalnum() or len(acronym) < 2:
                continue
            for part in parts:
                if part and part <= long_form and (part, acronym) not in found:
                    found.append((part, acronym))
    return found


def _core_matches(parts: tuple[frozenset[str], ...], toks: frozenset[str]) -> bool:
    """Every word of a part of up to three words (three quarters of a longer one), in all of
    one or two parts or two thirds of more; a part's defined abbreviation stands for it."""
    matched = sum(
        1
        for part in parts
        if _part_key(part) in toks
        or len(part & toks) >= (len(part) if len(part) <= 3 else math.ceil(0.75 * len(part)))
    )
    return matched >= (len(parts) if len(parts) <= 2 else math.ceil(2 * len(parts) / 3))


def topic_words(text: str) -> frozenset[str]:
    """The words of ``text`` that name a topic: stemmed content words, no question or intent
    words, no bare numbers."""
    return frozenset(t for t in content_tokens(text) if t not in GENERIC and not t.isdigit())


def _core(phrase: frozenset[str]) -> frozenset[str]:
    core = frozenset(t for t in phrase if t not in QUALIFIERS)
    return core or phrase


def vocab_synonyms(topic: str, limit: int = 8) -> list[str]:
    """Synonyms of the topic from medcite.vocab ("pars defect" -> "spondylolysis"), if installed.

    The vocabulary is optional and developed separately: any failure means "no synonyms".
    """
    if not topic.strip():
        return []
    try:
        vocab: Any = importlib.import_module("medcite.vocab")
        found = vocab.expansion_terms(topic)
        if isinstance(found, list) and found and _ACRONYM.search(topic):
            # An abbreviation's first synonym is its long form, whose own synonyms are the
            # names guidelines use ("COPD" -> "chronic obstructive pulmonary disease" ->
            # "chronic obstructive lung disease", the GOLD report's title).
            found = [*found, *(vocab.expansion_terms(str(found[0])) or [])]
    except Exception:
        return []
    if not isinstance(found, list):
        return []
    terms = [str(t) for t in found if isinstance(t, str) and t.strip()]
    return list(dict.fromkeys(terms))[:limit]
