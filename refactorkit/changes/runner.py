"""The one runner of every project codemod: show a ChangeSet as a diff, or apply it safely.

Computing changes (a codemod's pure `plan`) and writing them (here) are separate steps, as in
rope's `base/change.py`. Applying is all-or-nothing and journaled so `refactorkit undo` works.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass

from refactorkit.changes.diffing import render_diff, render_stat, render_summary
from refactorkit.changes.gitstate import NOWHERE, creations_to_stage, dirty_paths
from refactorkit.changes.journal import (
    apply_journaled,
    interrupted_entries,
    recover_interrupted,
    roll_back_applied,
)
from refactorkit.changes.materialize import materialize, touched_paths
from refactorkit.changes.transaction import StepHook
from refactorkit.changes.validation import validate
from refactorkit.domain import ChangeSet

__all__ = [
    "RunOptions",
    "RunResult",
    "execute",
    "render_diff",
    "render_summary",
    "validate",
]

VERIFY_TAIL_LINES = 40


@dataclass(frozen=True)
class RunOptions:
    """How to run a change set; the default is a dry run."""

    apply: bool = False
    allow_dirty: bool = False
    verify: str | None = None  # shell command run in root after apply; failure rolls back
    color: bool = False
    stat: bool = False  # dry run: per-file line counts instead of the diff (git diff --stat)


@dataclass(frozen=True)
class RunResult:
    """What happened: applied or not, under which journal entry, verified, rolled back, why not."""

    applied: bool
    journal_id: str | None
    verified: bool | None
    rolled_back: bool
    problems: tuple[str, ...]


def execute(
    changeset: ChangeSet,
    options: RunOptions,
    echo: Callable[[str], None],
    *,
    on_step: StepHook | None = None,
    warn: Callable[[str], None] | None = None,
) -> RunResult:
    """Show the change set, and with `options.apply` write it, verify it, or roll it back.

    `on_step` is called before each file is replaced (tests use it to inject failures).
    `warn` gets the refusals, errors and warnings (the CLI sends them to stderr); `echo` the
    rest. Without it, everything goes to `echo`.
    """
    warn = warn or echo
    if changeset.is_empty:
        echo(f"nothing to do: {changeset.title}" if changeset.title else "nothing to do")
        return RunResult(False, None, None, False, ())
    _interrupted(changeset, options, echo, warn)
    problems = validate(changeset)
    if not options.apply:
        return _dry_run(changeset, options, echo, problems, warn)
    echo(render_summary(changeset).rstrip("\n"))
    if problems:
        _show_problems(warn, problems, "not applied; nothing was written")
        return RunResult(False, None, None, False, problems)
    if not options.allow_dirty:
        dirty = dirty_paths(changeset.root, touched_paths(changeset))
        if dirty:
            problems = tuple(f"uncommitted change: {path}" for path in dirty)
            _show_problems(
                warn,
                problems,
                "the git tree has uncommitted changes; commit or stash them first, "
                "or pass --allow-dirty (undo still works from the journal)",
            )
            return RunResult(False, None, None, False, problems)
    return _apply(changeset, options, echo, on_step, warn)


def _interrupted(
    changeset: ChangeSet,
    options: RunOptions,
    echo: Callable[[str], None],
    warn: Callable[[str], None],
) -> None:
    """Roll back a change a crash left half-applied (--apply), or warn about it (dry run)."""
    if options.apply:
        # Before validating: a half-applied tree from a crash would make the plan look stale.
        for entry_id in recover_interrupted(changeset.root):
            echo(f"recovered an interrupted change ({entry_id}): rolled back")
    elif interrupted_entries(changeset.root):
        warn(
            "warning: an interrupted change was found; the files may be half-applied. "
            "Run `refactorkit undo --list` (or any --apply) to roll it back first."
        )


def _dry_run(
    changeset: ChangeSet,
    options: RunOptions,
    echo: Callable[[str], None],
    problems: tuple[str, ...],
    warn: Callable[[str], None],
) -> RunResult:
    diff = render_stat(changeset) if options.stat else render_diff(changeset, options.color)
    if diff:
        echo(diff.rstrip("\n"))
    echo(render_summary(changeset).rstrip("\n"))
    if problems:
        _show_problems(warn, problems, "--apply would refuse this change set", prefix="warning")
    echo("dry run: nothing written; pass --apply to write these changes")
    return RunResult(False, None, None, False, problems)


def _apply(
    changeset: ChangeSet,
    options: RunOptions,
    echo: Callable[[str], None],
    on_step: StepHook | None,
    warn: Callable[[str], None],
) -> RunResult:
    root = changeset.root
    plan = materialize(changeset)
    if plan.problems:
        _show_problems(warn, plan.problems, "not applied; nothing was written")
        return RunResult(False, None, None, False, plan.problems)
    created = [c.path for c in changeset.changes if c.kind == "create"]
    sources = [c.path for c in changeset.changes if c.kind != "create"]
    # Staging a created file is an index "move" from nowhere: journaled and undone like moves.
    staged = tuple((NOWHERE, path) for path in creations_to_stage(root, created, sources))
    try:
        journal_id, _ = apply_journaled(
            root,
            plan.targets,
            title=changeset.title,
            git_moves=plan.git_moves + staged,
            on_step=on_step,
        )
    except OSError as exc:
        problem = f"could not write the changes ({exc}); every file was restored"
        _show_problems(warn, (problem,), "not applied")
        return RunResult(False, None, None, True, (problem,))
    echo(f"applied {len(changeset.changes)} change(s); journal {journal_id}")
    if options.verify is None:
        echo("undo with: refactorkit undo")
        return RunResult(True, journal_id, None, False, ())
    return _verify(changeset, options.verify, journal_id, echo, warn)


def _verify(
    changeset: ChangeSet,
    command: str,
    journal_id: str,
    echo: Callable[[str], None],
    warn: Callable[[str], None],
) -> RunResult:
    echo(f"verifying: {command}")
    try:
        proc = subprocess.run(
            command,
            shell=True,
            cwd=changeset.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            check=False,
        )
        returncode, output = proc.returncode, proc.stdout.decode("utf-8", errors="replace")
    except KeyboardInterrupt:
        roll_back_applied(changeset.root, journal_id)
        echo("verification interrupted, changes rolled back")
        raise
    except OSError as exc:
        returncode, output = 127, str(exc)
    if returncode == 0:
        echo("verification passed; undo with: refactorkit undo")
        return RunResult(True, journal_id, True, False, ())
    tail = output.splitlines()[-VERIFY_TAIL_LINES:]
    if tail:
        echo(f"--- last {len(tail)} line(s) of `{command}` ---")
        echo("\n".join(tail))
    roll_back_applied(changeset.root, journal_id)
    problem = f"verification failed (`{command}` exited with {returncode}), changes rolled back"
    warn(problem)
    return RunResult(False, journal_id, False, True, (problem,))


def _show_problems(
    echo: Callable[[str], None], problems: tuple[str, ...], headline: str, prefix: str = "error"
) -> None:
    for problem in problems:
        echo(f"{prefix}: {problem}")
    echo(headline)
