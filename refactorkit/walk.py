"""The discovery walk outside git: Python files under a folder, honouring .gitignore files.

One `os.scandir` per folder and nothing else: the entries' types come with the listing, so
symbolic links and special files are told apart without a `stat` each, paths stay strings
(pathlib's parsing was most of the cost on large trees) and a folder holding `pyvenv.cfg` (a
virtual environment) is dropped when it is listed rather than probed beforehand. Django's
sdist (2,454 folders) took 0.10 s with `os.walk` plus a `stat` or two per folder and file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from refactorkit.excludes import Excludes
from refactorkit.sources import SkippedFile

if TYPE_CHECKING:
    import pathspec

# (folder relative to the project root with a trailing "/", or "", and its .gitignore)
IgnoreFiles = tuple[tuple[str, "pathspec.GitIgnoreSpec"], ...]


class Walked(NamedTuple):
    """A Python file found by the walk: its path relative to the project, its folder and name
    (a named tuple: one is made per project file on every run, a frozen dataclass costs 4x)."""

    rel: str
    folder: str
    name: str

    @property
    def path(self) -> str:
        return os.path.join(self.folder, self.name)


def relpath_of(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def gitignore_spec(folder: str) -> pathspec.GitIgnoreSpec | None:
    try:
        with open(os.path.join(folder, ".gitignore"), encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    import pathspec  # only for trees that have a .gitignore

    return pathspec.GitIgnoreSpec.from_lines(lines)


def ignored(rel: str, ignores: IgnoreFiles) -> bool:
    """Whether git would ignore `rel`: the deepest .gitignore with a matching rule decides."""
    for prefix, ignore in reversed(ignores):
        if rel.startswith(prefix):
            include = ignore.check_file(rel[len(prefix) :]).include
            if include is not None:
                return include
    return False


class Seen(NamedTuple):
    """What a walk looked at, for `walk_memo`: every folder it listed (or failed to), every
    .gitignore it read or looked for, and every symbolic link it met (the folder's listing
    does not change when a link's target does)."""

    folders: list[str]
    gitignores: list[str]
    links: list[str]


def walk(
    root: Path,
    project_root: Path,
    spec: Excludes,
    skipped: list[SkippedFile],
    seen: Seen | None = None,
) -> Iterator[Walked]:
    """The regular `.py` files under `root` that no exclude or .gitignore drops.

    Symbolic links are never followed: linked folders and files are listed in `skipped`, as
    are special files named `*.py` and folders that cannot be read. `seen` collects what
    the walk looked at.
    """
    seen = seen or Seen([], [], [])
    root_str = str(root)
    ignores = ancestor_ignores(root, project_root, seen.gitignores)
    stack = [(root_str, _prefix_of(root, project_root), ignores)]
    while stack:
        dirpath, prefix, ignores = stack.pop()
        seen.folders.append(dirpath)
        listing = _listing(dirpath, prefix, skipped)
        if listing is None or (dirpath != root_str and listing.virtual_env):
            continue  # unreadable, or a virtual environment
        seen.links.extend(os.path.join(dirpath, name) for name in listing.links)
        if listing.gitignore and dirpath != root_str:
            seen.gitignores.append(os.path.join(dirpath, ".gitignore"))
            ignores = _with_own_gitignore(dirpath, prefix, ignores)
        for name in _folders_to_enter(listing, prefix, spec, ignores, skipped):
            stack.append((os.path.join(dirpath, name), prefix + name + "/", ignores))
        yield from _python_files(dirpath, listing.files, prefix, spec, ignores, skipped)


def _prefix_of(folder: Path, project_root: Path) -> str:
    """`folder` relative to the project root, with a trailing "/" ("" for the root)."""
    return relpath_of(folder, project_root) + "/" if folder != project_root else ""


def _folders_to_enter(
    listing: Listing, prefix: str, spec: Excludes, ignores: IgnoreFiles, skipped: list[SkippedFile]
) -> Iterator[str]:
    """The subfolders to walk: not excluded or ignored, not a symlink (those are reported)."""
    for name, is_link in listing.folders:
        rel = prefix + name + "/"
        if spec.folder(rel, name) or ignored(rel, ignores):
            continue
        if is_link:
            skipped.append(SkippedFile(rel[:-1], "symbolic link to a folder (not followed)"))
        else:
            yield name


class Listing(NamedTuple):
    """What the walk needs of one folder: its subfolders (name, is a symlink), its `.py`
    names (name, kind: "file", "link" or "special") and two marker files."""

    folders: tuple[tuple[str, bool], ...]
    files: tuple[tuple[str, str], ...]
    gitignore: bool
    virtual_env: bool  # holds pyvenv.cfg
    links: tuple[str, ...]  # every symbolic link in it, whatever it points to


def _listing(dirpath: str, prefix: str, skipped: list[SkippedFile]) -> Listing | None:
    """One folder's listing, or None when it cannot be listed."""
    try:
        with os.scandir(dirpath) as scan:
            entries = list(scan)
    except OSError as error:
        where = prefix[:-1] or "."
        skipped.append(SkippedFile(where, f"unreadable folder: {error.strerror or error}"))
        return None
    folders, files, names = [], [], set()
    for entry in entries:
        names.add(entry.name)
        if _is_folder(entry):
            folders.append((entry.name, entry.is_symlink()))
        elif entry.name.endswith(".py"):
            files.append((entry.name, _kind(entry)))
    links = tuple(entry.name for entry in entries if entry.is_symlink())
    marks = (".gitignore" in names, "pyvenv.cfg" in names)
    return Listing(tuple(folders), tuple(files), *marks, links)


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows links, as os.walk does: linked folders are reported
    except OSError:
        return False


def _kind(entry: os.DirEntry[str]) -> str:
    if entry.is_symlink():
        return "link"
    try:
        return "file" if entry.is_file(follow_symlinks=False) else "special"
    except OSError:
        return "special"


def _python_files(
    folder: str,
    files: tuple[tuple[str, str], ...],
    prefix: str,
    spec: Excludes,
    ignores: IgnoreFiles,
    skipped: list[SkippedFile],
) -> Iterator[Walked]:
    for name, kind in files:
        rel = prefix + name
        if spec.walked_file(rel) or ignored(rel, ignores):
            continue
        if kind == "link":
            skipped.append(SkippedFile(rel, "symbolic link (not followed)"))
        elif kind == "special":
            skipped.append(SkippedFile(rel, "not a regular file"))  # a FIFO would block
        else:
            yield Walked(rel, folder, name)


def _with_own_gitignore(dirpath: str, prefix: str, ignores: IgnoreFiles) -> IgnoreFiles:
    own = gitignore_spec(dirpath)
    return (*ignores, (prefix, own)) if own is not None else ignores


def ancestor_ignores(
    root: Path, project_root: Path, looked_at: list[str] | None = None
) -> IgnoreFiles:
    """The .gitignore files from the project root down to `root`, as git would apply them;
    `looked_at` collects the paths looked for."""
    folders = [root]
    if project_root in root.parents:
        parents = reversed(root.relative_to(project_root).parents)  # ".", "a", ... "a/b/c"
        folders = [*(project_root / p for p in parents), root]
    found = []
    for folder in folders:
        if looked_at is not None:
            looked_at.append(os.path.join(folder, ".gitignore"))
        ignore = gitignore_spec(str(folder))
        if ignore is not None:
            prefix = relpath_of(folder, project_root)
            found.append(("" if prefix == "." else prefix + "/", ignore))
    return tuple(found)
