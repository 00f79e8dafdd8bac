"""Properties that hold for any input: no crash, a valid record, bounded queries, determinism."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from medcite.analysis import analyze, suggest_follow_ups

_VOCABULARY = (
    "a the with no without denies in on after for of what is treatment dose vs pars defect L5 "
    "C3 T2 bilateral left right 22-year-old 6-month-old she he pregnant fever neck stiffness rash "
    "diabetes CKD warfarin taking metformin MRI surgery safe ? , . and or not athlete fall 45M "
    "pain back"
)
_WORDS = st.sampled_from(_VOCABULARY.split(" "))


@settings(max_examples=150, deadline=None)
@given(st.lists(_WORDS, max_size=25).map(" ".join))
def test_any_word_salad_gives_a_valid_analysis(question: str) -> None:
    a = analyze(question)
    assert a.question == question
    assert len(a.search_queries) <= 4
    assert len(set(a.search_queries)) == len(a.search_queries)
    assert a.in_scope or (a.scope_reason and not a.search_queries and not a.red_flags)
    assert analyze(question) == a
    assert len(suggest_follow_ups(a)) in (0, 3)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_raises(question: str) -> None:
    a = analyze(question)
    follow = analyze(question, a)
    assert follow.intent is not None
