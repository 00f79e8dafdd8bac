"""Sentence splitting for clinical text, and meaning-preserving removal of reporting lead-ins.

Clinical prose is full of periods that do not end sentences ("e.g.", "et al.", "vs.", "Fig. 2",
"1.5 mg"); a naive split would cut claims in half and the fragments would later be cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Abbreviations after which a period never ends a sentence (lower-cased, without the final dot).
_NEVER_FINAL: frozenset[str] = frozenset(
    """
    e.g i.e vs v cf fig figs eq ref refs tab no nos vol pp p approx ca dr mr mrs ms prof st jr sr
    inc ltd co dept univ resp incl esp viz u.s u.k e.u
    """.split()
)
# Abbreviations that may end a sentence ("... for 30 min. Patients"): split only when a
# capitalised word follows. Dotted forms ("b.i.d.") are treated the same way.
_MAYBE_FINAL: frozenset[str] = frozenset(
    {"etc", "al", "min", "max", "mg", "ml", "kg", "wk", "wks", "yr", "yrs", "mo", "mos"}
)

# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then whitespace.
_BOUNDARY = re.compile(r"([.!?])([\"')\]]*)(\s+)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_LABEL = re.compile(
    r"^(?:BACKGROUND|OBJECTIVES?|AIMS?|PURPOSE|INTRODUCTION|METHODS?|DESIGN|SETTING|PATIENTS|"
    r"PARTICIPANTS|INTERVENTIONS?|RESULTS?|FINDINGS|CONCLUSIONS?|INTERPRETATION|"
    r"SUMMARY|RECOMMENDATIONS?|EVIDENCE|DISCUSSION)(?:\s+AND\s+[A-Z]+)?\s*:\s*"
)
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s+")


@dataclass(frozen=True)
class Unit:
    """A sentence of a passage, and whether it only makes sense after a lead-in.

    ``dependent`` marks list items under a clause that ends with a colon ("Pegloticase is
    indicated when:"): each item reads as a sentence but says nothing true on its own.
    """

    text: str
    dependent: bool = False


def split_sentences(text: str) -> list[str]:
    """Split a passage into sentences, keeping abbreviations, decimals and citations intact.

    Blank lines, bullet lines and lines ending with a colon also end sentences;
    structured-abstract labels ("RESULTS:") are removed from the start of a sentence.
    """
    return [unit.text for unit in split_units(text)]


def split_units(text: str) -> list[Unit]:
    """Like :func:`split_sentences`, with each sentence marked when it depends on a lead-in."""
    units: list[Unit] = []
    for block, dependent in _blocks(text):
        for raw in _split_block(block):
            sentence = _strip_label(raw)
            if sentence:
                units.append(Unit(sentence, dependent))
    return units


def _blocks(text: str) -> list[tuple[str, bool]]:
    """Paragraphs and list items (line structure that ends a sentence without a period), each
    with whether it follows a clause lead-in ending in a colon, until the next blank line."""
    blocks: list[tuple[str, bool]] = []
    current: list[str] = []
    under_lead_in = False
    dependent = False

    def flush() -> None:
        nonlocal under_lead_in
        if current:
            block = " ".join(current)
            blocks.append((block, dependent))
            if block.endswith(":"):
                under_lead_in = is_clause_lead_in(block)
        current.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or _BULLET.match(line) or stripped.endswith(":"):
            flush()
            if not stripped:
                under_lead_in = False
        if stripped:
            if not current:
                dependent = under_lead_in
            current.append(_BULLET.sub("", line).strip() if _BULLET.match(line) else stripped)
            if stripped.endswith(":"):
                flush()
    flush()
    return [(b, d) for b, d in blocks if b]


_LABEL_LEAD_IN = re.compile(r"^[\w\s/()&,'-]{1,60}:$")
_CLAUSE_WORD = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|include[sd]?|includ\w+|when|if|who|which|that|"
    r"following|should|must|may|can|recommended|suggested|indicated|consider\w*|meet|"
    r"requires?|such as)\b",
    re.IGNORECASE,
)


def is_clause_lead_in(block: str) -> bool:
    """True for a colon-ended clause that its list completes ("ULT is recommended when:"),
    False for a label ("Strong Recommendation AGAINST Pegloticase:", "Dosing:")."""
    if not block.endswith(":"):
        return False
    if _LABEL_LEAD_IN.match(block) and not _CLAUSE_WORD.search(block):
        return False
    return bool(_CLAUSE_WORD.search(block)) or len(block.split()) > 6


def _split_block(block: str) -> list[str]:
    """Split one paragraph at the boundaries that pass :func:`_is_boundary`."""
    out: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(block):
        end = match.end(2)
        if _is_boundary(block, match.start(1), match.end()):
            out.append(block[start:end].strip())
            start = match.end()
    tail = block[start:].strip()
    if tail:
        out.append(tail)
    return out


def _is_boundary(text: str, dot: int, next_start: int) -> bool:
    """Decide whether the punctuation at ``dot`` ends a sentence."""
    following = text[next_start : next_start + 1]
    if not following or not (following.isupper() or following.isdigit() or following in "\"'(["):
        return False
    if text[dot] != ".":
        return True
    match = _WORD_BEFORE.search(text[:dot])
    if not match:
        return True
    word = match.group(1).lower().rstrip(".")
    if word in _NEVER_FINAL:
        return False
    if word in _MAYBE_FINAL or "." in word:
        return following.isupper()
    # A single capital letter before the period is an initial ("J. Smith") or a list label.
    return not (len(match.group(1)) == 1 and match.group(1).isupper())


def _strip_label(sentence: str) -> str:
    return _LABEL.sub("", sentence).strip()


# Reporting frames that add nothing to the claim and whose removal keeps its certainty:
# the finding X is stated by the authors as a result, so "X" alone says the same.
_CERTAIN_LEAD_INS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(?:in (?:this|the present|our) (?:study|trial|review|cohort|series|analysis|"
        r"meta-analysis)\s*,?\s*)?(?:we|the authors) (?:found|showed|observed|demonstrated|"
        r"confirmed|report(?:ed)?) that\s+",
        r"^(?:our|the|these) (?:results|findings|data) (?:show|showed|demonstrate|demonstrated|"
        r"confirm|confirmed) that\s+",
        r"^(?:in conclusion|in summary|to conclude|taken together)\s*,\s*",
    )
)
# Hedged frames: removing them would turn a tentative finding into a certain one, so they are
# trimmed only when the finding keeps its own hedge ("X may ...").
_HEDGED_LEAD_INS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(?:our|the|these|this|the present) (?:results|findings|data|study|studies|evidence)"
        r" (?:suggest|suggests|indicate|indicates|imply|implies) that\s+",
        r"^(?:we|the authors) (?:suggest|propose|believe|speculate|conclude) that\s+",
    )
)
_HEDGE = re.compile(
    r"\b(?:may|might|could|possibly|probably|likely|unlikely|appears? to|seems? to|suggest\w*)\b",
    re.IGNORECASE,
)


def trim_lead_in(sentence: str) -> str:
    """Remove a reporting lead-in ("In this study, we found that X" -> "X") when meaning survives.

    A hedged lead-in ("Our results suggest that X") is removed only when X carries its own
    hedge; otherwise the sentence is returned unchanged, since doubt means do not trim.
    """
    for pattern in _CERTAIN_LEAD_INS:
        match = pattern.match(sentence)
        if match:
            return _capitalise(sentence[match.end() :])
    for pattern in _HEDGED_LEAD_INS:
        match = pattern.match(sentence)
        if match and _HEDGE.search(sentence[match.end() :]):
            return _capitalise(sentence[match.end() :])
    return sentence


def _capitalise(text: str) -> str:
    """Upper-case the first letter unless the first word is mixed case ('pH', 'mRNA', 'iPSC')."""
    if not text:
        return text
    first = text.split(" ", 1)[0]
    if any(c.isupper() for c in first[1:]):
        return text
    return text[0].upper() + text[1:]
