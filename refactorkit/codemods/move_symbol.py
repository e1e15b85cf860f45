"""`refactorkit move-symbol pkg.mod:Name pkg.other[:NewName]`: move one top-level definition.

The statement moves with its decorators and the comment lines right above it; the imports it
needs are copied (relative ones re-levelled), names it uses from the source module are imported
from there, the source imports it back when it still needs it (refused when that closes an
import cycle), and importers across the repo are rewritten (references.py).
"""

from __future__ import annotations

import ast
import keyword
import re
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst

from refactorkit.codemods.newlines import from_lf, newline_of, to_lf
from refactorkit.codemods.references import SymbolMove, rewrite_references, unreadable
from refactorkit.codemods.refs.context import relative_spec
from refactorkit.codemods.refs.definitions import (
    Binding,
    defined_names,
    find_definition,
    one_name_per_from_import,
    organize,
    source_bindings,
    used_names,
)
from refactorkit.codemods.refs.graph_walk import chain_from_text, import_chain
from refactorkit.codemods.refs.locate import ModuleLocation, check_dotted, locate_existing
from refactorkit.codemods.refs.lookups import stale_patch_targets
from refactorkit.codemods.refs.module_edits import drop_unused_imports, insert_imports
from refactorkit.codemods.shims import add_symbol_shim
from refactorkit.config import Config
from refactorkit.domain import ChangeSet, CreateFile, FileChange, ModifyFile, Progress
from refactorkit.errors import UserError
from refactorkit.workspace import Discovery, SourceError, discover, read_source


@dataclass(frozen=True)
class MoveSymbolOptions:
    shim: bool = False
    until: str | None = None
    skip_unparsable: bool = False
    progress: Progress | None = field(default=None, compare=False)  # see domain.Progress


@dataclass(frozen=True)
class _Module:
    name: str
    path: Path
    relpath: str
    is_package: bool
    text: str  # with LF line ends; "" when the module is created
    exists: bool = True  # False: created by the move (an existing empty file is True)
    raw: str = ""  # the text as read, line ends and all (what the runner checks against)
    newline: str | None = "\n"  # the file's line end; None when it mixes them

    @property
    def package(self) -> str:
        return self.name if self.is_package else self.name.rpartition(".")[0]


def plan_move_symbol(
    root: Path,
    source_arg: str,
    target_arg: str,
    options: MoveSymbolOptions | None = None,
    *,
    config: Config | None = None,
) -> ChangeSet:
    """Plan moving one top-level definition; raises UserError on bad input (nothing written)."""
    options = options or MoveSymbolOptions()
    found = discover(root, config)
    src_name, given = _split_arg(source_arg, required=True)
    tgt_name, renamed = _split_arg(target_arg, required=False)
    assert given is not None
    name = given
    new_name = renamed or name
    if (src_name, name) == (tgt_name, new_name):
        raise UserError(f"{source_arg}: source and target are the same")
    source = _module(found, locate_existing(src_name, found, found.root))
    if src_name == tgt_name:
        raise UserError("to rename in place use a rename tool; move-symbol moves between modules")
    target, parents = _target(found, tgt_name, source)
    module = _parse(source)
    if target.text and new_name in _defined(target.text) and name not in _defined(source.text):
        title = f"{source.name}:{name} is already at {target.name}:{new_name}"
        return ChangeSet(found.root, title, ())
    index = find_definition(module, name, source.relpath)
    stmt = module.body[index]
    if new_name in _top_names(target.text) or (target.text and name in _defined(target.text)):
        raise UserError(f"{tgt_name} already defines {new_name!r}")
    moved_code = _moved_code(module, stmt, name, new_name)
    bindings = source_bindings(
        ast.parse(source.text), source.name, source.is_package, target.package
    )
    copies, from_source = _needs(moved_code, bindings, {name, new_name}, _top_names(target.text))
    remaining = drop_unused_imports(_without(module, index), set(used_names(moved_code)))
    keep_back = _still_needed(remaining, name)
    if keep_back:
        _refuse_cycle(found, source, target, bool(from_source))
    # libcst writes an empty body as one newline; a module left empty becomes an empty file.
    new_source = remaining.code if remaining.code.strip() else ""
    if from_source and not keep_back:
        _refuse_import_back_cycle(found, source, new_source, target, from_source)
    if keep_back:
        alias = f"{new_name} as {name}" if new_name != name else name
        new_source = insert_imports(new_source, [f"from {_spec(source, target)} import {alias}"])
    elif options.shim:
        try:
            new_source = add_symbol_shim(
                new_source, name, source.name, target.name, options.until, new_name
            )
        except ValueError as exc:
            message = f"{exc}: add the deprecation alias by hand, or move without --shim"
            raise UserError(message) from exc
    imports = list(copies)
    if from_source:
        imports.append(f"from {_spec(target, source)} import {', '.join(sorted(from_source))}")
    first_party = {f.module.partition(".")[0] for f in found.files if f.module}
    new_target = _target_text(
        target, source, imports, moved_code, list(bindings.values()), first_party
    )
    refs = rewrite_references(
        found.root,
        found.files,
        symbol_moves=[SymbolMove(source.name, name, target.name, new_name, keep_back)],
        patch_targets={
            f"{source.name}.{name}": _lookups(source, target, keep_back, moved_code, new_name)
        },
        exclude={source.relpath, target.relpath},
        progress=options.progress,
    )
    unparsable = (*refs.unparsable, *unreadable(found.skipped))
    if unparsable and not options.skip_unparsable:
        listed = "; ".join(f"{s.relpath} ({s.reason})" for s in unparsable)
        raise UserError(
            f"files that may import {name} cannot be read or parsed: {listed} (--skip-unparsable)"
        )
    changes = [_modify(source, new_source)]
    if target.exists:
        changes.append(_modify(target, new_target))
    else:
        changes.append(CreateFile(target.relpath, new_text=from_lf(new_target, target.newline)))
    changes.extend(CreateFile(p, new_text="") for p in parents)
    changes.extend(refs.changes)
    looked_up = (used_names(moved_code) - {name, new_name}) & set(bindings)
    warnings = [
        *refs.review,
        *(f"{s.relpath}: not rewritten ({s.reason})" for s in unparsable),
        *stale_patch_targets(
            found.files, source.name, target.name, f"{target.name}.{new_name}", looked_up
        ),
    ]
    return ChangeSet(
        found.root,
        f"move-symbol {source.name}:{name} -> {target.name}:{new_name}",
        tuple(changes),
        warnings=tuple(warnings),
        summary=(f"importers rewritten in {len(refs.changes)} file(s)",),
        codemod="move-symbol",
    )


