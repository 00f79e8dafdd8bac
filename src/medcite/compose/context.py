"""Matching evidence sentences against the patient's facts (age, sex, site, laterality, ...).

A sentence about "bilateral L5 defects in young adults" matters more for a 22-year-old with a
bilateral L5 defect; these patterns let the composer see that.
"""

from __future__ import annotations

import re

from medcite.records import PatientContext

_AGE_RANGE = re.compile(
    r"\baged?\s+(\d{1,3})\s*(?:–|-|to)\s*(\d{1,3})\b|\b(\d{1,3})\s*(?:–|-|to)\s*(\d{1,3})\s*years?\b",
    re.IGNORECASE,
)
# "under 6 months" is a duration, not an age: bare bounds count only with "years".
_AGE_UNDER = re.compile(
    r"\byounger than\s+(\d{1,3})\b|\b(?:under|below|less than)\s+(\d{1,3})\s*years\b", re.I
)
_AGE_OVER = re.compile(
    r"\bolder than\s+(\d{1,3})\b|\b(?:over|above|more than)\s+(\d{1,3})\s*years\b", re.I
)

_AGE_GROUP_WORDS: dict[str, str] = {
    "neonate": r"\bneonat\w*|\bnewborns?\b",
    "infant": r"\binfan\w*",
    "child": r"\bchild\w*|\bp(?:a)?ediatric\b",
    "adolescent": r"\badolescen\w*|\bteen\w*|\byouth\b",
    "adult": r"\byoung adults?\b|\badults?\b",
    "older adult": r"\belderly\b|\bolder (?:adults?|patients?|people)\b",
}
_MECHANISM_WORDS: dict[str, str] = {
    "fall": r"\bfalls?\b|\bfell\b|\btrauma\w*",
    "sport": r"\bsports?\b|\bathlet\w*",
    "motor vehicle": r"\bmotor vehicle\b|\bcar (?:crash|accident)\b|\btrauma\w*",
}
_SETTING_WORDS: dict[str, str] = {
    "athlete": r"\bathlet\w*|\bsports?\b|\bplayers?\b|\bgymnast\w*",
}


def context_patterns(ctx: PatientContext) -> tuple[re.Pattern[str], ...]:
    """Case-insensitive patterns for each stated patient fact, in a stable order."""
    regexes: list[str] = []
    if ctx.age_group:
        regexes.append(_AGE_GROUP_WORDS.get(ctx.age_group, re.escape(ctx.age_group)))
    if ctx.age_years is not None and 18 <= ctx.age_years < 40:
        regexes.append(r"\byoung (?:adults?|patients?|women|men|athletes?)\b")
    if ctx.sex == "female":
        regexes.append(r"\bfemales?\b|\bwom[ae]n\b|\bgirls?\b")
    elif ctx.sex == "male":
        regexes.append(r"\bmales?\b|\bm[ae]n\b|\bboys?\b")
    if ctx.pregnant:
        regexes.append(r"\bpregnan\w*")
    if ctx.site:
        regexes.append(rf"\b{re.escape(ctx.site)}\b")
    if ctx.laterality:
        regexes.append(rf"\b{re.escape(ctx.laterality)}\b")
    if ctx.mechanism:
        regexes.append(
            _MECHANISM_WORDS.get(ctx.mechanism.lower(), rf"\b{re.escape(ctx.mechanism)}")
        )
    if ctx.acuity:
        regexes.append(rf"\b{re.escape(ctx.acuity)}\b")
    regexes.extend(_SETTING_WORDS.get(s.lower(), rf"\b{re.escape(s)}") for s in ctx.setting)
    regexes.extend(rf"\b{re.escape(c)}" for c in (*ctx.comorbidities, *ctx.drugs))
    # dict.fromkeys keeps the first occurrence and the order: duplicates would double-count.
    return tuple(re.compile(r, re.IGNORECASE) for r in dict.fromkeys(regexes))


def context_matches(ctx: PatientContext, patterns: tuple[re.Pattern[str], ...], text: str) -> int:
    """How many distinct patient facts the text mentions (an age range covering the age counts)."""
    count = sum(1 for p in patterns if p.search(text))
    if ctx.age_years is not None and _age_in_text(ctx.age_years, text):
        count += 1
    return count


def _age_in_text(age: float, text: str) -> bool:
    """True when the text states an age range or bound that includes ``age``."""
    for match in _AGE_RANGE.finditer(text):
        groups = [g for g in match.groups() if g is not None]
        low, high = int(groups[0]), int(groups[1])
        if low < high and low <= age <= high:
            return True
    under = _AGE_UNDER.search(text)
    if under and age < int(under.group(1) or under.group(2)):
        return True
    over = _AGE_OVER.search(text)
    return bool(over and age > int(over.group(1) or over.group(2)))
