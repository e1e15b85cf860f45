"""The one runner of every project codemod: show a ChangeSet as a diff, or apply it safely.

Computing changes (a codemod's pure `plan`) and writing them (here) are separate steps, as in
rope's `base/change.py`. Applying is all-or-nothing and journaled so it can be undone; one
project lock is held from recovery through validation, write and the verify command. The
runner returns an outcome value (`changes/outcome.py`) and words nothing: `cli/` does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from refactorkit.changes import gitindex
from refactorkit.changes import journal_store as store
from refactorkit.changes.commit import commit_changes
from refactorkit.changes.diffing import render_diff, render_stat, render_summary
from refactorkit.changes.gitstate import dirty_paths, git_toplevel
from refactorkit.changes.journal import (
    Recovery,
    entries_since,
    interrupted_entries,
    recover,
    roll_back,
)
from refactorkit.changes.lock import project_lock
from refactorkit.changes.materialize import materialize, touched_paths
from refactorkit.changes.outcome import (
    Applied,
    DryRun,
    NothingToDo,
    Outcome,
    Recovered,
    Refusal,
    Refused,
    Rollback,
    RolledBack,
    RunEvent,
    VerifyInterrupted,
    VerifyStarted,
)
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
    "execute",
    "render_diff",
    "render_summary",
    "validate",
]

VERIFY_TAIL_LINES = 40
OnEvent = Callable[[RunEvent], None]
CommitMessage = Callable[[ChangeSet], str]


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
class _Run:
    """One apply in progress: the change set, its options and the hooks."""

    changeset: ChangeSet
    options: RunOptions
    steps: Steps
    on_event: OnEvent
    recovery: Recovery = field(default_factory=Recovery)
    summary: str = ""


def _ignore(_event: RunEvent) -> None:
    return None


def execute(
    changeset: ChangeSet,
    options: RunOptions,
    *,
    on_step: StepHook | None = None,
    on_event: OnEvent | None = None,
    on_wait: Callable[[], None] | None = None,
    commit: CommitMessage | None = None,
) -> Outcome:
    """Show the change set, and with `options.apply` write it, verify it, or roll it back.

    `on_step` is the crash seam: called before each file is replaced, each git command of the
    index step, and around the verify command (tests inject failures and kill -9 there).
    `on_event` hears when a verify command starts and when it was interrupted; `on_wait` that
    the run waits for another one's lock. With `commit`, an apply that stands (verified, or no
    verify asked) is committed with the message it builds.
    """
    if changeset.is_empty:
        return NothingToDo(changeset.title, changeset.summary)
    if not options.apply:
        return _dry_run(changeset, options)
    store.check_store(changeset.root)
    run = _Run(changeset, options, Steps(on_step), on_event or _ignore)
    with project_lock(changeset.root, on_wait), signals_raise():
        ready = _preflight(run)
        outcome = _apply(ready) if isinstance(ready, _Run) else ready
    if commit is not None and isinstance(outcome, Applied):
        result = commit_changes(changeset.root, touched_paths(changeset), commit(changeset))
        outcome = replace(outcome, commit=result)
    return outcome


def _preflight(run: _Run) -> Refused | _Run:
    """Under the lock: recovery, concurrent applies, validation, the dirty tree."""
    changeset, options = run.changeset, run.options
    root = changeset.root
    recovery = recover(root)
    if recovery.damaged:
        run.on_event(Recovered(recovery))  # what recovery did still gets said ...
    recovery.refuse_if_damaged()  # ... before the one error that names a damaged entry
    if recovery.rolled_back:
        return Refused(Refusal.HALF_APPLIED, recovery=recovery)
    newer = () if options.planned_since is None else entries_since(root, options.planned_since)
    if newer:
        return Refused(Refusal.CONCURRENT, recovery=recovery, detail=newer[-1])
    problems = validate(changeset)
    summary = render_summary(changeset)
    if problems:
        return Refused(Refusal.INVALID, problems, recovery, summary)
    if not options.allow_dirty:
        dirty = dirty_paths(root, touched_paths(changeset))
        if dirty:
            return Refused(Refusal.DIRTY, tuple(dirty), recovery, summary)
    return replace(run, recovery=recovery, summary=summary)


def _dry_run(changeset: ChangeSet, options: RunOptions) -> DryRun:
    interrupted = interrupted_entries(changeset.root)
    problems = validate(changeset)
    diff = render_stat(changeset) if options.stat else render_diff(changeset, options.color)
    return DryRun(diff, render_summary(changeset), problems, interrupted)


def index_plan(changeset: ChangeSet) -> gitindex.IndexPlan | None:
    """The git-index step of this change set (see `gitindex` for the rule)."""
    changes = [
        (c.kind, c.path, final_path(c) if c.kind == "move" else None) for c in changeset.changes
    ]
    return gitindex.plan_staging(changeset.root, changes)


def _apply(run: _Run) -> Outcome:
    changeset, options = run.changeset, run.options
    root = changeset.root
    plan = materialize(changeset)
    if plan.problems:
        return _refused(run, Refusal.UNWRITABLE, plan.problems)
    try:
        # What the verify command may stage is put back from this, in memory, after it fails.
        index_before = gitindex.snapshot(root) if options.verify and git_toplevel(root) else None
        tx = apply_targets(
            root,
            plan.targets,
            kind="apply",
            title=changeset.title,
            index=index_plan(changeset),
            final_state=store.APPLIED if options.verify is None else store.VERIFYING,
            steps=run.steps,
        )
    except RollbackFailed as exc:
        return _refused(run, Refusal.WRITE_HALF_APPLIED, detail=str(exc))
    except OSError as exc:
        return _refused(run, Refusal.WRITE_FAILED, detail=str(exc))
    applied = Applied(tx.id, len(changeset.changes), run.recovery, run.summary)
    if options.verify is None:
        return applied
    started = VerifyStarted(
        tx.id, applied.count, options.verify, options.verify_timeout, run.recovery, run.summary
    )
    return _verify(run, started, tx, index_before)


def _refused(
    run: _Run, reason: Refusal, problems: tuple[str, ...] = (), detail: str = ""
) -> Refused:
    return Refused(reason, problems, run.recovery, run.summary, detail)


def _verify(
    run: _Run,
    started: VerifyStarted,
    tx: Transaction,
    index_before: gitindex.IndexEntries | None,
) -> Applied | RolledBack:
    root = run.changeset.root
    run.on_event(started)
    try:
        outcome = run_verify(
            started.command,
            root,
            timeout=started.timeout,
            marker=tx.id,  # recovery finds and stops its processes if we are killed
            on_start=lambda: run.steps("verify running"),
        )
    except BaseException as exc:  # KeyboardInterrupt, SIGTERM: stop, roll back, re-raise
        with shielded():
            what = str(exc) if isinstance(exc, Terminated) else type(exc).__name__
            run.on_event(VerifyInterrupted(tx.id, what, _roll_back(root, tx, index_before)))
        raise
    if outcome.returncode == 0:
        store.rewrite_entry(root, tx.manifest, tx.blobs)  # the command may have removed it
        run.steps("verified")
        store.set_state(root, tx.manifest, store.APPLIED)
        return Applied(tx.id, started.count, run.recovery, run.summary, verify=started)
    tail = tuple(outcome.output.splitlines()[-VERIFY_TAIL_LINES:])
    with shielded():
        rollback = _roll_back(root, tx, index_before)
    return RolledBack(started, outcome.returncode, outcome.timed_out, tail, rollback)


def _roll_back(root: Path, tx: Transaction, index_before: gitindex.IndexEntries | None) -> Rollback:
    """Roll back after verify; says truthfully whether it worked."""
    try:
        left = roll_back(root, tx)
        staged = () if index_before is None else gitindex.restore_snapshot(root, index_before)
    except (OSError, UserError) as exc:
        return Rollback(error=str(exc))
    return Rollback(left=left, staged=len(staged))
