"""Readers: one per source format, found by name or by sniffing a file.

>>> reader = reader_for(Path("pubmed24n0001.xml.gz"))      # doctest: +SKIP
>>> for event in reader.read(path): ...                    # Document | BadRecord | Deletion

Detection looks at content first (XML root element, '%PDF', an HTML doctype, YAML front
matter, a JSON object on the first line, 'PMID-' MEDLINE text) and only then at the file
extension, with ``.gz`` handled transparently.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .base import FileReader, Reader, ReaderEvent, read_head
from .html import HtmlReader
from .jsonl import JsonlReader
from .markdown import MarkdownReader
from .pdf import PdfReader
from .pmc import PmcReader
from .pubmed import PubmedReader
from .text import TextReader

__all__ = [
    "READERS",
    "Reader",
    "ReaderEvent",
    "get_reader",
    "iter_source_files",
    "reader_for",
]

#: Built-in readers by name, in content-sniffing priority order.
READERS: dict[str, Reader] = {
    reader.name: reader
    for reader in (
        PubmedReader(),
        PmcReader(),
        PdfReader(),
        HtmlReader(),
        MarkdownReader(),
        JsonlReader(),
        TextReader(),
    )
}


def get_reader(name: str) -> Reader:
    """The reader called ``name``; an unknown name raises ValueError listing the known ones."""
    try:
        return READERS[name]
    except KeyError:
        known = ", ".join(sorted(READERS))
        raise ValueError(f"unknown reader {name!r}; available readers: {known}") from None


def reader_for(path: Path) -> Reader | None:
    """The reader for ``path`` judged by content, then by extension; None when none fits."""
    if not path.is_file():
        return None
    head = read_head(path)
    for reader in READERS.values():
        if isinstance(reader, FileReader) and reader.matches_content(head, path):
            return reader
    for reader in READERS.values():
        if isinstance(reader, FileReader):
            if reader.matches_extension(path):
                return reader
        elif reader.sniff(path, head):
            return reader
    return None


def iter_source_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files some reader accepts: given files as they are, directories walked recursively.

    Directory entries are visited in sorted name order; hidden files and directories
    (names starting with '.') are skipped, and so are files no reader accepts. A path
    that does not exist raises FileNotFoundError, since it is a user mistake.
    """
    for path in paths:
        if path.is_dir():
            yield from _walk(path, set())
        elif path.is_file():
            if reader_for(path) is not None:
                yield path
        else:
            raise FileNotFoundError(f"{path}: no such file or directory; check the path")


def _walk(directory: Path, seen: set[Path]) -> Iterator[Path]:
    real = directory.resolve()
    if real in seen:
        return  # a symlink loop
    seen.add(real)
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError:
        return  # unreadable directory: nothing to ingest from it
    for entry in entries:
        if entry.name.startswith("."):
            continue
        child = Path(entry.path)
        if entry.is_dir():
            yield from _walk(child, seen)
        elif entry.is_file() and reader_for(child) is not None:
            yield child
