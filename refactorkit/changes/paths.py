"""Which relative paths the runner may write, delete or restore: inside the root, never elsewhere.

One rule for the paths a codemod plans and for the paths a journal manifest names (a journal
may arrive with a clone or a tarball, so nothing in it is trusted): posix, relative, no `..`,
`.` or empty part, no backslash or NUL, never inside a `.git` folder (hooks run code) or the
journal itself, and, checked on disk just before acting, never through a symbolic link.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

STORE_DIR = ".refactorkit"


def unsafe_path(rel: object) -> str | None:
    """Why `rel` is not a plain path below the root, or None when it is one."""
    if not isinstance(rel, str) or not rel:
        return "not a path"
    if not _plain_relative(rel):
        return "paths must be relative to the project root, without '..'"
    parts = rel.split("/")
    if any(part.lower() == ".git" for part in parts):
        return "refactorkit never writes inside .git/"
    if parts[0] == STORE_DIR:
        return f"refactorkit never writes inside {STORE_DIR}/"
    return None


def _plain_relative(rel: str) -> bool:
    if "\\" in rel or "\0" in rel or PurePosixPath(rel).is_absolute():
        return False
    # `C:x` is relative on posix but names another drive on Windows.
    if len(rel) >= 2 and rel[1] == ":" and rel[0].isalpha():
        return False
    return all(part not in ("", ".", "..") for part in rel.split("/"))


def linked_parent(root: Path, rel: str) -> str | None:
    """The first folder on the way from `root` to `rel` that is a symbolic link, if any."""
    for parent in reversed(PurePosixPath(rel).parents):
        if str(parent) != "." and (root / parent).is_symlink():
            return str(parent)
    return None


def writable_problem(root: Path, rel: str) -> str | None:
    """Why writing or removing `rel` now could land outside the project, or None."""
    reason = unsafe_path(rel)
    if reason is not None:
        return f"{rel!r}: {reason}"
    linked = linked_parent(root, rel)
    if linked is not None:
        return f"{rel}: {linked} is a symbolic link; refusing to write through it"
    return None
