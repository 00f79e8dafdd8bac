"""Guideline list items and table rows become sentences that stand alone, in the document's
own words: lead-ins, headings and header labels are put back, nothing else is added."""

from __future__ import annotations

import re
from pathlib import Path

from medcite.ingest.readers import get_reader
from medcite.records import Document

GUIDELINE = """---
id: test-gout
title: Gout test guideline
type: guideline
---

# Flare Management in Gout — ACR 2020

## Acute Gout Flare Treatment

### First-Line Antihypertensive Drug Classes

Four drug classes are recommended as first-line therapy for hypertension (Class I, Level of Evidence A):

1. **Thiazide or thiazide-type diuretics**
2. **ACE inhibitors (ACEi)**
3. **Calcium channel blockers (CCBs)**

### Colchicine for Acute Flare

| Parameter | Recommendation |
|---|---|
| **Regimen** | 1.2 mg orally immediately, followed by 0.6 mg orally 1 hour later |
| **Maximum first-day dose** | 1.8 mg total |

### Prophylaxis Agents

| Agent | Dose | Notes |
|---|---|---|
| **Colchicine** | 0.6 mg once or twice daily orally | Preferred prophylaxis agent |

### Stage 1 Hypertension

- **If clinical CVD or 10-year ASCVD risk >= 10%:**
  - Initiate 1 first-line agent at low dose (Class I, Level of Evidence A)
  - Reassess in 1 month

### Recommendations for Oral Anticoagulation

**Men:**
- CHA2DS2-VASc ≥ 2: OAC is recommended to reduce stroke risk (Class I).

### Group B

- **Initial Therapy:** LABA + LAMA
- **Apixaban:** Standard dose is 5 mg BID.
  - *Dose Reduction:* Reduce to 2.5 mg BID if two criteria are met.

### Healthy Adults Without Comorbidities

(Strong recommendation, Moderate quality of evidence)

- **Amoxicillin** 1 g orally three times daily; OR
- **Doxycycline** 100 mg orally twice daily

### ARNi — Sacubitril/Valsartan (Class I, LOE A)

Recommended in preference to ACEi or ARB in chronic symptomatic HFrEF.
"""


def _document(tmp_path: Path) -> Document:
    path = tmp_path / "gout.md"
    path.write_text(GUIDELINE, encoding="utf-8")
    (doc,) = list(get_reader("markdown").read(path))
    assert isinstance(doc, Document)
    return doc


def _lines(doc: Document) -> list[str]:
    return [line for s in doc.sections for line in s.text.split("\n")]


def test_list_under_a_clause_lead_in_joins_it(tmp_path: Path) -> None:
    assert (
        "Four drug classes are recommended as first-line therapy for hypertension (Class I, "
        "Level of Evidence A): thiazide or thiazide-type diuretics; ACE inhibitors (ACEi); "
        "calcium channel blockers (CCBs)."
    ) in _lines(_document(tmp_path))


def test_two_column_parameter_table_names_its_heading(tmp_path: Path) -> None:
    lines = _lines(_document(tmp_path))
    assert (
        "Colchicine for Acute Flare — regimen: 1.2 mg orally immediately, followed by 0.6 mg "
        "orally 1 hour later."
    ) in lines
    assert "Colchicine for Acute Flare — maximum first-day dose: 1.8 mg total." in lines


def test_table_row_names_its_subject_and_each_header(tmp_path: Path) -> None:
    assert (
        "Colchicine (Prophylaxis Agents) — dose: 0.6 mg once or twice daily orally; "
        "notes: Preferred prophylaxis agent."
    ) in _lines(_document(tmp_path))


def test_graded_items_under_a_condition_keep_their_grade_and_get_the_condition(
    tmp_path: Path,
) -> None:
    doc = _document(tmp_path)
    graded = [s for s in doc.sections if s.text.startswith("If clinical CVD")]
    assert graded[0].text == (
        "If clinical CVD or 10-year ASCVD risk >= 10%: initiate 1 first-line agent at low dose "
        "(Class I, Level of Evidence A)."
    )
    assert graded[0].grade == "Class I, Level of Evidence A"
    assert "If clinical CVD or 10-year ASCVD risk >= 10%: reassess in 1 month." in _lines(doc)


def test_graded_items_under_a_label_get_the_label(tmp_path: Path) -> None:
    assert "Men — CHA2DS2-VASc ≥ 2: OAC is recommended to reduce stroke risk (Class I)." in _lines(
        _document(tmp_path)
    )


def test_label_items_name_the_heading_or_their_parent_item(tmp_path: Path) -> None:
    lines = _lines(_document(tmp_path))
    assert "Group B — initial therapy: LABA + LAMA." in lines
    assert "Group B — apixaban: Standard dose is 5 mg BID." in lines
    assert "Apixaban — dose reduction: Reduce to 2.5 mg BID if two criteria are met." in lines


def test_alternatives_joined_by_or_are_one_sentence_with_the_grade_before_them(
    tmp_path: Path,
) -> None:
    doc = _document(tmp_path)
    (section,) = [s for s in doc.sections if "amoxicillin" in s.text]
    assert section.text == (
        "Healthy Adults Without Comorbidities — amoxicillin 1 g orally three times daily; "
        "or doxycycline 100 mg orally twice daily (Strong recommendation, Moderate quality of "
        "evidence)."
    )
    assert section.grade == "Strong recommendation, Moderate quality of evidence"


def test_subjectless_recommendation_takes_its_heading_and_the_heading_grade(
    tmp_path: Path,
) -> None:
    doc = _document(tmp_path)
    (section,) = [s for s in doc.sections if "HFrEF" in s.text]
    assert section.text == (
        "ARNi — Sacubitril/Valsartan — recommended in preference to ACEi or ARB in chronic "
        "symptomatic HFrEF (Class I, LOE A)."
    )
    assert section.grade == "Class I, LOE A"


def test_no_word_is_invented(tmp_path: Path) -> None:
    """Every word of the output is a word of the source (cases may change): a claim copied
    from a passage is supported by the guideline's own text."""
    source = set(re.findall(r"[\w≥<=>.-]+", GUIDELINE.lower()))
    for line in _lines(_document(tmp_path)):
        for word in re.findall(r"[\w≥<=>.-]+", line.lower()):
            assert word.strip(".") in {w.strip(".") for w in source}, (word, line)
