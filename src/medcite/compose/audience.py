"""Adapting an answer to its reader: the same facts and the same citations, different words.

Patients get plain words (the glossary and the lay lexicon of medcite.vocab), no statistics
jargon, short sentences (:mod:`medcite.compose.plain`), short explanations of the key terms and
simpler headings; students keep clinical wording with the evidence
level beside each claim and a "Key Concepts" section. Clinicians get the evidence as written.
The reading level of the final text is measured (Flesch-Kincaid grade) and stored.
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from typing import Any

import textstat

from medcite.compose.citations import iter_items, iter_sections
from medcite.compose.disclaimer import disclaimer_for
from medcite.compose.fragments import fragment_reason, has_finite_verb
from medcite.compose.glossary import terms_in
from medcite.compose.lists import as_list, split_top_level
from medcite.compose.plain import for_patient
from medcite.compose.plans import plan_for
from medcite.compose.sentences import split_sentences
from medcite.records import Answer, AnswerSection, Audience, ContentItem, EvidenceLevel, Reference
from medcite.vocab.lay import condition_explanation

_SHORT_LABELS: dict[EvidenceLevel, str] = {
    EvidenceLevel.GUIDELINE: "guideline",
    EvidenceLevel.SYSTEMATIC_REVIEW: "systematic review",
    EvidenceLevel.RCT: "RCT",
    EvidenceLevel.COHORT: "cohort study",
    EvidenceLevel.CASE_SERIES: "case report/series",
    EvidenceLevel.NARRATIVE_REVIEW: "narrative review",
    EvidenceLevel.EXPERT_OPINION: "expert opinion",
    EvidenceLevel.OTHER: "unclassified",
}
#: The marker added beside a student's claims; the verifier strips it before checking support.
EVIDENCE_MARK = re.compile(r"\s*\(Evidence: [^)]*\)")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|\d+(?:[.,]\d+)*")
_MAX_EXPLANATIONS = 3
# A vocabulary definition harder than this is no explanation for a patient.
_MAX_DEFINITION_GRADE = 10.0
_MAX_CONCEPTS = 4


def adapt_answer(
    answer: Answer, audience: Audience, *, topic: str = "", use_vocab: bool = True
) -> Answer:
    """A copy of ``answer`` written for ``audience``, with its reading level measured.

    Citations and references are untouched: only wording, headings and explanatory sections
    (which carry no citations) change.
    """
    result = answer.model_copy(deep=True)
    result.audience = audience
    result.disclaimer = disclaimer_for(audience)
    if not result.abstained:
        if audience is Audience.PATIENT:
            _for_patient(result, topic, use_vocab)
        elif audience is Audience.STUDENT:
            _for_student(result)
    result.reading_level = reading_level(result)
    return result


def _for_patient(answer: Answer, topic: str, use_vocab: bool) -> None:
    clinical_text = " ".join(item.text for item in iter_items(answer))
    for item in iter_items(answer):
        item.text = for_patient(item.text, strip_annotations)
    for section in iter_sections(answer.sections):
        section.items = [as_list(item) for item in section.items]
    headings = {spec.key: spec.patient_heading for spec in plan_for(answer.intent).all_sections()}
    for section in iter_sections(answer.sections):
        section.heading = headings.get(section.key, section.heading)
    explanations = _explanations(topic, clinical_text, use_vocab)
    if explanations:
        items = [ContentItem(text=text) for text in explanations]
        answer.sections.insert(
            0, AnswerSection(heading="What This Means", key="what_this_means", items=items)
        )


def _explanations(topic: str, clinical_text: str, use_vocab: bool) -> list[str]:
    """Plain explanations: the topic first, then other explained terms the answer uses.

    The topic's explanation comes from the lay lexicon, else the glossary, else (when it reads
    simply enough) the vocabulary's definition.
    """
    topic_terms = terms_in(topic) if topic else []
    out: list[str] = []
    condition = condition_explanation(topic) if topic else None
    if condition:
        out.append(condition)
    for term in [*topic_terms, *terms_in(clinical_text)]:
        if term.explanation and term.explanation not in out:
            out.append(term.explanation)
    if topic and not condition and not any(t.explanation for t in topic_terms) and use_vocab:
        vocab_text = _vocab_explanation(topic)
        if vocab_text:
            out.insert(0, vocab_text)
    return out[:_MAX_EXPLANATIONS]


def _vocab_explanation(topic: str) -> str | None:
    """A definition from medcite.vocab when that package is installed and knows the topic.

    The vocabulary module is optional and developed separately: any failure means "no definition".
    """
    try:
        index: Any = importlib.import_module("medcite.vocab").get_index()
        definition = index.definition(topic)
        lay = [str(t) for t in (index.lay_terms(topic) or [])][:2]
    except Exception:
        return None
    lay = [name for name in lay if len(name.split()) <= 4]
    also = f" It is also called {' or '.join(lay)}." if lay else ""
    if isinstance(definition, str) and definition.strip():
        text = f"{topic[:1].upper()}{topic[1:]}: {definition.strip().rstrip('.')}."
        if flesch_kincaid_grade(text) <= _MAX_DEFINITION_GRADE:
            return text + also
    return f"{topic[:1].upper()}{topic[1:]} is also called {' or '.join(lay)}." if lay else None


def _for_student(answer: Answer) -> None:
    refs = {ref.n: ref for ref in answer.references}
    for section in iter_sections(answer.sections):
        for item in section.items:
            label = _strongest_label(item, refs)
            if label:
                item.text = f"{item.text} (Evidence: {label})"
    clinical_text = " ".join(item.text for item in iter_items(answer))
    concepts = [t.definition for t in terms_in(clinical_text) if t.definition][:_MAX_CONCEPTS]
    if concepts:
        items = [ContentItem(text=text) for text in concepts]
        answer.sections.append(
            AnswerSection(heading="Key Concepts", key="key_concepts", items=items)
        )


def _strongest_label(item: ContentItem, refs: dict[int, Reference]) -> str | None:
    levels = [refs[n].evidence_level for n in item.citations if n in refs]
    if not levels:
        return None
    return _SHORT_LABELS[min(levels, key=lambda level: level.rank)]


# Recommendation grades and evidence labels: meaningful to clinicians, noise to a patient (the
# references still carry the evidence level).
_GRADE_NOTE = re.compile(
    r"\s*\((?:[^()]*\b(?:Strong|Conditional|Weak|Class|COR|LOE|Grade|Rec(?:ommendation)?|"
    r"Best Practice|quality of evidence|certainty|Ungraded|Level)\b[^()]*)\)"
    # A bare grade: "(1C)", "(2B)", "(IIa)".
    r"|\s*\((?:[12][A-D]|I{1,3}[ab]?|IV)\)",
)
# "(DKA)" after the name it abbreviates.
_ABBREVIATION = re.compile(r"\s*\([A-Z][A-Za-z0-9-]{1,9}\)")
# A bracketed aside without numbers or negation: detail ("(oral, intraarticular, or
# intramuscular)", "(e.g., ...)") that a patient can do without.
_ASIDE = re.compile(r"\s*\((?![^()]*(?:\d|\bnot\b|\bno\b|\bnever\b|\bwithout\b))[^()]{1,120}\)")


def strip_annotations(text: str) -> str:
    """Remove grade labels "(Strong, High)", abbreviation brackets "(DKA)" and asides without
    numbers or negation; the claim, its numbers and its negations stay as written."""
    cleaned = _ASIDE.sub("", _ABBREVIATION.sub("", _GRADE_NOTE.sub("", text)))
    return re.sub(r"\s+([.,;:])", r"\1", cleaned).strip()


def split_semicolons(text: str) -> str:
    """Split a long sentence at top-level semicolons into full sentences; nothing is dropped.

    Only splits where both sides are substantial clauses, so lists like "a; b; c" stay intact.
    """
    if ";" not in text or len(text.split()) < 20:
        return text
    parts = _top_level_split(text)
    if len(parts) < 2 or any(len(p.split()) < 5 for p in parts):
        return text
    sentences = [p.strip().rstrip(".") for p in parts]
    return " ".join(f"{s[:1].upper()}{s[1:]}." for s in sentences)


# Where a long sentence joins two full clauses: ", but", " — ", ", and ... will/should".
_CLAUSE_JOIN = re.compile(r",\s+(but|while|whereas)\s+|\s+[—–]\s+|,\s+and\s+(?=\w+\s+\w+)")
_LONG = 20


def split_clauses(text: str) -> str:
    """Split a long sentence where it joins two full clauses, for a patient; words are kept
    except the joining "and"/dash, and "but" starts the second sentence.

    Each side must be a clause of its own (a verb, at least five words), so lists stay whole.
    """
    out: list[str] = []
    for sentence in split_sentences(text) or [text]:
        out.extend(_split_long(sentence))
    return " ".join(out)


def _split_long(sentence: str) -> list[str]:
    if len(sentence.split()) < _LONG:
        return [sentence]
    for match in _CLAUSE_JOIN.finditer(sentence):
        head, tail = sentence[: match.start()], sentence[match.end() :]
        if (
            not (_clause(head) and _clause(tail))
            or ":" in head
            or head.count("(") != head.count(")")
        ):
            continue
        if not has_finite_verb(" ".join(tail.split()[:4])):
            continue  # the tail continues a list ("..., and sulindac"), it is not a clause
        joiner = (match.group(1) or "").lower()
        tail = f"{joiner} {tail}" if joiner == "but" else tail
        return [f"{head.rstrip(' ,;')}.", *_split_long(tail[:1].upper() + tail[1:])]
    return [sentence]


def _clause(text: str) -> bool:
    return len(text.split()) >= 5 and has_finite_verb(text) and fragment_reason(text) is None


def _top_level_split(text: str) -> list[str]:
    """Split at semicolons outside brackets."""
    return split_top_level(text, ";")


def answer_text(answer: Answer) -> str:
    """All sentences a reader reads (bottom line and every item), one per line; each list
    point is a line of its own, as a reader meets it."""
    texts = [
        line.strip()
        for item in iter_items(answer)
        for line in (item.text, *item.points)
        if line.strip()
    ]
    return "\n".join(t if t.endswith((".", "!", "?", ")")) else t.rstrip(":") + "." for t in texts)


def reading_level(answer: Answer) -> float | None:
    """Flesch-Kincaid grade of the answer's text, or None when it has no text."""
    text = answer_text(answer)
    return flesch_kincaid_grade(text) if text else None


