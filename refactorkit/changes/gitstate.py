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
    for chunk in _chunks(wanted):
        proc = _git(root, "ls-files", "-z", "--full-name", "--", *chunk)
        if proc is None or proc.returncode != 0:
            continue
        for raw in proc.stdout.split(b"\0"):
            rel = _relative(top / os.fsdecode(raw), base) if raw else None
            if rel is not None:
                found.add(rel)
    return found & set(wanted)


def _chunks(paths: list[str], size: int = 500) -> list[list[str]]:
    # Stay far below the OS limit on command-line length, however many files move.
    return [paths[i : i + size] for i in range(0, len(paths), size)]


# The empty path in an index move: ("", new) stages a created file, (old, "") unstages one.
NOWHERE = ""


def creations_to_stage(
    root: Path, created: Iterable[str], sources: Iterable[str]
) -> tuple[str, ...]:
    """Created paths to `git add` with a change: all of them when it rewrites tracked files.

    A refactor that moves, edits or deletes tracked files and creates others (the `__init__.py`
    of a split or of a move's new package, a move-symbol target) belongs in one commit, and
    `git commit -a` ignores untracked files; so created files are staged, as `git mv` stages
    its result. Paths already in the index (deleted from disk only) are left alone, so undo
    can restore the index exactly; nothing is staged when no touched file was tracked.
    """
    created = list(created)
    if not created:
        return ()
    tracked = tracked_among(root, [*sources, *created])
    if not tracked - set(created):
        return ()
    return tuple(path for path in created if path not in tracked)


def index_moves(root: Path, moves: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Record moves in the index (`git rm --cached old` + `git add new`) where old was tracked.

    Returns the moves recorded. The new content is staged as it is on disk, so `git status`
    shows a rename (git detects renames by similarity; it stores no move as such). A move from
    `NOWHERE` stages a created file unless .gitignore excludes it (recorded when it got in);
    a move to `NOWHERE` unstages a file (undo of a created one).
    """
    moves = tuple(moves)
    if not moves or git_toplevel(root) is None:
        return ()
    tracked = tracked_among(root, [old for old, _ in moves if old != NOWHERE])
    unstage = [old for old, _ in moves if old in tracked]
    forced = [new for old, new in moves if old in tracked and new != NOWHERE]
    created = [new for old, new in moves if old == NOWHERE and new != NOWHERE]
    # One call each, however many files: a package move can touch hundreds.
    for chunk in _chunks(unstage):
        _git(root, "rm", "--cached", "-q", "--ignore-unmatch", "--", *chunk)
    for chunk in _chunks(forced):
        _git(root, "add", "-f", "--", *chunk)
    for chunk in _chunks(created):
        # No -f: an ignored file stays out (git then exits 1 but adds the others).
        _git(root, "add", "--", *chunk)
    staged = tracked_among(root, created)
    return tuple(
        (old, new) for old, new in moves if old in tracked or (old == NOWHERE and new in staged)
    )
