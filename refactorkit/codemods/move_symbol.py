"""`refactorkit move-symbol pkg.mod:Name pkg.other[:NewName]`: move top-level definitions.

The statement moves with its decorators and the comment lines right above it; the imports it
needs are copied (relative ones re-levelled), names it uses from the source module are imported
from there, the source imports it back when it still needs it, and importers across the repo
are rewritten (references.py). When that would close an import cycle, the definitions the moved
code needs from the source can go with it (`--with NAME,...`, or `--with-auto` for the computed
set); the refusal prints the command that works. `--allow-lazy-import` imports them inside the
moved functions instead, only when asked.
"""

from __future__ import annotations

import ast
import keyword
import shlex
from dataclasses import dataclass, field, replace
from pathlib import Path

import libcst as cst

from refactorkit.codemods.import_order import sorted_names
from refactorkit.codemods.move_symbol_modules import module_of, parse, split_arg, target_of
from refactorkit.codemods.move_symbol_text import (
    ModuleText,
    defined,
    lazy_imports,
    moved_code,
    needs,
    spec,
    target_text,
    top_names,
)
from refactorkit.codemods.newlines import from_lf
from refactorkit.codemods.references import SymbolMove, rewrite_references, unreadable
from refactorkit.codemods.refs.definitions import (
    Binding,
    find_definition,
    source_bindings,
    used_names,
)
from refactorkit.codemods.refs.graph_walk import chain_from_text
from refactorkit.codemods.refs.locate import locate_existing
from refactorkit.codemods.refs.lookups import stale_patch_targets
from refactorkit.codemods.refs.module_edits import drop_unused_imports, insert_imports
from refactorkit.codemods.shims import add_symbol_shim
from refactorkit.config import Config
from refactorkit.domain import (
    ChangeSet,
    CreateFile,
    FileChange,
    ModifyFile,
    Progress,
    SkippedFile,
)
from refactorkit.errors import UserError
from refactorkit.workspace import Discovery, discover


@dataclass(frozen=True)
class MoveSymbolOptions:
    shim: bool = False
    until: str | None = None
    skip_unparsable: bool = False
    progress: Progress | None = field(default=None, compare=False)  # see domain.Progress
    with_names: tuple[str, ...] = ()  # other top-level definitions that move along
    with_auto: bool = False  # move along what breaks an import cycle, as computed
    allow_lazy_import: bool = False  # import source names inside the moved functions


@dataclass(frozen=True)
class _Request:
    source_arg: str
    target_arg: str
    source: str
    name: str
    target: str
    new_name: str


@dataclass(frozen=True)
class _Layout:
    """What moving `names` gives: the code, its imports, and what the source keeps."""

    names: tuple[str, ...]
    code: str  # the moved statements in source order, the main name renamed
    copies: tuple[str, ...]  # import statements the code needs, copied
    from_source: tuple[str, ...]  # names of the source it needs (imported from there)
    remaining: str  # the source without them (and without imports only they used)
    keep_back: tuple[str, ...]  # moved names the source still uses (it imports them back)
    lazy: bool = False  # from_source is imported inside the moved functions


@dataclass(frozen=True)
class _Move:
    """The resolved request: both modules, the source's bindings, the parsed source."""

    found: Discovery
    request: _Request
    source: ModuleText
    target: ModuleText
    module: cst.Module
    bindings: dict[str, Binding]


def plan_move_symbol(
    root: Path,
    source_arg: str,
    target_arg: str,
    options: MoveSymbolOptions | None = None,
    *,
    config: Config | None = None,
) -> ChangeSet:
    """Plan moving top-level definitions; raises UserError on bad input (nothing written)."""
    options = options or MoveSymbolOptions()
    found = discover(root, config)
    request = _request(source_arg, target_arg)
    source = module_of(found, locate_existing(request.source, found, found.root))
    target, parents = target_of(found, request.target, source)
    module = parse(source)
    if _already_moved(source, target, request):
        title = f"{source.name}:{request.name} is already at {target.name}:{request.new_name}"
        return ChangeSet(found.root, title, ())
    find_definition(module, request.name, source.relpath)
    _refuse_taken(target, request)
    tree = ast.parse(source.text)
    bindings = source_bindings(tree, source.name, source.is_package, target.package)
    move = _Move(found, request, source, target, module, bindings)
    layout = _chosen_layout(move, options)
    return _changeset(move, layout, parents, options)


def _already_moved(source: ModuleText, target: ModuleText, request: _Request) -> bool:
    there = bool(target.text) and request.new_name in defined(target.text)
    return there and request.name not in defined(source.text)


def _request(source_arg: str, target_arg: str) -> _Request:
    src_name, given = split_arg(source_arg, required=True)
    tgt_name, renamed = split_arg(target_arg, required=False)
    assert given is not None
    if (src_name, given) == (tgt_name, renamed or given):
        raise UserError(f"{source_arg}: source and target are the same")
    if src_name == tgt_name:
        raise UserError("to rename in place use a rename tool; move-symbol moves between modules")
    return _Request(source_arg, target_arg, src_name, given, tgt_name, renamed or given)


