"""A small NCBI E-utilities server for tests, on a free 127.0.0.1 port in a thread.

It speaks enough of the protocol for medcite's client: ``esearch.fcgi`` (retmode json or xml,
``usehistory=y`` -> WebEnv/query_key, ``db=mesh`` for heading checks), ``efetch.fcgi`` (GET or
POST id lists, or WebEnv/query_key/retstart/retmax -> PubmedArticleSet XML) and
``esummary.fcgi`` (json). Records come from XML files given at start (our fixtures and real
NLM records). Search is a toy: quoted ``"..."[tiab]``/``[mh]`` phrases are OR-ed, bare words
AND-ed, and the evidence filters medcite uses are honoured.

Faults are set per endpoint: ``server.fault("efetch", status=429, times=2)``,
``delay=1.0``, ``malformed=True`` or ``empty=True``. ``server.requests`` records every call.
"""

from __future__ import annotations

import copy
import gzip
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from lxml import etree

_PHRASE = re.compile(r'"([^"]+)"\[(?:tiab|mh|MeSH Terms)\]')
_SINCE = re.compile(r"(\d{4}):3000\[dp\]")
_TAGGED = re.compile(r"\(?[\w*/ ,-]+\[(?:pt|sb|la|mh|filter|ti|dp)\][)]?|\b(?:AND|OR|NOT)\b|[()]")


@dataclass
class Record:
    pmid: str
    year: int
    text: str
    pubtypes: set[str]
    element: etree._Element


@dataclass
class Fault:
    status: int | None = None
    times: int = 0
    delay: float = 0.0
    malformed: bool = False
    empty: bool = False


@dataclass
class Call:
    method: str
    endpoint: str
    params: dict[str, str]
    at: float = field(default_factory=time.monotonic)


def load_records(paths: list[Path]) -> dict[str, Record]:
    """PubmedArticle (or bare MedlineCitation, wrapped) records by PMID from XML files."""
    out: dict[str, Record] = {}
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    for path in paths:
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        root = etree.fromstring(data, parser)
        for elem in root.iter("PubmedArticle", "MedlineCitation"):
            if (
                elem.tag == "MedlineCitation"
                and elem.getparent() is not None
                and elem.getparent().tag == "PubmedArticle"
            ):
                continue
            article = elem if elem.tag == "PubmedArticle" else _wrap(elem)
            record = _record(article)
            out.setdefault(record.pmid, record)
    return out


def _wrap(citation: etree._Element) -> etree._Element:
    article = etree.Element("PubmedArticle")
    article.append(copy.deepcopy(citation))
    return article


def _record(article: etree._Element) -> Record:
    cit = article.find("MedlineCitation")
    assert cit is not None
    pmid = (cit.findtext("PMID") or "").strip()
    year_text = (
        cit.findtext("Article/Journal/JournalIssue/PubDate/Year")
        or cit.findtext("Article/Journal/JournalIssue/PubDate/MedlineDate")
        or "1900"
    )
    text = " ".join(
        "".join(e.itertext())
        for e in [
            *cit.iterfind("Article/ArticleTitle"),
            *cit.iterfind("Article/Abstract/AbstractText"),
            *cit.iterfind("MeshHeadingList/MeshHeading/DescriptorName"),
        ]
    ).lower()
    types = {
        (p.text or "").lower() for p in cit.iterfind("Article/PublicationTypeList/PublicationType")
    }
    return Record(pmid, int(year_text[:4]), text, types, article)


def matches(record: Record, term: str) -> bool:
    """The toy search semantics described in the module docstring."""
    low = term.lower()
    phrases = [p.lower() for p in _PHRASE.findall(term)]
    if phrases:
        if not any(p in record.text for p in phrases):
            return False
    else:
        words = [
            w
            for w in re.findall(r"[a-z0-9]+", _TAGGED.sub(" ", low))
            if w not in ("and", "or", "not")
        ]
        if not all(w in record.text for w in words):
            return False
    since = _SINCE.search(term)
    if since and record.year < int(since.group(1)):
        return False
    if "not retracted publication[pt]" in low and "retracted publication" in record.pubtypes:
        return False
    return _passes_filters(record, low)


def _passes_filters(record: Record, low: str) -> bool:
    types = record.pubtypes
    if "guideline[pt]" in low and not types & {
        "guideline",
        "practice guideline",
        "consensus development conference",
    }:
        return False
    if "systematic[sb]" in low and not types & {"systematic review", "meta-analysis"}:
        return False
    return "randomized controlled trial[pt]" not in low or "randomized controlled trial" in types


