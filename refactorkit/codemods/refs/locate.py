"""Turning a user's OLD/NEW argument (dotted name or path) into a module and its files."""

from __future__ import annotations

import keyword
import os
from dataclasses import dataclass
from pathlib import Path

from refactorkit.errors import UserError
from refactorkit.workspace import Discovery, module_name


@dataclass(frozen=True)
class ModuleLocation:
    """Where a module lives, or would live: `path` is `x.py` or a package folder."""

    name: str
    root: Path  # the importable root it is under
    path: Path
    is_package: bool

    def exists(self) -> bool:
        return self.path.exists()


def looks_like_path(arg: str) -> bool:
    return "/" in arg or os.sep in arg or arg.endswith(".py")


def check_dotted(name: str, what: str) -> None:
    """Refuse names that Python cannot import."""
    parts = name.split(".")
    bad = [part for part in parts if not part.isidentifier()]
    if not name or bad:
        raise UserError(f"{what} {name!r} is not a dotted module name ({bad[0]!r} is not valid)")
    keywords = [part for part in parts if keyword.iskeyword(part)]
    if keywords:
        raise UserError(f"{what} {name!r}: {keywords[0]!r} is a Python keyword")


def locate_existing(arg: str, found: Discovery, cwd: Path) -> ModuleLocation:
    """The module OLD names; refused with a clear message when it does not exist."""
    if looks_like_path(arg):
        path = _as_path(arg, found.root, cwd)
        if path.name == "__init__.py":
            path = path.parent
        if not path.exists():
            raise UserError(f"{arg}: no such file or folder")
        name = _module_of_path(path, found, arg)
        return ModuleLocation(name, _root_of(path, found), path, path.is_dir())
    check_dotted(arg, "OLD")
    for root in found.roots:
        base = root.joinpath(*arg.split("."))
        if base.is_dir():
            return ModuleLocation(arg, root, base, True)
        if base.with_suffix(".py").is_file():
            return ModuleLocation(arg, root, base.with_suffix(".py"), False)
    raise UserError(f"{arg}: no such module under {', '.join(str(r) for r in found.roots)}")


def locate_new(arg: str, old: ModuleLocation, found: Discovery, cwd: Path) -> ModuleLocation:
    """Where NEW goes: beside OLD's import root for a dotted name, else the given path."""
    if looks_like_path(arg):
        path = _as_path(arg, found.root, cwd)
        root = found.root.resolve()
        if root not in path.resolve().parents:  # before anything else: `/` has no name
            raise UserError(f"{arg}: the target is outside the project ({root})")
        if path.name == "__init__.py":
            path = path.parent
        if path.suffix == ".py" and old.is_package:
            raise UserError(f"{arg}: a package moves to a folder, not to a .py file")
        if path.suffix != ".py" and not old.is_package:
            path = path.with_suffix(".py")
        name = _module_of_path(path, found, arg)
        return ModuleLocation(name, _root_of(path, found), path, old.is_package)
    check_dotted(arg, "NEW")
    base = old.root.joinpath(*arg.split("."))
    path = base if old.is_package else base.with_suffix(".py")
    return ModuleLocation(arg, old.root, path, old.is_package)


def _as_path(arg: str, root: Path, cwd: Path) -> Path:
    given = Path(arg)
    if given.is_absolute():
        return given
    first = (cwd / given).absolute()
    return first if first.exists() or not (root / given).exists() else (root / given).absolute()


def _module_of_path(path: Path, found: Discovery, arg: str) -> str:
    probe = path / "__init__.py" if path.suffix != ".py" else path
    name = module_name(probe.absolute(), tuple(r.absolute() for r in found.roots))
    if name is None:
        raise UserError(f"{arg}: not an importable module path (every part must be an identifier)")
    check_dotted(name, "module")
    return name


def _root_of(path: Path, found: Discovery) -> Path:
    for root in sorted(found.roots, key=lambda r: len(r.parts), reverse=True):
        if root.absolute() in path.absolute().parents:
            return root
    return found.root
