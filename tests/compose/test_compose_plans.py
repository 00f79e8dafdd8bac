"""Section plans are well-formed data."""

from __future__ import annotations

import re

import pytest

from medcite.compose import PLANS, plan_for
from medcite.compose.plans import EXPLANATORY_KEYS, cue_score
from medcite.records import Intent


@pytest.mark.parametrize("intent", list(Intent))
def test_every_intent_has_a_plan_with_unique_keys(intent: Intent) -> None:
    plan = plan_for(intent)
    assert intent in PLANS
    keys = [spec.key for spec in plan.all_sections()]
    assert len(keys) == len(set(keys))
    assert not set(keys) & EXPLANATORY_KEYS
    for spec in plan.all_sections():
        assert spec.heading and spec.patient_heading
        for regex, weight in (*spec.cues, *spec.penalties):
            re.compile(regex)
            assert weight > 0
    for regex, _ in (*plan.bottom_cues, *plan.escalation_cues):
        re.compile(regex)


def test_treatment_plan_has_the_reference_shape() -> None:
    plan = plan_for(Intent.TREATMENT)
    headings = [spec.heading for spec in plan.all_sections()]
    assert headings == [
        "Understanding the Condition",
        "Initial Assessment",
        "Imaging and Work-up",
        "Treatment Algorithm",
        "First-Line Treatment",
        "Second-Line",
        "Third-Line: Surgical / Interventional",
        "Outcomes and Prognosis",
        "Special Considerations",
        "Follow-up and Monitoring",
        "Critical Clinical Pitfalls",
        "Key Evidence",
    ]


def test_cue_score_sums_matching_weights() -> None:
    pitfalls = next(s for s in plan_for(Intent.TREATMENT).sections if s.key == "pitfalls")
    assert cue_score(pitfalls.cues, "Surgery should not be offered before 6 months.") == 3.5
    assert cue_score(pitfalls.cues, "Bracing helps.") == 0


def test_a_disease_named_failure_is_not_a_treatment_failure() -> None:
    plan = plan_for(Intent.TREATMENT)
    assert cue_score(plan.escalation_cues, "Avoid labetalol in decompensated heart failure.") == 0
    assert cue_score(plan.escalation_cues, "Add an IL-1 inhibitor if colchicine fails.") >= 1.5
    assert cue_score(plan.escalation_cues, "After failure of two first-line agents, refer.") >= 1.5
    assert (
        cue_score(plan.escalation_cues, "Give magnesium if not responding to initial treatment.")
        >= 1.5
    )


def test_staging_words_count_as_work_up() -> None:
    plan = plan_for(Intent.DIAGNOSIS)
    row = "G3a (GFR Categories) — GFR: 45–59; description: Mildly to moderately decreased."
    assert any(re.search(p, row, re.IGNORECASE) for p in plan.intent_cues)
