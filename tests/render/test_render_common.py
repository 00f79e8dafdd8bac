"""Shared wording and formatting helpers."""

from __future__ import annotations

import pytest

from medcite.records import Answer, EvidenceLevel, Hit, PatientContext, Reference, Verification
from medcite.render import common


def _ref(**fields: object) -> Reference:
    base: dict[str, object] = {
        "n": 1,
        "id": "d",
        "title": "A title",
        "evidence_level": EvidenceLevel.RCT,
        "evidence_label": EvidenceLevel.RCT.label,
    }
    return Reference.model_validate(base | fields)


@pytest.mark.parametrize(
    ("numbers", "expected"),
    [([], ""), ([1], "[1]"), ([2, 1, 2], "[1, 2]"), ([3, 10, 1], "[1, 3, 10]")],
)
def test_format_citations(numbers: list[int], expected: str) -> None:
    assert common.format_citations(numbers) == expected


def test_reference_links_pmid_doi_and_url_in_order() -> None:
    ref = _ref(pmid="123", doi="https://doi.org/10.1/x", url="https://example.org/a")
    assert common.reference_links(ref) == [
        common.Link("PMID: 123", "https://pubmed.ncbi.nlm.nih.gov/123/"),
        common.Link("doi:10.1/x", "https://doi.org/10.1/x"),
        common.Link("https://example.org/a", "https://example.org/a"),
    ]


def test_reference_links_skip_a_url_that_repeats_pubmed() -> None:
    ref = _ref(pmid="123", url="https://pubmed.ncbi.nlm.nih.gov/123/")
    assert [link.label for link in common.reference_links(ref)] == ["PMID: 123"]


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,x", "/relative", "https://exa mple.org", "", None],
)
def test_unsafe_urls_never_become_links(url: str | None) -> None:
    assert common.safe_url(url) is None
    assert common.reference_links(_ref(url=url)) == []


def test_bad_identifiers_are_not_linked() -> None:
    assert common.reference_links(_ref(pmid="abc", doi="not-a-doi")) == []


def test_doi_url_is_percent_encoded() -> None:
    url = common.doi_url("doi:10.1002/(SICI)1<2>")
    assert url == "https://doi.org/10.1002/%28SICI%291%3C2%3E"


def test_source_and_reference_text() -> None:
    ref = _ref(title="Trial.", journal="Lancet", year=2020, pmid="9", doi="10.1/y")
    assert common.source_text(ref) == "Trial. Lancet, 2020."
    assert common.reference_text(ref) == (
        "Trial. Lancet, 2020. PMID: 9. doi:10.1/y. [Randomized controlled trial]"
    )
    guideline = _ref(title="G", publisher="NICE", url="https://nice.org.uk/g")
    assert common.reference_text(guideline) == (
        "G. NICE. https://nice.org.uk/g [Randomized controlled trial]"
    )
    assert common.source_text(_ref(title=" ")) == "Untitled source."


def test_verification_summary() -> None:
    v = Verification(checked=12, kept=11, reattributed=1, dropped=0)
    assert common.verification_summary(v) == (
        "Citations verified: 12 checked, 11 kept, 1 re-attributed, 0 dropped"
    )
    v.removed_citations = 2
    assert common.verification_summary(v).endswith(", 2 invalid citation numbers removed")


def test_context_line() -> None:
    assert common.context_line(PatientContext()) == ""
    context = PatientContext(age_years=0.5, sex="male", pregnant=False, negations=["fever"])
    assert common.context_line(context) == "Patient: 6-month-old · male · not pregnant · no fever"


def test_excerpt_cuts_at_a_word() -> None:
    assert common.excerpt("a\n b") == "a b"
    cut = common.excerpt("word " * 100, limit=22)
    assert cut.endswith("…")
    assert len(cut) <= 22
    assert "wor…" not in cut


def test_strength_covers_every_level() -> None:
    assert {common.strength(level) for level in EvidenceLevel} == {"strong", "moderate", "weak"}


def test_tooltips_use_passage_when_hit_given(treatment_answer: Answer, hits: list[Hit]) -> None:
    tooltips = common.citation_tooltips(treatment_answer, hits)
    assert tooltips[1].startswith("“Rest")
    assert tooltips[1].endswith("Spondylolysis and spondylolisthesis: clinical guideline")
    assert tooltips[3] == "Return to sport after pars repair"
    assert common.citation_tooltips(treatment_answer, None)[1].startswith("Spondylolysis")
