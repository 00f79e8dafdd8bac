"""The structured answer: title, bottom line, sections, references, verification."""

from __future__ import annotations

from pydantic import BaseModel, Field

from medcite.records.evidence import EvidenceLevel
from medcite.records.questions import Audience, Intent, PatientContext


class ContentItem(BaseModel):
    """One sentence or bullet of an answer with its citation numbers."""

    text: str = Field(description="Sentence text, without citation markers.")
    citations: list[int] = Field(
        default_factory=list, description="Reference numbers supporting the text."
    )
    points: list[str] = Field(
        default_factory=list,
        description=(
            "List entries that continue `text` (which then ends with a colon), shown as "
            "sub-bullets; text and points together are the one cited sentence."
        ),
    )

    @property
    def full_text(self) -> str:
        """The item as one run of text: the lead-in and its points joined back with semicolons."""
        if not self.points:
            return self.text
        return f"{self.text} {'; '.join(p.rstrip('.') for p in self.points)}."


class AnswerSection(BaseModel):
    """A section of the answer; subsections allow the treatment algorithm's lines."""

    heading: str = Field(description="Section heading.")
    key: str = Field(
        default="", description="Stable machine key of the section in the plan, e.g. 'first_line'."
    )
    items: list[ContentItem] = Field(default_factory=list, description="Content in reading order.")
    subsections: list[AnswerSection] = Field(default_factory=list, description="Nested sections.")


class Reference(BaseModel):
    """A numbered reference; every citation number resolves to exactly one."""

    n: int = Field(description="Reference number, in order of first use.")
    id: str = Field(description="Library document id.")
    chunk_ids: list[str] = Field(
        default_factory=list, description="Passages of this document cited."
    )
    title: str = Field(description="Document title.")
    journal: str | None = Field(default=None, description="Journal.")
    publisher: str | None = Field(default=None, description="Issuing body.")
    year: int | None = Field(default=None, description="Year.")
    url: str | None = Field(default=None, description="URL.")
    pmid: str | None = Field(default=None, description="PubMed id.")
    doi: str | None = Field(default=None, description="DOI.")
    evidence_level: EvidenceLevel = Field(description="Evidence level.")
    evidence_label: str = Field(description="Human label of the evidence level.")


class Verification(BaseModel):
    """What citation verification did to the composed claims."""

    checked: int = Field(default=0, description="Claims checked.")
    kept: int = Field(default=0, description="Claims whose citation supported them.")
    reattributed: int = Field(
        default=0, description="Claims moved to a passage that supports them."
    )
    dropped: int = Field(default=0, description="Claims removed because no passage supported them.")
    removed_citations: int = Field(
        default=0, description="Citation numbers that pointed at nothing, removed."
    )
    notes: list[str] = Field(
        default_factory=list, description="What was removed or changed, for the record."
    )


class Answer(BaseModel):
    """The full answer page as data; every renderer reads this."""

    question: str = Field(description="Question as asked.")
    title: str = Field(description="Title (names the patient for a case).")
    intent: Intent = Field(description="Detected intent.")
    audience: Audience = Field(
        default=Audience.CLINICIAN, description="Reader the answer was written for."
    )
    context: PatientContext = Field(
        default_factory=PatientContext, description="Extracted patient facts."
    )
    urgent_notice: str | None = Field(
        default=None, description="Red-flag notice shown first, if any."
    )
    bottom_line: ContentItem = Field(description="One or two cited sentences: the recommendation.")
    sections: list[AnswerSection] = Field(default_factory=list, description="Sections in order.")
    references: list[Reference] = Field(
        default_factory=list, description="References numbered by first use."
    )
    verification: Verification = Field(
        default_factory=Verification, description="Citation verification record."
    )
    follow_ups: list[str] = Field(
        default_factory=list, description="Suggested follow-up questions."
    )
    disclaimer: str = Field(description="Professional disclaimer.")
    abstained: bool = Field(default=False, description="True when evidence was too thin to answer.")
    searched: list[str] = Field(
        default_factory=list, description="Queries run, shown when abstaining."
    )
    warnings: list[str] = Field(default_factory=list, description="Fallbacks and caveats.")
    reading_level: float | None = Field(
        default=None, description="Measured Flesch-Kincaid grade of the text."
    )
    composer: str = Field(default="extractive", description="Composer that wrote the answer.")
    model: str | None = Field(default=None, description="LLM model id, when one was used.")
    settings_hash: str = Field(
        default="", description="Hash of the settings that produced the answer."
    )
    library_version: str = Field(
        default="", description="Library version (content fingerprint) used."
    )
    thread_id: str | None = Field(default=None, description="Conversation thread, for follow-ups.")
