"""Finding the modules of a move-symbol: the source, and the target (maybe created)."""

from __future__ import annotations

import keyword
from pathlib import Path

import libcst as cst

from refactorkit.codemods.move_symbol_text import ModuleText
from refactorkit.codemods.newlines import newline_of, to_lf
from refactorkit.codemods.refs.locate import ModuleLocation, check_dotted, locate_existing
from refactorkit.errors import UserError
from refactorkit.workspace import Discovery, SourceError, read_source


def split_arg(arg: str, *, required: bool) -> tuple[str, str | None]:
    module, colon, name = arg.partition(":")
    check_dotted(module, "module")
    if required and not colon:
        raise UserError(f"{arg}: expected PKG.MOD:NAME")
    if colon and (not name.isidentifier() or keyword.iskeyword(name)):
        raise UserError(f"{arg}: {name!r} is not a valid identifier")
    return module, name or None


def module_of(found: Discovery, location: ModuleLocation) -> ModuleText:
    path = location.path / "__init__.py" if location.is_package else location.path
    try:
        raw = read_source(path)[0]
    except SourceError as exc:
        raise UserError(f"{path}: {exc}") from exc
    newline = newline_of(raw)
    rel = _rel(path, found.root)
    # Worked on as LF text (LibCST and the templates write "\n"), written back in its style.
    return ModuleText(
        location.name, path, rel, location.is_package, to_lf(raw, newline), True, raw, newline
    )


def target_of(found: Discovery, name: str, source: ModuleText) -> tuple[ModuleText, list[str]]:
    try:
        return module_of(found, locate_existing(name, found, found.root)), []
    except UserError:
        pass
    import_root = _import_root(found, source.path)
    path = import_root.joinpath(*name.split(".")).with_suffix(".py")
    uses_inits = (source.path.parent / "__init__.py").is_file()
    parents = _new_parents(found, import_root, path) if uses_inits else []
    # A created module follows the style of the module its code comes from.
    created = ModuleText(name, path, _rel(path, found.root), False, "", False, "", source.newline)
    return created, parents


def _new_parents(found: Discovery, import_root: Path, path: Path) -> list[str]:
    """The `__init__.py` files a new module's folders need (none above the import root)."""
    parents = []
    for parent in path.parents:
        if parent == import_root or import_root not in parent.parents:
            break  # not above the import root: `src/` of a src layout is no package
        if parent.with_suffix(".py").is_file():
            raise UserError(
                f"{_rel(parent.with_suffix('.py'), found.root)} is a module, not a package"
            )
        if not (parent / "__init__.py").exists():
            parents.append(_rel(parent / "__init__.py", found.root))
    return sorted(parents)


def _import_root(found: Discovery, path: Path) -> Path:
    for root in sorted(found.roots, key=lambda r: len(r.parts), reverse=True):
        if root in path.parents:
            return root
    return found.root


def parse(module: ModuleText) -> cst.Module:
    try:
        return cst.parse_module(module.text)
    except cst.ParserSyntaxError as exc:
        raise UserError(f"{module.relpath}: does not parse ({exc.message})") from exc


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
