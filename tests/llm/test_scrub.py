"""Identifier scrubbing: identifiers go, clinical facts stay."""

from __future__ import annotations

import pytest

from medcite.llm import scrub


@pytest.mark.parametrize(
    ("text", "identifier", "placeholder"),
    [
        ("Seen by Dr. Smith today.", "Smith", "[NAME]"),
        ("Mr. John Smith reports back pain.", "John Smith", "[NAME]"),
        ("Ms Anne-Marie O'Neil was referred.", "Anne-Marie", "[NAME]"),
        ("The patient John Smith fell from a ladder.", "John Smith", "[NAME]"),
        ("Patient: Jane Doe, 45 years.", "Jane Doe", "[NAME]"),
        ("Name: jane doe presented with pain.", "jane doe", "[NAME]"),
        ("My name is Maria Garcia and I have back pain.", "Maria Garcia", "[NAME]"),
        ("DOB 01/02/1980.", "01/02/1980", "[DATE]"),
        ("She was born on 3 March 1980.", "3 March 1980", "[DATE]"),
        ("Date of birth: March 1980.", "March 1980", "[DATE]"),
        ("Admitted 2023-04-05 with pain.", "2023-04-05", "[DATE]"),
        ("Seen on March 3, 2021 in clinic.", "March 3, 2021", "[DATE]"),
        ("MRN 123456 on file.", "123456", "[MRN]"),
        ("Medical record number: AB-778812.", "AB-778812", "[MRN]"),
        ("Record number 98765432.", "98765432", "[MRN]"),
        ("NHS number 943 476 5919.", "943 476 5919", "[ID]"),
        ("Bare NHS 9434765919 in a note.", "9434765919", "[ID]"),
        ("SSN 123-45-6789.", "123-45-6789", "[ID]"),
        ("Call (555) 123-4567 tomorrow.", "(555) 123-4567", "[PHONE]"),
        ("Mobile: 07700 900123.", "07700 900123", "[PHONE]"),
        ("Ring +44 20 7946 0958.", "+44 20 7946 0958", "[PHONE]"),
        ("Write to j.smith+clinic@mail.example.co.uk please.", "j.smith", "[EMAIL]"),
        ("Lives at 12 Oak Street, Springfield, IL 62704.", "12 Oak Street", "[ADDRESS]"),
        ("Home at 221B Baker Street, London NW1 6XE.", "Baker Street", "[ADDRESS]"),
        ("Postcode: SW1A 1AA.", "SW1A 1AA", "[ADDRESS]"),
        ("Zip code 90210.", "90210", "[ADDRESS]"),
    ],
)
def test_identifiers_are_replaced(text: str, identifier: str, placeholder: str) -> None:
    result = scrub(text)
    assert identifier not in result.text
    assert placeholder in result.text
    assert result.replacements


@pytest.mark.parametrize(
    "text",
    [
        "A 22-year-old female with bilateral L5 pars defect after a fall.",
        "Ibuprofen 500 mg twice daily; paracetamol 1 g every 6 hours.",
        "Conservative management for 3–6 months, or 3-6 months, before surgery.",
        "Hb 12.5 g/dL, BP 120/80 mmHg, eGFR 45 mL/min/1.73 m2, CRP 8 mg/L.",
        "A 2014 systematic review (n = 1200) found union in 28% (95% CI 1.2-3.4, p = 0.001).",
        "Published March 2014 in Spine J; see L4-5 and L5-S1 levels.",
        "The patient presented with pain. In this patient MRI showed an L5 defect.",
        "Buck repair and Scott wiring are options; PMID 31234567.",
        "See https://pubmed.ncbi.nlm.nih.gov/31234567/ and doi 10.1016/j.spinee.2019.01.001.",
        "Return to sport at 12 weeks; follow-up every 4-6 weeks for 2 years.",
    ],
)
def test_clinical_facts_are_kept(text: str) -> None:
    result = scrub(text)
    assert result.text == text
    assert result.replacements == []


def test_urls_survive_even_with_numbers_in_the_path() -> None:
    text = "Guideline at https://example.org/patients/1234567890/record?dob=1980-01-02 (2021)."
    assert scrub(text).text == text


def test_replacements_record_kind_and_original() -> None:
    result = scrub("Mr. John Smith, MRN 123456, email js@example.com")
    assert ("name", "John Smith") in result.replacements
    assert ("mrn", "123456") in result.replacements
    assert ("email", "js@example.com") in result.replacements


def test_full_case_note() -> None:
    note = (
        "Patient: Jane Doe. DOB 14/03/1990. MRN: 48213377. Tel 555-201-3344. "
        "22-year-old female gymnast, bilateral L5 spondylolysis, naproxen 500 mg bd for 6 weeks."
    )
    out = scrub(note).text
    for identifier in ("Jane", "Doe", "14/03/1990", "48213377", "555-201-3344"):
        assert identifier not in out
    for fact in ("22-year-old female gymnast", "bilateral L5 spondylolysis", "500 mg", "6 weeks"):
        assert fact in out
