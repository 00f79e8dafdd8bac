"""Structural checks on an answer's citations: every number resolves, every reference is cited,
numbering is 1..N in order of first use, and every claim carries a citation."""

from __future__ import annotations

from medcite.compose.citations import iter_sections
from medcite.compose.plans import EXPLANATORY_KEYS
from medcite.records import Answer, ContentItem


def check_integrity(answer: Answer) -> list[str]:
    """Problems with the answer's citations, in reading order; an empty list means it is sound."""
    problems = _reference_problems(answer)
    numbers = {ref.n for ref in answer.references}
    first_use: list[int] = []
    for where, item in _claims(answer):
        text = item.text.strip()
        for n in item.citations:
            if n not in numbers:
                problems.append(
                    f"Citation [{n}] in {where} resolves to no reference: '{_short(text)}'"
                )
            elif n not in first_use:
                first_use.append(n)
        if len(set(item.citations)) != len(item.citations):
            problems.append(f"Repeated citation number in {where}: '{_short(text)}'")
        if text and not item.citations and not (answer.abstained and where == "bottom line"):
            problems.append(f"Uncited sentence in {where}: '{_short(text)}'")
    for ref in answer.references:
        if ref.n not in first_use:
            problems.append(f"Reference [{ref.n}] ('{_short(ref.title, 60)}') is never cited.")
    if first_use != sorted(first_use):
        problems.append(f"References are not numbered in order of first use: {first_use}")
    if answer.abstained and answer.references:
        problems.append("An abstained answer lists references.")
    return problems


def _reference_problems(answer: Answer) -> list[str]:
    problems: list[str] = []
    numbers = [ref.n for ref in answer.references]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(f"References are not numbered 1..{len(numbers)} in order: {numbers}")
    ids = [ref.id for ref in answer.references]
    for doc in sorted({d for d in ids if ids.count(d) > 1}):
        problems.append(f"Document {doc!r} has more than one reference.")
    for ref in answer.references:
        if not ref.chunk_ids:
            problems.append(f"Reference [{ref.n}] lists no cited passage.")
    return problems


def _claims(answer: Answer) -> list[tuple[str, ContentItem]]:
    """Items that must carry citations, with where they are; explanatory sections are exempt."""
    out: list[tuple[str, ContentItem]] = [("bottom line", answer.bottom_line)]
    for section in iter_sections(answer.sections):
        if section.key in EXPLANATORY_KEYS:
            continue
        out.extend((f"section '{section.heading}'", item) for item in section.items)
    return out


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
