"""What an article version keeps: the cited passages and the rendered forms of the answer."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from medcite.articles.models import CitedPassage, ReviewStatus
from medcite.records import Answer, Hit, SourceType
from medcite.render import render_html_fragment, render_markdown
from medcite.render.common import BANNER, REVIEW_STATUS

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def cited_passages(answer: Answer, hits: Sequence[Hit]) -> list[CitedPassage]:
    """The passages each reference cites, copied from the hits the answer was composed from."""
    by_chunk = {hit.chunk_id: hit for hit in hits}
    passages: list[CitedPassage] = []
    for ref in answer.references:
        for chunk_id in ref.chunk_ids:
            hit = by_chunk.get(chunk_id)
            if hit is None:
                continue
            passages.append(
                CitedPassage(
                    n=ref.n, chunk_id=chunk_id, doc_id=hit.doc_id, title=hit.title,
                    section=hit.section, text=hit.text, year=hit.year,
                    evidence_label=hit.evidence_label,
                )
            )  # fmt: skip
    return passages


def passages_as_hits(answer: Answer, passages: Sequence[CitedPassage]) -> list[Hit]:
    """Minimal hits rebuilt from a snapshot, so renderers can show passages on hover again."""
    levels = {ref.n: ref.evidence_level for ref in answer.references}
    return [
        Hit(
            chunk_id=p.chunk_id,
            doc_id=p.doc_id,
            title=p.title,
            source_type=SourceType.TEXT,
            section=p.section,
            text=p.text,
            year=p.year,
            evidence_level=levels[p.n],
            evidence_label=p.evidence_label,
            score=0.0,
        )
        for p in passages
        if p.n in levels
    ]


def rendered_forms(answer: Answer, hits: Sequence[Hit]) -> tuple[str, str]:
    """The ``<article>`` HTML and the Markdown of an answer."""
    return render_html_fragment(answer, hits), render_markdown(answer, hits)


def html_for_status(html: str, status: ReviewStatus) -> str:
    """Stored HTML with the review badge set to ``status``; an approved article loses the banner."""
    html = html.replace(
        f'class="badge review">{REVIEW_STATUS}<', f'class="badge review">{status.label}<'
    )
    if status is ReviewStatus.APPROVED:
        html = html.replace(f'<p class="banner" role="note">{BANNER}</p>\n', "")
    return html


def slugify(title: str, suffix: str) -> str:
    """'Treatment for Pars Defect' -> 'treatment-for-pars-defect-<suffix>' (ASCII, ≤ 80 chars)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    base = _NON_SLUG.sub("-", ascii_title.lower()).strip("-")[:70].rstrip("-")
    return f"{base or 'article'}-{suffix}"
