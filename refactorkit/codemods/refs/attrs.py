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
    for move in ctx.mapper.symbol_moves:
        if not move.old_keeps_name:
            _MovedNameUses(ctx, move).rewrite()


class _MovedNameUses:
    """The `owner.name` uses of one moved name in one file, by local owner of the old module."""

    def __init__(self, ctx: FileContext, move: SymbolMove) -> None:
        self.ctx = ctx
        self.move = move
        self.bindings = _bindings(ctx, move.old_module)
        # Local names this file now binds to the new module (True: at top level), so a second
        # old binding (`from a import models` and `import a.models as m`) reuses the first
        # one's import instead of adding a second (a redefinition).
        self.introduced: dict[str, bool] = {}

    def rewrite(self) -> None:
        sites: dict[str, list[ast.Attribute]] = {}
        for node in self.ctx.facts.attributes:
            owner = dotted_name(node.value)
            if node.attr == self.move.name and owner in self.bindings:
                sites.setdefault(owner, []).append(node)
        for owner, nodes in sites.items():
            self._rewrite_owner(owner, nodes)

    def _rewrite_owner(self, owner: str, nodes: list[ast.Attribute]) -> None:
        ctx, move = self.ctx, self.move
        statement, style = self.bindings[owner]
        access, import_code = _new_access(ctx, move, style, statement)
        reused = access is not None and access in self.introduced
        if access is None or (reused and not self.introduced[access]):
            self._note(owner, nodes)  # the new module's name is taken, or bound in a function
            return
        for node in nodes:
            start, end = ctx.index.span(node)
            ctx.add(start, end, f"{access}.{move.target_name}")
        if reused:
            if _unused_after(ctx, owner, len(nodes)):
                _drop_binding(ctx, statement)
            return
        if import_code:
            self.introduced[access] = statement.col_offset == 0
            unused = style != "plain" and _unused_after(ctx, owner, len(nodes))
            _add_import(ctx, statement, owner, import_code, unused)

    def _note(self, owner: str, nodes: list[ast.Attribute]) -> None:
        move = self.move
        for node in nodes:
            self.ctx.note(node.lineno, f"{owner}.{move.name} moved to {move.new_module}; update it")


def _add_import(ctx: FileContext, statement: ast.stmt, owner: str, code: str, unused: bool) -> None:
    """The new import in place of the old binding when that is unused, else merged into it
    or on the line after it."""
    if unused and _replace_binding(ctx, statement, owner, code):
        return
    if not _merge_into(ctx, statement, code):
        _add_after(ctx, statement, code)


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
    if not _same_kind(statement, code, new_alias):
        return False
    start, end = ctx.index.span(alias)
    ctx.add(start, end, new_alias)
    return True


def _same_kind(statement: ast.Import | ast.ImportFrom, code: str, new_alias: str) -> bool:
    """`code` imports like `statement` (`import x` / `from the same spec import y`), so its
    name can take the old alias's place in that statement."""
    if isinstance(statement, ast.Import):
        return code.startswith("import ")
    spec = "." * statement.level + (statement.module or "")
    return code == f"from {spec} import {new_alias}"


def _bindings(ctx: FileContext, module: str) -> dict[str, tuple[ast.stmt, str]]:
    """Local spellings of `module` in this file -> (binding statement, style)."""
    found: dict[str, tuple[ast.stmt, str]] = {}
    for node in ctx.facts.imports:
        if isinstance(node, ast.Import):
            found.update(_import_bindings(node, module))
        else:
            found.update(_from_bindings(ctx, node, module))
    return found


def _import_bindings(node: ast.Import, module: str) -> dict[str, tuple[ast.stmt, str]]:
    """`import module` / `import module as m` binding `module` as a local name."""
    return {
        alias.asname or alias.name: (node, "as" if alias.asname else "plain")
        for alias in node.names
        if alias.name == module
    }


def _from_bindings(
    ctx: FileContext, node: ast.ImportFrom, module: str
) -> dict[str, tuple[ast.stmt, str]]:
    """`from a import old` (absolute or relative) binding `module` as a local name."""
    base = ctx.resolve(node.level, node.module)
    if not base:
        return {}
    return {
        alias.asname or alias.name: (node, "from")
        for alias in node.names
        if f"{base}.{alias.name}" == module
    }


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
