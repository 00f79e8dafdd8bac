"""Field extraction for one PubMed XML record (``PubmedArticle``, bare ``MedlineCitation``
or ``PubmedBookArticle``) into a :class:`~medcite.records.Document`.

Kept apart from the streaming loop in :mod:`.pubmed` so each piece stays small. Paths are
relative ``find``/``iterfind`` calls on the record element (no XPath): they are the
fastest lxml offers, and the reader must manage thousands of records a second.
"""

from __future__ import annotations

import re

from medcite.records import Document, MeshHeading, Section, SourceType

from .metadata import clean, clean_doi, format_date, is_number, month_number, pubmed_url
from .xmltools import Element, flat

__all__ = ["book_document", "citation_document", "medline_date", "record_pmid"]

_MEDLINE_DATE = re.compile(r"([0-9]{4})(?:\s+([A-Za-z]+)(?:\s+([0-9]{1,2})\b)?)?")
_BRACKETED = re.compile(r"^\[(.+)\](\.?)$", re.S)


def record_pmid(record: Element) -> str:
    """The PMID of any record element ('' when it has none)."""
    if record.tag == "PubmedArticle":
        return clean(record.findtext("MedlineCitation/PMID"))
    if record.tag == "PubmedBookArticle":
        return clean(record.findtext("BookDocument/PMID"))
    return clean(record.findtext("PMID"))


def citation_document(record: Element, pmid: str, origin: str) -> Document:
    """Document for a ``PubmedArticle`` or a bare ``MedlineCitation`` with a known PMID."""
    citation = record if record.tag == "MedlineCitation" else record.find("MedlineCitation")
    if citation is None:
        raise ValueError("the PubmedArticle has no MedlineCitation element")
    article = citation.find("Article")
    if article is None:
        raise ValueError("the MedlineCitation has no Article element (title and abstract)")
    ids = _article_ids(record.find("PubmedData/ArticleIdList"))
    pub_types = [flat(p) for p in article.iterfind("PublicationTypeList/PublicationType")]
    year, published = _pub_date(article.find("Journal/JournalIssue/PubDate"))
    if year is None:
        year, published = _pub_date(article.find("ArticleDate"))
    return Document(
        id=f"pmid:{pmid}",
        source_type=SourceType.PUBMED,
        title=_title(article.find("ArticleTitle"), article.find("VernacularTitle")),
        sections=_abstract(article, citation),
        authors=_authors(article.find("AuthorList")),
        journal=flat(article.find("Journal/Title"))
        or clean(citation.findtext("MedlineJournalInfo/MedlineTA"))
        or None,
        year=year,
        published=published,
        url=pubmed_url(pmid),
        pmid=pmid,
        doi=ids.get("doi") or _elocation_doi(article),
        pmcid=_pmcid(ids.get("pmc")),
        language=clean(article.findtext("Language")) or None,
        publication_types=[p for p in pub_types if p],
        mesh=_mesh(citation.find("MeshHeadingList")),
        keywords=_keywords(citation),
        retracted=_retracted(citation, pub_types),
        version=_version(citation),
        origin=origin,
    )


def book_document(record: Element, pmid: str, origin: str) -> Document:
    """Document for a ``PubmedBookArticle`` (NCBI Bookshelf chapter or book)."""
    book_doc = record.find("BookDocument")
    if book_doc is None:
        raise ValueError("the PubmedBookArticle has no BookDocument element")
    ids = _article_ids(record.find("PubmedBookData/ArticleIdList"))
    pub_types = [flat(p) for p in book_doc.iterfind("PublicationType")]
    year, published = _pub_date(book_doc.find("Book/PubDate"))
    authors = _authors(book_doc.find("AuthorList")) or _authors(book_doc.find("Book/AuthorList"))
    return Document(
        id=f"pmid:{pmid}",
        source_type=SourceType.PUBMED,
        title=_title(book_doc.find("ArticleTitle"), book_doc.find("Book/BookTitle")),
        sections=_abstract(book_doc, book_doc),
        authors=authors,
        publisher=flat(book_doc.find("Book/Publisher/PublisherName")) or None,
        year=year,
        published=published,
        url=pubmed_url(pmid),
        pmid=pmid,
        doi=ids.get("doi"),
        pmcid=_pmcid(ids.get("pmc")),
        language=clean(book_doc.findtext("Language")) or None,
        publication_types=[p for p in pub_types if p],
        keywords=_keywords(book_doc),
        retracted="Retracted Publication" in pub_types,
        version=_date_string(book_doc.find("DateRevised")),
        origin=origin,
    )


def _title(title: Element | None, fallback: Element | None) -> str:
    """ArticleTitle flattened; NLM brackets translated titles ('[Title.]'): keep the text."""
    text = flat(title) or flat(fallback)
    match = _BRACKETED.match(text)
    return clean(match.group(1) + match.group(2)) if match else text


def _abstract(article: Element, citation: Element) -> list[Section]:
    """Abstract sections with their labels; OtherAbstract only when there is no Abstract.

    OtherAbstract sits on the MedlineCitation, not on its Article.
    """
    texts = article.findall("Abstract/AbstractText")
    if not texts:
        other = citation.find("OtherAbstract")
        texts = other.findall("AbstractText") if other is not None else []
    sections = []
    for text in texts:
        body = flat(text)
        if body:
            sections.append(Section(heading=clean(text.get("Label")), text=body))
    return sections


