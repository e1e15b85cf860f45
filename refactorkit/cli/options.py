"""Options shared by every command that produces a ChangeSet, and the call that runs it."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import click

from refactorkit.changes.runner import RunOptions, execute
from refactorkit.changes.verify import DEFAULT_TIMEOUT
from refactorkit.cli.outcomes import (
    EXIT_CHANGES,
    EXIT_CLEAN,
    EXIT_ERROR,
    Line,
    Printer,
    exit_code,
)
from refactorkit.cli.terminal import color_option, use_color
from refactorkit.domain import ChangeSet
from refactorkit.errors import UserError

F = TypeVar("F", bound=Callable[..., Any])

__all__ = [
    "EXIT_CHANGES",
    "EXIT_CLEAN",
    "EXIT_ERROR",
    "RunRequest",
    "changeset_options",
    "exit_code",
    "run_changeset",
]


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
    printer = Printer(lambda line: _print(line, run.color))
    outcome = execute(
        changeset,
        run.options(),
        on_event=printer.event,
        on_wait=printer.waiting,
        commit=_commit_message if run.commit else None,
    )
    printer.outcome(outcome)
    return exit_code(outcome)


def _print(line: Line, color: bool) -> None:
    # click strips ANSI codes when not writing to a terminal unless told otherwise.
    if line.err:
        click.echo(line.text, err=True)
    else:
        click.echo(line.text, color=color)


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


def _commit_message(changeset: ChangeSet) -> str:
    """Title, summary, and the before/after table; a failed comparison is noted, not fatal."""
    from refactorkit.analysis.compare import compare_revisions
    from refactorkit.changes.commit import commit_message
    from refactorkit.changes.diffing import render_summary
    from refactorkit.config import ConfigError, load_config
    from refactorkit.reporting.compare_report import render_markdown

    try:
        # Before committing: HEAD is still the "before" side, the working tree the "after".
        comparison = compare_revisions(changeset.root, load_config(changeset.root), "HEAD")
        table = render_markdown(comparison)
    except (UserError, ConfigError, OSError) as exc:
        table = f"(no before/after table: {exc})"
    return commit_message(changeset.title, render_summary(changeset), table)
