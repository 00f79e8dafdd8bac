"""HTML: a standalone accessible document in which evidence can never inject markup."""

from __future__ import annotations

from html.parser import HTMLParser
from itertools import pairwise

import pytest

from medcite.records import Answer, ContentItem, Hit
from medcite.render import render, render_html_fragment

SCRIPT = "<script>alert(1)</script>"


class Page(HTMLParser):
    """Elements in document order, with attributes and the text found inside each."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.texts: list[tuple[str, str]] = []
        self.decls: list[str] = []
        self._open: list[str] = []
        self.feed(markup)
        self.close()

    def handle_decl(self, decl: str) -> None:
        self.decls.append(decl)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        if tag not in {"meta", "br"}:
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        self.texts.append((self._open[-1] if self._open else "", data))

    def tags(self, name: str) -> list[dict[str, str]]:
        return [attrs for tag, attrs in self.elements if tag == name]

    def text(self) -> str:
        return "".join(data for _, data in self.texts)


@pytest.fixture
def page(treatment_answer: Answer, hits: list[Hit]) -> Page:
    return Page(render(treatment_answer, "html", hits=hits))


def test_standalone_document(page: Page) -> None:
    assert page.decls == ["DOCTYPE html"]
    assert page.tags("html") == [{"lang": "en"}]
    assert len(page.tags("main")) == 1
    assert len(page.tags("article")) == 1
    assert len(page.tags("h1")) == 1
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in page.tags(
        "meta"
    )
    css = "".join(data for tag, data in page.texts if tag == "style")
    assert "max-width: 48rem" in css
    assert "system-ui" in css


def test_headings_never_skip_a_level(page: Page) -> None:
    levels = [int(tag[1]) for tag, _ in page.elements if tag in {"h1", "h2", "h3", "h4", "h5"}]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in pairwise(levels))
    assert 4 in levels  # the surgical options sub-subsection


def test_citations_link_to_references_with_passage_hover(page: Page) -> None:
    cites = page.tags("a")
    cite_links = [a for a in cites if a.get("class") == "cite"]
    assert {a["href"] for a in cite_links} == {"#ref-1", "#ref-2", "#ref-3"}
    ref_ids = [li["id"] for li in page.tags("li") if li.get("id", "").startswith("ref-")]
    assert ref_ids == ["ref-1", "ref-2", "ref-3"]
    first = next(a for a in cite_links if a["href"] == "#ref-1")
    assert first["title"].startswith('“Rest "first" & <b>then</b> rehab.”')
    assert first["aria-label"] == "Reference 1"
    third = next(a for a in cite_links if a["href"] == "#ref-3")
    assert third["title"] == "Return to sport after pars repair"


def test_reference_links_and_badges(page: Page) -> None:
    hrefs = {a["href"] for a in page.tags("a")}
    assert "https://pubmed.ncbi.nlm.nih.gov/31234567/" in hrefs
    assert "https://doi.org/10.1016/j.spinee.2019.01.001" in hrefs
    assert "https://www.spine.org/guidelines/spondylolysis" in hrefs
    assert any(h.startswith("https://doi.org/10.1002/%28SICI%29") for h in hrefs)
    badges = [s["class"] for s in page.tags("span") if "badge" in s.get("class", "")]
    assert "badge review" in badges
    assert "badge level-systematic_review strength-strong" in badges
    assert "badge level-cohort strength-moderate" in badges
    text = page.text()
    assert "Pending review" in text
    assert "Cohort / case-control study" in text


def test_evidence_cannot_inject_markup(page: Page) -> None:
    assert page.tags("script") == []
    assert page.tags("b") == []
    for a in page.tags("a"):
        assert a["href"].startswith(("#ref-", "https://")), a
        assert "evil" not in a["href"]
    items = [data for tag, data in page.texts if tag == "li"]
    assert any(SCRIPT in data and "[click](http://evil)" in data for data in items)


def test_hostile_text_everywhere_is_escaped(treatment_answer: Answer) -> None:
    hostile = treatment_answer.model_copy(
        update={
            "title": SCRIPT,
            "urgent_notice": '<img src=x onerror="alert(1)">',
            "follow_ups": ['"><script>x</script>'],
            "warnings": ["<iframe src=//evil>"],
            "disclaimer": "</article><script>1</script>",
        }
    )
    page = Page(render(hostile, "html"))
    found = {tag for tag, _ in page.elements}
    assert not found & {"script", "img", "iframe"}
    assert len(page.tags("article")) == 1


def test_urgent_notice_is_an_alert_before_the_title(urgent_answer: Answer) -> None:
    page = Page(render(urgent_answer, "html"))
    order = [tag for tag, _ in page.elements]
    alert = next(i for i, (_, a) in enumerate(page.elements) if a.get("role") == "alert")
    assert alert < order.index("h1")
    assert all("javascript" not in a["href"] for a in page.tags("a"))


def test_citation_without_reference_is_not_linked(urgent_answer: Answer) -> None:
    answer = urgent_answer.model_copy(
        update={"bottom_line": ContentItem(text="Claim.", citations=[1, 9])}
    )
    page = Page(render(answer, "html"))
    assert "#ref-9" not in {a["href"] for a in page.tags("a")}
    assert "9" in [data for tag, data in page.texts if tag == "sup"][-1]


def test_fragment_is_only_the_article(treatment_answer: Answer, hits: list[Hit]) -> None:
    fragment = render_html_fragment(treatment_answer, hits)
    assert fragment.startswith('<article class="medcite-answer"')
    assert fragment.endswith("</article>")
    assert "<html" not in fragment
    assert "<main" not in fragment
    assert fragment in render(treatment_answer, "html", hits=hits)


def test_abstained_page_lists_searches(abstained_answer: Answer) -> None:
    page = Page(render(abstained_answer, "html"))
    assert any(s.get("class") == "abstained" for s in page.tags("section"))
    searched = [data for tag, data in page.texts if tag == "li"]
    assert "zebra fever treatment" in searched
    assert page.tags("ol") == []