def _refuse_taken(target: ModuleText, request: _Request) -> None:
    taken = request.new_name in top_names(target.text)
    if taken or (target.text and request.name in defined(target.text)):
        raise UserError(f"{request.target} already defines {request.new_name!r}")


def _layout(move: _Move, names: tuple[str, ...]) -> _Layout:
    """The code, imports and leftovers of moving `names` (the first is the requested one)."""
    module, request = move.module, move.request
    indexes = sorted({find_definition(module, n, move.source.relpath) for n in names})
    codes = [
        moved_code(module, module.body[i], request.name, request.new_name).strip("\n")
        for i in indexes
    ]
    code = "\n\n\n".join(codes) + "\n"
    own = {*names, request.new_name}
    copies, from_source = needs(code, move.bindings, own, top_names(move.target.text))
    body = [s for i, s in enumerate(module.body) if i not in indexes]
    remaining = drop_unused_imports(module.with_changes(body=body), set(used_names(code)))
    keep_back = tuple(n for n in names if _still_needed(remaining, n))
    text = remaining.code if remaining.code.strip() else ""
    return _Layout(names, code, tuple(copies), tuple(from_source), text, keep_back)


def _chosen_layout(move: _Move, options: MoveSymbolOptions) -> _Layout:
    """The names to move: as asked when that makes no import cycle, else widened as asked
    (--with-auto), else lazily (--allow-lazy-import); otherwise refused with the command."""
    layout = _layout(move, (move.request.name, *_unique(options.with_names, move.request.name)))
    problem = _cycle(move, layout)
    if not problem:
        return layout
    wider = _widened(move, layout)
    if wider is not None and options.with_auto:
        return wider
    if options.allow_lazy_import:
        lazy = _lazily(move, layout)
        if lazy is not None and not _cycle(move, lazy):
            return lazy
    raise UserError(_refusal(move, problem, layout, wider))


def _unique(names: tuple[str, ...], first: str) -> tuple[str, ...]:
    for name in names:
        if not name.isidentifier() or keyword.iskeyword(name):
            raise UserError(f"--with: {name!r} is not a valid identifier")
    return tuple(dict.fromkeys(n for n in names if n != first))


def _widened(move: _Move, layout: _Layout) -> _Layout | None:
    """The move with every source definition the moved code needs (transitively) along, when
    that leaves no import cycle; None when some cannot move or the cycle stays."""
    current = layout
    while current.from_source:
        try:
            current = _layout(move, (*current.names, *current.from_source))
        except UserError:  # defined in an if/try block, or twice: not moved automatically
            return None
    return None if _cycle(move, current) else current


def _lazily(move: _Move, layout: _Layout) -> _Layout | None:
    """The moved functions import what they need from the source when called."""
    names = ", ".join(sorted_names(layout.from_source))
    statement = f"from {spec(move.target, move.source)} import {names}"
    code = lazy_imports(layout.code, set(layout.from_source), statement)
    if code is None:
        return None
    return replace(layout, code=code, from_source=(), lazy=True)


def _refusal(move: _Move, problem: str, layout: _Layout, wider: _Layout | None) -> str:
    if wider is not None:
        extra = [n for n in wider.names if n not in layout.names]
        argv = ["refactorkit", "move-symbol", move.request.source_arg, move.request.target_arg]
        argv += ["--with", ",".join([*layout.names[1:], *extra])]
        if move.found.root != Path.cwd().resolve():
            argv += ["--root", str(move.found.root)]
        return (
            f"{problem}. Moving {', '.join(extra)} along breaks it (the definitions the moved "
            f"code needs from {move.source.name}); run:\n  {shlex.join(argv)}\n"
            "or pass --with-auto"
        )
    return (
        f"{problem}. No set of definitions moved along breaks it; break the dependency first, "
        "or pass --allow-lazy-import to import what the moved functions need inside them"
    )


def _cycle(move: _Move, layout: _Layout) -> str:
    """The import cycle the move would make, as a sentence; "" when none."""
    source, target, found = move.source, move.target, move.found
    there: list[str] | None = [source.name, target.name]
    if not layout.keep_back:
        there = chain_from_text(
            found, layout.remaining, source.name, source.is_package, target.name
        )
    back = [target.name, source.name] if layout.from_source else _target_chain(move, layout)
    if not there or not back:
        return ""
    if layout.keep_back:
        what = (
            "the name" if layout.keep_back == (move.request.name,) else ", ".join(layout.keep_back)
        )
        cycle = " -> ".join([*there, *back[1:]])
        return (
            f"moving would create an import cycle: {cycle} ({source.name} still uses {what} "
            "and must import it back)"
        )
    cycle = " -> ".join([*back, *there[1:]])
    needed = ", ".join(sorted(layout.from_source))
    return (
        f"moving would create an import cycle: {cycle} ({target.name} needs {needed} from "
        f"{source.name})"
    )


def _target_chain(move: _Move, layout: _Layout) -> list[str] | None:
    """The target (with the imports the code brings) reaching the source at import time."""
    text = "\n".join([move.target.text, *layout.copies])
    target = move.target
    return chain_from_text(move.found, text, target.name, target.is_package, move.source.name)


