"""List items and table rows of a Markdown guideline, rewritten to stand alone as sentences.

Guideline summaries put their recommendations in lists and tables. Read one line at a time,
"Thiazide or thiazide-type diuretics." or "Regimen: 1.2 mg orally ..." says nothing true on
its own: the lead-in, the heading or the table header carries half the claim. Here each one gets
that context back, using only words of the document (the lead-in, the heading, the header
labels) and punctuation:

- items under a lead-in that ends with a colon join it: "Four drug classes are recommended as
  first-line therapy (Class I): thiazide or thiazide-type diuretics; ACE inhibitors; ...";
- items chained by a trailing "OR" become one sentence of alternatives;
- a "Label: value" item names its subject (the heading, or the label of its parent item):
  "Group B — initial therapy: LABA + LAMA.";
- a table row names its subject and each cell its header: "Colchicine (Prophylaxis Agents) —
  dose: 0.6 mg once or twice daily orally; notes: ...", or, in a two-column "Parameter |
  Recommendation" table, "Colchicine for Acute Flare — regimen: 1.2 mg orally ...".

Items that state their own recommendation grade are recommendations already and stay as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .grades import find_grade
from .markdown_blocks import Block
from .metadata import sentence

__all__ = ["contextualise"]

# Merged sentences stay under the composer's sentence length (60 words) with room to spare.
_MAX_WORDS = 50
# "Recommended in preference to ACEi or ARB ..." under "ARNi — Sacubitril/Valsartan": the heading
# is the subject the sentence left out.
_SUBJECTLESS = re.compile(
    r"^(?:not\s+)?(?:recommended|suggested|indicated|preferred|reserved|contraindicated)\b", re.I
)
_CONDITION = re.compile(r"^(?:if|when|unless|for|in|after|before|during|while|once)\b", re.I)
_LABEL = re.compile(r"^(?P<label>[A-Za-z0-9][^:;.!?]{0,60}?):\s+(?P<value>\S.*)$")
_MAX_LABEL_WORDS = 6
# Labels that grade or annotate rather than name a subject ("Recommendation 9.8 (Grade A):").
_GRADE_WORDS = re.compile(r"\b(?:recommendations?|rec|grade|class|level|loe|cor)\b", re.I)
_CONNECTOR = re.compile(r"[;,]?\s+(?P<word>OR|or|AND|and)$")
_NUMBERING = re.compile(r"^\d+(?:\.\d+)*[.)]?\s+")
_GRADED_BRACKET = re.compile(
    r"\s*\([^()]*\b(?:recommendations?|rec|grade|class|level|loe|cor)\b[^()]*\)", re.I
)
_BRACKET = re.compile(r"\s*\([^()]*\)")
# A paragraph that is only a grade: "(Strong recommendation, Moderate quality of evidence)".
_GRADE_ONLY = re.compile(r"^\((?P<grade>[^()]+)\)\.?$")
_TITLE_SUFFIX = re.compile(r"\s+(?:—|--|–)\s+.*$")
# Two-column tables whose first column names an attribute and second its value.
_ATTRIBUTE_HEADERS = frozenset(
    "parameter parameters item items feature features component components variable "
    "variables characteristic characteristics aspect aspects field property element "
    "elements setting topic".split()
)
_VALUE_HEADERS = frozenset(
    "recommendation recommendations detail details description value values note notes "
    "comment comments explanation definition action actions information summary guidance "
    "key points".split()
)


@dataclass
class _Headings:
    """The heading path so far; the deepest heading names the subject of what follows."""

    stack: list[tuple[int, str]]

    def push(self, level: int, text: str) -> None:
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        self.stack.append((level, text))

    @property
    def grade(self) -> str:
        """The grade the deepest heading states: "ARNi (Class I, LOE A)" -> "Class I, LOE A"."""
        if not self.stack:
            return ""
        match = _GRADED_BRACKET.search(self.stack[-1][1])
        return match.group(0).strip(" ()") if match else ""

    @property
    def subject(self) -> str:
        """The deepest heading, without numbering, grades and a title's publisher suffix."""
        if not self.stack:
            return ""
        level, text = self.stack[-1]
        text = _GRADED_BRACKET.sub("", _NUMBERING.sub("", text)).strip(" :")
        return _TITLE_SUFFIX.sub("", text) if level == 1 else text


