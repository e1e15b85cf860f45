"""The outcome of one `refactorkit check` run, as plain data for the formatters.

`Judged` lives here, not with the baseline code: a run without a baseline (pre-commit) then
never imports that (nor its JSON).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from refactorkit.domain import Finding, SkippedFile


@dataclass(frozen=True)
class Judged:
    """A current violation measured against the baseline: "new", "worse" or "known"."""

    finding: Finding
    status: str
    recorded: float | None = None  # the baseline's value for "worse" and "known"

    @property
    def fails(self) -> bool:
        return self.status != "known"


@dataclass(frozen=True)
class CheckResult:
    """Violations judged against the baseline (all "new" without one), and how the run went."""

    root: Path
    files_checked: int
    judged: tuple[Judged, ...]
    skipped: tuple[SkippedFile, ...] = ()
    baseline: str | None = None  # the baseline file used, if any
    elapsed: float = 0.0

    @property
    def failing(self) -> tuple[Judged, ...]:
        return tuple(j for j in self.judged if j.fails)

    @property
    def known(self) -> int:
        return sum(1 for j in self.judged if not j.fails)

    @property
    def exit_code(self) -> int:
        return 1 if self.failing else 0
