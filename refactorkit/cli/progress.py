"""Progress of a codemod on stderr: files scanned, then how many get rewritten.

The codemods call a `domain.Progress` callback (`progress(stage, done, total)`); this is the
one the CLI passes in. Like `analyze`'s bar it shows only on a terminal and only once the
run has taken a second, so short runs and piped output stay quiet.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import Any, TextIO

import click

_LABELS = {"scan": "Scanning files"}


class CodemodProgress:
    """A `domain.Progress` that draws a bar per stage on stderr (a terminal only)."""

    def __init__(
        self, delay: float = 1.0, enabled: bool | None = None, stream: TextIO | None = None
    ) -> None:
        self._stream = stream or sys.stderr
        self._delay = delay
        self._enabled = self._stream.isatty() if enabled is None else enabled
        self._started = time.monotonic()
        self._bar: Any = None
        self._stage = ""
        self._shown = 0
        self._seen = 0
        self.lines: list[str] = []  # what was printed besides the bar (tests read it)

    def __enter__(self) -> CodemodProgress:
        return self

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self._enabled:
            return
        if stage == "rewritten":
            self._close()
            if self._seen:
                self._say(f"scanned {total:,} files; {done:,} to rewrite")
            return
        if stage != self._stage:
            self._close()
            self._stage = stage
        if self._bar is None and time.monotonic() - self._started < self._delay:
            return
        if self._bar is None:
            label = _LABELS.get(stage, stage)
            self._bar = click.progressbar(length=total, label=label, file=self._stream)
            self._bar.__enter__()
            self._shown = 0
        self._bar.update(done - self._shown)
        self._shown = done
        self._seen = max(self._seen, done)

    def _say(self, line: str) -> None:
        self.lines.append(line)
        click.echo(line, file=self._stream)

    def _close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._close()
