"""Content sniffing: what a file is, judged from its first few kilobytes.

Content beats file names: NLM ships MEDLINE XML as ``.xml.gz``, efetch output is saved
as ``.txt`` or ``.xml`` at random, and guideline exports carry whatever extension the
exporting tool liked.
"""

from __future__ import annotations

import re

__all__ = ["head_text", "is_html", "xml_doctype", "xml_root"]

# Prolog items that may precede the root element: XML declaration, processing
# instructions, comments, DOCTYPE (without an internal subset), whitespace and a BOM.
_PROLOG = re.compile(
    rb"\A(?:\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*",
    re.S | re.I,
)
_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_DOCTYPE = re.compile(rb"<!DOCTYPE\s+([^>]*)>", re.I)
_HTML_START = re.compile(rb"<(?:!DOCTYPE\s+html|html)[\s>]", re.I)


def xml_root(head: bytes) -> str | None:
    """Name of the first element after the prolog (namespace prefix kept), else None."""
    prolog = _PROLOG.match(head)
    rest = head[prolog.end() if prolog else 0 :]
    match = _ROOT.match(rest)
    return match.group(1).decode("ascii", "replace") if match else None


def xml_doctype(head: bytes) -> str:
    """The DOCTYPE declaration's text ('' when there is none)."""
    match = _DOCTYPE.search(head)
    return match.group(1).decode("utf-8", "replace") if match else ""


def is_html(head: bytes) -> bool:
    """True when the prolog is followed by an HTML doctype or an ``<html>`` element."""
    prolog = re.match(rb"\A(?:\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->)*", head, re.S)
    rest = head[prolog.end() if prolog else 0 :]
    return _HTML_START.match(rest) is not None


def head_text(head: bytes) -> str:
    """The head decoded as UTF-8 (BOM dropped, a multi-byte character cut at the end ignored)."""
    return head.decode("utf-8-sig", "ignore")
