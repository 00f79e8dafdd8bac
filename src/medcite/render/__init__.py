"""Renderers of an :class:`~medcite.records.Answer`: terminal, Markdown, JSON and HTML.

``render(answer, fmt)`` returns a string for any format; ``render_terminal`` prints with
colours to a rich console; ``render_html_fragment`` gives the ``<article>`` for a web page.
"""

from medcite.render.html import render_html, render_html_fragment
from medcite.render.json_out import render_json
from medcite.render.markdown import render_markdown
from medcite.render.registry import FORMATS, render
from medcite.render.terminal import render_terminal, render_terminal_text

__all__ = [
    "FORMATS",
    "render",
    "render_html",
    "render_html_fragment",
    "render_json",
    "render_markdown",
    "render_terminal",
    "render_terminal_text",
]
