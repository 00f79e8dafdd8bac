"""Question analysis: turn a clinical question into a :class:`~medcite.records.QuestionAnalysis`.

``analyze("Treatment options for bilateral L5 pars defect after a fall in a 22-year-old female")``
finds the intent (treatment), the topic ("pars defect"), the patient (22, female, bilateral, L5,
fall), builds the title, checks red flags and scope, and writes the library queries. A follow-up
passes the previous analysis and inherits its topic and patient.

Rule-based, deterministic and fast: no network and no model.
"""

from __future__ import annotations

from dataclasses import replace

from medcite.analysis._text import dedupe, normalize
from medcite.analysis.context import ContextExtraction, extract_context
from medcite.analysis.followups import merge_context, suggest_follow_ups
from medcite.analysis.intent import detect_intent
from medcite.analysis.lexicon import has_medical_content
from medcite.analysis.negation import find_negations
from medcite.analysis.queries import build_queries
from medcite.analysis.redflags import detect_red_flags
from medcite.analysis.scope import check_scope
from medcite.analysis.title import build_title, intent_phrase, phrase_from_title
from medcite.analysis.topic import TopicResult, extract_topic, is_therapy
from medcite.records import Intent, PatientContext, QuestionAnalysis

__all__ = ["analyze", "suggest_follow_ups"]


def analyze(question: str, previous: QuestionAnalysis | None = None) -> QuestionAnalysis:
    """Analyse ``question``; with ``previous`` it is read as a follow-up in the same thread."""
    text = normalize(question)
    negations = find_negations(text)
    facts = extract_context(text, negations)
    explicit = detect_intent(negations.masked)
    topic = _topic(text, facts, explicit or (previous.intent if previous else None))
    if previous is None:
        return _first_question(question, text, facts, explicit, topic)
    return _follow_up(question, text, facts, explicit, topic, previous)


def _topic(text: str, facts: ContextExtraction, intent: Intent | None) -> TopicResult:
    """The topic; a comorbidity stays in it when the rest is not medical on its own
    ('Can I eat eggs with high cholesterol?' -> 'eggs with high cholesterol', not 'eggs')."""
    found = extract_topic(text, facts.spans, intent)
    if found.topic and facts.background_spans and not has_medical_content(found.topic):
        kept = [s for s in facts.spans if s not in facts.background_spans]
        retry = extract_topic(text, kept, intent)
        if retry.topic:
            return retry
    therapy_only = is_therapy(found.topic) if found.topic else bool(found.focus)
    if facts.background_spans and therapy_only and not facts.is_case:
        # "When is anticoagulation recommended in atrial fibrillation?": the condition read as
        # a comorbidity is the subject, the therapy its focus (in a case the comorbidities
        # describe the patient: "62 y/o F with CKD. Best antihypertensive?")
        kept = [s for s in facts.spans if s not in facts.background_spans]
        retry = extract_topic(text, kept, intent)
        if retry.topic and not is_therapy(retry.topic):
            return replace(retry, focus=retry.focus or found.focus or found.topic.lower())
    return found


def _first_question(
    question: str, text: str, facts: ContextExtraction, explicit: Intent | None, found: TopicResult
) -> QuestionAnalysis:
    """A question that starts a thread."""
    intent = explicit or Intent.GENERAL
    in_scope, reason = check_scope(text)
    phrase = intent_phrase(intent, text, found.focus)
    topic = found.topic
    if not topic and found.focus and intent is Intent.TREATMENT:
        # "62 y/o F with T2DM, HTN and CKD. Best antihypertensive?": the drug class is the subject
        topic, phrase = found.focus, "Choice of"
    topic = topic or _fallback_topic(text, intent)
    return _assemble(
        question=question,
        masked=facts.masked,
        intent=intent,
        topic=topic,
        context=facts.context,
        is_case=facts.is_case,
        phrase=phrase,
        focus=found.focus,
        in_scope=in_scope,
        reason=reason,
        inherited_flags=[],
    )


def _follow_up(
    question: str,
    text: str,
    facts: ContextExtraction,
    explicit: Intent | None,
    found: TopicResult,
    previous: QuestionAnalysis,
) -> QuestionAnalysis:
    """A follow-up: inherit topic, patient and intent unless the new wording replaces them."""
    in_scope, reason = check_scope(text, follow_up=previous.in_scope)
    if not in_scope:
        return _first_question(question, text, facts, explicit, found)  # a new, refused thread
    intent = explicit or previous.intent
    keep_topic = not found.topic or found.refers_back
    topic = previous.topic if keep_topic else found.topic
    if found.adds_finding and found.topic and found.topic.lower() not in previous.topic.lower():
        topic = f"{previous.topic} with {found.topic}"  # a new finding in the same patient
    # "Is it hereditary?": the remnant is an aspect of the old topic, searched as its focus
    focus = found.focus or (found.topic if keep_topic and found.topic else None)
    context = merge_context(previous.context, facts.context)
    if explicit is not None:
        phrase = intent_phrase(intent, text, found.focus)
    else:
        phrase = phrase_from_title(intent, previous.title) or intent_phrase(
            intent, previous.question, None
        )
    return _assemble(
        question=question,
        masked=facts.masked,
        intent=intent,
        topic=topic,
        context=context,
        is_case=previous.is_case or facts.is_case,
        phrase=phrase,
        focus=focus,
        in_scope=in_scope,
        reason=reason,
        inherited_flags=previous.red_flags,
    )


def _assemble(
    *,
    question: str,
    masked: str,
    intent: Intent,
    topic: str,
    context: PatientContext,
    is_case: bool,
    phrase: str,
    focus: str | None,
    in_scope: bool,
    reason: str | None,
    inherited_flags: list[str],
) -> QuestionAnalysis:
    """Title, red flags and queries from the settled parts."""
    flags = (
        dedupe([*inherited_flags, *detect_red_flags(masked, context, is_case=is_case)])
        if in_scope
        else []
    )
    is_case = is_case and in_scope  # a refused question describes no patient
    return QuestionAnalysis(
        question=question,
        intent=intent,
        topic=topic,
        is_case=is_case,
        context=context,
        title=build_title(intent, topic, context, is_case=is_case, phrase=phrase),
        red_flags=flags,
        in_scope=in_scope,
        scope_reason=reason,
        search_queries=build_queries(intent, topic, context, focus, question=question)
        if in_scope
        else [],
    )


def _fallback_topic(text: str, intent: Intent) -> str:
    """When every word was context or filler ('What are the symptoms of pregnancy?'), retry
    without cutting context; as a last resort keep the question itself."""
    retry = extract_topic(text, [], intent)
    if retry.topic:
        return retry.topic
    return text.strip(" ?.!").lower()
