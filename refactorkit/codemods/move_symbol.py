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
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import libcst as cst

from refactorkit.codemods.import_order import sorted_names
from refactorkit.codemods.move_symbol_layout import (
    Layout,
    Move,
    Request,
    import_cycle,
    plan_layout,
)
from refactorkit.codemods.move_symbol_modules import module_of, parse, split_arg, target_of
from refactorkit.codemods.move_symbol_text import (
    ModuleText,
    defined,
    lazy_imports,
    spec,
    target_text,
    top_names,
)
from refactorkit.codemods.newlines import from_lf
from refactorkit.codemods.references import (
    ReferenceRewrite,
    SymbolMove,
    rewrite_references,
    unreadable,
)
from refactorkit.codemods.refs.definitions import find_definition, source_bindings, used_names
from refactorkit.codemods.refs.exports import (
    TakenName,
    bound_names,
    lost_names,
    names_taken,
    unresolved_message,
)
from refactorkit.codemods.refs.locate import locate_existing
from refactorkit.codemods.refs.lookups import stale_patch_targets
from refactorkit.codemods.refs.module_edits import insert_imports, mark_reexports
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
from refactorkit.workspace import discover


@dataclass(frozen=True)
class MoveSymbolOptions:
    shim: bool = False
    until: str | None = None
    skip_unparsable: bool = False
    progress: Progress | None = field(default=None, compare=False)  # see domain.Progress
    with_names: tuple[str, ...] = ()  # other top-level definitions that move along
    with_auto: bool = False  # move along what breaks an import cycle, as computed
    allow_lazy_import: bool = False  # import source names inside the moved functions


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
    taken = names_taken(found.files, source.name, exclude={source.relpath})
    move = Move(found, request, source, target, module, bindings, tuple(taken))
    layout = _chosen_layout(move, options)
    refs = _references(move, layout, options)
    lost = _unresolved(move, _new_source(move, layout, options), refs.changes)
    back = tuple(t for t in lost if t.name in layout.names and t.name not in layout.keep_back)
    if back:  # read through the source in a form the rewrite leaves: imported back there
        move, layout, refs = _import_back(move, layout, refs, back, options)
        lost = _unresolved(move, _new_source(move, layout, options), refs.changes)
    if lost:
        raise UserError(unresolved_message(source.name, lost))
    return _changeset(move, layout, refs, parents, options)


def _already_moved(source: ModuleText, target: ModuleText, request: Request) -> bool:
    there = bool(target.text) and request.new_name in defined(target.text)
    return there and request.name not in defined(source.text)


def _request(source_arg: str, target_arg: str) -> Request:
    src_name, given = split_arg(source_arg, required=True)
    tgt_name, renamed = split_arg(target_arg, required=False)
    assert given is not None
    if (src_name, given) == (tgt_name, renamed or given):
        raise UserError(f"{source_arg}: source and target are the same")
    if src_name == tgt_name:
        raise UserError("to rename in place use a rename tool; move-symbol moves between modules")
    return Request(source_arg, target_arg, src_name, given, tgt_name, renamed or given)


def _refuse_taken(target: ModuleText, request: Request) -> None:
    taken = request.new_name in top_names(target.text)
    if taken or (target.text and request.name in defined(target.text)):
        raise UserError(f"{request.target} already defines {request.new_name!r}")


def _chosen_layout(move: Move, options: MoveSymbolOptions) -> Layout:
    """The names to move: as asked when that makes no import cycle, else widened as asked
    (--with-auto), else lazily (--allow-lazy-import); otherwise refused with the command."""
    layout = plan_layout(move, (move.request.name, *_unique(options.with_names, move.request.name)))
    problem = import_cycle(move, layout)
    if not problem:
        return layout
    wider = _widened(move, layout)
    if wider is not None and options.with_auto:
        return wider
    if options.allow_lazy_import:
        lazy = _lazily(move, layout)
        if lazy is not None and not import_cycle(move, lazy):
            return lazy
    raise UserError(_refusal(move, problem, layout, wider))


def _unique(names: tuple[str, ...], first: str) -> tuple[str, ...]:
    for name in names:
        if not name.isidentifier() or keyword.iskeyword(name):
            raise UserError(f"--with: {name!r} is not a valid identifier")
    return tuple(dict.fromkeys(n for n in names if n != first))


def _widened(move: Move, layout: Layout) -> Layout | None:
    """The move with every source definition the moved code needs (transitively) along, when
    that leaves no import cycle; None when some cannot move or the cycle stays."""
    current = layout
    while current.from_source:
        try:
            current = plan_layout(move, (*current.names, *current.from_source))
        except UserError:  # defined in an if/try block, or twice: not moved automatically
            return None
    return None if import_cycle(move, current) else current


def _lazily(move: Move, layout: Layout) -> Layout | None:
    """The moved functions import what they need from the source when called."""
    names = ", ".join(sorted_names(layout.from_source))
    statement = f"from {spec(move.target, move.source)} import {names}"
    code = lazy_imports(layout.code, set(layout.from_source), statement)
    if code is None:
        return None
    return replace(layout, code=code, from_source=(), lazy=True)