def _modify(module: _Module, new_text: str) -> FileChange:
    return ModifyFile(
        module.relpath, new_text=from_lf(new_text, module.newline), old_text=module.raw
    )


def _lookups(source: _Module, target: _Module, keep_back: bool, code: str, name: str) -> list[str]:
    """Modules whose globals the moved name is looked up in at run time (for patch targets).

    Imported back, the source still reads it from its own globals, so a `mock.patch` of the old
    path still reaches those uses; the moved code reads it from the target when it uses itself
    (recursion, a class naming itself). Several modules: the patch is listed for review.
    """
    modules = [source.name] if keep_back else []
    if not keep_back or name in used_names(code):
        modules.append(target.name)
    return modules


def _split_arg(arg: str, *, required: bool) -> tuple[str, str | None]:
    module, colon, name = arg.partition(":")
    check_dotted(module, "module")
    if required and not colon:
        raise UserError(f"{arg}: expected PKG.MOD:NAME")
    if colon and (not name.isidentifier() or keyword.iskeyword(name)):
        raise UserError(f"{arg}: {name!r} is not a valid identifier")
    return module, name or None


def _module(found: Discovery, location: ModuleLocation) -> _Module:
    path = location.path / "__init__.py" if location.is_package else location.path
    try:
        raw = read_source(path)[0]
    except SourceError as exc:
        raise UserError(f"{path}: {exc}") from exc
    newline = newline_of(raw)
    rel = _rel(path, found.root)
    # Worked on as LF text (LibCST and the templates write "\n"), written back in its style.
    return _Module(
        location.name, path, rel, location.is_package, to_lf(raw, newline), True, raw, newline
    )


def _target(found: Discovery, name: str, source: _Module) -> tuple[_Module, list[str]]:
    try:
        return _module(found, locate_existing(name, found, found.root)), []
    except UserError:
        pass
    import_root = _import_root(found, source.path)
    path = import_root.joinpath(*name.split(".")).with_suffix(".py")
    parents = []
    uses_inits = (source.path.parent / "__init__.py").is_file()
    for parent in path.parents:
        if parent == import_root or import_root not in parent.parents:
            break  # not above the import root: `src/` of a src layout is no package
        if parent.with_suffix(".py").is_file():
            raise UserError(
                f"{_rel(parent.with_suffix('.py'), found.root)} is a module, not a package"
            )
        if uses_inits and not (parent / "__init__.py").exists():
            parents.append(_rel(parent / "__init__.py", found.root))
    # A created module follows the style of the module its code comes from.
    created = _Module(name, path, _rel(path, found.root), False, "", False, "", source.newline)
    return created, sorted(parents)


def _import_root(found: Discovery, path: Path) -> Path:
    for root in sorted(found.roots, key=lambda r: len(r.parts), reverse=True):
        if root in path.parents:
            return root
    return found.root


def _parse(module: _Module) -> cst.Module:
    try:
        return cst.parse_module(module.text)
    except cst.ParserSyntaxError as exc:
        raise UserError(f"{module.relpath}: does not parse ({exc.message})") from exc


def _moved_code(module: cst.Module, stmt: cst.BaseStatement, name: str, new_name: str) -> str:
    """The statement with the comment lines right above it (not the blank lines before)."""
    lines = list(getattr(stmt, "leading_lines", ()))
    comments: list[cst.EmptyLine] = []
    for line in reversed(lines):
        if line.comment is None:
            break
        comments.insert(0, line)
    stmt = stmt.with_changes(leading_lines=comments)
    if new_name != name:
        renamed = stmt.visit(_Renamer(name, new_name))
        assert isinstance(renamed, cst.BaseStatement)
        stmt = renamed
    return module.code_for_node(stmt)


