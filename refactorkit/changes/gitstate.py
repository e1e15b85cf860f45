"""The few git facts the runner needs: is the tree dirty, is a file tracked (see `gitindex`)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from pathlib import Path


class GitError(OSError):
    """A git command whose success the runner relies on failed (never swallowed)."""


def run_git(
    root: Path, *args: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes] | None:
    """git with literal pathspecs, output captured; None when git cannot run at all."""
    try:
        # Literal pathspecs: a file named `*.py` or `:x` is that file, not a pattern.
        return subprocess.run(
            ["git", "--literal-pathspecs", *args],
            cwd=root,
            input=stdin,
            capture_output=True,
            timeout=300,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None


def git_must(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run git and return its stdout; any failure raises GitError with git's own words."""
    proc = run_git(root, *args, stdin=stdin)
    if proc is None:
        raise GitError(f"cannot run `git {args[0]}`")
    if proc.returncode != 0:
        said = (proc.stderr or proc.stdout).decode("utf-8", errors="replace").strip()
        last = said.splitlines()[-1] if said else f"exit status {proc.returncode}"
        raise GitError(f"`git {args[0]}` failed: {last}")
    return proc.stdout


def git_toplevel(root: Path) -> Path | None:
    """The work tree that holds `root`, or None outside git (or without git installed)."""
    proc = run_git(root, "rev-parse", "--show-toplevel")
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
