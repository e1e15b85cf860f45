"""`mod.Name` uses of a moved name whose old module stops offering it (move-symbol).

The use is pointed at the new module through an import added right after the one that bound
the old module, in the same style: `import a.old` gets `import a.new`; `from a import old` (or
a relative form) gets `from a import new`; `import a.old as m` gets `import a.new`.
"""

from __future__ import annotations

import ast

from refactorkit.codemods.refs.collect import dotted_name
from refactorkit.codemods.refs.context import FileContext, relative_spec
from refactorkit.codemods.refs.imports import member_key as _member_key
from refactorkit.codemods.refs.model import SymbolMove


def rewrite_attribute_uses(ctx: FileContext) -> None:
    """Point `<old module binding>.name` at the new module for names the old one drops."""
    moves = [m for m in ctx.mapper.symbol_moves if not m.old_keeps_name]
    for move in moves:
        bindings = _bindings(ctx, move.old_module)
        added: set[int] = set()
        # Local names this file now binds to the new module at top level, so a second old
        # binding (`from a import models` and `import a.models as m`) reuses the first one's
        # import instead of adding a second `text` (a redefinition).
        introduced: dict[str, bool] = {}
        for node in ctx.facts.attributes:
            if node.attr != move.name:
                continue
            owner = dotted_name(node.value)
            found = bindings.get(owner or "")
            if found is None:
                continue
            statement, style = found
            access, import_code = _new_access(ctx, move, style, statement)
            if access is not None and access in introduced and id(statement) not in added:
                if not introduced[access]:
                    access = None  # bound inside a function: not visible here
                else:
                    added.add(id(statement))
            if access is None:
                ctx.note(node.lineno, f"{owner}.{move.name} moved to {move.new_module}; update it")
                continue
            start, end = ctx.index.span(node)
            ctx.add(start, end, f"{access}.{move.target_name}")
            if id(statement) not in added and import_code:
                added.add(id(statement))
                introduced[access] = statement.col_offset == 0
                if not _merge_into(ctx, statement, import_code):
                    _add_after(ctx, statement, import_code)


def _bindings(ctx: FileContext, module: str) -> dict[str, tuple[ast.stmt, str]]:
    """Local spellings of `module` in this file -> (binding statement, style)."""
    found: dict[str, tuple[ast.stmt, str]] = {}
    for node in ctx.facts.imports:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == module:
                    found[alias.asname or alias.name] = (node, "as" if alias.asname else "plain")
        else:
            base = ctx.resolve(node.level, node.module)
            for alias in node.names:
                if base and f"{base}.{alias.name}" == module:
                    found[alias.asname or alias.name] = (node, "from")
    return found


def _new_access(
    ctx: FileContext, move: SymbolMove, style: str, statement: ast.stmt
) -> tuple[str | None, str | None]:
    """How the file reaches the new module, and the import that makes that work."""
    new = move.new_module
    if style == "plain":
        return new, f"import {new}"
    parent, _, last = new.rpartition(".")
    if ctx.mentions(last):
        return None, None
    if style == "as" or not parent:
        return last, f"import {new} as {last}" if parent else f"import {new}"
    assert isinstance(statement, ast.ImportFrom)
    spec = parent
    if statement.level:
        spec = relative_spec(ctx.package(new=True), parent) or parent
    return last, f"from {spec} import {last}"


def _add_after(ctx: FileContext, statement: ast.stmt, code: str) -> None:
    end_line = statement.end_lineno or statement.lineno
    line = ctx.index.lines[end_line - 1]
    newline = "\r\n" if line.endswith("\r\n") else "\n"
    at = ctx.index.starts[end_line]
    indent = ctx.index.line_indent(statement.lineno)
    if not line.endswith("\n"):
        ctx.add(at, at, newline + indent + code)
    else:
        ctx.add(at, at, indent + code + newline)


def _merge_into(ctx: FileContext, statement: ast.stmt, code: str) -> bool:
    """Add the name to `statement` when it imports from the same module (`from a import b, c`)."""
    if not isinstance(statement, ast.ImportFrom) or not code.startswith("from "):
        return False
    spec, _, name = code[len("from ") :].partition(" import ")
    if spec != "." * statement.level + (statement.module or ""):
        return False
    aliases = statement.names
    keys = [_member_key(a.name) for a in aliases]
    if keys == sorted(keys):
        for alias in aliases:
            if _member_key(alias.name) > _member_key(name):
                start, _ = ctx.index.span(alias)
                ctx.add(start, start, f"{name}, ")
                return True
    _, end = ctx.index.span(aliases[-1])
    ctx.add(end, end, f", {name}")
    return True
