"""Recommendation grades stated in guideline text, and sections that keep them.

Guidelines state the strength of each recommendation next to it in many notations:
GRADE ("(Strong, High)", "strong recommendation, moderate-quality evidence"), ACC/AHA
("Class IIa; Level of Evidence B-R"), SIGN/ACCP ("Grade A", "Grade 1B"), AAFP SORT
("SOR A"). The grade matters for ranking and is shown beside the citation, so the readers
keep the grade on the passage it belongs to: a graded paragraph becomes its own Section.

Whitespace runs in the patterns are bounded (``\\s{0,3}``, not ``\\s*``): adjacent unbounded
runs backtrack polynomially, and one long run of spaces in a hostile file would stall ingest.

The patterns are deliberately narrow. Clinical text is full of "grade" and "class" that
are not recommendation grades (Meyerding grade II spondylolisthesis, class III obesity,
grade 3 tumours), so a bare "Class I" or "Grade II" is never taken as a grade.
"""

from __future__ import annotations

import re

from medcite.records import Section

from .metadata import clean

__all__ = ["HeadingStack", "SectionBuilder", "find_grade"]

# Bounded whitespace: see the module docstring.
_S = r"\s{0,3}"
_S1 = r"\s{1,3}"
_STRENGTH = r"(?:strong|conditional|weak|discretionary)"
_QUALITY = r"(?:high|moderate|low|very[ -]low)"
_QUALITY_RANGE = rf"{_QUALITY}(?:{_S}(?:to|/|-){_S}{_QUALITY})?"
_EVIDENCE_TAIL = rf"{_QUALITY_RANGE}(?:[- ](?:quality|certainty))?(?:{_S1}(?:of{_S1})?evidence)?"
_ACC_CLASS = rf"(?:IIa|IIb|III|II|I|2a|2b|1|3)(?:{_S}:{_S}(?:Harm|No{_S1}Benefit))?"
_ACC_LEVEL = r"[ABC](?:-(?:R|NR|LD|EO))?"
_LOE = rf"(?:LOE|Level{_S1}of{_S1}Evidence)"
# "(Rec 6, Strong)", "(Recommendation 6.13, Grade E)": a numbered recommendation's label.
_REC_LABEL = rf"(?:Rec(?:ommendation)?\.?{_S}[0-9.]{{1,8}}[a-z]?{_S}[,;:]{_S})?"

# Each pattern captures the grade as stated; the first match in the text wins.
_PATTERNS: tuple[re.Pattern[str], ...] = (
    # GRADE in parentheses: "(Strong, High)", "(Conditional, Very Low)",
    # "(strong recommendation; low certainty of evidence)".
    re.compile(
        rf"\({_S}{_REC_LABEL}({_STRENGTH}(?:{_S1}recommendation)?{_S}[,;/]{_S}{_EVIDENCE_TAIL}){_S}\)",
        re.I,
    ),
    # A bare strength in parentheses: "(Strong)", "(conditional recommendation)".
    re.compile(rf"\({_S}{_REC_LABEL}({_STRENGTH}(?:{_S1}recommendation)?){_S}\)", re.I),
    # Spelled out: "strong recommendation, moderate-quality evidence".
    re.compile(
        rf"\b({_STRENGTH}{_S1}recommendation(?:{_S1}(?:for|against))?{_S}[,;]{_S}"
        rf"(?:based{_S1}on{_S1})?{_EVIDENCE_TAIL})",
        re.I,
    ),
    # Labelled GRADE: "(GRADE: strong)", "GRADE: conditional, low".
    re.compile(rf"\b(GRADE{_S}:{_S}{_STRENGTH}(?:{_S}[,;/]{_S}{_QUALITY})?)\b", re.I),
    # ACC/AHA: "Class I, LOE A", "Class IIa; Level of Evidence B-R", "COR 2b, LOE C-LD",
    # "Class III: Harm, LOE B-NR", older "Class I, Level B".
    re.compile(
        rf"\b((?:Class|COR){_S}:?{_S}{_ACC_CLASS}{_S}[,;]?{_S}\(?{_S}"
        rf"(?:{_LOE}|Level){_S}:?{_S}{_ACC_LEVEL})(?![\w-])",
        re.I,
    ),
    # A class alone, but only as the whole parenthesis: "(Class IIa)"; never "NYHA class III".
    re.compile(rf"\({_S}((?:Class|COR){_S1}{_ACC_CLASS}){_S}\)"),
    # A level of evidence on its own: "Level of Evidence: B-NR", "LOE A".
    re.compile(rf"\b({_LOE}{_S}:?{_S}{_ACC_LEVEL})(?![\w-])", re.I),
    # A bare level as the whole parenthesis: "(Level IIB)", "(Level A)".
    re.compile(rf"\({_S}(Level{_S1}(?:IV|I{{1,3}}|V|[1-5])[A-Ca-c]?|Level{_S1}[A-C]){_S}\)"),
    # SIGN / ACCP / ADA / USPSTF letter grades; the letter is case-sensitive on purpose.
    re.compile(rf"\b((?i:grade){_S}:?{_S}(?:[A-E]|[12][A-D]))(?![\w-])"),
    # Strength of recommendation (SORT and friends): "SOR A", "Strength of recommendation: B".
    re.compile(
        rf"\b((?:(?i:SOR)|(?i:strength{_S1}of{_S1}recommendation)|(?i:evidence{_S1}rating)){_S}:?"
        rf"{_S}(?:[ABC]|(?i:strong|weak|conditional|moderate)))(?![\w-])"
    ),
)


def find_grade(text: str) -> str | None:
    """The first recommendation grade stated in ``text``, as written (parentheses removed)."""
    best: re.Match[str] | None = None
    for pattern in _PATTERNS:
        match = pattern.search(text)
        if match is None:
            continue
        if best is None or (match.start(1), -len(match.group(1))) < (
            best.start(1),
            -len(best.group(1)),
        ):
            best = match
    if best is None:
        return None
    return clean(best.group(1).replace("(", " ").replace(")", " "))


class HeadingStack:
    """Nested headings as a 'Parent > Child' path."""

    def __init__(self) -> None:
        self._stack: list[tuple[int, str]] = []

    def push(self, level: int, text: str) -> str:
        """Enter a heading of ``level`` (1 = top); returns the new path."""
        while self._stack and self._stack[-1][0] >= level:
            self._stack.pop()
        if text:
            self._stack.append((level, text))
        return self.path

    @property
    def path(self) -> str:
        """Current heading path, '' before the first heading."""
        return " > ".join(text for _, text in self._stack)


class SectionBuilder:
    """Collects text blocks under headings; a block that states a grade gets its own Section.

    Ungraded blocks under one heading are joined (one per line) into one Section, so
    the chunker sees the section as the author wrote it.
    """

    def __init__(self) -> None:
        self._sections: list[Section] = []
        self._heading = ""
        self._pending: list[str] = []

    def heading(self, path: str) -> None:
        """Start a new heading path for the blocks that follow."""
        self._flush()
        self._heading = path

    def add(self, block: str) -> None:
        """Add one paragraph, list item or table row (whitespace is normalised)."""
        text = clean(block)
        if not text:
            return
        grade = find_grade(text)
        if grade is None:
            self._pending.append(text)
            return
        self._flush()
        self._sections.append(Section(heading=self._heading, text=text, grade=grade))

    def build(self) -> list[Section]:
        """The sections collected so far, in reading order."""
        self._flush()
        return list(self._sections)

    def _flush(self) -> None:
        if self._pending:
            text = "\n".join(self._pending)
            self._sections.append(Section(heading=self._heading, text=text))
            self._pending = []
