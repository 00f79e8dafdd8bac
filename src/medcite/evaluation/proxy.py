"""The no-LLM stand-in for an entailment judge over a long answer, clearly a *proxy*.

- entailed: the verifier's own support screen (``SupportChecker.screen``) passes for the
  statement against the answer: enough of its content words in one answer sentence (or two
  neighbouring ones), blended with embedding cosine when an embedder is given, every number
  present, the same negation;
- contradicted: some answer sentence shares at least ``contradiction_overlap`` of the statement's
  content words but has the opposite negation (e.g. "is recommended" vs "is not recommended").

It under-counts paraphrases and misses contradictions that are not negations; use an LLM judge
for real numbers.
"""

from __future__ import annotations

import hashlib

from medcite.compose.sentences import split_sentences
from medcite.compose.tokens import recall
from medcite.records import EvidenceLevel, Hit, SourceType
from medcite.verify import SupportChecker, VerifyThresholds
from medcite.verify.protocols import Embedder, Verdict
from medcite.verify.support import prepare

PROXY_LABEL = "proxy (lexical + embedding support screen, negation for contradiction; no LLM)"


def passage_hit(text: str, chunk_id: str = "answer") -> Hit:
    """A bare Hit wrapping ``text`` so the verifier's checker can read it as a passage."""
    return Hit(
        chunk_id=chunk_id,
        doc_id=chunk_id,
        title="",
        source_type=SourceType.TEXT,
        text=text,
        evidence_level=EvidenceLevel.OTHER,
        evidence_label=EvidenceLevel.OTHER.label,
        score=0.0,
    )


class ProxyJudge:
    """``judge(statement, answer_text)`` -> "entails" / "contradicts" / "neutral", no LLM."""

    def __init__(
        self,
        embedder: Embedder | None = None,
        thresholds: VerifyThresholds | None = None,
        contradiction_overlap: float = 0.6,
    ) -> None:
        self.checker = SupportChecker(thresholds or VerifyThresholds(), embedder)
        self.contradiction_overlap = contradiction_overlap

    def __call__(self, claim: str, passage: str) -> Verdict:
        hit = passage_hit(passage, chunk_id=hashlib.sha1(passage.encode()).hexdigest())
        if self.checker.screen(claim, hit).supported:
            return "entails"
        return "contradicts" if self._negated_match(claim, passage) else "neutral"

    def _negated_match(self, claim: str, passage: str) -> bool:
        stated = prepare(claim)
        if not stated.tokens:
            return False
        for sentence in split_sentences(passage):
            window = prepare(sentence)
            overlap = recall(stated.tokens, window.tokens)
            if overlap >= self.contradiction_overlap and window.negated != stated.negated:
                return True
        return False