def contextualise(blocks: Sequence[Block]) -> list[Block]:
    """``blocks`` with lists merged under their lead-ins and items and rows given a subject."""
    return _graded_forward(_contextualise(blocks))


def _graded_forward(blocks: list[Block]) -> list[Block]:
    """A grade standing alone in brackets belongs to the recommendation that follows it
    (kept where it stands when a heading or a table comes first)."""
    out: list[Block] = []
    pending: Block | None = None
    for block in blocks:
        if block.kind == "paragraph" and not block.level and _GRADE_ONLY.match(block.text):
            if pending is not None:
                out.append(pending)
            pending = block if find_grade(block.text) else None
            if pending is None:
                out.append(block)
            continue
        if pending is not None and block.kind in ("item", "paragraph") and not block.level:
            block = replace(block, text=sentence(f"{_bare(block.text)} {_bare(pending.text)}"))
        elif pending is not None:
            out.append(pending)
        pending = None
        out.append(block)
    if pending is not None:
        out.append(pending)
    return out


def _contextualise(blocks: Sequence[Block]) -> list[Block]:
    out: list[Block] = []
    headings = _Headings([])
    parents: list[tuple[int, str]] = []  # (indent, label) of the open list items
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.level:
            headings.push(block.level, block.text)
            parents = []
            out.append(block)
            i += 1
            continue
        if block.kind == "row":
            out.append(replace(block, text=_row_text(block, headings.subject)))
            i += 1
            continue
        if block.kind not in ("item", "paragraph"):
            out.append(block)
            i += 1
            continue
        end = _children_end(blocks, i) if block.text.endswith(":") else i + 1
        children = list(blocks[i + 1 : end])
        if _flat(children):
            out.extend(replace(block, text=t) for t in _completed(block.text, children))
            i = end
            continue
        end = _chain_end(blocks, i) if block.kind == "item" else i + 1
        if end > i + 1:
            block = replace(block, text=_joined("", list(blocks[i:end]))[0])
        if block.kind == "item":
            while parents and parents[-1][0] >= block.indent:
                parents.pop()
            parent = parents[-1][1] if parents else ""
            label = _label(block.text)
            parents.append((block.indent, label[0] if label else ""))
            block = replace(block, text=_with_subject(block.text, parent or headings.subject))
        elif _SUBJECTLESS.match(block.text):
            text = _with_subject(block.text, headings.subject)
            if headings.grade and not find_grade(text):
                text = sentence(f"{_bare(text)} ({headings.grade})")  # the heading's grade
            block = replace(block, text=text)
        out.append(block)
        i = end
    return out


def _children_end(blocks: Sequence[Block], start: int) -> int:
    """End of the items that complete the lead-in at ``start`` (deeper items under an item)."""
    lead = blocks[start]
    end = start + 1
    while end < len(blocks):
        nxt = blocks[end]
        if nxt.level or nxt.kind != "item":
            break
        if lead.kind == "item" and nxt.indent <= lead.indent:
            break
        end += 1
    return end


def _chain_end(blocks: Sequence[Block], start: int) -> int:
    """End of a run of items joined by a trailing 'OR'/'AND' ("Amoxicillin 1 g ...; OR")."""
    end = start
    while (
        end + 1 < len(blocks)
        and _CONNECTOR.search(_bare(blocks[end].text))
        and blocks[end + 1].kind == "item"
        and blocks[end + 1].indent == blocks[start].indent
    ):
        end += 1
    return end + 1


def _flat(children: list[Block]) -> bool:
    """A flat list completes its lead-in; a nested one is read item by item."""
    return bool(children) and len({c.indent for c in children}) == 1


def _completed(lead_in: str, children: list[Block]) -> list[str]:
    """Items joined to their lead-in. Graded items are recommendations of their own: each keeps
    its sentence and gets the lead-in in front ("If CVD: initiate ... (Class I)", "Men —
    CHA2DS2-VASc >= 2: OAC is recommended (Class I)"); ungraded ones join it in one list."""
    if not any(find_grade(c.text) for c in children):
        return _merged(lead_in, children)
    lead = lead_in.rstrip(":").rstrip()
    if _is_clause(lead):
        return [sentence(f"{lead}: {_lower_first(_bare(c.text))}") for c in children]
    if _GRADE_WORDS.search(lead):
        return [lead_in, *(c.text for c in children)]  # "Recommendations:" names no subject
    return [f"{lead} — {c.text}" for c in children]


