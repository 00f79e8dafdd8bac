"""Rewriting one cited claim for a patient: plain words, no statistics jargon, short sentences.

Every step keeps the claim's facts: numbers keep their meaning (a statistical bracket is removed
whole; a share gets a plain reading beside it, never instead of it), negations stay, and each
resulting sentence must still be supported by the sentence it came from. :func:`for_patient`
checks that with the verifier's own measures (canonical tokens, numbers, negation) and falls back
to a lighter rewrite, then to the clinical text, when a step would break it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from medcite.compose.fragments import fragment_reason, has_finite_verb
from medcite.compose.glossary import canonicalize, figure_in_words, simplify
from medcite.compose.sentences import split_sentences
from medcite.compose.tokens import content_tokens, has_negation, numbers, recall

# A bracket that reports statistics: confidence intervals, p values, effect sizes, counts.
_STAT_WORDS = (
    r"CI|CrI|p\s*[<=>≤≥]|P\s*[<=>≤≥]|HR|aHR|OR|aOR|RR|aRR|IRR|NNT|NNH|SMD|MD|WMD|IQR|SD|SE|"
    r"n\s*=|N\s*=|I2|I²|χ2|kappa|AUC|c-statistic|95%|99%|vs\.?\s*\d"
)
_STAT_BRACKET = re.compile(
    rf"\s*[(\[](?=[^()\[\]]*(?:\b|(?<=\W))(?:{_STAT_WORDS}))[^()\[\]]*\d[^()\[\]]*[)\]]"
)
# A trailing statistic outside brackets: ", p < 0.001" / "; 95% CI 0.5-0.8" at a clause end.
_STAT_TAIL = re.compile(
    r"[,;]\s*(?:p\s*[<=>≤≥]\s*0?\.\d+|\d{2}%\s*(?:CI|confidence interval)[^,;.]*)(?=[,;.]|$)",
    re.IGNORECASE,
)
# "71% of": a share of a group, not a change ("reduced by 30%") or part of a range ("5-10%").
_SHARE = re.compile(
    r"(?<![\d.–—-])(?<!to )(?<!from )(\d{1,2}(?:\.\d+)?)\s?%(?= of (?:the |all )?(?:patients|people|"
    r"adults|children|women|men|participants|cases|infants|individuals|athletes|subjects)\b)"
)
# A bracket with an example or a detail that has numbers: moved to a sentence of its own.
_EXAMPLE = re.compile(r"\s*\((?:e\.g\.,?|for example,?|such as)\s+([^()]{3,120})\)")
_NUMERIC_ASIDE = re.compile(r"\s*\(([^()]*\d[^()]*)\)")
_OWN_GLOSS = re.compile(r"^(?:about |nearly )?\d{1,2} in 10$")
_LONG = 12
# "... should be stopped and reversal should be given": a second subject with its own verb.
_AND_CLAUSE = re.compile(
    r"\s+and\s+(?=(?:[\w-]+\s+){1,5}(?:should|must|is|are|was|were|can|may|will)\s)"
)
_AUXILIARY = re.compile(
    r"\b(?:should|must|is|are|was|were|can|could|may|might|will|would|has|have|had|does|do)\b"
)
# Where a long sentence joins two clauses, and the word the second sentence starts with.
_JOINS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r";\s+"), ""),
    (re.compile(r",\s+(?:but|whereas|while|although|though)\s+", re.I), "But "),
    (re.compile(r"\s+[—–]\s+"), ""),
    (re.compile(r",\s+because\s+", re.I), "This is because "),
    (re.compile(r",\s+so\s+(?=\w+\s+\w+)", re.I), "So "),
    (re.compile(r",\s+and\s+(?=\w+\s+\w+)", re.I), ""),
    (re.compile(r",\s+(?=(?:if|when|unless)\s)", re.I), ""),
    (_AND_CLAUSE, ""),
    (
        re.compile(
            r",\s+which\s+(?=(?:is|are|was|were|has|have|can|may|causes?|reduces?|"
            r"increases?|lowers?|improves?)\b)",
            re.I,
        ),
        "This ",
    ),
)
# "In patients with X who Y, Z is advised." -> "Z is advised. This is for patients with X who Y."
_INTRO = re.compile(
    r"^(?P<intro>(?:In|For|Among)\s+(?:(?!who\b|with\b)[\w-]+\s+){0,2}"
    r"(?:adults?|patients|people|persons|children|women|men|"
    r"those|individuals|infants|neonates|adolescents|pregnant)\b[^,;:]{12,160}),\s+"
    r"(?P<main>[^,;:].+)$"
)
_MIN_RECALL = 0.75


def strip_statistics(text: str) -> str:
    """Remove statistical brackets ("(HR 0.70, 95% CI 0.58-0.85)") and trailing p values.

    Only whole brackets go, so no number that stays changes its meaning.
    """
    cleaned = _STAT_TAIL.sub("", _STAT_BRACKET.sub("", text))
    return re.sub(r"\s+([.,;:])", r"\1", cleaned).strip()


def gloss_figures(text: str) -> str:
    """Add a plain reading beside each share: "71% of patients" -> "71% (about 7 in 10) of
    patients". The figure itself stays; shares below 10% or above 95% are left alone."""

    def repl(match: re.Match[str]) -> str:
        words = figure_in_words(float(match.group(1)))
        return f"{match.group(1)}% ({words})" if words else match.group(0)

    return _SHARE.sub(repl, text)


