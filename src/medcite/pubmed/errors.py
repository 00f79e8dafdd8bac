"""Errors raised while talking to PubMed: each message says what failed and what to do next."""

from __future__ import annotations

__all__ = ["PubMedError", "PubMedResponseError", "PubMedUnavailable"]

OFFLINE_HINT = (
    "without internet, build a library with `medcite ingest PATH` (PubMed XML, guidelines) "
    "and ask with --source library"
)


class PubMedError(RuntimeError):
    """Any failure of a PubMed request; the message is one line meant for the user."""


class PubMedUnavailable(PubMedError):
    """PubMed could not be reached, or kept failing after every retry."""


class PubMedResponseError(PubMedError):
    """PubMed answered, but with something that is not a usable E-utilities response."""