def flesch_kincaid_grade(text: str) -> float:
    """Flesch-Kincaid grade: 0.39 * words/sentence + 11.8 * syllables/word - 15.59.

    Word and sentence counts come from textstat; syllables from pyphen's English hyphenation,
    which is what textstat itself falls back to. textstat's own grade is not called because it
    tries to download NLTK's CMUdict on first use, and medcite must run offline and give the
    same number on every machine.
    """
    words = _WORD.findall(text)
    if not words:
        return 0.0
    word_count = max(1, int(textstat.lexicon_count(text)))
    sentence_count = max(1, int(textstat.sentence_count(text)))
    syllables = sum(_syllables(w) for w in words)
    grade = 0.39 * word_count / sentence_count + 11.8 * syllables / len(words) - 15.59
    return round(grade, 1)


def _syllables(word: str) -> int:
    if not word[0].isalpha():
        return 1
    return len(_hyphenator().positions(word.lower())) + 1


@lru_cache(maxsize=1)
def _hyphenator() -> Any:
    import pyphen  # textstat's own dependency; imported lazily to keep import time low

    return pyphen.Pyphen(lang="en_US")


__all__ = [
    "EVIDENCE_MARK",
    "adapt_answer",
    "answer_text",
    "flesch_kincaid_grade",
    "reading_level",
    "split_semicolons",
    "strip_annotations",
]
