"""Citation verification: every claim is checked against the passages it cites.

``verify_answer(answer, evidence, embedder=..., judge=...)`` keeps supported claims, re-attributes
or drops the rest and records what changed; ``check_integrity(answer)`` lists structural problems
with the citations (an empty list when the answer is sound).
"""

from medcite.verify.integrity import check_integrity
from medcite.verify.protocols import Embedder, EntailmentJudge, Verdict, VerifyThresholds
from medcite.verify.support import Support, SupportChecker
from medcite.verify.verifier import NO_VERIFIED_CLAIMS, verify_answer

__all__ = [
    "NO_VERIFIED_CLAIMS",
    "Embedder",
    "EntailmentJudge",
    "Support",
    "SupportChecker",
    "Verdict",
    "VerifyThresholds",
    "check_integrity",
    "verify_answer",
]
