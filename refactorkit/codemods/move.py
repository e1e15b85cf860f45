"""`refactorkit move OLD NEW`: rename or move a module or package, rewriting every reference.

`plan_move` is pure planning: it reads the tree and returns a ChangeSet (files moved with their
rewritten text, importers modified, config files updated, shims and missing `__init__.py`
created); the shared runner shows it or applies it, with git recording the moves.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from refactorkit.codemods.config_refs import (
    PathMove,
    doc_file_notes,
    project_files,
    rewrite_config_files,
)
from refactorkit.codemods.references import ModuleMove, rewrite_references, unreadable
from refactorkit.codemods.refs.locate import (
    ModuleLocation,
    locate_existing,
    locate_new,
    looks_like_path,
)
from refactorkit.codemods.refs.model import is_under
from refactorkit.codemods.shims import module_shim_source, package_shim_source
from refactorkit.config import Config, distribution_name, public_module
from refactorkit.domain import (
    ChangeSet,
    CreateFile,
    FileChange,
    ModifyFile,
    MoveFile,
    Progress,
    SkippedFile,
    SourceFile,
    given_text,
    planned_text,
)
from refactorkit.errors import UserError
from refactorkit.workspace import Discovery, SourceError, discover, module_name, read_source

_SKIP_DIRS = {"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache"}
# Module names that frameworks import by convention, never through an import statement.
_CONVENTIONAL = {
    "admin": "Django's admin autodiscovery imports <app>.admin",
    "models": "Django loads <app>.models for every installed app",
    "apps": "Django reads AppConfig classes from <app>.apps",
    "migrations": "Django finds <app>.migrations by name",
    "templatetags": "Django finds template tag libraries in <app>.templatetags",
    "management": "Django finds commands in <app>.management.commands",
    "conftest": "pytest loads conftest.py files by name",
    "__main__": "python -m runs <package>.__main__",
}


@dataclass(frozen=True)
class MoveOptions:
    """--shim/--until/--skip-unparsable."""

    shim: bool = False
    until: str | None = None
    skip_unparsable: bool = False
    progress: Progress | None = field(default=None, compare=False)  # see domain.Progress


@dataclass(frozen=True)
class _FileMove:
    old_rel: str
    new_rel: str
    old_module: str | None  # dotted names, for shims of .py files
    new_module: str | None


def plan_move(
    root: Path,
    old_arg: str,
    new_arg: str,
    options: MoveOptions | None = None,
    *,
    config: Config | None = None,
    cwd: Path | None = None,
) -> ChangeSet:
    """Plan moving module/package OLD to NEW; raises UserError on bad input (nothing written)."""
    options = options or MoveOptions()
    cwd = cwd or Path.cwd()
    found = discover(root, config)
    done = _already_moved(old_arg, new_arg, found, cwd)
    if done is not None:
        return ChangeSet(found.root, done, ())
    old = locate_existing(old_arg, found, cwd)
    new = locate_new(new_arg, old, found, cwd)
    _check_target(old, new, found)
    move = ModuleMove(old.name, new.name)
    moves = _file_moves(old, new, found.root)
    files = (*found.files, *stub_files(found))
    refs = rewrite_references(found.root, files, module_moves=[move], progress=options.progress)
    unparsable = (*refs.unparsable, *unreadable(found.skipped))
    _refuse_unparsable(unparsable, old.name, options)
    config_rewrite = rewrite_config_files(found.root, [move], _path_moves(old, new, found.root))
    modified = {c.path: c for c in refs.changes}
    changes: list[FileChange] = []
    for file_move in moves:
        changes.extend(
            _move_changes(found.root, file_move, modified.pop(file_move.old_rel, None), options)
        )
    changes.extend(_parent_inits(old, new, found.root))
    changes.extend(modified.values())
    changes.extend(config_rewrite.changes)
    warnings = [*refs.review, *config_rewrite.review, *_convention_warnings(old.name, new.name)]
    warnings += [f"review: {note}" for note in doc_file_notes(found.root, [move])]
    warnings += _public_api_warnings(found.root, old.name, options)
    warnings.extend(f"{s.relpath}: not rewritten ({s.reason})" for s in unparsable)
    where = f"{_rel(old.path, found.root)} to {_rel(new.path, found.root)}"
    summary = (
        f"{len(moves)} file(s) moved from {where}",
        f"references rewritten in {len(refs.changes) + len(config_rewrite.changes)} file(s)",
    )
    return ChangeSet(
        found.root,
        f"move {old.name} -> {new.name}",
        tuple(changes),
        warnings=tuple(warnings),
        summary=summary,
        codemod="move",
    )


def _public_api_warnings(root: Path, old: str, options: MoveOptions) -> list[str]:
    dist = distribution_name(root)
    if options.shim or not dist or not public_module(old):
        return []
    return [
        f"{old} is public API of the distribution {dist} ([project] in pyproject.toml): "
        "other distributions that import it break when it moves; --shim keeps the old path "
        "working with a DeprecationWarning"
    ]


def stub_files(found: Discovery) -> list[SourceFile]:
    """The project's PEP 561 stubs (`.pyi`): their imports name modules too."""
    return [
        SourceFile(p, _rel(p, found.root), module_name(p, found.roots), p.name == "__init__.pyi")
        for p in project_files(found.root, (".pyi",))
    ]


def _convention_warnings(old: str, new: str) -> list[str]:
    """Moving or renaming a module that a framework finds by its name breaks that lookup."""
    last = old.rpartition(".")[2]
    why = _CONVENTIONAL.get(last)
    if why is None or (new.rpartition(".")[2] == last and old.count(".") == new.count(".")):
        return []
    return [f"{old}: {why}; nothing imports it by that path once it is {new}"]