def _changeset(
    move: _Move, layout: _Layout, parents: list[str], options: MoveSymbolOptions
) -> ChangeSet:
    source, target, request, found = move.source, move.target, move.request, move.found
    new_source = _new_source(move, layout, options)
    imports = list(layout.copies)
    if layout.from_source:
        imports.append(f"from {spec(target, source)} import {', '.join(layout.from_source)}")
    first_party = {f.module.partition(".")[0] for f in found.files if f.module}
    bindings = list(move.bindings.values())
    new_target = target_text(target, source, imports, layout.code, bindings, first_party)
    refs = rewrite_references(
        found.root,
        found.files,
        symbol_moves=[_symbol_move(move, layout, n) for n in layout.names],
        patch_targets={f"{source.name}.{n}": _lookups(move, layout, n) for n in layout.names},
        exclude={source.relpath, target.relpath},
        progress=options.progress,
    )
    unparsable = (*refs.unparsable, *unreadable(found.skipped))
    if unparsable and not options.skip_unparsable:
        _refuse_unparsable(request.name, unparsable)
    changes = [_modify(source, new_source), _target_change(target, new_target)]
    changes += [CreateFile(p, new_text="") for p in parents]
    changes += refs.changes
    looked_up = (used_names(layout.code) - {*layout.names, request.new_name}) & set(move.bindings)
    warnings = [
        *refs.review,
        *(f"{s.relpath}: not rewritten ({s.reason})" for s in unparsable),
        *stale_patch_targets(
            found.files, source.name, target.name, f"{target.name}.{request.new_name}", looked_up
        ),
    ]
    return ChangeSet(
        found.root,
        _title(move, layout),
        tuple(changes),
        warnings=tuple(warnings),
        summary=_summary(layout, len(refs.changes)),
        codemod="move-symbol",
    )


def _refuse_unparsable(name: str, unparsable: tuple[SkippedFile, ...]) -> None:
    listed = "; ".join(f"{s.relpath} ({s.reason})" for s in unparsable)
    raise UserError(
        f"files that may import {name} cannot be read or parsed: {listed} (--skip-unparsable)"
    )


def _title(move: _Move, layout: _Layout) -> str:
    request = move.request
    title = (
        f"move-symbol {move.source.name}:{request.name} -> {move.target.name}:{request.new_name}"
    )
    return title + (f" with {', '.join(layout.names[1:])}" if layout.names[1:] else "")


def _summary(layout: _Layout, rewritten: int) -> tuple[str, ...]:
    lines = [f"importers rewritten in {rewritten} file(s)"]
    if layout.lazy:
        lines.append("the moved functions import what they need from the source when called")
    return tuple(lines)


def _symbol_move(move: _Move, layout: _Layout, name: str) -> SymbolMove:
    new_name = move.request.new_name if name == move.request.name else name
    return SymbolMove(move.source.name, name, move.target.name, new_name, name in layout.keep_back)


def _new_source(move: _Move, layout: _Layout, options: MoveSymbolOptions) -> str:
    """The source after the move: the kept-back import, or a deprecation shim when asked."""
    source, target, request = move.source, move.target, move.request
    if layout.keep_back:
        names = [
            f"{request.new_name} as {n}" if n == request.name and n != request.new_name else n
            for n in layout.keep_back
        ]
        statement = f"from {spec(source, target)} import {', '.join(names)}"
        return insert_imports(layout.remaining, [statement])
    if not options.shim:
        return layout.remaining
    text = layout.remaining
    for name in layout.names:
        new_name = request.new_name if name == request.name else name
        try:
            text = add_symbol_shim(text, name, source.name, target.name, options.until, new_name)
        except ValueError as exc:
            message = f"{exc}: add the deprecation alias by hand, or move without --shim"
            raise UserError(message) from exc
    return text


def _target_change(target: ModuleText, new_text: str) -> FileChange:
    if target.exists:
        return _modify(target, new_text)
    return CreateFile(target.relpath, new_text=from_lf(new_text, target.newline))


def _modify(module: ModuleText, new_text: str) -> FileChange:
    return ModifyFile(
        module.relpath, new_text=from_lf(new_text, module.newline), old_text=module.raw
    )


def _lookups(move: _Move, layout: _Layout, name: str) -> list[str]:
    """Modules whose globals a moved name is looked up in at run time (for patch targets).

    Imported back, the source still reads it from its own globals, so a `mock.patch` of the old
    path still reaches those uses; the moved code reads it from the target when it uses itself
    (recursion, a class naming itself). Several modules: the patch is listed for review.
    """
    keep_back = name in layout.keep_back
    modules = [move.source.name] if keep_back else []
    new_name = move.request.new_name if name == move.request.name else name
    if not keep_back or new_name in used_names(layout.code):
        modules.append(move.target.name)
    return modules


def _still_needed(module: cst.Module, name: str) -> bool:
    tree = ast.parse(module.code)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == name:
            return True
        if isinstance(node, ast.Constant) and node.value == name:
            return True  # e.g. listed in __all__: the old module keeps exporting it
    return False
