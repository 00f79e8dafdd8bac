"""PubMed/MEDLINE reader: NLM baseline and update XML, efetch output, MEDLINE text.

XML is streamed with ``lxml.etree.iterparse`` and every record is cleared once turned into
a Document, so a 30,000-record baseline file is read in flat memory. A syntax error or a
truncated gzip stops the file with one BadRecord for the remainder; the documents already
yielded stand (the pipeline keeps them, and re-reads the file once it is replaced).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from medcite.records import Deletion, ReaderEvent

from .base import READ_ERRORS, FileReader, bad, close_source, open_source, read_head
from .medline_text import is_medline_text, read_medline_text
from .metadata import is_number
from .pubmed_fields import book_document, citation_document, record_pmid
from .sniffing import xml_root
from .xmltools import Element, flat, iter_elements, release

__all__ = ["PubmedReader"]

_ROOTS = frozenset(
    {
        "PubmedArticleSet",
        "MedlineCitationSet",
        "PubmedArticle",
        "MedlineCitation",
        "PubmedBookArticle",
    }
)
_RECORD_TAGS = ("PubmedArticle", "PubmedBookArticle", "MedlineCitation", "DeleteCitation")
# Data errors a malformed record can trigger while its fields are extracted; pydantic's
# ValidationError is a ValueError.
_RECORD_ERRORS = (ValueError, TypeError, AttributeError, KeyError, IndexError)


class PubmedReader(FileReader):
    """NLM PubMed/MEDLINE citations (``.xml``, ``.xml.gz``, MEDLINE ``PMID-`` text)."""

    name = "pubmed"
    extensions = (".xml", ".medline", ".nbib")

    def matches_content(self, head: bytes, path: Path | None = None) -> bool:
        """A PubMed/MEDLINE XML root element, or MEDLINE text starting with 'PMID-'."""
        return xml_root(head) in _ROOTS or is_medline_text(head)

    def read(self, path: Path) -> Iterator[ReaderEvent]:
        """Documents, Deletions (DeleteCitation) and BadRecords, in file order."""
        if is_medline_text(read_head(path)):
            yield from read_medline_text(path)
        else:
            yield from _read_xml(path)


def _read_xml(path: Path) -> Iterator[ReaderEvent]:
    try:
        stream = open_source(path)
    except OSError as exc:
        yield bad(path, "file", f"cannot open the file ({exc}); check the path and permissions")
        return
    state = _Progress()
    try:
        context = iter_elements(stream, _RECORD_TAGS)
        for _, elem in context:
            yield from _handle(path, elem, state)
        if state.records == 0:
            yield from _check_root(path, context.root)
    except etree.XMLSyntaxError as exc:
        yield bad(path, state.locator(), _syntax_reason(exc))
    except READ_ERRORS as exc:
        yield bad(path, state.locator(), _truncated_reason(exc))
    finally:
        close_source(stream)


class _Progress:
    """Where the stream is, for BadRecords about the rest of the file."""

    def __init__(self) -> None:
        self.records = 0
        self.last_pmid = ""

    def locator(self) -> str:
        if self.records == 0:
            return "file"
        return f"after record {self.records} (PMID {self.last_pmid or '?'})"


def _handle(path: Path, elem: Element, state: _Progress) -> Iterator[ReaderEvent]:
    """Turn one completed record element into events, then free it."""
    parent = elem.getparent()
    if elem.tag == "MedlineCitation" and parent is not None and parent.tag == "PubmedArticle":
        return  # handled with its PubmedArticle; clearing it now would lose the record
    state.records += 1
    if elem.tag == "DeleteCitation":
        ids = [f"pmid:{pmid}" for pmid in (flat(p) for p in elem.iterfind("PMID")) if pmid]
        if ids:
            yield Deletion(file=str(path), ids=ids)
    else:
        yield _record(path, elem, state)
    release(elem)


def _record(path: Path, elem: Element, state: _Progress) -> ReaderEvent:
    pmid = record_pmid(elem)
    if not is_number(pmid):
        where = f"record {state.records}"
        found = f"PMID {pmid!r} is not a number" if pmid else "it has no PMID"
        return bad(path, where, f"{elem.tag} skipped: {found}; every citation needs a numeric PMID")
    state.last_pmid = pmid
    origin = f"{path}#{pmid}"
    try:
        if elem.tag == "PubmedBookArticle":
            return book_document(elem, pmid, origin)
        return citation_document(elem, pmid, origin)
    except _RECORD_ERRORS as exc:
        return bad(path, pmid, f"{elem.tag} skipped: {exc}; check the record against the NLM DTD")


def _check_root(path: Path, root: Element | None) -> Iterator[ReaderEvent]:
    tag = root.tag if root is not None else None
    if not isinstance(tag, str) or tag not in _ROOTS:
        yield bad(
            path,
            "file",
            f"no PubMed records found (root element <{tag}>); expected a PubmedArticleSet "
            "or MedlineCitationSet, e.g. an NLM baseline file or efetch db=pubmed retmode=xml",
        )


def _syntax_reason(exc: etree.XMLSyntaxError) -> str:
    line = exc.position[0] if exc.position else "?"
    return (
        f"XML syntax error at line {line}: {exc.msg}; the rest of the file was skipped. "
        "The file is damaged or truncated: download it again"
    )


def _truncated_reason(exc: BaseException) -> str:
    return (
        f"the file could not be read to the end ({type(exc).__name__}: {exc}); the rest was "
        "skipped. A truncated or corrupt .gz: download it again"
    )
