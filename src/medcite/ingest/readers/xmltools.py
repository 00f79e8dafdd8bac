"""lxml helpers shared by the XML readers: flattening text, streaming safely, freeing memory."""

from __future__ import annotations

from typing import TypeAlias

from lxml import etree

from .base import BinaryStream
from .metadata import clean

__all__ = ["Element", "flat", "iter_elements", "release"]

Element: TypeAlias = etree._Element


def flat(elem: Element | None) -> str:
    """Text with inline markup (``<i>``, ``<sub>``, MathML) flattened and whitespace cleaned."""
    if elem is None:
        return ""
    if len(elem) == 0:  # no children: most elements; skips the itertext generator
        return clean(elem.text)
    return clean("".join(elem.itertext()))


def iter_elements(stream: BinaryStream, tags: str | tuple[str, ...]) -> etree.iterparse:
    """``iterparse`` over the end of ``tags``, with entity expansion and network access off.

    Off because the files come from outside: an entity bomb or an external entity must not
    be expanded, and NLM's DTD URLs must not be fetched during an ingest.
    """
    return etree.iterparse(
        stream,
        events=("end",),
        tag=tags,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
    )


def release(elem: Element) -> None:
    """Free a processed element and the siblings before it, so memory stays flat."""
    elem.clear(keep_tail=False)
    parent = elem.getparent()
    if parent is None:
        return
    while elem.getprevious() is not None:
        del parent[0]
