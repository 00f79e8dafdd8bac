"""Records produced by the readers and stored by the library: documents, chunks, reader events."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from medcite.records.evidence import EvidenceLevel


class SourceType(StrEnum):
    """Where a document came from; used for filters and stats."""

    PUBMED = "pubmed"
    PMC = "pmc"
    GUIDELINE = "guideline"
    JSONL = "jsonl"
    TEXT = "text"


class MeshHeading(BaseModel):
    """A MeSH descriptor attached to a citation."""

    model_config = ConfigDict(frozen=True)

    descriptor: str = Field(description="MeSH descriptor name, e.g. 'Spondylolysis'.")
    ui: str | None = Field(default=None, description="MeSH unique id, e.g. 'D013168'.")
    major: bool = Field(
        default=False, description="True when the descriptor or a qualifier is a major topic."
    )
    qualifiers: list[str] = Field(
        default_factory=list, description="Qualifier names, e.g. 'therapy'."
    )


class Section(BaseModel):
    """A titled part of a document's body (an abstract section, a guideline heading)."""

    heading: str = Field(default="", description="Section heading or abstract label; '' when none.")
    text: str = Field(description="Plain text of the section.")
    grade: str | None = Field(
        default=None,
        description="Recommendation grade stated in the text (e.g. 'Strong, High'), if any.",
    )


class Document(BaseModel):
    """One source document: a PubMed citation, a PMC article, a guideline, a JSONL record."""

    id: str = Field(
        description="Stable library id: 'pmid:123', 'pmc:PMC123', or the source's own id."
    )
    source_type: SourceType = Field(description="Kind of source the reader parsed.")
    title: str = Field(default="", description="Document title; may be empty for JSONL chunks.")
    sections: list[Section] = Field(default_factory=list, description="Body in reading order.")
    authors: list[str] = Field(default_factory=list, description="Authors as 'Last FM' strings.")
    journal: str | None = Field(default=None, description="Journal title for articles.")
    publisher: str | None = Field(default=None, description="Issuing body for guidelines.")
    year: int | None = Field(default=None, description="Publication year.")
    published: str | None = Field(
        default=None, description="Publication date as YYYY, YYYY-MM or YYYY-MM-DD."
    )
    url: str | None = Field(default=None, description="Canonical URL when known.")
    pmid: str | None = Field(default=None, description="PubMed id.")
    doi: str | None = Field(default=None, description="DOI without the https://doi.org/ prefix.")
    pmcid: str | None = Field(default=None, description="PMC id, e.g. 'PMC1234567'.")
    language: str | None = Field(
        default=None, description="Language code as given by the source (e.g. 'eng')."
    )
    publication_types: list[str] = Field(
        default_factory=list, description="PubMed publication types or a declared type."
    )
    mesh: list[MeshHeading] = Field(default_factory=list, description="MeSH headings.")
    keywords: list[str] = Field(default_factory=list, description="Author keywords.")
    retracted: bool = Field(
        default=False, description="True for a retracted publication: never cited."
    )
    version: str = Field(
        default="",
        description="Source version marker used to keep the newest copy (e.g. PubMed DateRevised).",
    )
    origin: str = Field(default="", description="File (and record) the document was read from.")
    evidence_level: EvidenceLevel | None = Field(
        default=None,
        description="Evidence level; filled by grading when the reader does not know it.",
    )

    def body_text(self) -> str:
        """All section text joined, for hashing and grading."""
        return "\n".join(s.text for s in self.sections)


class BadRecord(BaseModel):
    """A record a reader could not turn into a document; reported and skipped."""

    file: str = Field(description="File the record came from.")
    record: str = Field(description="Record locator: index, PMID or line number.")
    reason: str = Field(description="What was wrong and how to fix it.")


class Deletion(BaseModel):
    """Ids the source says to remove (PubMed DeleteCitation)."""

    file: str = Field(description="File that carried the deletion.")
    ids: list[str] = Field(description="Library document ids to delete, e.g. 'pmid:123'.")


ReaderEvent = Document | BadRecord | Deletion


class Chunk(BaseModel):
    """A citable passage of a document; the unit of retrieval and citation."""

    id: str = Field(
        description="Content-derived stable id (hash of document id, section and text)."
    )
    doc_id: str = Field(description="Owning document id.")
    ordinal: int = Field(description="Position of the chunk within the document.")
    section: str = Field(default="", description="Section heading the passage came from.")
    text: str = Field(description="Passage text.")
    grade: str | None = Field(
        default=None, description="Recommendation grade stated in the passage, if any."
    )
