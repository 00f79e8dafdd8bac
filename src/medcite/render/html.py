"""HTML rendering: a standalone, accessible HTML5 page, or just its ``<article>`` for embedding.

Every piece of text is escaped with :func:`html.escape`; evidence is data and must never
inject markup, links or scripts. Only http(s) URLs become links. Citation numbers link to
their reference and, when the retrieved passages are given, show the cited passage on hover.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from medcite.records import Answer, AnswerSection, ContentItem, Hit, Reference
from medcite.render import common

_CSS = """
:root { color-scheme: light dark; --fg: #1b1b1b; --bg: #ffffff; --muted: #4a4a4a;
  --accent: #0b57d0; --line: #d0d0d0; --warn-bg: #fff4d6; --warn-fg: #5c3b00;
  --urgent-bg: #fde7e7; --urgent-fg: #7a0b0b; --bl-bg: #eef4ff; }
@media (prefers-color-scheme: dark) { :root { --fg: #ececec; --bg: #121212; --muted: #c2c2c2;
  --accent: #8ab4f8; --line: #444444; --warn-bg: #3a2e10; --warn-fg: #ffe3a3;
  --urgent-bg: #4a1414; --urgent-fg: #ffd6d6; --bl-bg: #1c2a44; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 1rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
main { max-width: 48rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.5rem 0; }
h2 { font-size: 1.25rem; margin-top: 1.75rem; border-bottom: 1px solid var(--line); }
h3, h4, h5, h6 { font-size: 1.05rem; margin-top: 1.25rem; }
a { color: var(--accent); overflow-wrap: anywhere; }
ul, ol { padding-left: 1.4rem; }
li { margin: 0.3rem 0; }
sup { line-height: 0; }
a.cite { text-decoration: none; font-weight: 600; }
.banner { background: var(--warn-bg); color: var(--warn-fg); padding: 0.5rem 0.75rem;
  border-radius: 0.4rem; margin: 0.5rem 0; }
.urgent { background: var(--urgent-bg); color: var(--urgent-fg); padding: 0.75rem;
  border-left: 0.35rem solid currentColor; border-radius: 0.4rem; font-weight: 600; }
.meta, .context, .verification, .provenance { color: var(--muted); font-size: 0.9rem; }
.bottom-line { background: var(--bl-bg); padding: 0.25rem 1rem 0.5rem; border-radius: 0.5rem; }
.bottom-line p { font-weight: 600; }
.warnings, .abstained { background: var(--warn-bg); color: var(--warn-fg);
  padding: 0.25rem 1rem 0.5rem; border-radius: 0.5rem; }
.badge { display: inline-block; font-size: 0.8rem; font-weight: 600; padding: 0 0.45rem;
  border-radius: 0.75rem; border: 1px solid currentColor; white-space: nowrap; }
.strength-strong { color: #0a6b2d; } .strength-moderate { color: #7a4f00; }
.strength-weak { color: #6b2d2d; } .review { color: #7a4f00; }
@media (prefers-color-scheme: dark) { .strength-strong { color: #7ee2a0; }
  .strength-moderate, .review { color: #f5c66b; } .strength-weak { color: #f3a3a3; } }
.disclaimer { font-style: italic; }
footer { border-top: 1px solid var(--line); margin-top: 2rem; }
"""


def render_html(answer: Answer, hits: Sequence[Hit] | None = None) -> str:
    """A complete HTML5 document for the answer, with inline CSS."""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(common.one_line(answer.title))} — medcite</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            "<main>",
            render_html_fragment(answer, hits),
            "</main>",
            "</body>",
            "</html>",
        ]
    )


def render_html_fragment(answer: Answer, hits: Sequence[Hit] | None = None) -> str:
    """The answer as one ``<article>`` element, for embedding in a page."""
    tooltips = common.citation_tooltips(answer, hits)
    parts = ['<article class="medcite-answer" aria-labelledby="answer-title">']
    parts += _header(answer)
    parts += _abstained(answer) if answer.abstained else _bottom_line(answer, tooltips)
    parts += [_section(s, depth, tooltips) for depth, s in common.walk_sections(answer.sections)]
    parts += _list_section("warnings", common.WARNINGS_HEADING, answer.warnings)
    parts += _references(answer)
    parts += _list_section("follow-ups", common.FOLLOW_UPS_HEADING, answer.follow_ups)
    parts += _footer(answer)
    parts.append("</article>")
    return "\n".join(parts)


def _text(text: str) -> str:
    return escape(common.one_line(text))


def _header(answer: Answer) -> list[str]:
    parts = []
    if answer.urgent_notice:
        parts.append(
            f'<div class="urgent" role="alert"><strong>{common.URGENT_LABEL}:</strong> '
            f"{_text(answer.urgent_notice)}</div>"
        )
    parts.append("<header>")
    parts.append(f'<h1 id="answer-title">{_text(answer.title)}</h1>')
    parts.append(f'<p class="banner" role="note">{escape(common.BANNER)}</p>')
    parts.append(
        f'<p class="meta"><span class="badge review">{common.REVIEW_STATUS}</span> '
        f"{escape(common.audience_line(answer))}</p>"
    )
    if context := common.context_line(answer.context):
        parts.append(f'<p class="context">{escape(context)}</p>')
    parts.append("</header>")
    return parts


def _cite_link(n: int, tooltips: dict[int, str]) -> str:
    if n not in tooltips:  # verification removes these; never link to a missing reference
        return str(n)
    title = escape(tooltips[n], quote=True)
    return f'<a href="#ref-{n}" class="cite" title="{title}" aria-label="Reference {n}">{n}</a>'


def _cites(numbers: Sequence[int], tooltips: dict[int, str]) -> str:
    cited = common.citation_numbers(numbers)
    if not cited:
        return ""
    return "<sup>" + ", ".join(_cite_link(n, tooltips) for n in cited) + "</sup>"


def _item(item: ContentItem, tooltips: dict[int, str]) -> str:
    cites = _cites(item.citations, tooltips)
    points = "".join(f"<li>{_text(point)}</li>" for point in item.points)
    return f"{_text(item.text)} {cites}".rstrip() + (f"<ul>{points}</ul>" if points else "")


def _bottom_line(answer: Answer, tooltips: dict[int, str]) -> list[str]:
    if not answer.bottom_line.text.strip():
        return []
    return [
        '<section class="bottom-line" aria-labelledby="bottom-line-heading">',
        f'<h2 id="bottom-line-heading">{common.BOTTOM_LINE_HEADING}</h2>',
        f"<p>{_item(answer.bottom_line, tooltips)}</p>",
        "</section>",
    ]


def _abstained(answer: Answer) -> list[str]:
    parts = [
        '<section class="abstained" role="status">',
        f"<h2>{common.ABSTAIN_HEADING}</h2>",
        f"<p>{_text(common.abstain_message(answer))}</p>",
    ]
    if answer.searched:
        parts.append(f"<h3>{common.SEARCHED_HEADING}</h3>")
        parts.append(_ul(answer.searched))
    parts.append("</section>")
    return parts


def _ul(texts: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{_text(t)}</li>" for t in texts) + "</ul>"


def _section(section: AnswerSection, depth: int, tooltips: dict[int, str]) -> str:
    level = min(depth + 2, 6)
    heading = f"<h{level}>{_text(section.heading)}</h{level}>"
    if not section.items:
        return heading
    items = "".join(f"<li>{_item(item, tooltips)}</li>" for item in section.items)
    return f"{heading}\n<ul>{items}</ul>"


def _list_section(css_class: str, heading: str, texts: Sequence[str]) -> list[str]:
    if not texts:
        return []
    return [f'<section class="{css_class}">', f"<h2>{heading}</h2>", _ul(texts), "</section>"]


def _reference(ref: Reference) -> str:
    links = " · ".join(
        f'<a href="{escape(link.url, quote=True)}" rel="nofollow noopener">{escape(link.label)}</a>'
        for link in common.reference_links(ref)
    )
    badge = (
        f'<span class="badge level-{ref.evidence_level.value} '
        f'strength-{common.strength(ref.evidence_level)}">{_text(ref.evidence_label)}</span>'
    )
    body = " ".join(p for p in (escape(common.source_text(ref)), links, badge) if p)
    return f'<li id="ref-{ref.n}" value="{ref.n}">{body}</li>'


def _references(answer: Answer) -> list[str]:
    parts = []
    if answer.references:
        parts.append('<section class="references" aria-labelledby="references-heading">')
        parts.append(f'<h2 id="references-heading">{common.REFERENCES_HEADING}</h2>')
        parts.append("<ol>" + "".join(_reference(ref) for ref in answer.references) + "</ol>")
    summary = escape(common.verification_summary(answer.verification))
    parts.append(f'<p class="verification">{summary}</p>')
    if answer.verification.notes:
        parts.append(_ul(answer.verification.notes))
    if answer.references:
        parts.append("</section>")
    return parts


def _footer(answer: Answer) -> list[str]:
    return [
        "<footer>",
        f'<p class="disclaimer">{_text(answer.disclaimer)}</p>',
        f'<p class="provenance">{escape(common.footer_line(answer))}</p>',
        "</footer>",
    ]