def _refusal(move: Move, problem: str, layout: Layout, wider: Layout | None) -> str:
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


def _import_back(
    move: Move,
    layout: Layout,
    refs: ReferenceRewrite,
    back: tuple[TakenName, ...],
    options: MoveSymbolOptions,
) -> tuple[Move, Layout, ReferenceRewrite]:
    """The move with the names `back` imported back into the source: the same layout and
    rewrite when that makes no cycle (the importers already rewritten stay pointed at the
    new module), else the layout chosen again (widened with --with-auto, or refused)."""
    move = replace(move, read_through=back)
    names = {t.name for t in back} | set(layout.keep_back)
    kept = replace(layout, keep_back=tuple(n for n in layout.names if n in names))
    if not import_cycle(move, kept):
        return move, kept, refs
    layout = _chosen_layout(move, options)
    return move, layout, _references(move, layout, options)


def _references(move: Move, layout: Layout, options: MoveSymbolOptions) -> ReferenceRewrite:
    """The importers rewritten; refused when some file that may import the name cannot be
    read or parsed (unless --skip-unparsable)."""
    source, found = move.source, move.found
    refs = rewrite_references(
        found.root,
        found.files,
        symbol_moves=[_symbol_move(move, layout, n) for n in layout.names],
        patch_targets={f"{source.name}.{n}": _lookups(move, layout, n) for n in layout.names},
        exclude={source.relpath, move.target.relpath},
        progress=options.progress,
    )
    unparsable = (*refs.unparsable, *unreadable(found.skipped))
    if unparsable and not options.skip_unparsable:
        _refuse_unparsable(move.request.name, unparsable)
    return refs


def _changeset(
    move: Move,
    layout: Layout,
    refs: ReferenceRewrite,
    parents: list[str],
    options: MoveSymbolOptions,
) -> ChangeSet:
    source, target, request, found = move.source, move.target, move.request, move.found
    new_source = _new_source(move, layout, options)
    changes = [_modify(source, new_source), _target_change(target, _new_target(move, layout))]
    changes += [CreateFile(p, new_text="") for p in parents]
    changes += refs.changes
    looked_up = (used_names(layout.code) - {*layout.names, request.new_name}) & set(move.bindings)
    unparsable = (*refs.unparsable, *unreadable(found.skipped))
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


def _new_target(move: Move, layout: Layout) -> str:
    source, target = move.source, move.target
    imports = list(layout.copies)
    if layout.from_source:
        imports.append(f"from {spec(target, source)} import {', '.join(layout.from_source)}")
    first_party = {f.module.partition(".")[0] for f in move.found.files if f.module}
    bindings = list(move.bindings.values())
    return target_text(target, source, imports, layout.code, bindings, first_party)


def _unresolved(move: Move, new_source: str, rewritten: Sequence[FileChange]) -> list[TakenName]:
    """What other modules take from the source that its new text no longer binds.

    Read in the tree as it will be: the files the change rewrites are read from their new text,
    the others keep what was found before the move.
    """
    source = move.source
    texts = {c.path: c.new_text for c in rewritten if isinstance(c, ModifyFile)}
    kept = [t for t in move.taken if t.importer not in texts]
    changed = [f for f in move.found.files if f.relpath in texts]
    kept += names_taken(changed, source.name, texts=texts, exclude={source.relpath})
    old = bound_names(source.text, source.name, source.is_package)
    return lost_names(kept, old, bound_names(new_source, source.name, source.is_package))


def _refuse_unparsable(name: str, unparsable: tuple[SkippedFile, ...]) -> None:
    listed = "; ".join(f"{s.relpath} ({s.reason})" for s in unparsable)
    raise UserError(
        f"files that may import {name} cannot be read or parsed: {listed} (--skip-unparsable)"
    )


def _title(move: Move, layout: Layout) -> str:
    request = move.request
    title = (
        f"move-symbol {move.source.name}:{request.name} -> {move.target.name}:{request.new_name}"
    )
    return title + (f" with {', '.join(layout.names[1:])}" if layout.names[1:] else "")


def _summary(layout: Layout, rewritten: int) -> tuple[str, ...]:
    lines = [f"importers rewritten in {rewritten} file(s)"]
    if layout.lazy:
        lines.append("the moved functions import what they need from the source when called")
    return tuple(lines)


def _symbol_move(move: Move, layout: Layout, name: str) -> SymbolMove:
    new_name = move.request.new_name if name == move.request.name else name
    return SymbolMove(move.source.name, name, move.target.name, new_name, name in layout.keep_back)


def _new_source(move: Move, layout: Layout, options: MoveSymbolOptions) -> str:
    """The source after the move: the kept-back import, or a deprecation shim when asked."""
    source, target, request = move.source, move.target, move.request
    if layout.keep_back:
        names = [
            f"{request.new_name} as {n}" if n == request.name and n != request.new_name else n
            for n in layout.keep_back
        ]
        statement = f"from {spec(source, target)} import {', '.join(names)}"
        text = insert_imports(layout.remaining, [statement])
        return mark_reexports(cst.parse_module(text), set(layout.keep_back)).code
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


def _lookups(move: Move, layout: Layout, name: str) -> list[str]:
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
