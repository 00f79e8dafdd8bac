"""Records exchanged by retrieval: filters and hits."""

from __future__ import annotations

from pydantic import BaseModel, Field

from medcite.records.documents import SourceType
from medcite.records.evidence import EvidenceLevel


class SearchFilters(BaseModel):
    """Restrictions applied to every retriever."""

    year_min: int | None = Field(default=None, description="Earliest publication year, inclusive.")
    year_max: int | None = Field(default=None, description="Latest publication year, inclusive.")
    levels: list[EvidenceLevel] = Field(
        default_factory=list, description="Allowed evidence levels; empty = all."
    )
    source_types: list[SourceType] = Field(
        default_factory=list, description="Allowed source types; empty = all."
    )
    include_retracted: bool = Field(
        default=False, description="Retracted documents are excluded unless True."
    )


class Hit(BaseModel):
    """One retrieved passage with everything needed to show and cite it."""

    chunk_id: str = Field(description="Passage id.")
    doc_id: str = Field(description="Document id.")
    title: str = Field(description="Document title.")
    source_type: SourceType = Field(description="Kind of source.")
    section: str = Field(default="", description="Section heading of the passage.")
    text: str = Field(description="Passage text.")
    year: int | None = Field(default=None, description="Publication year.")
    journal: str | None = Field(default=None, description="Journal, for articles.")
    publisher: str | None = Field(default=None, description="Issuing body, for guidelines.")
    url: str | None = Field(default=None, description="URL; a PubMed URL is derived from the PMID.")
    pmid: str | None = Field(default=None, description="PubMed id.")
    doi: str | None = Field(default=None, description="DOI.")
    evidence_level: EvidenceLevel = Field(description="Evidence level of the document.")
    evidence_label: str = Field(description="Human label of the evidence level.")
    grade: str | None = Field(
        default=None, description="Recommendation grade stated in the passage."
    )
    retracted: bool = Field(
        default=False, description="True if the source is retracted (never cited)."
    )
    score: float = Field(description="Final ranking score (higher is better).")
    lexical_rank: int | None = Field(
        default=None, description="1-based rank in the lexical list, if present."
    )
    dense_rank: int | None = Field(
        default=None, description="1-based rank in the dense list, if present."
    )


class SearchResult(BaseModel):
    """Hits for one query plus what was actually searched."""

    query: str = Field(description="Query as given.")
    expanded_terms: list[str] = Field(
        default_factory=list, description="Synonyms added by query expansion."
    )
    hits: list[Hit] = Field(default_factory=list, description="Ranked hits, best first.")
