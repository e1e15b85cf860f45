"""Locating the module to split: its project root, module name, text and sibling modules."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from refactorkit.config import Config, find_pyproject
from refactorkit.errors import UserError
from refactorkit.workspace import SourceError, guess_roots, module_name, read_source


class AlreadySplit(UserError):
    """The module is already a package made by a split: nothing to do."""


@dataclass(frozen=True)
class SplitSource:
    """The module file and where it sits in its project."""

    root: Path  # project root (pyproject.toml or .git), where the change set is rooted
    path: Path  # absolute path of the module file
    relpath: str  # posix, relative to root
    module: str | None
    text: str
    encoding: str
    siblings: frozenset[str]  # module names next to it (the new group names must not shadow them)

    @property
    def package_dir(self) -> str:
        """`pkg/models.py` -> `pkg/models`."""
        return self.relpath[: -len(".py")]


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` with a pyproject.toml or .git, else `start`."""
    start = start.resolve()
    pyproject = find_pyproject(start)
    for folder in (start, *start.parents):
        if (folder / ".git").exists() or (pyproject is not None and pyproject.parent == folder):
            return folder
    return start if start.is_dir() else start.parent


def _relative(path: Path) -> str:
    """`path` as the user typed it, relative to the current folder when it is below it."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def locate(path: Path, root: Path | None = None, config: Config | None = None) -> SplitSource:
    """Read the module to split, or explain why it cannot be split."""
    path = path.absolute()
    _refuse_unsplittable(path)
    root = (root or find_root(path.parent)).resolve()
    try:
        rel = path.resolve().relative_to(root).as_posix()
    except ValueError as exc:
        raise UserError(f"{path} is not inside the project root {root}") from exc
    try:
        text, encoding = read_source(path)
    except SourceError as exc:
        raise UserError(f"{path}: {exc}") from exc
    roots = guess_roots(root, (config or Config()).roots)
    return SplitSource(
        root,
        path.resolve(),
        rel,
        module_name(path.resolve(), roots),
        text,
        encoding,
        _sibling_modules(path),
    )


def _refuse_unsplittable(path: Path) -> None:
    """Raise when `path` is no plain module file or its package folder cannot be created."""
    _refuse_package(path)
    if not path.exists() and not path.is_symlink():
        raise UserError(f"{_relative(path)}: no such file")
    if path.suffix != ".py" or not path.is_file():
        raise UserError(f"{_relative(path)}: not a Python module file")
    if path.is_symlink():
        raise UserError(f"{path}: is a symbolic link; split the file it points to")
    if path.with_suffix("").exists():
        raise UserError(f"{path.with_suffix('')} already exists: cannot create the package there")


def _refuse_package(path: Path) -> None:
    """AlreadySplit for a package's `__init__.py`, or a module path that is now a package."""
    package_init = path.with_suffix("") / "__init__.py"
    if path.name == "__init__.py" or (not path.exists() and package_init.exists()):
        init = path if path.name == "__init__.py" else package_init
        shown = _relative(init.parent)
        raise AlreadySplit(
            f"{shown} is already a package ({_relative(init)}): nothing to split (already done?)"
        )


def _sibling_modules(path: Path) -> frozenset[str]:
    """Names of the modules and packages next to `path`."""
    return frozenset(
        p.stem if p.suffix == ".py" else p.name
        for p in path.parent.iterdir()
        if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists())) and p != path
    )
