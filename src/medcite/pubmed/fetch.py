"""Fetch PubMed records into a library, all or nothing, so answers can be reproduced offline.

Every EFetch response is held in memory and parsed in full before anything is written: a
malformed or error response raises :class:`PubMedResponseError` and leaves the library exactly
as it was. The validated records are then written as one PubmedArticleSet file under
``<library>/pubmed/`` (atomically: a temporary file renamed into place) and ingested by the
same reader and pipeline as ``medcite ingest``, so ``medcite ingest <library>/pubmed`` rebuilds
them anywhere. Each search is logged to ``<library>/pubmed/searches.jsonl`` with its term,
count and PMIDs, so the search itself can be rerun.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from medcite.embed import Embedder
from medcite.ingest.pipeline import Ingestor, IngestSummary
from medcite.library.protocol import LibraryStore

from .client import EFETCH_BATCH, ESearchResult, EutilsClient
from .errors import PubMedResponseError

__all__ = ["ArticleBatch", "FetchReport", "PubMedStore", "parse_article_set"]

CACHE_DIR = "pubmed"
_RECORDS = ("PubmedArticle", "PubmedBookArticle")


@dataclass
class ArticleBatch:
    """Records parsed from one or more EFetch responses, ready to be written."""

    records: list[etree._Element] = field(default_factory=list)
    pmids: list[str] = field(default_factory=list)

    def extend(self, other: ArticleBatch) -> None:
        """Add another batch's records, skipping PMIDs already held."""
        seen = set(self.pmids)
        for pmid, record in zip(other.pmids, other.records, strict=True):
            if pmid not in seen:
                seen.add(pmid)
                self.pmids.append(pmid)
                self.records.append(record)

    def to_xml(self) -> bytes:
        """One PubmedArticleSet document with every record."""
        root = etree.Element("PubmedArticleSet")
        root.extend(self.records)
        data: bytes = etree.tostring(
            root, xml_declaration=True, encoding="UTF-8", pretty_print=True
        )
        return data


@dataclass
class FetchReport:
    """What a fetch did: PMIDs asked for, found, already held, missing; the ingest summary."""

    requested: list[str] = field(default_factory=list)
    fetched: list[str] = field(default_factory=list)
    already_stored: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    file: str | None = None
    ingest: dict[str, object] = field(default_factory=dict)

    @property
    def pmids(self) -> list[str]:
        """Every PMID of the request that is now in the library."""
        have = set(self.fetched) | set(self.already_stored)
        return [p for p in self.requested if p in have]

    def as_dict(self) -> dict[str, object]:
        """JSON-ready report."""
        return {**asdict(self), "in_library": self.pmids}


def parse_article_set(data: bytes, what: str = "EFetch") -> ArticleBatch:
    """Parse one EFetch response fully; raises PubMedResponseError for anything unusable."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise PubMedResponseError(
            f"PubMed {what} sent malformed XML ({exc.msg}); nothing was stored, try again later"
        ) from exc
    if root.tag != "PubmedArticleSet":
        error = root.findtext(".//ERROR") or f"root element <{root.tag}>"
        raise PubMedResponseError(
            f"PubMed {what} did not send a PubmedArticleSet ({error.strip()}); nothing was stored"
        )
    batch = ArticleBatch()
    for record in root:
        if record.tag in _RECORDS:
            pmid = record.findtext("MedlineCitation/PMID") or record.findtext("BookDocument/PMID")
            if pmid and pmid.strip().isdigit():
                batch.records.append(record)
                batch.pmids.append(pmid.strip())
    return batch


class PubMedStore:
    """Fetches PubMed records into one library. Configuration here; per-call data in methods."""

    def __init__(
        self, client: EutilsClient, library: LibraryStore, embedder: Embedder | None = None
    ) -> None:
        self.client = client
        self.library = library
        self.embedder = embedder

    @property
    def cache_dir(self) -> Path:
        """Where fetched XML and the search log are kept."""
        return self.library.path / CACHE_DIR

    def fetch(self, pmids: Sequence[str], *, refresh: bool = False) -> FetchReport:
        """Store the records of ``pmids`` not yet in the library (all of them with ``refresh``)."""
        requested = list(dict.fromkeys(p.strip() for p in pmids if p.strip()))
        bad = [p for p in requested if not p.isdigit()]
        if bad:
            raise ValueError(f"not a PMID: {', '.join(bad[:5])}; a PMID is a number like 31234567")
        report = FetchReport(requested=requested)
        held = set() if refresh else self._held(requested)
        report.already_stored = [p for p in requested if p in held]
        wanted = [p for p in requested if p not in held]
        if wanted:
            batch = self._download(self.client.efetch(wanted), len(wanted))
            self._store(batch, report)
        report.missing = [p for p in wanted if p not in set(report.fetched)]
        return report

    def fetch_search(self, found: ESearchResult, limit: int) -> FetchReport:
        """Store the first ``limit`` records of a search, through the history server when it
        holds them (large result sets), else by id."""
        if found.webenv and found.query_key and min(limit, found.count) > len(found.ids):
            report = FetchReport()
            total = min(limit, found.count)
            batch = self._download(self.client.efetch_history(found, total), total)
            report.requested = list(batch.pmids)
            held = self._held(batch.pmids)
            report.already_stored = [p for p in batch.pmids if p in held]
            batch = _without(batch, held)
            if batch.pmids:
                self._store(batch, report)
            return report
        return self.fetch(found.ids[:limit])

    def log_search(self, record: dict[str, object]) -> None:
        """Append one search (term, count, PMIDs, when) to the library's search log."""
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        line = {"at": datetime.now(UTC).isoformat(timespec="seconds"), **record}
        with (self.cache_dir / "searches.jsonl").open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")

    def _held(self, pmids: Sequence[str]) -> set[str]:
        states = self.library.doc_states([f"pmid:{p}" for p in pmids])
        return {doc_id.removeprefix("pmid:") for doc_id in states}

    def _download(self, responses: Iterable[bytes], expected: int) -> ArticleBatch:
        """Every response parsed in memory; the first bad one aborts the whole fetch."""
        batch = ArticleBatch()
        for n, data in enumerate(responses, start=1):
            part = parse_article_set(data, f"EFetch (batch {n} of {-(-expected // EFETCH_BATCH)})")
            batch.extend(part)
        return batch

    def _store(self, batch: ArticleBatch, report: FetchReport) -> None:
        if not batch.pmids:
            return
        path = self._write(batch.to_xml())
        summary = Ingestor(self.library, self.embedder, use_worker=False).run([path])
        report.fetched.extend(batch.pmids)
        report.file = str(path)
        report.ingest = _brief(summary)

    def _write(self, xml: bytes) -> Path:
        """Atomically write ``xml`` under the cache folder; the name is its content hash."""
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        path = self.cache_dir / f"efetch-{stamp}-{hashlib.sha256(xml).hexdigest()[:12]}.xml"
        fd, tmp = tempfile.mkstemp(dir=self.cache_dir, prefix=".efetch-", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(xml)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path


def _without(batch: ArticleBatch, held: set[str]) -> ArticleBatch:
    out = ArticleBatch()
    for pmid, record in zip(batch.pmids, batch.records, strict=True):
        if pmid not in held:
            out.pmids.append(pmid)
            out.records.append(record)
    return out


def _brief(summary: IngestSummary) -> dict[str, object]:
    data = summary.as_dict()
    keys = ("records", "added", "updated", "unchanged", "chunks", "embedded", "skipped")
    return {k: data[k] for k in keys}
