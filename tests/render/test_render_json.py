"""JSON output is exactly the Answer record."""

from __future__ import annotations

import json

from medcite.records import Answer, Hit
from medcite.render import render


def test_json_round_trips(treatment_answer: Answer, hits: list[Hit]) -> None:
    out = render(treatment_answer, "json", hits=hits)
    assert Answer.model_validate(json.loads(out)) == treatment_answer


def test_json_keys_are_the_record_fields_in_order(abstained_answer: Answer) -> None:
    data = json.loads(render(abstained_answer, "json"))
    assert list(data) == list(Answer.model_fields)
    assert list(data["bottom_line"]) == ["text", "citations", "points"]


def test_json_nested_shape(treatment_answer: Answer) -> None:
    data = json.loads(render(treatment_answer, "json"))
    section = data["sections"][2]
    assert list(section) == ["heading", "key", "items", "subsections"]
    assert section["subsections"][1]["subsections"][0]["key"] == "surgical_options"
    ref = data["references"][1]
    assert ref["pmid"] == "31234567"
    assert ref["evidence_level"] == "systematic_review"
    assert data["verification"]["reattributed"] == 1


def test_json_is_pretty_and_keeps_unicode(treatment_answer: Answer) -> None:
    out = render(treatment_answer, "json")
    assert out.startswith('{\n  "question": ')
    assert "3–6 months" in out