def move_asides(sentence: str) -> str:
    """Move an example or a numeric detail out of a long sentence into one that follows it."""
    if len(sentence.split()) < _LONG or not sentence.endswith("."):
        return sentence
    for regex, lead in ((_EXAMPLE, "For example: "), (_NUMERIC_ASIDE, "In detail: ")):
        match = regex.search(sentence)
        if match is None or _STAT_BRACKET.match(match.group(0)):
            continue
        if _OWN_GLOSS.match(match.group(1)):
            continue  # the plain reading of a figure stays beside the figure
        head = (sentence[: match.start()] + sentence[match.end() :]).strip()
        aside = match.group(1).strip().rstrip(".")
        if len(aside.split()) < 3 or not _clause(head):
            continue
        if lead == "In detail: " and aside.lower().startswith("to "):
            lead = "This is "
        return f"{head} {lead}{aside}."
    return sentence


def front_main_clause(sentence: str) -> list[str]:
    """Put the main clause first and the group it applies to in a sentence of its own."""
    match = _INTRO.match(sentence)
    if match is None or len(sentence.split()) < _LONG:
        return [sentence]
    main = match.group("main").strip()
    if not main.endswith(".") or not _clause(main[:1].upper() + main[1:]):
        return [sentence]
    intro = match.group("intro")
    who = intro.split(None, 1)[1]
    return [main[:1].upper() + main[1:], f"This is for {who}."]


def split_long(sentence: str) -> list[str]:
    """Split a long sentence where it joins two full clauses; both sides must stand alone."""
    if len(sentence.split()) < _LONG:
        return [sentence]
    fronted = front_main_clause(sentence)
    if len(fronted) > 1:
        return [piece for part in fronted for piece in split_long(part)]
    for regex, lead in _JOINS:
        for match in regex.finditer(sentence):
            head, tail = sentence[: match.start()], sentence[match.end() :]
            if head.count("(") != head.count(")") or ":" in head:
                continue
            # The tail may lean on the head ("..., but this decision needs ..."): it follows it.
            if not (_clause(head) and len(tail.split()) >= 4 and has_finite_verb(tail)):
                continue
            if not lead and regex is _AND_CLAUSE and not _AUXILIARY.search(head):
                continue  # "injections with X and Y can ...": the head has no verb of its own
            if not has_finite_verb(" ".join(tail.split()[:5])):
                continue  # "..., and sulindac": a list goes on, not a clause
            second = lead + tail if lead else tail[:1].upper() + tail[1:]
            return [*split_long(f"{head.rstrip(' ,;')}."), *split_long(second)]
    return [sentence]


def _clause(text: str) -> bool:
    return len(text.split()) >= 5 and has_finite_verb(text) and fragment_reason(text) is None


def faithful(rewritten: str, original: str) -> bool:
    """Whether every sentence of ``rewritten`` is supported by a sentence of ``original`` the
    way the verifier measures it: canonical content words, the same numbers, the same negation."""
    sources = [_measure(s) for s in split_sentences(original) or [original]]
    for sentence in split_sentences(rewritten) or [rewritten]:
        toks, nums, negated = _measure(sentence)
        if not toks:
            return False
        if not any(
            nums <= s_nums and negated == s_neg and recall(toks, s_toks) >= _MIN_RECALL
            for s_toks, s_nums, s_neg in sources
        ):
            return False
    return True


def _measure(text: str) -> tuple[frozenset[str], frozenset[str], bool]:
    canonical = canonicalize(text)
    return content_tokens(canonical), numbers(canonical), has_negation(canonical)


def _split_all(text: str) -> str:
    out: list[str] = []
    for sentence in split_sentences(text) or [text]:
        out.extend(split_long(move_asides(sentence)))
    return " ".join(out)


def for_patient(text: str, strip: Callable[[str], str]) -> str:
    """The plainest faithful version of a claim: each rewrite is kept only if it still says
    what ``text`` says (``strip`` removes grade labels and asides first)."""
    base = simplify(strip(strip_statistics(text)))
    steps = (
        _split_all(gloss_figures(base)),
        _split_all(base),
        gloss_figures(base),
        base,
        simplify(text),
    )
    return next((s for s in steps if faithful(s, text)), text)


__all__ = [
    "faithful",
    "for_patient",
    "gloss_figures",
    "move_asides",
    "split_long",
    "strip_statistics",
]
