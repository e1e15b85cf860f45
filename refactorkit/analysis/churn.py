"""Git churn: how many commits touched each file in the last N days, from one `git log` call."""

from __future__ import annotations

import subprocess
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


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


def git_churn(root: Path, since_days: int, timeout: float = 60.0) -> Churn | None:
    """Churn of the files under `root`, or None when `root` is not in a git work tree."""
    if since_days <= 0:
        return None
    command = [
        "git",
        # Paths come back as-is, not C-quoted, so non-ASCII names match discovery's relpaths.
        "-c",
        "core.quotepath=off",
        "log",
        f"--since={since_days}.days.ago",
        "--no-renames",
        "--name-only",
        "--format=%x00",
        # --relative: paths relative to `root` (cwd), and only the files under it.
        "--relative",
        "--",
        ".",
    ]
    try:
        result = subprocess.run(
            command, cwd=root, capture_output=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None  # no git, or a repository too slow to ask: churn is optional
    if result.returncode != 0:
        return None  # "not a git repository", or a repository without commits yet
    counts, commits = parse_log(result.stdout.decode("utf-8", errors="replace"))
    return Churn(since_days=since_days, commits=counts, total_commits=commits)
