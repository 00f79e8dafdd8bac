"""`medcite review`: move an article through review as a named reviewer (logged with a comment)."""

from __future__ import annotations

from pathlib import Path

import typer

from medcite.articles import Action, Role, UserStore
from medcite.cli.articles_cmd import article_errors, open_store
from medcite.cli.common import LibraryOpt, fail, out_console

HELP = """Review articles: Submitted → Under review → Approved (or Changes requested, Rejected).

Every action is recorded in the article's audit log with who did it, when, and the comment.
The reviewer must be a user with the reviewer or admin role (`medcite users add NAME --role reviewer`).

Examples:

  medcite review start treatment-for-pars-defect-3f9a1c --reviewer dr.lee
  medcite review approve treatment-for-pars-defect-3f9a1c --reviewer dr.lee --comment "Checked refs"
  medcite review request-changes SLUG --reviewer dr.lee --comment "Add dosing for children"
"""

app = typer.Typer(help=HELP, no_args_is_help=True)

SlugArg = typer.Argument(..., help="Article slug or id.")
ReviewerOpt = typer.Option(..., "--reviewer", "-r", help="Your user name (reviewer or admin role).")
CommentOpt = typer.Option("", "--comment", "-c", help="Comment for the audit log.")


def _act(slug: str, action: Action, reviewer: str, comment: str, library: Path | None) -> None:
    store = open_store(library)
    with article_errors():
        user = UserStore(store.db).get(reviewer)
        if not user.role.allows(Role.REVIEWER):
            fail(
                f"{reviewer} is a {user.role.value}; only reviewers and admins may review articles"
            )
        article = store.transition(slug, action, by=user.name, comment=comment)
    out_console.print(
        f"{article.slug}: {article.status.label} (version {article.version})", highlight=False
    )


@app.command("start")
def start(slug: str = SlugArg, reviewer: str = ReviewerOpt, comment: str = CommentOpt,
          library: Path | None = LibraryOpt) -> None:  # fmt: skip
    """Take a submitted (or re-review) article under review."""
    _act(slug, Action.START, reviewer, comment, library)


@app.command("approve")
def approve(slug: str = SlugArg, reviewer: str = ReviewerOpt, comment: str = CommentOpt,
            library: Path | None = LibraryOpt) -> None:  # fmt: skip
    """Approve an article under review: the pending-review banner goes away."""
    _act(slug, Action.APPROVE, reviewer, comment, library)


@app.command("request-changes")
def request_changes(slug: str = SlugArg, reviewer: str = ReviewerOpt, comment: str = CommentOpt,
                    library: Path | None = LibraryOpt) -> None:  # fmt: skip
    """Send an article under review back for changes (say which in --comment)."""
    _act(slug, Action.REQUEST_CHANGES, reviewer, comment, library)


@app.command("reject")
def reject(slug: str = SlugArg, reviewer: str = ReviewerOpt, comment: str = CommentOpt,
           library: Path | None = LibraryOpt) -> None:  # fmt: skip
    """Reject an article under review."""
    _act(slug, Action.REJECT, reviewer, comment, library)
