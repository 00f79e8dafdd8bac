"""Hand-made documents for grading tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from medcite.records import Document, MeshHeading, Section, SourceType


def _make_doc(
    title: str = "",
    abstract: str = "",
    *,
    types: list[str] | None = None,
    mesh: list[str] | None = None,
    **fields: Any,
) -> Document:
    return Document(
        id="pmid:1",
        source_type=fields.pop("source_type", SourceType.PUBMED),
        title=title,
        sections=[Section(text=abstract)] if abstract else fields.pop("sections", []),
        publication_types=types if types is not None else ["Journal Article"],
        mesh=[MeshHeading(descriptor=d) for d in mesh or []],
        **fields,
    )


@pytest.fixture
def make_doc() -> Callable[..., Document]:
    """Build a PubMed-like Document from a title, an abstract, types and MeSH descriptors."""
    return _make_doc
