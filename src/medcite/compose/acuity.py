"""Acute episodes of a condition: a question about one is not answered by evidence about the
condition's long-term management.

The topic model treats "exacerbation", "flare", "attack" and "acute" as qualifiers, so the core of
"COPD exacerbation" is "COPD" and a maintenance-therapy passage is on topic. That is right for
finding evidence and wrong for answering: "How is a COPD exacerbation treated?" must not be
answered with Group A/B/E maintenance inhalers, nor "gout flare" with urate-lowering therapy.

So when the question's topic names an episode, a sentence only counts when it, or its passage's
title or section, names an episode too. Episode words are interchangeable (an exacerbation is a
flare-up is an attack; "acute X" is an episode of X), except where the word counts or prevents
episodes rather than naming one: "COPD with frequent exacerbations", "history of flares",
"prevent attacks" and "flare prophylaxis" describe the long-term question, and are not gated.

A topic qualified only by the adjective "acute" ("acute myocardial infarction") is often a
condition that is always acute; evidence about it says so through its setting or timing
("emergency", "within 90 minutes") as often as through the word, so those count for it too.
"""

from __future__ import annotations

import enum
import re

__all__ = ["Acuity", "acuity_of", "names_episode"]


class Acuity(enum.Enum):
    """What a topic says about acuity."""

    NONE = "none"  # no acute qualifier: every on-topic sentence may answer
    ACUTE = "acute"  # "acute X": an episode word, or an acute-care setting or timing
    EPISODE = "episode"  # "X exacerbation / flare / attack / crisis": an episode word


_EPISODE = re.compile(
    r"\b(?:acute(?:ly)?|exacerbat\w*|flare(?:[- ]?ups?|s)?|attacks?|cris[ie]s|episodes?|"
    r"decompensat\w*|paroxysm\w*)\b",
    re.IGNORECASE,
)
_ADJECTIVE = re.compile(r"^acute", re.IGNORECASE)
# Words that make an episode word count, prevent or remember episodes instead of naming one:
# "frequent exacerbations", ">=2 moderate exacerbations", "history of flares", "reduce attacks".
_COUNTED_BEFORE = re.compile(
    r"(?:\b(?:frequent|recurrent|repeated|multiple|persistent|prior|previous|past|future|fewer|"
    r"history of|risk of|number of|rates? of|frequency of|incidence of)|\bprevent\w*|\breduc\w*|"
    r"\bdecreas\w*|\blower\w*|\bavoid\w*|\bprophyla\w*|[≥>]=?\s*\d+|\b\d+)"
    r"\s+(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
_COUNTED_AFTER = re.compile(
    r"^\s*(?:risk|history|rates?|frequency|prophylaxis|prevention|persist\w*|per year|"
    r"in the (?:past|previous|prior|last))\b",
    re.IGNORECASE,
)
_WINDOW = 40
# Conditions with a long-term course whose acute form is managed differently: for these "acute X"
# is an episode ("acute asthma", "acute gout"). Other "acute X" ("acute pulmonary embolism",
# "acute myocardial infarction", "acute kidney injury") name a condition that is acute by nature.
_LONG_TERM_CONDITION = re.compile(
    r"\b(?:asthma|copd|chronic obstructive|emphysema|bronchitis|gout|gouty|heart failure|"
    r"cardiac failure|pancreatitis|hepatitis|cholecystitis|sinusitis|rhinosinusitis|"
    r"back pain|pain|migraine|urticaria|eczema|dermatitis|colitis|crohn\w*|inflammatory bowel|"
    r"diverticulitis|prostatitis|pyelonephritis|leuka?emia|otitis|arthritis|porphyria|"
    r"sickle cell)\b",
    re.IGNORECASE,
)
# Acute-care setting or timing: what an "acute X" passage says when it does not say "acute".
_URGENT = re.compile(
    r"\bemergenc\w*|\burgent\w*|\bimmediate(?:ly)?\b|\bSTAT\b|\bdoor-to-\w+|"
    r"\bwithin (?:the first )?\d+(?:\.\d+)?(?:\s*(?:–|-|to)\s*\d+)?\s*(?:min\w*|h(?:ours?|rs?)?)\b",
    re.IGNORECASE,
)


def _episode_words(text: str) -> list[str]:
    """The episode words of ``text`` that name an episode (not a count or a prevention of them)."""
    found = []
    for match in _EPISODE.finditer(text):
        before = text[max(0, match.start() - _WINDOW) : match.start()]
        after = text[match.end() : match.end() + _WINDOW]
        if _COUNTED_BEFORE.search(before) or _COUNTED_AFTER.search(after):
            continue
        found.append(match.group(0))
    return found


def acuity_of(topic: str) -> Acuity:
    """Whether the topic names an acute episode ("gout flare"), an acute form of a condition
    that also has a long-term course ("acute gout"), or neither ("gout", "COPD with frequent
    exacerbations", "acute pulmonary embolism": a condition that is acute by nature, whose
    evidence need not say so)."""
    words = _episode_words(topic)
    if any(not _ADJECTIVE.match(w) for w in words):
        return Acuity.EPISODE
    return Acuity.ACUTE if words and _LONG_TERM_CONDITION.search(topic) else Acuity.NONE


def names_episode(text: str, acuity: Acuity) -> bool:
    """Whether ``text`` (a sentence, or a passage's title and section) is about an acute episode
    in the sense the topic asks for; always True when the topic names none."""
    if acuity is Acuity.NONE:
        return True
    if _episode_words(text):
        return True
    return acuity is Acuity.ACUTE and bool(_URGENT.search(text))
