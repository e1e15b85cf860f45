"""What a move-symbol gives before any other file is looked at: the moved code, the imports it
takes, what the source keeps (imports other modules take through it included), and the import
cycle that would make, if any."""

from __future__ import annotations

import ast
from dataclasses import dataclass, replace

import libcst as cst

from refactorkit.codemods.move_symbol_text import ModuleText, moved_code, needs, top_names
from refactorkit.codemods.refs.definitions import Binding, find_definition, used_names
from refactorkit.codemods.refs.exports import TakenName
from refactorkit.codemods.refs.graph_walk import chain_from_text
from refactorkit.codemods.refs.module_edits import drop_unused_imports, mark_reexports
from refactorkit.workspace import Discovery


@dataclass(frozen=True)
class Request:
    source_arg: str
    target_arg: str
    source: str
    name: str
    target: str
    new_name: str


@dataclass(frozen=True)
class Layout:
    """What moving `names` gives: the code, its imports, and what the source keeps."""

    names: tuple[str, ...]
    code: str  # the moved statements in source order, the main name renamed
    copies: tuple[str, ...]  # import statements the code needs, copied
    from_source: tuple[str, ...]  # names of the source it needs (imported from there)
    remaining: str  # the source without them (and without imports only they used)
    keep_back: tuple[str, ...]  # moved names the source still uses (it imports them back)
    lazy: bool = False  # from_source is imported inside the moved functions


@dataclass(frozen=True)
class Move:
    """The resolved request: both modules, the source's bindings, the parsed source, and what
    other modules take from the source (`taken`, read before the move)."""

    found: Discovery
    request: Request
    source: ModuleText
    target: ModuleText
    module: cst.Module
    bindings: dict[str, Binding]
    taken: tuple[TakenName, ...] = ()
    # Moved names other modules read through the source in a form the rewrite leaves
    # (`models.query.QuerySet` after `from django.db import models`): imported back there.
    read_through: tuple[TakenName, ...] = ()

    @property
    def reexported(self) -> set[str]:
        """Source imports that other modules import through the source: they stay there."""
        return {
            t.name
            for t in self.taken
            if t.importer != self.target.relpath
            and (binding := self.bindings.get(t.name)) is not None
            and binding.import_code is not None
        }


def plan_layout(move: Move, names: tuple[str, ...]) -> Layout:
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
    remaining = _without(module.with_changes(body=body), used_names(code), move.reexported)
    read = {t.name for t in move.read_through}
    left = _still_used(remaining)
    keep_back = tuple(n for n in names if n in read or n in left)
    text = remaining.code if remaining.code.strip() else ""
    return Layout(names, code, tuple(copies), tuple(from_source), text, keep_back)


def _without(module: cst.Module, used: set[str], kept: set[str]) -> cst.Module:
    """The source without the imports only the moved code used, but those other modules take
    through it (marked as re-exports)."""
    remaining = drop_unused_imports(module, used - kept)
    return mark_reexports(remaining, used & kept) if used & kept else remaining


def import_cycle(move: Move, layout: Layout) -> str:
    """The import cycle the move would make, as a sentence; "" when none."""
    source, target, found = move.source, move.target, move.found
    there: list[str] | None = [source.name, target.name]
    if not layout.keep_back:
        there = chain_from_text(
            found, layout.remaining, source.name, source.is_package, target.name
        )
    back = [target.name, source.name] if layout.from_source else _target_chain(move, layout)
    if layout.keep_back and not layout.from_source:
        back = _target_chain(move, replace(layout, copies=()))
    if not there or not back:
        return ""
    if layout.keep_back:
        what = (
            "the name" if layout.keep_back == (move.request.name,) else ", ".join(layout.keep_back)
        )
        chain = " -> ".join([*there, *back[1:]])
        why = _read_through(move) or f"{source.name} still uses {what} and must import it back"
        return f"moving would create an import cycle: {chain} ({why})"
    chain = " -> ".join([*back, *there[1:]])
    needed = ", ".join(sorted(layout.from_source))
    return (
        f"moving would create an import cycle: {chain} ({target.name} needs {needed} from "
        f"{source.name})"
    )


def _read_through(move: Move) -> str:
    if not move.read_through:
        return ""
    where = ", ".join(f"{t.importer}:{t.line}" for t in move.read_through[:3])
    names = ", ".join(sorted({t.name for t in move.read_through}))
    return f"{where} read {names} through {move.source.name}, which must import it back"


def _target_chain(move: Move, layout: Layout) -> list[str] | None:
    """The target (with the imports the code brings) reaching the source at import time.

    With the name imported back, only the target's own imports count: a chain from an import
    the code brings along is one the source already had (`source -> X -> ... -> source`, X
    imported at its top), and the import back runs at the same point, after the imports.
    """
    text = "\n".join([move.target.text, *layout.copies])
    target = move.target
    return chain_from_text(move.found, text, target.name, target.is_package, move.source.name)


def _still_used(module: cst.Module) -> set[str]:
    """Names the module reads, and its string constants (`__all__` entries: the old module
    keeps exporting those)."""
    tree = ast.parse(module.code)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.add(node.value)
    return found
