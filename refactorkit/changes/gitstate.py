"""The few git facts the runner needs: is the tree dirty, is a file tracked (see `gitindex`).

git itself runs through `refactorkit.git` (re-exported here for the runner's modules)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from refactorkit.git import GitError, git_must, git_toplevel, run_git

__all__ = ["GitError", "git_must", "git_toplevel", "run_git"]


def dirty_paths(root: Path, touched: Iterable[str]) -> tuple[str, ...]:
    """Paths that make the tree too dirty to apply to, relative to `root`.

    Tracked files modified or staged anywhere under `root` count; untracked files count only when
    the change set touches them (then nothing but our journal could bring their bytes back).
    """
    top = git_toplevel(root)
    if top is None:
        return ()
    out = git_must(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ".")
    wanted = set(touched)
    base = root.resolve()
    dirty: list[str] = []
    for status, raw in _status_entries(out):
        rel = _relative(top / raw, base)
        if rel is None:
            continue
        if status == "??":
            if rel in wanted or any(p.startswith(rel.rstrip("/") + "/") for p in wanted):
                dirty.append(f"{rel} (untracked)")
        elif status != "!!":
            dirty.append(rel)
    return tuple(dirty)


def _status_entries(out: bytes) -> list[tuple[str, str]]:
    """(XY status, path) of `git status --porcelain=v1 -z` output."""
    found = []
    entries = out.split(b"\0")
    i = 0
    while i < len(entries):
        entry = entries[i]
        i += 1
        if len(entry) < 4:
            continue
        status = entry[:2].decode()
        if status[0] in "RC":
            i += 1  # renames and copies carry their source path as the next entry
        found.append((status, os.fsdecode(entry[3:])))
    return found


def tracked_under(root: Path, folder: str) -> list[str]:
    """Files under `folder` (relative to root) that the git index holds; [] outside git."""
    if git_toplevel(root) is None:
        return []
    return [
        os.fsdecode(raw)
        for raw in git_must(root, "ls-files", "-z", "--", folder).split(b"\0")
        if raw
    ]


def _relative(path: Path, base: Path) -> str | None:
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return None


def tracked_among(root: Path, paths: Iterable[str]) -> set[str]:
    """The subset of `paths` (relative to root) that are in the git index."""
    wanted = list(paths)
    if not wanted:
        return set()
    top = git_toplevel(root)
    if top is None:
        return set()
    base = root.resolve()
    found = set()
    for chunk in chunks(wanted):
        for raw in git_must(root, "ls-files", "-z", "--full-name", "--", *chunk).split(b"\0"):
            rel = _relative(top / os.fsdecode(raw), base) if raw else None
            if rel is not None:
                found.add(rel)
    return found & set(wanted)


def chunks(paths: list[str], size: int = 500) -> list[list[str]]:
    # Stay far below the OS limit on command-line length, however many files move.
    return [paths[i : i + size] for i in range(0, len(paths), size)]