def _is_clause(lead: str) -> bool:
    """'If clinical CVD or risk >= 10%' is a condition its items complete; 'Men' is a label."""
    return len(lead.split()) > _MAX_LABEL_WORDS or bool(_CONDITION.match(lead))


def _merged(lead_in: str, children: list[Block]) -> list[str]:
    """'Lead-in: a; b; c.' in as few sentences as fit, the lead-in repeated in each."""
    lead = lead_in.rstrip(":").rstrip()
    groups: list[list[Block]] = [[]]
    for child in children:
        trial = [*groups[-1], child]
        if groups[-1] and len(_joined(lead, trial)[0].split()) > _MAX_WORDS:
            groups.append([child])
        else:
            groups[-1] = trial
    return [text for group in groups for text in _joined(lead, group)]


def _joined(lead: str, items: list[Block]) -> list[str]:
    """One sentence of ``items``: "lead: a; or b; c." (the items' own 'OR' kept as the joiner)."""
    parts: list[str] = []
    joiner = ""
    for n, item in enumerate(items):
        text = _bare(item.text)
        connector = _CONNECTOR.search(text)
        if connector:
            text = text[: connector.start()].rstrip()
        if lead or n:
            text = _lower_first(text)
        parts.append(f"{joiner}{text}" if n else text)
        joiner = f"; {connector.group('word').lower()} " if connector else "; "
    body = "".join(parts)
    return [sentence(f"{lead}: {body}" if lead else body)]


def _bare(text: str) -> str:
    """An item without the period the block parser added (or the author wrote)."""
    return text[:-1].rstrip() if text.endswith(".") else text


def _label(text: str) -> tuple[str, str] | None:
    """(label, value) of a 'Label: value' item whose label names something; else None."""
    match = _LABEL.match(text)
    if match is None:
        return None
    label = match.group("label").strip()
    if len(label.split()) > _MAX_LABEL_WORDS or _GRADE_WORDS.search(label):
        return None
    if label.count("(") != label.count(")"):
        return None  # "Direct oral anticoagulants (DOACs: apixaban, ...)" is prose
    return label, match.group("value")


def _with_subject(text: str, subject: str) -> str:
    """'Initial Therapy: LABA + LAMA.' under 'Group B' -> 'Group B — initial therapy: LABA +
    LAMA.'; an item joined from alternatives gets the heading too; others stay as written."""
    if not subject:
        return text
    label = _label(text)
    if label is not None:
        name, value = label
        if name.casefold() == subject.casefold():
            return text
        return f"{subject} — {_label_case(name)}: {value}"
    if "; or " in text or _SUBJECTLESS.match(text):
        return f"{subject} — {_lower_first(text)}"
    return text


def _row_text(row: Block, subject: str) -> str:
    """A table row as a sentence that names its subject and each cell's header."""
    cells = list(row.cells)
    header = list(row.header)
    if not header or not any(cells) or len(cells) < 2 or not cells[0]:
        return row.text
    pairs = [
        (_label_case(header[i]) if i < len(header) else "", cell)
        for i, cell in enumerate(cells)
        if cell
    ]
    first, second = header[0].casefold(), header[1].casefold() if len(header) > 1 else ""
    if len(cells) == 2 and subject and (first in _ATTRIBUTE_HEADERS or second in _VALUE_HEADERS):
        return sentence(f"{subject} — {_label_case(cells[0])}: {cells[1]}")
    name = cells[0]
    if subject and subject.casefold() not in name.casefold():
        name = f"{name} ({_BRACKET.sub('', subject).strip()})"
    rest = "; ".join(f"{label}: {cell}" if label else cell for label, cell in pairs[1:])
    return sentence(f"{name} — {rest}") if rest else row.text


def _label_case(label: str) -> str:
    """Header words in running-text case: 'Starting Dose' -> 'starting dose'; 'GFR' stays."""
    return " ".join(_lower_word(w) for w in label.split())


def _lower_word(word: str) -> str:
    return word.lower() if word[:1].isupper() and word[1:] == word[1:].lower() else word


def _lower_first(text: str) -> str:
    """The first word in running-text case, unless it is an acronym or a mixed-case name."""
    first, _, rest = text.partition(" ")
    return f"{_lower_word(first)} {rest}".rstrip() if first else text
