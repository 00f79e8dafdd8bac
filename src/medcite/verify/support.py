"""How well one passage supports one claim: lexical recall with exact numbers and matching
negation, optionally blended with embedding cosine, optionally confirmed by an entailment judge.

The claim is compared with each sentence of the passage (and each pair of neighbouring
sentences), not with the whole passage: a long passage contains many words, and recall against it
would let a claim stitched from unrelated sentences look supported.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from medcite.compose.audience import EVIDENCE_MARK
from medcite.compose.glossary import canonicalize
from medcite.compose.sentences import split_sentences
from medcite.compose.tokens import content_tokens, has_negation, numbers, recall
from medcite.records import Hit
from medcite.verify.protocols import Embedder, EntailmentJudge, VerifyThresholds


@dataclass(frozen=True)
class Support:
    """The verdict for one claim against one passage."""

    supported: bool
    score: float
    reason: str
    chunk_id: str


@dataclass(frozen=True)
class _Text:
    """A claim or passage window prepared for comparison."""

    raw: str
    tokens: frozenset[str]
    numbers: frozenset[str]
    negated: bool


def prepare(text: str) -> _Text:
    """Strip audience annotations and map glossary terms to canonical tokens, then tokenise.

    Canonical glossary tokens let a patient's "treatment without surgery" meet the passage's
    "conservative management"; everything else must match as written.
    """
    plain = EVIDENCE_MARK.sub("", text).strip()
    canonical = canonicalize(plain)
    # Numbers and negation on the canonical text: the lay phrases "one-sided" and "without
    # surgery" carry neither a quantity nor a negated claim.
    return _Text(plain, content_tokens(canonical), numbers(canonical), has_negation(canonical))


class SupportChecker:
    """Scores claims against passages; caches prepared windows and embeddings per run.

    Checking is two-phase so that an expensive judge is asked as little as possible:
    :meth:`screen` is cheap (lexical, numbers, negation, embedding) and :meth:`confirm` asks the
    judge, if there is one, about a passage that passed the screen.
    """

    def __init__(
        self,
        thresholds: VerifyThresholds,
        embedder: Embedder | None = None,
        judge: EntailmentJudge | None = None,
    ) -> None:
        self.thresholds = thresholds
        self.embedder = embedder
        self.judge = judge
        self._windows: dict[str, list[_Text]] = {}
        self._vectors: dict[str, np.ndarray] = {}

    def screen(self, claim: str, hit: Hit) -> Support:
        """Cheap check: ``supported`` means the passage is a candidate worth confirming.

        When it fails, the reason is that of the closest window: a sentence that matches the
        claim's words but not its numbers or negation explains the failure best.
        """
        prepared = prepare(claim)
        if not prepared.tokens:
            return Support(False, 0.0, "claim has no content words", hit.chunk_id)
        best_ok: tuple[float, _Text] | None = None
        best_bad: tuple[float, str] | None = None
        for window in self._passage_windows(hit):
            score = recall(prepared.tokens, window.tokens)
            problem = self._mismatch(prepared, window)
            if problem is None and (best_ok is None or score > best_ok[0]):
                best_ok = (score, window)
            elif problem is not None and (best_bad is None or score > best_bad[0]):
                best_bad = (score, problem)
        verdict = None if best_ok is None else self._threshold(prepared, *best_ok, hit)
        if verdict is not None and verdict.supported:
            return verdict
        if best_bad is not None and (best_ok is None or best_bad[0] > best_ok[0]):
            return Support(False, 0.0, best_bad[1], hit.chunk_id)
        return verdict or Support(False, 0.0, "too little overlap", hit.chunk_id)

    def confirm(self, claim: str, hit: Hit) -> Support:
        """Final verdict for a passage that passed :meth:`screen`: the judge's, if any."""
        screened = self.screen(claim, hit)
        if not screened.supported or self.judge is None:
            return screened
        verdict = self.judge(prepare(claim).raw, hit.text)
        return Support(verdict == "entails", screened.score, f"judge: {verdict}", hit.chunk_id)

    def _mismatch(self, claim: _Text, window: _Text) -> str | None:
        th = self.thresholds
        missing = sorted(claim.numbers - window.numbers)
        if th.require_numbers and missing:
            return f"numbers not in the passage: {', '.join(missing)}"
        if th.require_same_negation and claim.negated != window.negated:
            return "negation differs"
        return None

    def _threshold(self, claim: _Text, lexical: float, window: _Text, hit: Hit) -> Support:
        th = self.thresholds
        score = lexical
        if self.embedder is not None:
            cosine = self._cosine(claim.raw, window.raw)
            score = (1 - th.embedding_weight) * lexical + th.embedding_weight * cosine
        # With a judge, the judge decides; the screen only needs to find plausible passages.
        needed = th.min_support if self.judge is None else th.judge_prefilter
        ok = lexical >= th.lexical_floor and score >= needed
        return Support(ok, score, "supported" if ok else "too little overlap", hit.chunk_id)

    def _passage_windows(self, hit: Hit) -> list[_Text]:
        if hit.chunk_id not in self._windows:
            sentences = split_sentences(hit.text) or [hit.text]
            pairs = [f"{a} {b}" for a, b in itertools.pairwise(sentences)]
            self._windows[hit.chunk_id] = [prepare(s) for s in (*sentences, *pairs)]
        return self._windows[hit.chunk_id]

    def _cosine(self, claim: str, window: str) -> float:
        assert self.embedder is not None
        missing = [t for t in dict.fromkeys((claim, window)) if t not in self._vectors]
        if missing:
            vectors = self.embedder.embed(missing)
            for text, row in zip(missing, vectors, strict=True):
                self._vectors[text] = np.asarray(row, dtype=np.float32)
        return float(np.dot(self._vectors[claim], self._vectors[window]))
