"""Renderers looked up by format name, and :func:`render`, the one entry point."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from medcite.records import Answer, Hit
from medcite.render.html import render_html
from medcite.render.json_out import render_json
from medcite.render.markdown import render_markdown
from medcite.render.terminal import render_terminal_text

Renderer = Callable[[Answer, Sequence[Hit] | None], str]

RENDERERS: dict[str, Renderer] = {
    "html": render_html,
    "json": render_json,
    "markdown": render_markdown,
    "terminal": render_terminal_text,
}
FORMATS: tuple[str, ...] = tuple(sorted(RENDERERS))


def render(answer: Answer, fmt: str, *, hits: Sequence[Hit] | None = None) -> str:
    """The answer rendered as ``fmt``: one of 'html', 'json', 'markdown', 'terminal'.

    ``hits`` (the retrieved passages) let the HTML show each cited passage on hover; the
    other formats ignore them. The terminal format returns plain text without colours.
    """
    renderer = RENDERERS.get(fmt)
    if renderer is None:
        raise ValueError(f"Unknown render format {fmt!r}; choose one of: {', '.join(FORMATS)}.")
    return renderer(answer, hits)
