"""The words for the runner's outcome values (`changes/outcome.py`) and the undo's result.

Pure: each function returns `Line`s (text, and whether it is for stderr); `cli/options.py`
and `cli/undo.py` print them. Refusals, errors and warnings go to stderr, so a piped diff
stays clean and the reason is still seen.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from refactorkit.changes.commit import CommitResult
from refactorkit.changes.journal import Recovery
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
    VerifyStarted,
)

EXIT_CLEAN = 0
EXIT_CHANGES = 1
EXIT_ERROR = 2
MANUAL_PATHS = 8  # more changed paths than this: the hint commits what is staged instead
UNDO = "undo with: refactorkit undo"
REVERT = "git revert or git reset"
WAITING = (
    "waiting: another refactorkit run is applying or undoing a change in this project "
    "(Ctrl-C stops waiting; nothing was written)"
)
NOT_WRITTEN = "not applied; nothing was written"

# Per refusal: its problem line (None: the outcome's own problems) and the closing headline.
REFUSALS: dict[Refusal, tuple[str | None, str]] = {
    Refusal.HALF_APPLIED: (
        "the change set was planned on a half-applied tree; run the command again",
        NOT_WRITTEN,
    ),
    Refusal.CONCURRENT: (
        "another refactorkit run changed this project meanwhile (journal {detail})",
        f"{NOT_WRITTEN}: run the command again",
    ),
    Refusal.INVALID: (None, NOT_WRITTEN),
    Refusal.DIRTY: (
        None,
        "the git tree has uncommitted changes; commit or stash them first, "
        "or pass --allow-dirty (undo still works from the journal)",
    ),
    Refusal.UNWRITABLE: (None, NOT_WRITTEN),
    Refusal.WRITE_FAILED: (
        "could not write the changes ({detail}); every file and the index were restored",
        "not applied",
    ),
    Refusal.WRITE_HALF_APPLIED: (
        "could not write the changes ({detail})",
        "not applied; the tree may be half-applied",
    ),
}


@dataclass(frozen=True)
class Line:
    """One line of output; `err` sends it to stderr."""

    text: str
    err: bool = False


class Printer:
    """Writes a run's lines as they come: an event's at once, then the outcome's not yet shown.

    The outcome's lines start with those its events printed (verify started), so they are
    written once.
    """

    def __init__(self, write: Callable[[Line], None]) -> None:
        self.write = write
        self.shown: list[Line] = []

    def waiting(self) -> None:
        self.write(Line(WAITING, err=True))

    def event(self, event: RunEvent) -> None:
        self._show(event_lines(event))

    def outcome(self, outcome: Outcome) -> None:
        self._show(outcome_lines(outcome))

    def _show(self, lines: list[Line]) -> None:
        """Write `lines`, less the start of them already written."""
        seen = len(self.shown) if lines[: len(self.shown)] == self.shown else 0
        for line in lines[seen:]:
            self.write(line)
        self.shown = lines


def recovery_lines(recovery: Recovery, *, damaged: bool = True) -> list[str]:
    """What recovery did; with `damaged`, a warning per entry it refused to touch."""
    out = [f"recovered an interrupted change ({i}): rolled back" for i in recovery.rolled_back]
    if recovery.stopped:
        out.append(f"stopped {recovery.stopped} leftover process(es) of an interrupted --verify")
    return out + [f"warning: {d.describe()}" for d in recovery.damaged if damaged]


def outcome_lines(outcome: Outcome) -> list[Line]:
    """Every line a run prints for `outcome`, in order."""
    if isinstance(outcome, NothingToDo):
        return _nothing_lines(outcome)
    if isinstance(outcome, DryRun):
        return _dry_run_lines(outcome)
    if isinstance(outcome, Refused):
        return _refused_lines(outcome)
    if isinstance(outcome, Applied):
        return _applied_lines(outcome)
    return _rolled_back_lines(outcome)


def event_lines(event: RunEvent) -> list[Line]:
    """The lines printed as an event happens (the outcome's lines start with the same)."""
    if isinstance(event, Recovered):
        return _preamble(event.recovery, None)
    if isinstance(event, VerifyStarted):
        return _started_lines(event)
    said = rollback_said(event.rollback, event.journal_id)
    return [Line(f"verification interrupted ({event.what}), {said}", err=True)]


def exit_code(outcome: Outcome) -> int:
    """0 nothing to do or applied; 1 changes shown, or rolled back by --verify; 2 refused.

    A failed --verify whose rollback failed too is 2, as is a failed --commit: the tree needs
    the user's attention.
    """
    if isinstance(outcome, NothingToDo):
        return EXIT_CLEAN
    if isinstance(outcome, DryRun):
        return EXIT_CHANGES
    if isinstance(outcome, Applied):
        failed = outcome.commit is not None and outcome.commit.sha is None
        return EXIT_ERROR if failed else EXIT_CLEAN
    if isinstance(outcome, RolledBack) and outcome.rollback.ok:
        return EXIT_CHANGES
    return EXIT_ERROR


def rollback_said(rollback: Rollback, journal_id: str) -> str:
    """The end of the line that says a verify failed: whether the rollback worked."""
    if rollback.error is not None:
        return (
            f"and rolling back failed ({rollback.error}): the change may still be applied; "
            f"run `refactorkit undo --list` to retry (journal {journal_id})"
        )
    if rollback.left:
        left = rollback.left
        return f"and rolling back left {len(left)} file(s) different: {', '.join(left)}"
    note = f" (and the index of {rollback.staged} path(s) it staged)" if rollback.staged else ""
    return f"changes rolled back{note}"


def _nothing_lines(outcome: NothingToDo) -> list[Line]:
    head = f"nothing to do: {outcome.title}" if outcome.title else "nothing to do"
    return [Line(head), *(Line(f"  {note}") for note in outcome.notes)]


def _dry_run_lines(outcome: DryRun) -> list[Line]:
    lines = []
    if outcome.interrupted:
        lines.append(
            Line(
                "warning: an interrupted change was found; the files may be half-applied. "
                "Run `refactorkit undo --list` (or any --apply) to roll it back first.",
                err=True,
            )
        )
    if outcome.diff:
        lines.append(Line(outcome.diff.rstrip("\n")))
    lines.append(Line(outcome.summary.rstrip("\n")))
    if outcome.problems:
        lines += _problem_lines(outcome.problems, "--apply would refuse this change set", "warning")
    lines.append(Line("dry run: nothing written; pass --apply to write these changes"))
    return lines


def _preamble(recovery: Recovery, summary: str | None) -> list[Line]:
    """What recovery did, then the summary (when validation ran)."""
    lines = [Line(text) for text in recovery_lines(recovery, damaged=False)]
    return lines if summary is None else [*lines, Line(summary.rstrip("\n"))]


def _refused_lines(outcome: Refused) -> list[Line]:
    problem, headline = REFUSALS[outcome.reason]
    if outcome.reason is Refusal.DIRTY:
        problems = tuple(f"uncommitted change: {path}" for path in outcome.problems)
    else:
        problems = outcome.problems if problem is None else (problem.format(detail=outcome.detail),)
    return _preamble(outcome.recovery, outcome.summary) + _problem_lines(problems, headline)


def _started_lines(started: VerifyStarted) -> list[Line]:
    return [
        *_preamble(started.recovery, started.summary),
        Line(f"applied {started.count} change(s); journal {started.journal_id}"),
        Line(f"verifying: {started.command} (timeout {started.timeout:g} s)"),
    ]


def _applied_lines(outcome: Applied) -> list[Line]:
    if outcome.verify is None:
        applied = f"applied {outcome.count} change(s); journal {outcome.journal_id}; {UNDO}"
        lines = [*_preamble(outcome.recovery, outcome.summary), Line(applied)]
    else:
        lines = [*_started_lines(outcome.verify), Line(f"verification passed; {UNDO}")]
    return lines if outcome.commit is None else lines + _commit_lines(outcome.commit)


def _rolled_back_lines(outcome: RolledBack) -> list[Line]:
    started = outcome.started
    lines = _started_lines(started)
    if outcome.tail:
        lines.append(Line(f"--- last {len(outcome.tail)} line(s) of `{started.command}` ---"))
        lines.append(Line("\n".join(outcome.tail)))
    why = (
        f"timed out after {started.timeout:g} s"
        if outcome.timed_out
        else f"exited with {outcome.returncode}"
    )
    said = rollback_said(outcome.rollback, started.journal_id)
    lines.append(Line(f"verification failed (`{started.command}` {why}), {said}", err=True))
    return lines


def _commit_lines(commit: CommitResult) -> list[Line]:
    if commit.sha is not None:
        return [
            Line(f"committed {commit.sha[:12]}: {commit.subject}"),
            Line(
                "`refactorkit undo` restores the files; the commit stays (git revert or git reset)"
            ),
        ]
    return [
        Line(f"error: {commit.problem}", err=True),
        Line(f"the changes stay applied ({UNDO}); commit them by hand:", err=True),
        Line(f"  {manual_commit(commit)}", err=True),
    ]


def manual_commit(commit: CommitResult) -> str:
    """The git command that makes the commit --commit could not (its paths when they are few)."""
    words = ["git", "-C", str(commit.root or Path.cwd()), "commit"]
    if commit.message_file is not None:
        # --cleanup=whitespace: the default would drop the table's `###` heading as a comment.
        words += ["--cleanup=whitespace", "-F", str(commit.message_file)]
    if len(commit.paths) <= MANUAL_PATHS:
        words += ["--", *commit.paths]
    return shlex.join(words)


def _problem_lines(problems: tuple[str, ...], headline: str, prefix: str = "error") -> list[Line]:
    return [
        *(Line(f"{prefix}: {problem}", err=True) for problem in problems),
        Line(headline, err=True),
    ]
