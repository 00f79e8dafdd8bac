"""HTML guideline reader: sections by h1-h6, page chrome dropped, citation meta tags read.

Navigation, headers, footers, asides, scripts and forms are removed before the walk so
that menus and cookie banners never become citable passages. Tables become one sentence
per row and list items one sentence each, as in the Markdown reader.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import lxml.html
from lxml import etree

from medcite.records import ReaderEvent, Section

from .base import READ_ERRORS, FileReader, bad, read_text
from .frontmatter import FrontMatter
from .grades import HeadingStack, SectionBuilder
from .markdown import guideline_document
from .markdown_blocks import row_sentences
from .metadata import clean, clean_doi, date_parts, declared_level, is_number, sentence
from .sniffing import is_html
from .xmltools import Element

__all__ = ["HtmlReader"]

# fmt: off
_DROP = (
    "script", "style", "nav", "header", "footer", "aside", "noscript", "template", "form",
    "svg", "button", "iframe", "select", "object", "embed",
)
# fmt: on
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_LEAVES = frozenset({"p", "pre", "blockquote", "dt", "dd", "caption", "figcaption", "address"})
# fmt: off
_INLINE = frozenset({
    "a", "abbr", "b", "bdi", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins",
    "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",
    "var", "wbr", "img", "label",
})
# fmt: on
_XML_DECL = re.compile(r"\A\s*<\?xml[^>]*\?>")
# Characters libxml2 refuses in text nodes; lxml raises on them when the tree is edited.
_NOT_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_META_KEYS = {
    "doi": ("citation_doi", "dc.identifier", "prism.doi"),
    "date": ("citation_publication_date", "citation_date", "dc.date", "article:published_time"),
    "publisher": ("dc.publisher", "citation_publisher", "og:site_name"),
    "title": ("citation_title", "dc.title"),
    "pmid": ("citation_pmid",),
    "type": ("medcite:type", "dc.type"),
}


class HtmlReader(FileReader):
    """Guidelines saved as web pages (``.html``, ``.htm``)."""

    name = "html"
    extensions = (".html", ".htm", ".xhtml")

    def matches_content(self, head: bytes, path: Path | None = None) -> bool:
        """An HTML doctype or ``<html>`` element at the start."""
        return is_html(head)

    def read(self, path: Path) -> Iterator[ReaderEvent]:
        """One Document per page, or a BadRecord when the file is not readable HTML."""
        try:
            text = _NOT_XML_CHARS.sub(" ", _XML_DECL.sub("", read_text(path)))
            root = lxml.html.document_fromstring(text)
        except READ_ERRORS as exc:
            yield bad(path, "file", f"cannot read the file ({exc}); check it is an HTML file")
            return
        except (ValueError, etree.ParserError) as exc:
            yield bad(path, "file", f"not readable HTML ({exc}); save the page as HTML text")
            return
        meta = _meta(root)
        title, skip_h1 = _title(root, meta)
        for tag in list(root.iter(*_DROP)):
            tag.drop_tree()
        body = root.find("body")
        sections = _sections(body if body is not None else root, skip_h1)
        yield guideline_document(path, _front(meta), title, sections)


def _meta(root: Element) -> dict[str, str]:
    """Citation meta tags (lower-case names) -> first non-empty content."""
    found: dict[str, str] = {}
    for tag in root.iter("meta"):
        name = (tag.get("name") or tag.get("property") or "").strip().lower()
        content = clean(tag.get("content"))
        if name and content and name not in found:
            found[name] = content
    for link in root.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            found.setdefault("canonical", link.get("href", "").strip())
    return found


def _pick(meta: dict[str, str], key: str) -> str | None:
    return next((meta[name] for name in _META_KEYS[key] if meta.get(name)), None)


def _front(meta: dict[str, str]) -> FrontMatter:
    year, published = date_parts(_pick(meta, "date") or "")
    pmid = _pick(meta, "pmid")
    doi = _pick(meta, "doi")
    declared = _pick(meta, "type")
    return FrontMatter(
        publisher=_pick(meta, "publisher"),
        year=year,
        published=published,
        url=meta.get("canonical") or meta.get("citation_public_url") or meta.get("og:url"),
        doi=clean_doi(doi) if doi and "10." in doi else None,
        pmid=pmid if is_number(pmid) else None,
        # dc.type is usually 'Text' or 'article': keep only types that name a level.
        type=declared if declared_level(declared) else None,
    )


def _title(root: Element, meta: dict[str, str]) -> tuple[str, bool]:
    """(title, whether the page's single <h1> is that title and should not head sections)."""
    h1s = [clean(h.text_content()) for h in root.iter("h1")]
    title_tag = root.find(".//title")
    page_title = clean(title_tag.text_content()) if title_tag is not None else ""
    single_h1 = h1s[0] if len(h1s) == 1 else ""
    # "<title>Guideline | Site</title>" with "<h1>Guideline</h1>": the h1 is the cleaner title.
    if single_h1 and single_h1 in page_title:
        page_title = single_h1
    title = _pick(meta, "title") or page_title or (h1s[0] if h1s else "")
    return title, bool(single_h1)


def _sections(container: Element, skip_h1: bool) -> list[Section]:
    walker = _Walker(skip_h1)
    walker.walk(container)
    walker.flush()
    return walker.builder.build()


class _Walker:
    """Depth-first walk turning block elements into SectionBuilder blocks."""

    def __init__(self, skip_h1: bool) -> None:
        self.builder = SectionBuilder()
        self.headings = HeadingStack()
        self.skip_h1 = skip_h1
        self.inline: list[str] = []

    def walk(self, elem: Element) -> None:
        self.inline.append(elem.text or "")
        for child in elem:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if tag in _INLINE:
                self.inline.append(child.text_content())
            elif tag == "br":
                self.inline.append(" ")
            elif tag:
                self.flush()
                self._block(tag, child)
            self.inline.append(child.tail or "")

    def flush(self) -> None:
        text = clean("".join(self.inline))
        self.inline = []
        if text:
            self.builder.add(text)

    def _block(self, tag: str, elem: Element) -> None:
        if tag in _HEADINGS:
            text = clean(elem.text_content())
            if tag == "h1" and self.skip_h1:
                text = ""  # the page title: sections start below it
            self.builder.heading(self.headings.push(_HEADINGS[tag], text))
        elif tag == "li":
            self._list_item(elem)
        elif tag == "table":
            for row in _table_rows(elem):
                self.builder.add(row)
        elif tag in _LEAVES:
            self.builder.add(clean(elem.text_content()))
        else:
            self.walk(elem)
            self.flush()

    def _list_item(self, item: Element) -> None:
        nested = [child for child in item if child.tag in ("ul", "ol", "dl")]
        for child in nested:
            child.drop_tree()
        self.builder.add(sentence(item.text_content()))
        for child in nested:
            self.walk(child)
            self.flush()


def _table_rows(table: Element) -> list[str]:
    rows = [
        [clean(cell.text_content()) for cell in tr if cell.tag in ("td", "th")]
        for tr in table.iter("tr")
    ]
    rows = [row for row in rows if any(row)]
    first = next(table.iter("tr"), None)
    has_header = first is not None and all(
        cell.tag == "th" for cell in first if cell.tag in ("td", "th")
    )
    if rows and has_header:
        return row_sentences(rows[0], rows[1:])
    return row_sentences([], rows)