class _Renamer(cst.CSTTransformer):
    def __init__(self, old: str, new: str) -> None:
        super().__init__()
        self.old, self.new = old, new

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        return (
            updated_node.with_changes(value=self.new)
            if updated_node.value == self.old
            else updated_node
        )


def _needs(
    code: str, bindings: dict[str, Binding], own: set[str], target_names: set[str]
) -> tuple[list[str], list[str]]:
    """Import statements to copy, and names to import from the source module."""
    copies: list[str] = []
    from_source: list[str] = []
    wanted = used_names(code) - own - target_names
    for used, binding in bindings.items():  # in source order, so copied imports keep it
        if used not in wanted:
            continue
        if binding.defined_here:
            from_source.append(used)
        elif binding.import_code and binding.import_code not in copies:
            copies.append(binding.import_code)
    return copies, from_source


def _without(module: cst.Module, index: int) -> cst.Module:
    body = list(module.body)
    del body[index]
    return module.with_changes(body=body)


def _still_needed(module: cst.Module, name: str) -> bool:
    tree = ast.parse(module.code)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == name:
            return True
        if isinstance(node, ast.Constant) and node.value == name:
            return True  # e.g. listed in __all__: the old module keeps exporting it
    return False


def _refuse_cycle(
    found: Discovery, source: _Module, target: _Module, target_needs_source: bool
) -> None:
    chain = [target.name, source.name] if target_needs_source else None
    if chain is None and target.text:
        chain = import_chain(found, target.name, source.name)
    if chain:
        cycle = " -> ".join([source.name, *chain])
        raise UserError(
            f"moving would create an import cycle: {cycle} ({source.name} still uses the name "
            f"and must import it back); move what it shares with {target.name} too, or break "
            "the dependency first"
        )


def _refuse_import_back_cycle(
    found: Discovery, source: _Module, new_source: str, target: _Module, needs: list[str]
) -> None:
    """The target imports names from the source: refused when the source reaches the target."""
    chain = chain_from_text(found, new_source, source.name, source.is_package, target.name)
    if chain:
        cycle = " -> ".join([target.name, *chain])
        raise UserError(
            f"moving would create an import cycle: {cycle} ({target.name} needs "
            f"{', '.join(sorted(needs))} from {source.name}); move those too, or break the "
            "dependency first"
        )


def _spec(importer: _Module, imported: _Module) -> str:
    """Relative when the importer uses relative imports (a new module: when its siblings do)."""
    if _uses_relative(importer):
        relative = relative_spec(importer.package, imported.name)
        if relative:
            return relative
    return imported.name


def _uses_relative(module: _Module) -> bool:
    relative = re.compile(r"(?m)^\s*from\s+\.")
    if module.text:
        return relative.search(module.text) is not None
    for sibling in sorted(module.path.parent.glob("*.py")):
        try:
            if relative.search(read_source(sibling)[0]):
                return True
        except SourceError:
            continue
    return False


def _target_text(
    target: _Module,
    source: _Module,
    imports: list[str],
    code: str,
    bindings: list[Binding],
    first_party: set[str],
) -> str:
    type_checking = {b.import_code for b in bindings if b.type_checking and b.import_code}
    runtime = [i for i in imports if i not in type_checking]
    guarded = [i for i in imports if i in type_checking]
    guard = _typing_alias(runtime)
    if guarded and guard == "TYPE_CHECKING":
        runtime.append("from typing import TYPE_CHECKING")
    if not target.text and "from __future__ import annotations" in source.text:
        runtime.insert(0, "from __future__ import annotations")
    single = one_name_per_from_import(source.text)
    lines = organize(runtime, first_party, single_line=single) if runtime else []
    if guarded:
        lines.extend(["", f"if {guard}:"])
        lines.extend(
            f"    {line}" if line else ""
            for line in organize(guarded, first_party, single_line=single)
        )
    text = insert_imports(target.text, lines) if lines else target.text
    if text.strip():
        return text.rstrip("\n") + "\n\n\n" + code.lstrip("\n")
    return code.lstrip("\n")


def _typing_alias(imports: list[str]) -> str:
    """How the target spells TYPE_CHECKING: through `typing`/`t` when it imports that anyway."""
    for text in imports:
        node = ast.parse(text).body[0]
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "typing":
                    return f"{alias.asname or 'typing'}.TYPE_CHECKING"
    return "TYPE_CHECKING"


def _top_names(text: str) -> set[str]:
    if not text:
        return set()
    names: set[str] = set()
    for node in ast.parse(text).body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).partition(".")[0] for a in node.names)
    return names | _defined(text)


def _defined(text: str) -> set[str]:
    module = cst.parse_module(text)
    names: set[str] = set()
    for stmt in module.body:
        names |= defined_names(stmt)
    return names


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
