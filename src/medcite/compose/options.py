"""Settings of the extractive composer (data only; the answer stores a hash of them)."""

from __future__ import annotations

import hashlib

from pydantic import BaseModel, ConfigDict, Field


class ComposeOptions(BaseModel):
    """Knobs of the extractive composer; the defaults suit a library of guidelines and abstracts."""

    model_config = ConfigDict(frozen=True)

    max_hits: int = Field(default=40, ge=1, description="Hits considered, best first.")
    max_items_per_section: int = Field(default=4, ge=1, description="Sentences per section.")
    max_items_per_subsection: int = Field(default=4, ge=1, description="Sentences per subsection.")
    max_per_doc_per_section: int = Field(
        default=2, ge=1, description="Sentences one document may place in one section (diversity)."
    )
    min_relevance: float = Field(
        default=0.4, description="Relevance a sentence needs to be used (0..~1.3)."
    )
    min_default_relevance: float = Field(
        default=0.55,
        description="Relevance a sentence that fits no planned section needs for 'Key Evidence'.",
    )
    min_relevant_sentences: int = Field(
        default=2, ge=1, description="Below this many relevant sentences the composer abstains."
    )
    min_words: int = Field(default=6, description="Shorter sentences are fragments.")
    max_words: int = Field(default=60, description="Longer sentences are run-ons or lists.")
    max_chars: int = Field(default=450, description="Longer sentences are dropped.")
    dedup_jaccard: float = Field(
        default=0.6, description="Token Jaccard above which two sentences repeat."
    )
    dedup_containment: float = Field(
        default=0.8,
        description="Share of the shorter sentence inside the longer that counts as a repeat.",
    )
    reference_year: int | None = Field(
        default=None,
        description="Year that recency is measured from; None uses the current year. Fix it for "
        "reproducible answers.",
    )
    old_after_years: int = Field(default=15, description="Sources older than this are 'old'.")
    topic_terms: list[str] = Field(
        default_factory=list,
        description="Extra topic synonyms, e.g. retrieval's expanded terms ('spondylolysis').",
    )
    use_vocab: bool = Field(
        default=True,
        description="Use medcite.vocab definitions for patient explanations if installed.",
    )
    follow_up_count: int = Field(default=3, ge=0, description="Follow-up questions to suggest.")

    def fingerprint(self, reference_year: int) -> str:
        """Stable hash of these options with the resolved reference year."""
        payload = self.model_dump_json() + f"|year={reference_year}|composer=extractive-1"
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]