class FakeEutils:
    """The server; ``start()`` binds a free port, ``url`` is the E-utilities base URL."""

    def __init__(self, sources: list[Path], mesh_headings: set[str] | None = None) -> None:
        self.records = load_records(sources)
        self.mesh_headings = {h.lower() for h in (mesh_headings or set())}
        self.requests: list[Call] = []
        self.faults: dict[str, Fault] = {}
        self.histories: dict[str, list[str]] = {}
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- control ---------------------------------------------------------------------------
    def start(self) -> None:
        handler = type("Handler", (_Handler,), {"server_state": self})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    @property
    def url(self) -> str:
        assert self._httpd is not None
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/entrez/eutils"

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.faults.clear()
            self.histories.clear()

    def fault(self, endpoint: str, **kwargs: Any) -> None:
        self.faults[endpoint] = Fault(**kwargs)

    def calls(self, endpoint: str) -> list[Call]:
        return [c for c in self.requests if c.endpoint == endpoint]

    # -- protocol --------------------------------------------------------------------------
    def handle(
        self, method: str, endpoint: str, params: dict[str, str]
    ) -> tuple[int, str, bytes, dict[str, str]]:
        with self._lock:
            self.requests.append(Call(method, endpoint, params))
            fault = self.faults.get(endpoint)
            if fault is not None and fault.times > 0:  # times=0: the fault stays until reset
                fault.times -= 1
                if fault.times == 0:
                    self.faults.pop(endpoint)
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
        if fault is not None and fault.status:
            body = json.dumps({"error": "API rate limit exceeded", "count": "4"}).encode()
            return fault.status, "application/json", body, {"Retry-After": "0"}
        if endpoint == "esearch.fcgi":
            return self._esearch(params, fault)
        if endpoint == "efetch.fcgi":
            return self._efetch(params, fault)
        if endpoint == "esummary.fcgi":
            return self._esummary(params)
        return 404, "text/plain", b"unknown endpoint", {}

    def _esearch(
        self, params: dict[str, str], fault: Fault | None
    ) -> tuple[int, str, bytes, dict[str, str]]:
        term = params.get("term", "")
        if params.get("db") == "mesh":
            hits = [p for p in _PHRASE.findall(term) if p.lower() in self.mesh_headings]
            ids = ["68000001"] if hits else []
        elif fault is not None and fault.empty:
            ids = []
        else:
            ids = sorted(
                (r.pmid for r in self.records.values() if matches(r, term)), key=lambda p: -int(p)
            )
        start, retmax = int(params.get("retstart", 0)), int(params.get("retmax", 20))
        result: dict[str, Any] = {
            "count": str(len(ids)),
            "retmax": str(min(retmax, max(len(ids) - start, 0))),
            "retstart": str(start),
            "idlist": ids[start : start + retmax],
            "translationset": [],
            "querytranslation": term,
        }
        if params.get("usehistory") == "y":
            webenv = f"MCID_{len(self.histories) + 1}"
            self.histories[webenv] = ids
            result.update(webenv=webenv, querykey="1")
        if params.get("retmode") == "xml":
            return 200, "text/xml", _esearch_xml(result), {}
        body = {"header": {"type": "esearch", "version": "0.3"}, "esearchresult": result}
        return 200, "application/json", json.dumps(body).encode(), {}

    def _efetch(
        self, params: dict[str, str], fault: Fault | None
    ) -> tuple[int, str, bytes, dict[str, str]]:
        if "WebEnv" in params:
            ids = self.histories.get(params["WebEnv"], [])
            start, retmax = int(params.get("retstart", 0)), int(params.get("retmax", 20))
            ids = ids[start : start + retmax]
        else:
            ids = [i for i in params.get("id", "").split(",") if i]
        root = etree.Element("PubmedArticleSet")
        if not (fault is not None and fault.empty):
            for pmid in ids:
                if pmid in self.records:
                    root.append(copy.deepcopy(self.records[pmid].element))
        body = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
        if fault is not None and fault.malformed:
            body = body[: max(len(body) // 2, 60)]  # a response cut off mid-stream
        return 200, "text/xml", body, {}

    def _esummary(self, params: dict[str, str]) -> tuple[int, str, bytes, dict[str, str]]:
        ids = [i for i in params.get("id", "").split(",") if i in self.records]
        result: dict[str, Any] = {"uids": ids}
        for pmid in ids:
            rec = self.records[pmid]
            title = rec.element.findtext("MedlineCitation/Article/ArticleTitle") or ""
            result[pmid] = {
                "uid": pmid,
                "title": title,
                "pubdate": str(rec.year),
                "source": "Fixture J",
                "pubtype": sorted(rec.pubtypes),
            }
        return 200, "application/json", json.dumps({"result": result}).encode(), {}


def _esearch_xml(result: dict[str, Any]) -> bytes:
    root = etree.Element("eSearchResult")
    for key in ("count", "retmax", "retstart"):
        etree.SubElement(root, key.capitalize()).text = str(result[key])
    ids = etree.SubElement(root, "IdList")
    for pmid in result["idlist"]:
        etree.SubElement(ids, "Id").text = pmid
    if "webenv" in result:
        etree.SubElement(root, "QueryKey").text = result["querykey"]
        etree.SubElement(root, "WebEnv").text = result["webenv"]
    etree.SubElement(root, "QueryTranslation").text = result["querytranslation"]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


class _Handler(BaseHTTPRequestHandler):
    server_state: FakeEutils

    def do_GET(self) -> None:
        url = urlparse(self.path)
        self._answer("GET", url.path, parse_qs(url.query))

    def do_POST(self) -> None:
        url = urlparse(self.path)
        length = int(self.headers.get("Content-Length", 0))
        form = parse_qs(self.rfile.read(length).decode())
        self._answer("POST", url.path, {**parse_qs(url.query), **form})

    def _answer(self, method: str, path: str, raw: dict[str, list[str]]) -> None:
        params = {k: v[-1] for k, v in raw.items()}
        status, ctype, body, headers = self.server_state.handle(
            method, path.rsplit("/", 1)[-1], params
        )
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)

    def log_message(self, format: str, *args: Any) -> None:
        pass
