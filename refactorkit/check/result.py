"""The outcome of one `refactorkit check` run, as plain data for the formatters."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from refactorkit.check.baseline import Judged
from refactorkit.domain import SkippedFile


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
