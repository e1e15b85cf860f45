"""The files a reference search reads: everything git would list (or a walk finds), by type."""

from __future__ import annotations

import os
from pathlib import Path

from refactorkit.codemods.retire.model import source_type
from refactorkit.git import run_git

_SKIP_DIRS = frozenset(
    {".git", ".hg", ".venv", "venv", ".tox", ".nox", "node_modules", "__pycache__", "build",
     "dist", "site-packages", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".refactorkit"}
)  # fmt: skip


LISTING_TIMEOUT = 60.0  # seconds for `git ls-files` on a large repository


def _git_listing(root: Path) -> list[str] | None:
    done = run_git(
        root,
        "ls-files",
        "-z",
        "--cached",
        "--others",
        "--exclude-standard",
        timeout=LISTING_TIMEOUT,
    )
    if done is None or done.returncode != 0:
        return None
    return [os.fsdecode(raw) for raw in done.stdout.split(b"\0") if raw]


def _walk(root: Path) -> list[str]:
    found: list[str] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.endswith(".egg-info"))
        rel = Path(folder).relative_to(root)
        found.extend((rel / n).as_posix() for n in names)
    return found


def _wanted(root: Path, rel: str, base: str) -> bool:
    inside = not base or rel == base or rel.startswith(base + "/")
    if not inside or _SKIP_DIRS.intersection(rel.split("/")):
        return False
    path = root / rel
    return path.is_file() and not path.is_symlink()


def searched_files(root: Path, under: Path | None = None) -> list[tuple[str, str]]:
    """(relpath, source type) of every searchable file of the project (or under `under`)."""
    listing = _git_listing(root)
    relpaths = listing if listing is not None else _walk(root)
    base = "" if under is None or under == root else under.relative_to(root).as_posix()
    typed = ((rel, source_type(rel)) for rel in sorted(set(relpaths)))
    return [(rel, kind) for rel, kind in typed if kind is not None and _wanted(root, rel, base)]
