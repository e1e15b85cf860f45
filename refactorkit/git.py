"""The one way refactorkit runs git: argv built here, output captured, never a shell.

Every git call (the runner's tree checks and index steps, discovery's file list, compare's
checkouts, churn's log) goes through `git_argv` and `run_git`, so options that must always
be there (literal pathspecs where paths are ours, no pager, no C-quoted names) are set once.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path


class GitError(OSError):
    """A git command whose success the caller relies on failed (never swallowed)."""


def git_argv(*args: str, literal: bool = True) -> list[str]:
    """`git ...` with paths taken literally (a file named `*.py` or `:x` is that file) unless
    the caller passes a pattern on purpose, and names never C-quoted (non-ASCII paths match
    discovery's relpaths)."""
    return [
        "git",
        *(["--literal-pathspecs"] if literal else []),
        "-c",
        "core.quotepath=off",
        *args,
    ]


def run_git(
    root: Path,
    *args: str,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
    literal: bool = True,
    timeout: float = 300,
) -> subprocess.CompletedProcess[bytes] | None:
    """git in `root`, output captured; None when git cannot run at all (not installed,
    timed out). `env` entries are added to the environment."""
    try:
        return subprocess.run(
            git_argv(*args, literal=literal),
            cwd=root,
            input=stdin,
            env=None if env is None else {**os.environ, **env},
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None


def git_must(root: Path, *args: str, stdin: bytes | None = None, **kwargs: object) -> bytes:
    """Run git and return its stdout; any failure raises GitError with git's own words."""
    proc = run_git(root, *args, stdin=stdin, **kwargs)  # type: ignore[arg-type]
    if proc is None:
        raise GitError(f"cannot run `git {args[0]}`")
    if proc.returncode != 0:
        said = (proc.stderr or proc.stdout).decode("utf-8", errors="replace").strip()
        last = said.splitlines()[-1] if said else f"exit status {proc.returncode}"
        raise GitError(f"`git {args[0]}` failed: {last}")
    return proc.stdout


def may_be_in_git(root: Path) -> bool:
    """False only when git surely sees no work tree at `root`: no `.git` (folder or file) in
    it or any folder above, and no GIT_DIR / GIT_WORK_TREE in the environment. Spares the
    warm path of a tree outside git two processes (discovery's listing, churn's log)."""
    if os.environ.get("GIT_DIR") or os.environ.get("GIT_WORK_TREE"):
        return True
    return any(os.path.lexists(os.path.join(folder, ".git")) for folder in (root, *root.parents))


def git_toplevel(root: Path) -> Path | None:
    """The work tree that holds `root`, or None outside git (or without git installed)."""
    proc = run_git(root, "rev-parse", "--show-toplevel")
    if proc is None or proc.returncode != 0:
        return None
    return Path(os.fsdecode(proc.stdout.strip()))