def _already_moved(old_arg: str, new_arg: str, found: Discovery, cwd: Path) -> str | None:
    """A second run of the same move is a no-op with a clear message."""
    if looks_like_path(old_arg):
        return None
    try:
        locate_existing(old_arg, found, cwd)
    except UserError:
        try:
            new = locate_existing(new_arg, found, cwd)
        except UserError:
            return None
        return f"{old_arg} is already at {new.name}"
    return None


def _check_target(old: ModuleLocation, new: ModuleLocation, found: Discovery) -> None:
    if new.name == old.name:
        raise UserError(f"{old.name}: OLD and NEW are the same module")
    if is_under(new.name, old.name):
        raise UserError(f"{new.name} is inside {old.name}: a module cannot move into itself")
    base = new.root.joinpath(*new.name.split("."))
    for candidate in (base, base.with_suffix(".py")):
        if candidate.exists():
            raise UserError(f"{new.name} already exists ({_rel(candidate, found.root)})")
    for parent in new.path.parents:
        if parent == new.root or new.root not in parent.parents:
            break
        if parent.with_suffix(".py").is_file():
            raise UserError(
                f"{_rel(parent.with_suffix('.py'), found.root)} is a module, not a package"
            )


def _file_moves(old: ModuleLocation, new: ModuleLocation, root: Path) -> list[_FileMove]:
    if not old.is_package:
        return _module_moves(old, new, root)
    moves = []

    def unreadable(error: OSError) -> None:
        # A folder left behind would split the package in two: refuse instead.
        raise UserError(
            f"{error.filename}: cannot read this folder ({error.strerror}); nothing moved"
        )

    for dirpath, dirnames, filenames in os.walk(old.path, onerror=unreadable):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS)
        for filename in sorted(filenames):
            path = Path(dirpath) / filename
            if path.suffix not in (".pyc", ".pyo") and not path.is_symlink():
                moves.append(_package_file_move(path, old, new, root))
    return moves


def _package_file_move(
    path: Path, old: ModuleLocation, new: ModuleLocation, root: Path
) -> _FileMove:
    """One file of a moved package, with its module names before and after (None for data)."""
    inner = path.relative_to(old.path)
    old_module = new_module = None
    if path.suffix == ".py":
        parts = list(inner.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        old_module = ".".join([old.name, *parts])
        new_module = ".".join([new.name, *parts])
    return _FileMove(_rel(path, root), _rel(new.path / inner, root), old_module, new_module)


def _module_moves(old: ModuleLocation, new: ModuleLocation, root: Path) -> list[_FileMove]:
    """A module file, and its PEP 561 stub beside it when there is one."""
    moves = [_FileMove(_rel(old.path, root), _rel(new.path, root), old.name, new.name)]
    stub = old.path.with_suffix(".pyi")
    if stub.is_file():
        new_stub = _rel(new.path.with_suffix(".pyi"), root)
        moves.append(_FileMove(_rel(stub, root), new_stub, None, None))
    return moves


def _move_changes(
    root: Path, move: _FileMove, modified: FileChange | None, options: MoveOptions
) -> list[FileChange]:
    new_text = given_text(modified) if modified else None
    if not options.shim or move.old_module is None or move.new_module is None:
        return [MoveFile(move.old_rel, move.new_rel, new_text=new_text)]
    # With a shim the old path stays (as the shim) and the new file is created beside it.
    try:
        old_text = planned_text(modified) if modified else read_source(root / move.old_rel)[0]
    except SourceError as exc:
        raise UserError(f"{move.old_rel}: {exc}") from exc
    assert old_text is not None
    is_init = move.old_rel.endswith("__init__.py")
    make = package_shim_source if is_init else module_shim_source
    shim = make(move.old_module, move.new_module, options.until)
    return [
        CreateFile(move.new_rel, new_text=new_text if new_text is not None else old_text),
        ModifyFile(move.old_rel, new_text=shim, old_text=old_text),
    ]


def _parent_inits(old: ModuleLocation, new: ModuleLocation, root: Path) -> list[FileChange]:
    """`__init__.py` for the new folders NEW needs, when OLD's tree uses regular packages."""
    if not (old.path.parent / "__init__.py").is_file():
        return []
    created = []
    for parent in new.path.parents:
        if parent == new.root or new.root not in parent.parents or parent.exists():
            break
        created.append(CreateFile(_rel(parent / "__init__.py", root), new_text=""))
    return list(reversed(created))


def _path_moves(old: ModuleLocation, new: ModuleLocation, root: Path) -> list[PathMove]:
    moves = [PathMove(_rel(old.path, root), _rel(new.path, root))]
    inner_old, inner_new = _rel(old.path, old.root), _rel(new.path, new.root)
    if inner_old != moves[0].old:
        moves.append(PathMove(inner_old, inner_new))
    return moves


def _refuse_unparsable(skipped: tuple[SkippedFile, ...], old: str, options: MoveOptions) -> None:
    if skipped and not options.skip_unparsable:
        listed = "; ".join(f"{s.relpath} ({s.reason})" for s in skipped)
        raise UserError(
            f"refusing to move {old}: these files may reference it but cannot be read or parsed: "
            f"{listed}. "
            "Fix them, or pass --skip-unparsable to leave them unchanged."
        )


def _rel(path: Path, root: Path) -> str:
    try:
        return path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        return path.as_posix()
