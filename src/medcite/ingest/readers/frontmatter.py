"""YAML front matter of guideline files: parsing and checking the declared fields.

Every problem is reported as a message naming the field (or the file line of a YAML
syntax error) and how to fix it; the reader turns it into a BadRecord.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import yaml

from .metadata import clean, clean_doi, date_parts, is_number

__all__ = ["FrontMatter", "FrontMatterError", "parse_front_matter", "split_front_matter"]

_OPEN = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)


class FrontMatterError(ValueError):
    """Front matter that cannot be used; the message says where and how to fix it."""


@dataclass
class FrontMatter:
    """The fields medcite reads from guideline front matter (all optional)."""

    id: str | None = None
    title: str | None = None
    publisher: str | None = None
    year: int | None = None
    published: str | None = None
    url: str | None = None
    doi: str | None = None
    pmid: str | None = None
    type: str | None = None
    version: str = ""
    authors: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(YAML text or None, body, number of lines before the body).

    Raises FrontMatterError when a front matter block is opened but never closed.
    """
    opening = _OPEN.match(text)
    if not opening:
        return None, text, 0
    closing = _CLOSE.search(text, opening.end())
    if closing is None:
        raise FrontMatterError(
            "front matter opened with '---' on line 1 is never closed; add a line '---' after it"
        )
    yaml_text = text[opening.end() : closing.start()]
    body_start = text.find("\n", closing.end())
    body = "" if body_start < 0 else text[body_start + 1 :]
    return yaml_text, body, text.count("\n", 0, closing.end()) + 1


def parse_front_matter(yaml_text: str) -> FrontMatter:
    """Parse and check front matter (its first line is file line 2)."""
    try:
        data = yaml.safe_load(yaml_text)
    except yaml.YAMLError as exc:
        raise FrontMatterError(_yaml_reason(exc)) from None
    except RecursionError:  # PyYAML composes nested collections recursively
        raise FrontMatterError(
            "front matter nested too deeply; use flat 'key: value' lines"
        ) from None
    if data is None:
        return FrontMatter()
    if not isinstance(data, dict):
        raise FrontMatterError(
            f"front matter must be 'key: value' lines, got a {type(data).__name__}; "
            "write e.g. 'title: ...' on its own line"
        )
    return _front_matter(data)


def _yaml_reason(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    where = f"line {mark.line + 2}" if mark is not None else "front matter"
    return (
        f"invalid YAML in front matter at {where}: {problem}; "
        "fix the YAML syntax (quote values that contain ':' or '#')"
    )


def _front_matter(data: dict[object, object]) -> FrontMatter:
    fm = FrontMatter(
        id=_scalar(data, "id"),
        title=_string(data, "title"),
        publisher=_string(data, "publisher"),
        url=_string(data, "url"),
        doi=clean_doi(_string(data, "doi")),
        type=_string(data, "type"),
        version=_scalar(data, "version") or _scalar(data, "updated") or "",
        authors=_names(data, "authors"),
        keywords=_names(data, "keywords"),
    )
    fm.pmid = _scalar(data, "pmid")
    if fm.pmid is not None and not is_number(fm.pmid):
        raise FrontMatterError(f"field 'pmid' must be digits like 12345678, got {fm.pmid!r}")
    fm.year, fm.published = _published(data)
    return fm


def _string(data: dict[object, object], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return clean(str(value)) or None
    raise FrontMatterError(
        f"field '{key}' must be text, got a {type(value).__name__} ({value!r}); "
        f"write '{key}: some text'"
    )


def _scalar(data: dict[object, object], key: str) -> str | None:
    """A string, number or date as text (ids and versions are often written unquoted)."""
    value = data.get(key)
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    return _string(data, key)


def _names(data: dict[object, object], key: str) -> list[str]:
    value = data.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [clean(part) for part in value.split(";") if clean(part)]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [clean(v) for v in value if clean(v)]
    raise FrontMatterError(
        f"field '{key}' must be a list of names or a '; '-separated string, got {value!r}"
    )


def _published(data: dict[object, object]) -> tuple[int | None, str | None]:
    """'published' (YYYY, YYYY-MM or YYYY-MM-DD; YAML may have made it a date) or 'year'."""
    key = "published" if data.get("published") is not None else "year"
    value = data.get(key)
    if value is None:
        return None, None
    if isinstance(value, dt.date):
        return value.year, value.isoformat()[:10]
    if isinstance(value, int | str) and not isinstance(value, bool):
        year, published = date_parts(str(value))
        if year is not None:
            return year, published
    raise FrontMatterError(f"field '{key}' must be a date like 2021 or 2021-06-30, got {value!r}")
