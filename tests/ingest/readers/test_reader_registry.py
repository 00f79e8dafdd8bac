"""Reader registry: lookup by name, detection by content then extension, directory walks."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import pytest

from medcite.ingest.readers import READERS, Reader, get_reader, iter_source_files, reader_for
from medcite.ingest.readers.base import read_head

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "readers"


def test_registry_names_and_protocol() -> None:
    assert list(READERS) == ["pubmed", "pmc", "pdf", "html", "markdown", "jsonl", "text"]
    for name, reader in READERS.items():
        assert isinstance(reader, Reader) and reader.name == name
        assert get_reader(name) is reader


def test_unknown_reader_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match="unknown reader 'docx'; available readers: html, jsonl"):
        get_reader("docx")


@pytest.mark.parametrize(
    ("name", "reader"),
    [
        ("pubmed_sample.xml", "pubmed"),
        ("medline_citation_set.xml", "pubmed"),
        ("medline_records.txt", "pubmed"),  # content beats the .txt extension
        ("pmc_article.nxml", "pmc"),
        ("spondylolysis_guideline.md", "markdown"),
        ("plain_notes.md", "markdown"),
        ("guideline.html", "html"),
        ("clinic_notes.txt", "text"),
        ("medrag_sample.jsonl", "jsonl"),
    ],
)
def test_fixture_detection(name: str, reader: str) -> None:
    found = reader_for(FIXTURES / name)
    assert found is not None and found.name == reader


@pytest.mark.parametrize(
    ("source", "new_name", "reader"),
    [
        ("pubmed_sample.xml", "baseline.dat", "pubmed"),
        ("pmc_article.nxml", "article.xml", "pmc"),  # JATS content wins over .xml -> pubmed
        ("spondylolysis_guideline.md", "guideline.txt", "markdown"),  # front matter
        ("guideline.html", "page.txt", "html"),
        ("medrag_sample.jsonl", "corpus.txt", "jsonl"),
        ("medline_records.txt", "records", "pubmed"),
    ],
)
def test_content_beats_extension(tmp_path: Path, source: str, new_name: str, reader: str) -> None:
    target = tmp_path / new_name
    target.write_bytes((FIXTURES / source).read_bytes())
    found = reader_for(target)
    assert found is not None and found.name == reader


def test_gzip_detection_and_head(tmp_path: Path) -> None:
    target = tmp_path / "set.xml.gz"
    raw = (FIXTURES / "pubmed_sample.xml").read_bytes()
    target.write_bytes(gzip.compress(raw))
    assert read_head(target) == raw[:4096]
    found = reader_for(target)
    assert found is not None and found.name == "pubmed"
    md = tmp_path / "notes.md.gz"
    md.write_bytes(gzip.compress(b"plain words, no front matter\n"))
    found = reader_for(md)
    assert found is not None and found.name == "markdown"  # extension under the .gz


@pytest.mark.parametrize(
    ("name", "data", "reader"),
    [
        ("x.pdf", b"garbage", "pdf"),  # by extension; the reader reports the damage
        ("blob.bin", b"\x00\x01binary", None),
        ("no_suffix", b"just some words", None),
        ("x.json", b'{\n  "a": 1\n}\n', None),  # pretty JSON is not JSON Lines
        ("docbook.xml", b"<?xml version='1.0'?><article><title>x</title></article>", "pubmed"),
        ("weird.pdf.gz", b"%PDF-1.4 trunc", "pdf"),
    ],
)
def test_detection_edge_cases(tmp_path: Path, name: str, data: bytes, reader: str | None) -> None:
    target = tmp_path / name
    target.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    found = reader_for(target)
    assert (found.name if found else None) == reader


def test_reader_for_missing_path_and_directory(tmp_path: Path) -> None:
    assert reader_for(tmp_path / "missing.xml") is None
    assert reader_for(tmp_path) is None


def test_iter_source_files_walks_sorted_and_skips(tmp_path: Path) -> None:
    write: Callable[[str, bytes], Path] = _writer(tmp_path)
    write("b/2.md", b"# two\n")
    write("b/1.txt", b"one\n")
    write("a.jsonl", b'{"id": 1, "text": "x"}\n')
    write(".hidden/secret.md", b"# no\n")
    write("c/.dot.md", b"# no\n")
    write("c/data.bin", b"\x00\x01")
    write("c/deep/er/z.html", b"<html><body><p>x</p></body></html>")
    explicit = write("LICENSE", b"words")
    found = list(iter_source_files([tmp_path]))
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a.jsonl",
        "b/1.txt",
        "b/2.md",
        "c/deep/er/z.html",
    ]
    # Given files are taken as they are when a reader accepts them, and in the given order.
    assert list(iter_source_files([tmp_path / "b/2.md", tmp_path / "a.jsonl", explicit])) == [
        tmp_path / "b/2.md",
        tmp_path / "a.jsonl",
    ]


def test_iter_source_files_symlink_loop_and_missing(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.md").write_text("# x\n", encoding="utf-8")
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d")
    assert [p.name for p in iter_source_files([tmp_path])] == ["x.md"]
    with pytest.raises(FileNotFoundError, match="no such file or directory"):
        list(iter_source_files([tmp_path / "nope"]))


def _writer(root: Path) -> Callable[[str, bytes], Path]:
    def write(relative: str, data: bytes) -> Path:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    return write
