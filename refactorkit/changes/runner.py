"""The one runner of every project codemod: show a ChangeSet as a diff, or apply it safely.

Computing changes (a codemod's pure `plan`) and writing them (here) are separate steps, as in
rope's `base/change.py`. Applying is all-or-nothing and journaled so `refactorkit undo` works;
one project lock is held from recovery through validation, write and `--verify`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from refactorkit.changes import gitindex
from refactorkit.changes import journal_store as store
from refactorkit.changes.diffing import render_diff, render_stat, render_summary
from refactorkit.changes.gitstate import dirty_paths, git_toplevel
from refactorkit.changes.journal import entries_since, interrupted_entries, recover, roll_back
from refactorkit.changes.lock import project_lock
from refactorkit.changes.materialize import materialize, touched_paths
from refactorkit.changes.transaction import (
    RollbackFailed,
    StepHook,
    Steps,
    Transaction,
    apply_targets,
)
from refactorkit.changes.validation import validate
from refactorkit.changes.verify import (
    DEFAULT_TIMEOUT,
    Terminated,
    run_verify,
    shielded,
    signals_raise,
)
from refactorkit.domain import ChangeSet, final_path
from refactorkit.errors import UserError

__all__ = [
    "RunOptions",
    "RunResult",
    "execute",
    "render_diff",
    "render_summary",
    "validate",
]

VERIFY_TAIL_LINES = 40
Echo = Callable[[str], None]


@dataclass(frozen=True)
class Output:
    """Where lines go: `warn` gets refusals, errors and warnings (stderr in the CLI)."""

    echo: Echo
    warn: Echo


@dataclass(frozen=True)
class RunOptions:
    """How to run a change set; the default is a dry run."""

    apply: bool = False
    allow_dirty: bool = False
    verify: str | None = None  # shell command run in root after apply; failure rolls back
    color: bool = False
    stat: bool = False  # dry run: per-file line counts instead of the diff (git diff --stat)
    verify_timeout: float = DEFAULT_TIMEOUT  # seconds; then the command's group is killed
    # When planning started (time.time()): an apply another run journaled since then refuses.
    planned_since: float | None = None


@dataclass(frozen=True)
class RunResult:
    """What happened: applied or not, under which journal entry, verified, rolled back, why not."""

    applied: bool
    journal_id: str | None
    verified: bool | None
    rolled_back: bool
    problems: tuple[str, ...]


def _refused(problems: tuple[str, ...], rolled_back: bool = False) -> RunResult:
    return RunResult(False, None, None, rolled_back, problems)


def execute(
    changeset: ChangeSet,
    options: RunOptions,
    echo: Echo,
    *,
    on_step: StepHook | None = None,
    warn: Echo | None = None,
) -> RunResult:
    """Show the change set, and with `options.apply` write it, verify it, or roll it back.

    `on_step` is the crash seam: called before each file is replaced, each git command of the
    index step, and around the verify command (tests inject failures and kill -9 there).
    `warn` gets the refusals, errors and warnings (the CLI sends them to stderr); `echo` the
    rest. Without it, everything goes to `echo`.
    """
    out = Output(echo, warn or echo)
    if changeset.is_empty:
        echo(f"nothing to do: {changeset.title}" if changeset.title else "nothing to do")
        for line in changeset.summary:  # what the codemod left alone, and why
            echo(f"  {line}")
        return _refused(())
    if not options.apply:
        if interrupted_entries(changeset.root):
            out.warn(
                "warning: an interrupted change was found; the files may be half-applied. "
                "Run `refactorkit undo --list` (or any --apply) to roll it back first."
            )
        return _dry_run(changeset, options, out, validate(changeset))
    store.check_store(changeset.root)
    with project_lock(changeset.root, out.warn), signals_raise():
        refusal = _preflight(changeset, options, out)
        if refusal is not None:
            return refusal
        return _apply(changeset, options, out, Steps(on_step))


def _preflight(changeset: ChangeSet, options: RunOptions, out: Output) -> RunResult | None:
    """Under the lock: recovery, concurrent applies, validation, the dirty tree."""
    root = changeset.root
    recovery = recover(root)
    for line in recovery.lines(damaged=False):
        out.echo(line)
    recovery.refuse_if_damaged()  # the one line that names a damaged entry
    if recovery.rolled_back:
        problem = "the change set was planned on a half-applied tree; run the command again"
        return _stop(out, (problem,), "not applied; nothing was written")
    newer = () if options.planned_since is None else entries_since(root, options.planned_since)
    if newer:
        problem = f"another refactorkit run changed this project meanwhile (journal {newer[-1]})"
        return _stop(out, (problem,), "not applied; nothing was written: run the command again")
    problems = validate(changeset)
    out.echo(render_summary(changeset).rstrip("\n"))
    if problems:
        return _stop(out, problems, "not applied; nothing was written")
    if not options.allow_dirty:
        dirty = dirty_paths(root, touched_paths(changeset))
        if dirty:
            problems = tuple(f"uncommitted change: {path}" for path in dirty)
            headline = (
                "the git tree has uncommitted changes; commit or stash them first, "
                "or pass --allow-dirty (undo still works from the journal)"
            )
            return _stop(out, problems, headline)
    return None


def _dry_run(
    changeset: ChangeSet, options: RunOptions, out: Output, problems: tuple[str, ...]
) -> RunResult:
    diff = render_stat(changeset) if options.stat else render_diff(changeset, options.color)
    if diff:
        out.echo(diff.rstrip("\n"))
    out.echo(render_summary(changeset).rstrip("\n"))
    if problems:
        _show_problems(out.warn, problems, "--apply would refuse this change set", "warning")
    out.echo("dry run: nothing written; pass --apply to write these changes")
    return _refused(problems)


def index_plan(changeset: ChangeSet) -> gitindex.IndexPlan | None:
    """The git-index step of this change set (see `gitindex` for the rule)."""
    changes = [
        (c.kind, c.path, final_path(c) if c.kind == "move" else None) for c in changeset.changes
    ]
    return gitindex.plan_staging(changeset.root, changes)


def _apply(changeset: ChangeSet, options: RunOptions, out: Output, steps: Steps) -> RunResult:
    root = changeset.root
    plan = materialize(changeset)
    if plan.problems:
        return _stop(out, plan.problems, "not applied; nothing was written")
    try:
        # What --verify may stage is put back from this, in memory, after a failed verify.
        index_before = gitindex.snapshot(root) if options.verify and git_toplevel(root) else None
        tx = apply_targets(
            root,
            plan.targets,
            kind="apply",
            title=changeset.title,
            index=index_plan(changeset),
            final_state=store.APPLIED if options.verify is None else store.VERIFYING,
            steps=steps,
        )
    except RollbackFailed as exc:
        problem = f"could not write the changes ({exc})"
        _show_problems(out.warn, (problem,), "not applied; the tree may be half-applied")
        return _refused((problem,))
    except OSError as exc:
        problem = f"could not write the changes ({exc}); every file and the index were restored"
        _show_problems(out.warn, (problem,), "not applied")
        return _refused((problem,), rolled_back=True)
    applied = f"applied {len(changeset.changes)} change(s); journal {tx.id}"
    if options.verify is None:
        out.echo(f"{applied}; undo with: refactorkit undo")  # one line: what, where, how back
        return RunResult(True, tx.id, None, False, ())
    out.echo(applied)
    return _verify(changeset, options, tx, out, steps, index_before)


def _verify(
    changeset: ChangeSet,
    options: RunOptions,
    tx: Transaction,
    out: Output,
    steps: Steps,
    index_before: gitindex.IndexEntries | None,
) -> RunResult:
    command, root, echo = str(options.verify), changeset.root, out.echo

    echo(f"verifying: {command} (timeout {options.verify_timeout:g} s)")
    try:
        outcome = run_verify(
            command,
            root,
            timeout=options.verify_timeout,
            marker=tx.id,  # recovery finds and stops its processes if we are killed
            on_start=lambda: steps("verify running"),
        )
    except BaseException as exc:  # KeyboardInterrupt, SIGTERM: stop, roll back, re-raise
        with shielded():
            what = str(exc) if isinstance(exc, Terminated) else type(exc).__name__
            out.warn(f"verification interrupted ({what}), {_roll_back(root, tx, index_before)[1]}")
        raise
    if outcome.returncode == 0:
        store.rewrite_entry(root, tx.manifest, tx.blobs)  # the command may have removed it
        steps("verified")
        store.set_state(root, tx.manifest, store.APPLIED)
        echo("verification passed; undo with: refactorkit undo")
        return RunResult(True, tx.id, True, False, ())
    tail = outcome.output.splitlines()[-VERIFY_TAIL_LINES:]
    if tail:
        echo(f"--- last {len(tail)} line(s) of `{command}` ---")
        echo("\n".join(tail))
    why = (
        f"timed out after {options.verify_timeout:g} s"
        if outcome.timed_out
        else f"exited with {outcome.returncode}"
    )
    with shielded():
        rolled_back, said = _roll_back(root, tx, index_before)
    problem = f"verification failed (`{command}` {why}), {said}"
    out.warn(problem)
    return RunResult(False, tx.id, False, rolled_back, (problem,))


def _roll_back(
    root: Path, tx: Transaction, index_before: gitindex.IndexEntries | None
) -> tuple[bool, str]:
    """Roll back after verify; says truthfully whether it worked."""
    try:
        left = roll_back(root, tx)
        staged = () if index_before is None else gitindex.restore_snapshot(root, index_before)
    except (OSError, UserError) as exc:
        return False, (
            f"and rolling back failed ({exc}): the change may still be applied; "
            f"run `refactorkit undo --list` to retry (journal {tx.id})"
        )
    if left:
        return False, f"and rolling back left {len(left)} file(s) different: {', '.join(left)}"
    note = f" (and the index of {len(staged)} path(s) it staged)" if staged else ""
    return True, f"changes rolled back{note}"


def _stop(out: Output, problems: tuple[str, ...], headline: str) -> RunResult:
    _show_problems(out.warn, problems, headline)
    return _refused(problems)


def _show_problems(
    echo: Echo, problems: tuple[str, ...], headline: str, prefix: str = "error"
) -> None:
    for problem in problems:
        echo(f"{prefix}: {problem}")
    echo(headline)
