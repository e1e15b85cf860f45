"""What the runner did, as plain frozen values: `cli/outcomes.py` is what words them.

`execute` returns one `Outcome` (`NothingToDo`, `DryRun`, `Applied`, `RolledBack`, `Refused`)
and tells what cannot wait for it through `on_event`: `VerifyStarted` before a verify
command runs (a user waiting on a long verify must see it start), `VerifyInterrupted` before
an interrupt is re-raised, `Recovered` before a damaged journal entry stops the run.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from refactorkit.changes.commit import CommitResult
from refactorkit.changes.journal import Recovery


class Refusal(enum.Enum):
    """Why an apply wrote nothing (or, for the last two, why it stopped)."""

    HALF_APPLIED = "half-applied"  # recovery rolled back an entry: planned on a half-applied tree
    CONCURRENT = "concurrent"  # another run journaled an apply since planning started
    INVALID = "invalid"  # validation found new problems (parse, pyflakes)
    DIRTY = "dirty"  # touched paths have uncommitted changes
    UNWRITABLE = "unwritable"  # materializing the targets failed (stale plan, bad path)
    WRITE_FAILED = "write-failed"  # writing failed; every file and the index were restored
    WRITE_HALF_APPLIED = "write-half-applied"  # writing failed and so did restoring


@dataclass(frozen=True)
class NothingToDo:
    """The change set is empty; `notes` are what the codemod left alone, and why."""

    title: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DryRun:
    """Shown, not written: the diff (or --stat table), the summary, what --apply would refuse."""

    diff: str
    summary: str
    problems: tuple[str, ...] = ()
    interrupted: tuple[str, ...] = ()  # entries a crash left unfinished (read, not touched)


@dataclass(frozen=True)
class Refused:
    """Nothing was applied (see `reason`); `problems` are the details (validation, paths).

    `summary` is set when validation ran (the CLI shows it before the refusal); `detail` is the
    journal id of a concurrent run, or the error text of a failed write.
    """

    reason: Refusal
    problems: tuple[str, ...] = ()
    recovery: Recovery = field(default_factory=Recovery)
    summary: str | None = None
    detail: str = ""


@dataclass(frozen=True)
class Recovered:
    """Event: recovery found a damaged entry (the run stops with its error) after doing this."""

    recovery: Recovery


@dataclass(frozen=True)
class VerifyStarted:
    """Event: the change set is written under `journal_id` and `command` starts now."""

    journal_id: str
    count: int
    command: str
    timeout: float
    recovery: Recovery
    summary: str


@dataclass(frozen=True)
class Rollback:
    """How rolling back after a failed or interrupted verify went."""

    error: str | None = None  # rolling back raised this: the change may still be applied
    left: tuple[str, ...] = ()  # paths still different afterwards
    staged: int = 0  # index paths the verify command had staged, put back

    @property
    def ok(self) -> bool:
        return self.error is None and not self.left


@dataclass(frozen=True)
class VerifyInterrupted:
    """Event: the verify command was interrupted (`what`); rolled back as told, then re-raised."""

    journal_id: str
    what: str
    rollback: Rollback


@dataclass(frozen=True)
class Applied:
    """Written under `journal_id`: `verified` is None without --verify; `commit` with --commit."""

    journal_id: str
    count: int
    recovery: Recovery = field(default_factory=Recovery)
    summary: str = ""
    verify: VerifyStarted | None = None  # set when --verify ran and passed
    commit: CommitResult | None = None

    @property
    def verified(self) -> bool | None:
        return None if self.verify is None else True


@dataclass(frozen=True)
class RolledBack:
    """--verify failed: the command's result and how the rollback went."""

    started: VerifyStarted
    returncode: int | None  # None when it timed out
    timed_out: bool
    tail: tuple[str, ...]  # the last lines of the command's output
    rollback: Rollback

    @property
    def journal_id(self) -> str:
        return self.started.journal_id


Outcome = NothingToDo | DryRun | Refused | Applied | RolledBack
RunEvent = Recovered | VerifyStarted | VerifyInterrupted
