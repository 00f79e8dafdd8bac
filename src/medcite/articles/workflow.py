"""The review workflow: which action moves an article from which status to which.

Submitted -> Under review -> Approved, or Changes requested, or Rejected. A new version goes
back to Submitted; newer evidence flags an article Stale ("Re-review needed"), from where a
reviewer starts review again. Who may act is decided by roles (see :data:`ACTION_ROLES`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from medcite.articles.models import ReviewStatus, Role

S = ReviewStatus


class Action(StrEnum):
    """Things that change an article's status; each is one audit-log entry."""

    CREATE = "create"
    NEW_VERSION = "new_version"
    START = "start"
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    REJECT = "reject"
    FLAG_STALE = "flag_stale"


@dataclass(frozen=True)
class Rule:
    """An action is allowed from ``sources`` and leads to ``target``."""

    sources: frozenset[ReviewStatus]
    target: ReviewStatus


ALL = frozenset(ReviewStatus)

RULES: dict[Action, Rule] = {
    Action.CREATE: Rule(frozenset(), S.SUBMITTED),
    Action.NEW_VERSION: Rule(ALL, S.SUBMITTED),
    Action.START: Rule(frozenset({S.SUBMITTED, S.STALE}), S.UNDER_REVIEW),
    Action.APPROVE: Rule(frozenset({S.UNDER_REVIEW}), S.APPROVED),
    Action.REQUEST_CHANGES: Rule(frozenset({S.UNDER_REVIEW}), S.CHANGES_REQUESTED),
    Action.REJECT: Rule(frozenset({S.UNDER_REVIEW}), S.REJECTED),
    Action.FLAG_STALE: Rule(ALL - {S.REJECTED, S.STALE}, S.STALE),
}

REVIEW_ACTIONS: tuple[Action, ...] = (
    Action.START,
    Action.APPROVE,
    Action.REQUEST_CHANGES,
    Action.REJECT,
)

ACTION_ROLES: dict[Action, Role] = {
    Action.CREATE: Role.CLINICIAN,
    Action.NEW_VERSION: Role.CLINICIAN,
    **{action: Role.REVIEWER for action in REVIEW_ACTIONS},
    Action.FLAG_STALE: Role.REVIEWER,
}

# Statuses a reviewer's queue shows, oldest first.
QUEUE: tuple[ReviewStatus, ...] = (S.SUBMITTED, S.UNDER_REVIEW, S.STALE)


class TransitionError(ValueError):
    """The action is not allowed from the article's current status."""


def next_status(current: ReviewStatus, action: Action) -> ReviewStatus:
    """Status after ``action``; raises :class:`TransitionError` with the allowed sources."""
    rule = RULES[action]
    if current not in rule.sources:
        allowed = ", ".join(sorted(s.label for s in rule.sources)) or "nothing"
        raise TransitionError(
            f"cannot {action.value.replace('_', ' ')} an article that is {current.label.lower()}; "
            f"allowed from: {allowed}"
        )
    return rule.target


def parse_action(name: str) -> Action:
    """The review action called ``name`` ('request-changes' and 'request_changes' both work)."""
    try:
        action = Action(name.replace("-", "_"))
    except ValueError:
        action = None
    if action not in REVIEW_ACTIONS:
        names = ", ".join(a.value.replace("_", "-") for a in REVIEW_ACTIONS)
        raise TransitionError(f"unknown review action {name!r}; use one of: {names}")
    assert action is not None
    return action
