"""Options shared by every command that produces a ChangeSet, and the call that runs it."""

from __future__ import annotations

import functools
import shlex
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from refactorkit.changes.runner import RunOptions, RunResult, execute
from refactorkit.changes.verify import DEFAULT_TIMEOUT
from refactorkit.cli.terminal import color_option, use_color
from refactorkit.domain import ChangeSet
from refactorkit.errors import UserError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_CLEAN = 0
EXIT_CHANGES = 1
EXIT_ERROR = 2
MANUAL_PATHS = 8  # more changed paths than this: the hint commits what is staged instead


@dataclass(frozen=True)
class RunRequest:
    """How the user asked a codemod command to run its ChangeSet: the shared options."""

    apply: bool = False
    allow_dirty: bool = False
    verify: str | None = None
    verify_timeout: float = DEFAULT_TIMEOUT
    commit: bool = False
    stat: bool = False
    color: bool = False
    # When planning started (time.time()): an apply another run journaled since then refuses.
    planned_since: float | None = None

    def options(self) -> RunOptions:
        return RunOptions(
            apply=self.apply,
            allow_dirty=self.allow_dirty,
            verify=self.verify,
            color=self.color,
            verify_timeout=self.verify_timeout,
            planned_since=self.planned_since,
            stat=self.stat,
        )


def changeset_options(f: F) -> F:
    """Add --apply, --allow-dirty, --verify CMD, --verify-timeout, --commit, --stat and
    --color; the command receives them as one `run: RunRequest` argument."""

    @functools.wraps(f)
    def wrapper(
        *args: Any,
        apply: bool = False,
        allow_dirty: bool = False,
        verify: str | None = None,
        commit: bool = False,
        stat: bool = False,
        color: str = "auto",
        verify_timeout: float = DEFAULT_TIMEOUT,
        **kwargs: Any,
    ) -> Any:
        if commit and not apply:
            raise click.UsageError("--commit needs --apply (a dry run has nothing to commit)")
        request = RunRequest(
            apply=apply,
            allow_dirty=allow_dirty,
            verify=verify,
            verify_timeout=verify_timeout,
            commit=commit,
            stat=stat,
            color=use_color(color),
            # Planning starts now: an apply journaled from here on makes this plan stale.
            planned_since=time.time(),
        )
        return f(*args, run=request, **kwargs)

    decorators = [
        click.option(  # refactorkit: ignore[RK116]
            "--apply",
            is_flag=True,
            default=False,
            help="Write the changes (all files or none, journaled for `refactorkit undo`). "
            "Without it: a dry run showing the diff.",
        ),
        click.option(
            "--allow-dirty",
            is_flag=True,
            default=False,
            help="Apply even when the git tree has uncommitted changes.",
        ),
        click.option(
            "--verify",
            metavar="CMD",
            default=None,
            help='After applying, run CMD in the project root (e.g. "pytest -q"); '
            "if it fails, roll the changes back.",
        ),
        click.option(
            "--verify-timeout",
            metavar="SECONDS",
            type=click.FloatRange(min=0, min_open=True),
            default=DEFAULT_TIMEOUT,
            show_default=True,
            help="Stop --verify CMD (its whole process group) after this long and roll back.",
        ),
        click.option(
            "--commit",
            is_flag=True,
            default=False,
            help="With --apply: git-commit exactly the changed files, the message holding the "
            "summary and the before/after metrics table (see `refactorkit compare`).",
        ),
        click.option(
            "--stat",
            is_flag=True,
            default=False,
            help="Dry run: show per-file added/removed line counts instead of the diff "
            "(like git diff --stat).",
        ),
        color_option,
    ]
    command: Callable[..., Any] = wrapper
    for decorator in reversed(decorators):
        command = decorator(command)
    return cast(F, command)


