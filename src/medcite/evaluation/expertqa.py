"""Citation verification against experts: medcite's support check on ExpertQA's medical claims,
each with the evidence passage(s) the system cited, compared with the experts' support labels.

A claim is predicted *supported* when any of its passages passes the verifier
(``SupportChecker.confirm``: the lexical/embedding screen, then the LLM judge if one is given).
The experts' label is *supported* for ``Complete`` (primary) or ``Complete``/``Partial``
(reported as well); ``N/A`` and unlabelled claims are left out and counted.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from medcite.evaluation.data import ExpertClaim, load_expertqa_claims, sample
from medcite.evaluation.metrics import accuracy, class_prf
from medcite.evaluation.proxy import passage_hit
from medcite.evaluation.report import SuiteResult
from medcite.verify import SupportChecker, VerifyThresholds
from medcite.verify.protocols import Embedder, EntailmentJudge

EXPERT_LABELS = ("Complete", "Partial", "Incomplete", "Missing")
SUPPORTED, UNSUPPORTED = "supported", "unsupported"

_MARKER = re.compile(r"\s*\[\d+\]")
_HEADER = re.compile(r"^\s*\[\d+\]\s*\S*\s*\n+")


@dataclass
class ExpertQAConfig:
    """Settings of one ExpertQA run."""

    limit: int | None = None
    seed: int = 13
    data_dir: Path | None = None


def clean_claim(text: str) -> str:
    """The claim without its ``[n]`` citation markers."""
    return " ".join(_MARKER.sub("", text).split())


def clean_evidence(text: str) -> str:
    """The passage without its ``[n] URL`` header line."""
    return _HEADER.sub("", text, count=1).strip()


def predict(checker: SupportChecker, claim: ExpertClaim) -> str:
    """'supported' when any cited passage supports the claim, else 'unsupported'."""
    text = clean_claim(claim.claim)
    for i, passage in enumerate(claim.evidence):
        hit = passage_hit(clean_evidence(passage), chunk_id=f"{claim.qid}:{claim.system}:{i}")
        if checker.confirm(text, hit).supported:
            return SUPPORTED
    return UNSUPPORTED


def run_expertqa(
    config: ExpertQAConfig,
    embedder: Embedder | None = None,
    judge: EntailmentJudge | None = None,
    *,
    embedder_name: str = "none",
    judge_name: str = "none",
) -> SuiteResult:
    """Agreement of the verifier with the experts: P/R/F1 of 'supported', accuracy, confusion."""
    claims = load_expertqa_claims(config.data_dir)
    labelled = [c for c in claims if c.support in EXPERT_LABELS]
    labelled = sample(labelled, config.limit, config.seed)
    result = SuiteResult(
        suite="citations-expertqa",
        dataset="expertqa-medicine",
        settings={
            "limit": config.limit,
            "seed": config.seed,
            "embedder": embedder_name,
            "judge": judge_name,
            "thresholds": VerifyThresholds().model_dump(),
        },
    )
    checker = SupportChecker(VerifyThresholds(), embedder, judge)
    t0 = time.perf_counter()
    predicted = [predict(checker, c) for c in labelled]
    result.timing["verify"] = round(time.perf_counter() - t0, 1)
    result.metrics.update(agreement(labelled, predicted))
    result.metrics["excluded_unlabelled"] = len(claims) - sum(
        c.support in EXPERT_LABELS for c in claims
    )
    result.notes.append(
        "gold 'supported' = expert label Complete; 'complete_or_partial' counts Partial as supported"
    )
    return result


def agreement(claims: Sequence[ExpertClaim], predicted: Sequence[str]) -> dict[str, object]:
    """Metrics for both gold definitions, the per-label confusion and claim counts."""
    strict = [SUPPORTED if c.support == "Complete" else UNSUPPORTED for c in claims]
    lenient = [SUPPORTED if c.support in ("Complete", "Partial") else UNSUPPORTED for c in claims]
    return {
        "claims": len(claims),
        "claims_without_evidence": sum(not c.evidence for c in claims),
        "predicted_supported": sum(p == SUPPORTED for p in predicted),
        "complete": {
            **class_prf(strict, predicted, SUPPORTED),
            "accuracy": accuracy(strict, predicted),
        },
        "complete_or_partial": {
            **class_prf(lenient, predicted, SUPPORTED),
            "accuracy": accuracy(lenient, predicted),
        },
        "confusion_by_expert_label": _by_label(claims, predicted),
    }


def _by_label(claims: Sequence[ExpertClaim], predicted: Sequence[str]) -> dict[str, dict[str, int]]:
    table = {lab: {SUPPORTED: 0, UNSUPPORTED: 0} for lab in EXPERT_LABELS}
    for claim, p in zip(claims, predicted, strict=True):
        table[claim.support][p] += 1
    return table
