"""Scope: clearly non-medical questions are refused with a reason; odd health questions are not."""

from __future__ import annotations

import pytest

from medcite.analysis import analyze


@pytest.mark.parametrize(
    "question",
    [
        "What is the capital of France?",
        "Write a poem about cats",
        "best pizza in town",
        "how to fix my car",
        "What's the weather tomorrow?",
        "Tell me a joke",
        "Who won the football game?",
        "asdfgh",
        "",
        "???",
    ],
)
def test_off_topic_questions_are_refused(question: str) -> None:
    a = analyze(question)
    assert a.in_scope is False
    assert a.scope_reason
    assert a.search_queries == []
    assert a.is_case is False


@pytest.mark.parametrize(
    "question",
    [
        "Can I eat eggs with high cholesterol?",
        "Is coffee healthy?",
        "How much sleep do I need?",
        "I feel tired all the time",
        "What is the best diet for weight loss?",
        "Why do I get headaches?",
        "Recovery time after ACL reconstruction",
        "Management of STEMI",
        "Is rituximab safe in pregnancy?",  # drug known only by its -mab ending
        "Can my dog's flea treatment make my child sick?",
        "Is it normal for a 3-week-old to sleep 18 hours a day?",
        "Write a poem about diabetes",  # medical content is in scope
    ],
)
def test_medical_or_health_questions_are_in_scope(question: str) -> None:
    a = analyze(question)
    assert a.in_scope is True
    assert a.scope_reason is None
    assert a.search_queries


def test_a_follow_up_without_medical_words_stays_in_scope() -> None:
    first = analyze("What is the treatment for pars defect?")
    assert analyze("What if she is an athlete?", first).in_scope is True


def test_a_non_medical_follow_up_is_still_refused() -> None:
    first = analyze("What is the treatment for pars defect?")
    a = analyze("What is the capital of France?", first)
    assert a.in_scope is False
    assert a.topic != "pars defect"
