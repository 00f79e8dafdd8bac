"""PMC full-text reader: JATS/NLM ``<article>`` XML (``.nxml`` from the PMC OA bundle, or
``pmc-articleset`` files from efetch db=pmc holding several articles).

Articles are streamed one at a time (``iterparse`` on ``article``), so an efetch batch of
hundreds of articles is never held whole. Body text keeps its section structure
('Methods > Statistical analysis'); figures, tables and supplementary material are
dropped because their captions cite the paper itself and read badly out of context.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from medcite.records import Document, ReaderEvent, Section, SourceType

from .base import READ_ERRORS, FileReader, bad, close_source, open_source
from .grades import SectionBuilder
from .metadata import (
    clean,
    clean_doi,
    format_date,
    is_number,
    month_number,
    path_id,
    sentence,
)
from .sniffing import head_text, xml_doctype, xml_root
from .xmltools import Element, iter_elements, release

__all__ = ["PmcReader"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Elements whose text is not running prose of the paragraph that contains them.
# fmt: off
_SKIP = frozenset({
    "fig", "table-wrap", "supplementary-material", "fn", "graphic", "media", "alternatives",
    "disp-formula", "tex-math", "object-id", "label",
})
# fmt: on
_JATS_HINTS = re.compile(
    r"JATS|NLM//DTD|archivearticle|journalpublishing|articleauthoring|jats\.nlm\.nih\.gov|"
    r"<front>|<article-meta|<journal-meta",
    re.I,
)
# JATS article-type -> the PubMed publication type the grader understands.
_ARTICLE_TYPES = {
    "review-article": "Review",
    "systematic-review": "Systematic Review",
    "meta-analysis": "Meta-Analysis",
    "case-report": "Case Reports",
    "editorial": "Editorial",
    "letter": "Letter",
    "practice-guideline": "Practice Guideline",
    "guideline": "Practice Guideline",
}
_SKIPPED_ABSTRACTS = frozenset({"graphical", "teaser", "toc", "precis"})


class PmcReader(FileReader):
    """PMC Open Access full text (JATS XML)."""

    name = "pmc"
    extensions = (".nxml",)

    def matches_content(self, head: bytes, path: Path | None = None) -> bool:
        """An ``<article>`` (or ``<pmc-articleset>``) root with a JATS/NLM doctype or markup."""
        root = xml_root(head)
        if root not in ("article", "pmc-articleset") and not (root or "").endswith(":article"):
            return False
        return bool(_JATS_HINTS.search(xml_doctype(head)) or _JATS_HINTS.search(head_text(head)))

    def read(self, path: Path) -> Iterator[ReaderEvent]:
        """One Document per ``<article>``; a BadRecord for a damaged remainder."""
        try:
            stream = open_source(path)
        except OSError as exc:
            yield bad(path, "file", f"cannot open the file ({exc}); check the path and permissions")
            return
        count = 0
        try:
            for _, article in iter_elements(stream, "{*}article"):
                count += 1
                yield _article_event(path, article, count)
                release(article)
            if count == 0:
                yield bad(path, "file", "no <article> element found; expected JATS XML from PMC")
        except etree.XMLSyntaxError as exc:
            where = f"after article {count}" if count else "file"
            yield bad(
                path, where, f"XML syntax error: {exc.msg}; the file is damaged, fetch it again"
            )
        except READ_ERRORS as exc:
            yield bad(
                path, f"after article {count}", f"the file could not be read to the end ({exc})"
            )
        finally:
            close_source(stream)


def _article_event(path: Path, article: Element, index: int) -> ReaderEvent:
    _strip_namespace(article)
    try:
        return _document(path, article, index)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
        return bad(
            path, f"article {index}", f"article skipped: {exc}; check it against the JATS DTD"
        )


def _document(path: Path, article: Element, index: int) -> Document:
    meta = article.find("front/article-meta")
    if meta is None:
        raise ValueError("no <front>/<article-meta> (title, ids, dates)")
    ids = _ids(meta)
    pmcid, pmid = ids.get("pmc"), ids.get("pmid")
    year, published = _pub_date(meta)
    multi = index > 1 or article.getparent() is not None
    return Document(
        id=_article_id(pmcid, pmid, path, index, multi),
        source_type=SourceType.PMC,
        title=_text(meta.find("title-group/article-title")),
        sections=_abstract_sections(meta) + _body_sections(article.find("body")),
        authors=_authors(meta),
        journal=_journal(article.find("front/journal-meta")),
        year=year,
        published=published,
        url=f"https://www.ncbi.nlm.nih.gov/pmc/articles/{pmcid}/" if pmcid else None,
        pmid=pmid,
        doi=clean_doi(ids.get("doi")),
        pmcid=pmcid,
        language=article.get(_XML_LANG) or None,
        publication_types=_publication_types(article.get("article-type")),
        keywords=[k for k in (_text(kwd) for kwd in meta.iterfind("kwd-group/kwd")) if k],
        origin=f"{path}#{index}" if multi else str(path),
    )


def _article_id(pmcid: str | None, pmid: str | None, path: Path, index: int, multi: bool) -> str:
    """'pmc:PMC…', else 'pmid:…', else a hash of the file path (plus the article's index)."""
    if pmcid:
        return f"pmc:{pmcid}"
    if pmid:
        return f"pmid:{pmid}"
    base = path_id(path)
    return f"{base}#{index}" if multi else base


def _strip_namespace(article: Element) -> None:
    """Drop a default namespace on the article's own elements so plain paths find them."""
    if not article.tag.startswith("{"):
        return
    namespace = article.tag[: article.tag.index("}") + 1]
    for elem in article.iter():
        if isinstance(elem.tag, str) and elem.tag.startswith(namespace):
            elem.tag = elem.tag[len(namespace) :]


def _text(elem: Element | None) -> str:
    """Prose of ``elem``: inline markup and xrefs flattened; figures, tables, footnotes dropped."""
    if elem is None:
        return ""
    parts: list[str] = []
    _collect(elem, parts)
    return clean("".join(parts))


def _collect(elem: Element, parts: list[str]) -> None:
    if elem.text and isinstance(elem.tag, str):
        parts.append(elem.text)
    for child in elem:
        if isinstance(child.tag, str) and _local(child.tag) not in _SKIP:
            _collect(child, parts)
        if child.tail:
            parts.append(child.tail)


def _local(tag: str) -> str:
    return tag[tag.index("}") + 1 :] if tag.startswith("{") else tag


def _ids(meta: Element) -> dict[str, str]:
    ids: dict[str, str] = {}
    for article_id in meta.iterfind("article-id"):
        kind = (article_id.get("pub-id-type") or "").lower()
        value = clean(article_id.text)
        if kind == "pmcid":
            kind = "pmc"
        if value and kind not in ids:
            ids[kind] = value
    if "pmc" in ids:
        digits = ids["pmc"].upper().removeprefix("PMC")
        ids["pmc"] = f"PMC{digits}" if is_number(digits) else ""
    if not is_number(ids.get("pmid")):
        ids.pop("pmid", None)
    return {k: v for k, v in ids.items() if v}


def _journal(journal_meta: Element | None) -> str | None:
    if journal_meta is None:
        return None
    for path in ("journal-title-group/journal-title", "journal-title"):
        title = _text(journal_meta.find(path))
        if title:
            return title
    for journal_id in journal_meta.iterfind("journal-id"):
        if journal_id.get("journal-id-type") == "nlm-ta" and clean(journal_id.text):
            return clean(journal_id.text)
    return None


def _authors(meta: Element) -> list[str]:
    authors = []
    for contrib in meta.iterfind("contrib-group/contrib"):
        if contrib.get("contrib-type", "author") != "author":
            continue
        name = _person(contrib.find("name")) or _text(contrib.find("collab"))
        name = name or _text(contrib.find("string-name"))
        if name:
            authors.append(name)
    return authors


def _person(name: Element | None) -> str:
    """'Surname Initials' from a JATS <name>."""
    if name is None:
        return ""
    surname = _text(name.find("surname"))
    given = name.find("given-names")
    initials = clean(given.get("initials")) if given is not None else ""
    if not initials:
        parts = re.split(r"[\s.-]+", _text(given))
        initials = "".join(part[0] for part in parts if part)
    return clean(f"{surname} {initials}")


def _pub_date(meta: Element) -> tuple[int | None, str | None]:
    """Publication date, preferring epub, then ppub, then collection dates."""
    best: tuple[int, int, str] | None = None
    for date in meta.iterfind("pub-date"):
        year_text = clean(date.findtext("year"))
        if not is_number(year_text):
            continue
        rank = _date_rank(date)
        year = int(year_text)
        text = format_date(year, month_number(date.findtext("month")), _day(date.findtext("day")))
        if best is None or rank < best[0]:
            best = (rank, year, text)
    return (best[1], best[2]) if best else (None, None)


def _date_rank(date: Element) -> int:
    kind = date.get("pub-type") or date.get("date-type") or ""
    fmt = date.get("publication-format") or ""
    if kind == "epub" or (kind == "pub" and fmt == "electronic"):
        return 0
    if kind == "ppub" or (kind == "pub" and fmt == "print"):
        return 1
    if kind == "collection":
        return 2
    return 4 if kind == "pmc-release" else 3


def _day(text: str | None) -> int | None:
    value = clean(text)
    return int(value) if is_number(value) else None


def _publication_types(article_type: str | None) -> list[str]:
    if not article_type:
        return []
    types = [article_type]
    mapped = _ARTICLE_TYPES.get(article_type)
    if mapped:
        types.append(mapped)
    return types


def _abstract_sections(meta: Element) -> list[Section]:
    builder = SectionBuilder()
    for abstract in meta.iterfind("abstract"):
        kind = abstract.get("abstract-type") or ""
        if kind in _SKIPPED_ABSTRACTS:
            continue
        # A structured abstract's own <sec> titles ('Background', 'Methods') are its headings.
        title = _text(abstract.find("title"))
        default = "Abstract" if not kind else kind.replace("-", " ").capitalize()
        structured = abstract.find("sec") is not None
        _walk(abstract, title or ("" if structured else default), builder)
    return builder.build()


def _body_sections(body: Element | None) -> list[Section]:
    builder = SectionBuilder()
    if body is not None:
        _walk(body, "", builder)
    return builder.build()


def _walk(container: Element, heading: str, builder: SectionBuilder) -> None:
    """Add the container's blocks under ``heading``; nested <sec> become 'Parent > Child'."""
    builder.heading(heading)
    for child in container:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "sec":
            title = _text(child.find("title"))
            _walk(child, f"{heading} > {title}" if heading and title else heading or title, builder)
            builder.heading(heading)
        elif tag in ("list", "def-list"):
            for item in child.iterfind("*"):
                if item.tag in ("list-item", "def-item"):
                    builder.add(sentence(_text(item)))
        elif tag in ("p", "disp-quote", "boxed-text", "statement", "speech", "verse-group"):
            builder.add(_text(child))
