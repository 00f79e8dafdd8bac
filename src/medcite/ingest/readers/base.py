"""The reader contract and the file plumbing every reader shares.

A reader turns one source file into a stream of :data:`ReaderEvent` values
(``Document``, ``BadRecord`` or ``Deletion``). Readers never raise for bad content:
whatever cannot be parsed becomes a ``BadRecord`` that says what was wrong and how to
fix it, so one broken file (or record) never stops an ingest run.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol, TypeAlias, runtime_checkable

from medcite.records import BadRecord, ReaderEvent

__all__ = [
    "HEAD_SIZE",
    "READ_ERRORS",
    "BinaryStream",
    "FileReader",
    "Reader",
    "ReaderEvent",
    "bad",
    "base_suffix",
    "close_source",
    "closing_source",
    "open_source",
    "read_head",
    "read_text",
]

#: Bytes handed to :meth:`Reader.sniff` (decompressed for ``.gz`` files).
HEAD_SIZE = 4096

#: What reading a damaged or truncated file can raise: I/O, gzip and decoding errors.
READ_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    EOFError,
    zlib.error,
    UnicodeDecodeError,
)

_GZIP_MAGIC = b"\x1f\x8b"

#: A binary stream from :func:`open_source`: a plain file or a GzipFile over one.
BinaryStream: TypeAlias = io.BufferedIOBase


@runtime_checkable
class Reader(Protocol):
    """One source format: recognises its files and streams their records."""

    name: str

    def sniff(self, path: Path, head: bytes) -> bool:
        """True when this reader accepts ``path`` (``head``: its first bytes, gunzipped)."""
        ...

    def read(self, path: Path) -> Iterator[ReaderEvent]:
        """Yield a Document, BadRecord or Deletion per record; never raise for bad content."""
        ...


class FileReader:
    """Base for the built-in readers: sniffing split into content and extension checks.

    :func:`medcite.ingest.readers.reader_for` asks every reader about content first and
    only then about extensions, so a ``.txt`` file holding MEDLINE records goes to the
    PubMed reader rather than the plain-text one.
    """

    name: str = ""
    #: Lower-case suffixes (``.gz`` already removed) this reader accepts by name alone.
    extensions: tuple[str, ...] = ()

    def matches_content(self, head: bytes, path: Path | None = None) -> bool:
        """True when the first bytes of a file identify this format (``path`` for a closer look)."""
        return False

    def matches_extension(self, path: Path) -> bool:
        """True when the file name (ignoring ``.gz``) has one of :attr:`extensions`."""
        return base_suffix(path) in self.extensions

    def sniff(self, path: Path, head: bytes) -> bool:
        """Content match, or failing that, extension match."""
        return self.matches_content(head, path) or self.matches_extension(path)


def base_suffix(path: Path) -> str:
    """Lower-case suffix of ``path`` with a trailing ``.gz`` removed (``a.xml.gz`` -> ``.xml``)."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else ""


def open_source(path: Path) -> BinaryStream:
    """Open ``path`` for binary reading, gunzipping transparently when it is gzip data.

    Detection is by magic bytes, not by name: a ``.gz`` that is not compressed still reads,
    and a compressed file without ``.gz`` does too.
    """
    with path.open("rb") as probe:
        magic = probe.read(2)
    if magic == _GZIP_MAGIC:
        # Opened by name, so the GzipFile owns the underlying file and closes it too.
        return gzip.GzipFile(filename=path, mode="rb")
    return path.open("rb")


def read_head(path: Path, size: int = HEAD_SIZE) -> bytes:
    """First ``size`` bytes of the (decompressed) file; what could be read when it is damaged."""
    try:
        with closing_source(path) as stream:
            return _read_upto(stream, size)
    except READ_ERRORS:
        return b""


def read_text(path: Path) -> str:
    """Whole file as text: UTF-8 (BOM removed) or, failing that, Windows-1252/Latin-1.

    Raises :data:`READ_ERRORS` for unreadable files and ``ValueError`` for binary data,
    which callers turn into a BadRecord.
    """
    with closing_source(path) as stream:
        data = stream.read()
    if b"\x00" in data:
        raise ValueError("the file holds binary data (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Guidelines saved by older Windows tools are often cp1252; latin-1 never fails.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def bad(path: Path, record: str, reason: str) -> BadRecord:
    """A BadRecord for ``path``; ``reason`` should say what was wrong and how to fix it."""
    return BadRecord(file=str(path), record=record, reason=reason)


class closing_source:
    """Context manager over :func:`open_source` that also closes the raw file under gzip."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._stream: BinaryStream | None = None

    def __enter__(self) -> BinaryStream:
        self._stream = open_source(self._path)
        return self._stream

    def __exit__(self, *exc: object) -> None:
        close_source(self._stream)


def close_source(stream: BinaryStream | None) -> None:
    """Close a stream from :func:`open_source` (None is ignored)."""
    if stream is not None:
        stream.close()


def _read_upto(stream: BinaryStream, size: int) -> bytes:
    """Read up to ``size`` bytes, keeping what was decoded before a gzip error."""
    buf = io.BytesIO()
    try:
        # Small reads: a truncated gzip raises on the read that hits the end, and whatever
        # that read had decoded is lost, so keep each read short.
        while buf.tell() < size:
            chunk = stream.read(min(256, size - buf.tell()))
            if not chunk:
                break
            buf.write(chunk)
    except (EOFError, zlib.error, gzip.BadGzipFile):
        pass
    return buf.getvalue()
