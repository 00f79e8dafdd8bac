"""The professional disclaimer and the urgent notice shown before an answer."""

from __future__ import annotations

from collections.abc import Sequence

from medcite.records import Audience

DISCLAIMER = (
    "Educational purpose only. This summary is generated from the cited sources and is pending "
    "human medical review; it does not replace professional judgement. In an emergency call your "
    "local emergency number."
)
PATIENT_DISCLAIMER = (
    "For education only. This summary was made from the cited sources and has not yet been "
    "checked by a medical reviewer. It does not replace advice from your own doctor or nurse. "
    "In an emergency, call your local emergency number."
)


def disclaimer_for(audience: Audience) -> str:
    """Disclaimer wording for the reader; patients get plainer words with the same content."""
    return PATIENT_DISCLAIMER if audience is Audience.PATIENT else DISCLAIMER


def urgent_notice(red_flags: Sequence[str]) -> str | None:
    """'Seek emergency care: ...' naming the red flags, or None when there are none."""
    flags = [f.strip() for f in red_flags if f.strip()]
    if not flags:
        return None
    return f"Seek emergency care: {'; '.join(dict.fromkeys(flags))}."
