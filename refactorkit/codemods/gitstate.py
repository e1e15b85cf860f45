"""The few git facts the runner needs: is the tree dirty, is a file tracked, and index moves."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from pathlib import Path


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes] | None:
    try:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, timeout=60, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None


def git_toplevel(root: Path) -> Path | None:
    """The work tree that holds `root`, or None outside git (or without git installed)."""
    proc = _git(root, "rev-parse", "--show-toplevel")
    if proc is None or proc.returncode != 0:
        return None
    return Path(os.fsdecode(proc.stdout.strip()))


def dirty_paths(root: Path, touched: Iterable[str]) -> tuple[str, ...]:
    """Paths that make the tree too dirty to apply to, relative to `root`.

    Tracked files modified or staged anywhere under `root` count; untracked files count only when
    the change set touches them (then nothing but our journal could bring their bytes back).
    """
    top = git_toplevel(root)
    if top is None:
        return ()
    proc = _git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ".")
    if proc is None or proc.returncode != 0:
        return ()
    wanted = set(touched)
    base = root.resolve()
    dirty: list[str] = []
    entries = proc.stdout.split(b"\0")
    i = 0
    while i < len(entries):
        entry = entries[i]
        i += 1
        if len(entry) < 4:
            continue
        status, raw = entry[:2].decode(), os.fsdecode(entry[3:])
        if status[0] in "RC":
            i += 1  # renames and copies carry their source path as the next entry
        rel = _relative(top / raw, base)
        if rel is None:
            continue
        if status == "??":
            if rel in wanted or any(p.startswith(rel.rstrip("/") + "/") for p in wanted):
                dirty.append(f"{rel} (untracked)")
        elif status != "!!":
            dirty.append(rel)
    return tuple(dirty)


def _relative(path: Path, base: Path) -> str | None:
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return None


def is_tracked(root: Path, rel: str) -> bool:
    """True when `rel` is in the git index."""
    proc = _git(root, "ls-files", "--error-unmatch", "--", rel)
    return proc is not None and proc.returncode == 0


def index_move(root: Path, old: str, new: str) -> bool:
    """Record a move in the index (`git rm --cached old` + `git add new`) when old was tracked.

    Returns True when the index was changed. The new content is staged as it is on disk, so
    `git status` shows a rename (git detects renames by similarity, it stores no move).
    """
    if git_toplevel(root) is None or not is_tracked(root, old):
        return False
    removed = _git(root, "rm", "--cached", "-q", "--ignore-unmatch", "--", old)
    added = _git(root, "add", "--", new)
    return bool(removed and removed.returncode == 0 and added and added.returncode == 0)
