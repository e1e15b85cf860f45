"""`mod.Name` uses of a moved name whose old module stops offering it (move-symbol).

The use is pointed at the new module through an import added right after the one that bound
the old module, in the same style: `import a.old` gets `import a.new`; `from a import old` (or
a relative form) gets `from a import new`; `import a.old as m` gets `import a.new`.
"""

from __future__ import annotations

import ast
import re

from refactorkit.codemods.refs.collect import dotted_name
from refactorkit.codemods.refs.context import FileContext, relative_spec
from refactorkit.codemods.refs.imports import member_key as _member_key
from refactorkit.codemods.refs.model import SymbolMove


def rewrite_attribute_uses(ctx: FileContext) -> None:
    """Point `<old module binding>.name` at the new module for names the old one drops."""
    moves = [m for m in ctx.mapper.symbol_moves if not m.old_keeps_name]
    for move in moves:
        bindings = _bindings(ctx, move.old_module)
        sites: dict[str, list[ast.Attribute]] = {}
        for node in ctx.facts.attributes:
            owner = dotted_name(node.value)
            if node.attr == move.name and owner in bindings:
                sites.setdefault(owner, []).append(node)
        # Local names this file now binds to the new module at top level, so a second old
        # binding (`from a import models` and `import a.models as m`) reuses the first one's
        # import instead of adding a second `text` (a redefinition).
        introduced: dict[str, bool] = {}
        for owner, nodes in sites.items():
            statement, style = bindings[owner]
            access, import_code = _new_access(ctx, move, style, statement)
            reused = access is not None and access in introduced
            if reused and not introduced[access or ""]:
                access = None  # bound inside a function: not visible here
            if access is None:
                for node in nodes:
                    ctx.note(
                        node.lineno, f"{owner}.{move.name} moved to {move.new_module}; update it"
                    )
                continue
            for node in nodes:
                start, end = ctx.index.span(node)
                ctx.add(start, end, f"{access}.{move.target_name}")
            if reused and _unused_after(ctx, owner, len(nodes)):
                _drop_binding(ctx, statement)
            if reused or not import_code:
                continue
            introduced[access] = statement.col_offset == 0
            unused = style != "plain" and _unused_after(ctx, owner, len(nodes))
            if unused and _replace_binding(ctx, statement, owner, import_code):
                continue
            if not _merge_into(ctx, statement, import_code):
                _add_after(ctx, statement, import_code)


def _unused_after(ctx: FileContext, local: str, rewritten: int) -> bool:
    """Whether `local` is left with no use once `rewritten` of its uses point elsewhere.

    Counted on the text (bound once, used `rewritten` times): a mention in a comment or a
    string keeps the import, which is the safe side.
    """
    found = re.findall(rf"(?<![\w.]){re.escape(local)}(?!\w)", ctx.index.text)
    return len(found) == 1 + rewritten


def _drop_binding(ctx: FileContext, statement: ast.stmt) -> None:
    """Remove a one-name import statement on lines of its own that nothing uses any more."""
    if not isinstance(statement, (ast.Import, ast.ImportFrom)) or len(statement.names) != 1:
        return
    first, last = statement.lineno, statement.end_lineno or statement.lineno
    start, end = ctx.index.starts[first - 1], ctx.index.starts[last]
    if ctx.index.text[start:end].strip() == ctx.index.segment(statement).strip():
        ctx.add(start, end, "")


def _replace_binding(ctx: FileContext, statement: ast.stmt, local: str, code: str) -> bool:
    """Swap the now unused old binding for the new import, in place (keeps block order)."""
    if not isinstance(statement, (ast.Import, ast.ImportFrom)):
        return False
    [alias] = [a for a in statement.names if (a.asname or a.name) == local]
    if len(statement.names) == 1:
        start, end = ctx.index.span(statement)
        ctx.add(start, end, code)
        return True
    new_alias = code.rpartition(" import ")[2] if code.startswith("from ") else code[7:]
    same_kind = isinstance(statement, ast.Import) == code.startswith("import ")
    if isinstance(statement, ast.ImportFrom):
        spec = "." * statement.level + (statement.module or "")
        same_kind = same_kind and code == f"from {spec} import {new_alias}"
    if not same_kind:
        return False
    start, end = ctx.index.span(alias)
    ctx.add(start, end, new_alias)
    return True


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
