"""Options shared by every command that produces a ChangeSet, and the call that runs it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from refactorkit.codemods.runner import RunOptions, RunResult, execute
from refactorkit.domain import ChangeSet

F = TypeVar("F", bound=Callable[..., Any])

EXIT_CLEAN = 0
EXIT_CHANGES = 1
EXIT_ERROR = 2


def changeset_options(f: F) -> F:
    """Add --apply, --allow-dirty, --verify CMD and --color/--no-color to a click command."""
    decorators = [
        click.option(
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
            "--color/--no-color",
            default=None,
            help="Color the diff (default: when writing to a terminal).",
        ),
    ]
    for decorator in reversed(decorators):
        f = decorator(f)
    return f


def run_changeset(
    changeset: ChangeSet, *, apply: bool, allow_dirty: bool, verify: str | None, color: bool | None
) -> int:
    """Show or apply `changeset`, printing through click; returns the exit code."""
    if color is None:
        color = sys.stdout.isatty()
    options = RunOptions(apply=apply, allow_dirty=allow_dirty, verify=verify, color=color)
    # click strips ANSI codes when not writing to a terminal unless told otherwise.
    result = execute(changeset, options, lambda line: click.echo(line, color=color))
    return exit_code(changeset, options, result)


def exit_code(changeset: ChangeSet, options: RunOptions, result: RunResult) -> int:
    """0 nothing to do or applied; 1 changes shown, or rolled back by --verify; 2 refused."""
    if changeset.is_empty:
        return EXIT_CLEAN
    if not options.apply:
        return EXIT_CHANGES
    if result.applied:
        return EXIT_CLEAN
    if result.verified is False:
        return EXIT_CHANGES
    return EXIT_ERROR
