"""The providers verification can use, as structural protocols.

They are declared here rather than imported so that verification does not depend on the
embedding or LLM packages being present: any object with the right shape works
(``medcite.embed.HashEmbedder``, an ONNX model, an LLM-backed judge, a test fake).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field

Verdict = Literal["entails", "neutral", "contradicts"]


class Embedder(Protocol):
    """Anything that embeds texts into L2-normalised float32 rows (see ``medcite.embed``)."""

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """One unit-length row per text, in order."""
        ...


class EntailmentJudge(Protocol):
    """Decides whether a passage entails a claim (an NLI model or an LLM prompt)."""

    def __call__(self, claim: str, passage: str) -> Verdict:
        """'entails' only when the passage alone supports the claim."""
        ...


class VerifyThresholds(BaseModel):
    """When a passage counts as supporting a claim."""

    model_config = ConfigDict(frozen=True)

    lexical_floor: float = Field(
        default=0.3,
        description="Share of the claim's content words the passage must contain in any case; "
        "stops an embedding or a judge from approving a claim about something else.",
    )
    min_support: float = Field(
        default=0.6,
        description="Support score (lexical recall, blended with embedding cosine when an "
        "embedder is given) needed without a judge.",
    )
    embedding_weight: float = Field(
        default=0.4, ge=0.0, le=1.0, description="Weight of embedding cosine in the support score."
    )
    judge_prefilter: float = Field(
        default=0.35,
        description="Support score a passage needs before the judge is asked (saves judge calls); "
        "with a judge, its 'entails' replaces min_support.",
    )
    require_numbers: bool = Field(
        default=True, description="Every number in the claim must appear in the passage."
    )
    require_same_negation: bool = Field(
        default=True, description="Claim and passage sentence must agree on negation."
    )
