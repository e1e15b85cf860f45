"""Git churn: how many commits touched each file in the last N days, from one `git log` call.

The call starts right after discovery and runs while the files are measured.
"""

from __future__ import annotations

import subprocess
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from refactorkit.git import git_argv, may_be_in_git


@dataclass(frozen=True)
class Churn:
    """Commits per file (posix path relative to the analyzed root) within `since_days`."""

    since_days: int
    commits: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)
    total_commits: int = 0

    def of(self, relpath: str) -> int:
        return self.commits.get(relpath, 0)


def parse_log(output: str) -> tuple[dict[str, int], int]:
    """Count files in `git log --name-only --format=%x00` output; also count the commits.

    Each commit starts with a NUL marker line, then lists the files it touched. A file
    listed twice in one commit (it cannot be, but be safe) still counts once.
    """
    counts: Counter[str] = Counter()
    commits = 0
    seen: set[str] = set()
    for line in output.splitlines():
        if line == "\x00":
            commits += 1
            seen = set()
            continue
        name = line.strip()
        if name and name not in seen:
            seen.add(name)
            counts[name] += 1
    return dict(counts), commits


def git_log_command(since_days: int) -> list[str]:
    """The one `git log` call that gives every file touched in the window."""
    return git_argv(
        "log",
        f"--since={since_days}.days.ago",
        "--no-renames",
        "--name-only",
        "--format=%x00",
        # --relative: paths relative to `root` (cwd), and only the files under it.
        "--relative",
        "--",
        ".",
    )


class PendingChurn:
    """A `git log` running in the background while the files are measured.

    Its output goes to an unnamed temporary file, not a pipe, so git never blocks on a full
    pipe while we are busy; `result()` waits for it and parses.
    """

    def __init__(self, root: Path, since_days: int, timeout: float = 60.0) -> None:
        self._since_days = since_days
        self._timeout = timeout
        self._output: IO[bytes] | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._result: Churn | None = None
        if since_days <= 0 or not may_be_in_git(root):
            return
        import tempfile  # with shutil, random and more: only for a tree inside git

        try:
            self._output = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
            self._process = subprocess.Popen(
                git_log_command(since_days),
                cwd=root,
                stdin=subprocess.DEVNULL,
                stdout=self._output,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            self.close()  # no git: churn is optional

    def result(self) -> Churn | None:
        """The churn, or None when not in a git work tree (or git is missing or too slow);
        the same answer when asked again."""
        process, output = self._process, self._output
        if process is None or output is None:
            return self._result
        try:
            code = process.wait(self._timeout)
            output.seek(0)
            data = output.read()
        except (OSError, subprocess.TimeoutExpired):
            return None
        finally:
            self.close()
        if code != 0:
            return None  # "not a git repository", or a repository without commits yet
        counts, commits = parse_log(data.decode("utf-8", errors="replace"))
        self._result = Churn(since_days=self._since_days, commits=counts, total_commits=commits)
        return self._result

    def close(self) -> None:
        """Stop git if it still runs and drop its output; safe to call twice."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._process = None
        if self._output is not None:
            self._output.close()
            self._output = None


def git_churn(root: Path, since_days: int, timeout: float = 60.0) -> Churn | None:
    """Churn of the files under `root`, or None when `root` is not in a git work tree."""
    return PendingChurn(root, since_days, timeout).result()