def _authors(author_list: Element | None) -> list[str]:
    """'LastName Initials' (or the CollectiveName); authors flagged ValidYN='N' are errata."""
    if author_list is None:
        return []
    authors = []
    for author in author_list.iterfind("Author"):
        if author.get("ValidYN") == "N":
            continue
        name = _author_name(author)
        if name:
            authors.append(name)
    return authors


def _author_name(author: Element) -> str:
    collective = flat(author.find("CollectiveName"))
    if collective:
        return collective
    last = clean(author.findtext("LastName"))
    initials = clean(author.findtext("Initials"))
    if not initials:
        fore = clean(author.findtext("ForeName"))
        initials = "".join(part[0] for part in re.split(r"[\s.-]+", fore) if part)
    return clean(f"{last} {initials}")


def _pub_date(date: Element | None) -> tuple[int | None, str | None]:
    """(year, 'YYYY[-MM[-DD]]') from PubDate/ArticleDate parts or a free-text MedlineDate."""
    if date is None:
        return None, None
    year_text = clean(date.findtext("Year"))
    if is_number(year_text):
        year = int(year_text)
        return year, format_date(
            year, month_number(date.findtext("Month")), _number(date.findtext("Day"))
        )
    return medline_date(clean(date.findtext("MedlineDate")))


def medline_date(text: str) -> tuple[int | None, str | None]:
    """(year, 'YYYY[-MM]') from free text: "1998 Dec-1999 Jan" -> 1998-12; "2000 Spring" -> 2000."""
    match = _MEDLINE_DATE.search(text)
    if match is None:
        return None, None
    year = int(match.group(1))
    return year, format_date(year, month_number(match.group(2)), _number(match.group(3)))


def _number(text: str | None) -> int | None:
    value = clean(text)
    return int(value) if is_number(value) else None


def _date_string(date: Element | None) -> str:
    """'YYYY-MM-DD' of a DateRevised/DateCompleted element ('' when absent)."""
    if date is None:
        return ""
    year = _number(date.findtext("Year"))
    if year is None:
        return ""
    return format_date(year, _number(date.findtext("Month")), _number(date.findtext("Day")))


def _version(citation: Element) -> str:
    """DateRevised (else DateCompleted/DateCreated) plus '|v<VersionID>' for versioned records.

    Dates sort as strings, so the pipeline keeps the copy with the greatest version.
    """
    version = ""
    for tag in ("DateRevised", "DateCompleted", "DateCreated"):
        version = _date_string(citation.find(tag))
        if version:
            break
    version_id = clean(citation.get("VersionID"))
    return f"{version}|v{version_id}" if version_id else version


def _article_ids(id_list: Element | None) -> dict[str, str]:
    """IdType -> value of the record's own ArticleIdList (not those of its references)."""
    ids: dict[str, str] = {}
    if id_list is None:
        return ids
    for article_id in id_list.iterfind("ArticleId"):
        kind = article_id.get("IdType", "")
        value = clean(article_id.text)
        if value and kind not in ids:
            ids[kind] = value
    return ids


def _elocation_doi(article: Element) -> str | None:
    for location in article.iterfind("ELocationID"):
        if location.get("EIdType") == "doi" and location.get("ValidYN") != "N":
            return clean_doi(location.text)
    return None


def _pmcid(value: str | None) -> str | None:
    if not value:
        return None
    return value if value.upper().startswith("PMC") else f"PMC{value}"


def _mesh(mesh_list: Element | None) -> list[MeshHeading]:
    """MeSH headings; major when the descriptor or any qualifier is a major topic."""
    if mesh_list is None:
        return []
    headings = []
    for heading in mesh_list.iterfind("MeshHeading"):
        descriptor = heading.find("DescriptorName")
        name = flat(descriptor)
        if descriptor is None or not name:
            continue
        qualifiers = heading.findall("QualifierName")
        major = descriptor.get("MajorTopicYN") == "Y" or any(
            q.get("MajorTopicYN") == "Y" for q in qualifiers
        )
        names = [text for text in map(flat, qualifiers) if text]
        # Hundreds of thousands per baseline file, built from already-typed values:
        # model_construct skips re-validation, the reader's largest single cost otherwise.
        headings.append(
            MeshHeading.model_construct(
                descriptor=name, ui=descriptor.get("UI") or None, major=major, qualifiers=names
            )
        )
    return headings


def _keywords(parent: Element) -> list[str]:
    return [kw for kw in (flat(k) for k in parent.iterfind("KeywordList/Keyword")) if kw]


def _retracted(citation: Element, pub_types: list[str]) -> bool:
    """Retracted: PublicationType says so, or a RetractionIn comment points at the notice."""
    if "Retracted Publication" in pub_types:
        return True
    return any(
        c.get("RefType") == "RetractionIn"
        for c in citation.iterfind("CommentsCorrectionsList/CommentsCorrections")
    )
