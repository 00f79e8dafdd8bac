"""The package's curated public names stay sorted and importable."""

from __future__ import annotations

import medcite.llm


def test_all_is_sorted_and_resolves() -> None:
    assert medcite.llm.__all__ == sorted(medcite.llm.__all__)
    for name in medcite.llm.__all__:
        assert hasattr(medcite.llm, name), name