def run_changeset(changeset: ChangeSet, run: RunRequest) -> int:
    """Show or apply `changeset` as `run` asks, printing through click; returns the exit code."""
    _check_commit(changeset, run)
    options = run.options()
    # click strips ANSI codes when not writing to a terminal unless told otherwise. Refusals
    # and errors go to stderr, so a piped diff stays clean and the reason is still seen.
    result = execute(
        changeset,
        options,
        lambda line: click.echo(line, color=run.color),
        warn=lambda line: click.echo(line, err=True),
    )
    code = exit_code(changeset, options, result)
    if run.commit and result.applied and code == EXIT_CLEAN:
        return commit_applied(changeset, lambda line: click.echo(line, color=run.color))
    return code


def _check_commit(changeset: ChangeSet, run: RunRequest) -> None:
    """--commit is refused before anything is written when it cannot be honoured."""
    if run.commit and not run.apply:
        raise UserError("--commit needs --apply (a dry run has nothing to commit)")
    if run.commit and not changeset.is_empty:
        from refactorkit.changes.commit import in_git_repo

        # Checked before anything is written: a refactor half-done (applied, never committed)
        # is what --commit promises not to leave behind for this reason.
        if not in_git_repo(changeset.root):
            raise UserError(
                f"--commit: {changeset.root} is not in a git repository; nothing was applied"
            )


def exit_code(changeset: ChangeSet, options: RunOptions, result: RunResult) -> int:
    """0 nothing to do or applied; 1 changes shown, or rolled back by --verify; 2 refused.

    A failed --verify whose rollback failed too is 2: the tree needs the user's attention.
    """
    if changeset.is_empty:
        return EXIT_CLEAN
    if not options.apply:
        return EXIT_CHANGES
    if result.applied:
        return EXIT_CLEAN
    if result.verified is False and result.rolled_back:
        return EXIT_CHANGES
    return EXIT_ERROR


def commit_applied(changeset: ChangeSet, echo: Callable[[str], None]) -> int:
    """Commit the applied change set (summary and HEAD-vs-working-tree table in the message)."""
    from refactorkit.changes.commit import commit_changes
    from refactorkit.changes.materialize import touched_paths
    from refactorkit.changes.runner import render_summary

    message = _commit_message(changeset, render_summary(changeset))
    paths = touched_paths(changeset)
    result = commit_changes(changeset.root, paths, message)
    if result.sha is not None:
        echo(f"committed {result.sha[:12]}: {message.splitlines()[0]}")
        echo("`refactorkit undo` restores the files; the commit stays (git revert or git reset)")
        return EXIT_CLEAN
    for line in (
        f"error: {result.problem}",
        "the changes stay applied (undo with: refactorkit undo); commit them by hand:",
        f"  {_manual_commit(changeset.root, paths, result.message_file)}",
    ):
        click.echo(line, err=True)
    return EXIT_ERROR


def _manual_commit(root: Path, paths: tuple[str, ...], message_file: Path | None) -> str:
    """The git command that makes the commit --commit could not (its paths when they are few)."""
    words = ["git", "-C", str(root), "commit"]
    if message_file is not None:
        # --cleanup=whitespace: the default would drop the table's `###` heading as a comment.
        words += ["--cleanup=whitespace", "-F", str(message_file)]
    if len(paths) <= MANUAL_PATHS:
        words += ["--", *paths]
    return shlex.join(words)


def _commit_message(changeset: ChangeSet, summary: str) -> str:
    """Title, summary, and the before/after table; a failed comparison is noted, not fatal."""
    from refactorkit.analysis.compare import compare_revisions
    from refactorkit.changes.commit import commit_message
    from refactorkit.config import ConfigError, load_config
    from refactorkit.reporting.compare_report import render_markdown

    try:
        # Before committing: HEAD is still the "before" side, the working tree the "after".
        comparison = compare_revisions(changeset.root, load_config(changeset.root), "HEAD")
        table = render_markdown(comparison)
    except (UserError, ConfigError, OSError) as exc:
        table = f"(no before/after table: {exc})"
    return commit_message(changeset.title, summary, table)
