"""Rewriting `import` and `from ... import` statements, in each file's own style."""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import libcst as cst

from refactorkit.codemods.refs.context import FileContext, relative_spec

_FROM_HEAD = re.compile(r"from\s+([.\w]+)")
_Target = tuple[ast.alias, str, str]  # alias, new base module, new name


def rewrite_import(ctx: FileContext, node: ast.Import) -> None:
    """`import a.b [as c]`: only the dotted name changes; the binding style is kept."""
    for alias in node.names:
        new = ctx.mapper.module(alias.name)
        if new is None:
            continue
        start, end = ctx.index.span(alias)
        ctx.add(start, end, f"{new} as {alias.asname}" if alias.asname else new)
        if not alias.asname:
            _check_lost_root(ctx, node, alias.name, new)


def _check_lost_root(ctx: FileContext, node: ast.Import, old: str, new: str) -> None:
    """`import a.b` -> `import c.d` unbinds `a`; list the file if it still reads `a.<other>`."""
    root, _, rest = old.partition(".")
    if not rest or root == new.partition(".")[0] or ctx.facts.import_bound[root] > 1:
        return  # a one-part module's uses are all renamed with it
    own = re.escape(rest.partition(".")[0])
    other = re.compile(rf"(?<![\w.]){re.escape(root)}\.(?!{own}\b)")
    if other.search(ctx.index.text):
        ctx.note(node.lineno, f"`import {old}` became `import {new}`: `{root}` is still used here")


def rewrite_import_from(ctx: FileContext, node: ast.ImportFrom) -> None:
    """`from X import a, b as c`: retarget X, rename names, or split by new module."""
    base = ctx.resolve(node.level, node.module)
    if base is None:
        return
    targets = [_target(ctx, base, alias) for alias in node.names]
    if _untouched(ctx, node, base, targets):
        return
    groups: dict[str, list[_Target]] = {}
    for target in targets:
        groups.setdefault(target[1], []).append(target)
    if len(groups) == 1 and "" not in groups:
        _retarget(ctx, node, next(iter(groups)), targets)
    else:
        _split(ctx, node, groups)


def _untouched(ctx: FileContext, node: ast.ImportFrom, base: str, targets: list[_Target]) -> bool:
    """No name moves or is renamed, and a relative import's own file stays where it is."""
    moving_relative = node.level > 0 and ctx.new_module != ctx.module
    return not moving_relative and all(b == base and n == a.name for a, b, n in targets)


def _target(ctx: FileContext, base: str, alias: ast.alias) -> _Target:
    mapper = ctx.mapper
    if alias.name == "*":
        return alias, mapper.module(base) or base, "*"
    symbol = mapper.symbol(base, alias.name)
    if symbol is not None:
        return alias, symbol.new_module, symbol.target_name
    new_base = mapper.module(base)
    if new_base is not None:
        return alias, new_base, alias.name
    full = mapper.module(f"{base}.{alias.name}")
    if full is not None:
        new_base, _, new_name = full.rpartition(".")
        return alias, new_base, new_name
    return alias, base, alias.name


def _spec(ctx: FileContext, node: ast.ImportFrom, module: str) -> str:
    """How this file should spell `module` in a from-import: relative stays relative."""
    if node.level > 0:
        relative = relative_spec(ctx.package(new=True), module)
        if relative is not None:
            return relative
    return module


def _alias_text(ctx: FileContext, alias: ast.alias, new_name: str, own_submodule: bool) -> str:
    """Text of one imported name after the move; renames the local binding when safe."""
    if new_name == alias.name:
        return ctx.index.segment(alias)
    if alias.asname:
        return new_name if new_name == alias.asname else f"{new_name} as {alias.asname}"
    # A package importing its own submodule renamed in place (`from . import products`) also
    # renames the `__all__` entry: the package's attribute changes name anyway.
    if ctx.can_rename(alias.name, new_name, in_all_ok=own_submodule):
        ctx.renames[alias.name] = new_name
        return new_name
    return f"{new_name} as {alias.name}"


def _own_submodule(ctx: FileContext, base: str | None, new_base: str) -> bool:
    return ctx.is_package and ctx.module == base == new_base


def _retarget(ctx: FileContext, node: ast.ImportFrom, module: str, targets: list[_Target]) -> None:
    spec = _spec(ctx, node, module)
    start, _ = ctx.index.span(node)
    head = _FROM_HEAD.match(ctx.index.text, start)
    old_spec = "." * node.level + (node.module or "")
    if head is None or head.group(1) != old_spec:
        _split(ctx, node, {module: targets})  # unusual spelling: rebuild the statement
        return
    ctx.add(head.start(1), head.end(1), spec)
    if all(new_name == alias.name for alias, _, new_name in targets):
        return
    own = _own_submodule(ctx, ctx.resolve(node.level, node.module), module)
    texts = [_alias_text(ctx, alias, new_name, own) for alias, _, new_name in targets]
    old_keys = [member_key(alias.name) for alias, _, _ in targets]
    if old_keys == sorted(old_keys):  # a sorted name list stays sorted
        texts.sort(key=lambda text: member_key(text.partition(" ")[0]))
    for (alias, _, _), text in zip(targets, texts, strict=True):
        a_start, a_end = ctx.index.span(alias)
        ctx.add(a_start, a_end, text)


def member_key(name: str) -> tuple[int, str]:
    """isort/ruff `order-by-type`: CONSTANTS, then Classes, then everything else."""
    if name.isupper() and len(name) > 1:
        return 0, name
    return (1, name) if name[:1].isupper() else (2, name)


def _split(ctx: FileContext, node: ast.ImportFrom, groups: dict[str, list[_Target]]) -> None:
    """One statement per new module, each keeping the original's layout (via LibCST)."""
    import libcst as cst  # imported here: ~0.2 s of start-up that most moves never need

    start, end = ctx.index.span(node)
    original = ctx.index.text[start:end]
    try:
        parsed = cst.parse_statement(original)
    except cst.ParserSyntaxError:
        ctx.note(node.lineno, "import statement could not be re-read; not rewritten")
        return
    assert isinstance(parsed, cst.SimpleStatementLine)
    stmt = parsed.body[0]
    assert isinstance(stmt, cst.ImportFrom) and not isinstance(stmt.names, cst.ImportStar)
    pieces = _split_pieces(ctx, node, stmt, stmt.names, groups)
    line_start = ctx.index.offset(node.lineno, 0)
    before = ctx.index.text[line_start:start]
    # LibCST writes "\n"; a CRLF file keeps CRLF throughout.
    newline = "\r\n" if "\r\n" in ctx.index.lines[node.lineno - 1] else "\n"
    pieces = [p.replace("\r\n", "\n").replace("\n", newline) for p in pieces]
    joiner = newline + before if not before.strip() else "; "
    ctx.add(start, end, joiner.join(pieces))


def _split_pieces(
    ctx: FileContext,
    node: ast.ImportFrom,
    stmt: cst.ImportFrom,
    aliases: Sequence[cst.ImportAlias],
    groups: dict[str, list[_Target]],
) -> list[str]:
    """The code of each new import statement, one per new module (in first-seen order);
    `aliases` are the names of `stmt`, the LibCST form of `node`."""
    by_alias = {id(a): i for i, a in enumerate(node.names)}
    base = ctx.resolve(node.level, node.module) or ""
    pieces: list[str] = []
    for module, targets in groups.items():
        cst_aliases = [aliases[by_alias[id(alias)]] for alias, _, _ in targets]
        own = _own_submodule(ctx, base, module)
        renamed = [
            _renamed(ctx, a, c, n, own) for (a, _, n), c in zip(targets, cst_aliases, strict=True)
        ]
        if not module:  # the module became top-level: `from a import b` -> `import b`
            pieces.extend(_plain_import(ctx, a, n) for a, _, n in targets)
            continue
        pieces.append(_from_code(ctx, node, stmt, module, renamed))
    return pieces


def _renamed(
    ctx: FileContext, alias: ast.alias, node: cst.ImportAlias, new_name: str, own: bool
) -> cst.ImportAlias:
    import libcst as cst

    if new_name == alias.name:
        return node
    text = _alias_text(ctx, alias, new_name, own)
    name, _, asname = text.partition(" as ")
    return node.with_changes(
        name=cst.Name(name),
        asname=cst.AsName(name=cst.Name(asname)) if asname else None,
    )


def _plain_import(ctx: FileContext, alias: ast.alias, new_name: str) -> str:
    """`from a import b` of a module that became top-level `c`: `import c` (uses renamed)."""
    if alias.asname is None and alias.name == new_name:
        return f"import {new_name}"
    return f"import {_alias_text(ctx, alias, new_name, False)}"


def _from_code(
    ctx: FileContext,
    node: ast.ImportFrom,
    stmt: cst.ImportFrom,
    module: str,
    aliases: list[cst.ImportAlias],
) -> str:
    import libcst as cst

    spec = _spec(ctx, node, module)
    level = len(spec) - len(spec.lstrip("."))
    name = spec[level:]
    aliases[-1] = aliases[-1].with_changes(comma=_last_comma(stmt, aliases[-1]))
    new = stmt.with_changes(
        module=cst.parse_expression(name) if name else None,
        relative=[cst.Dot() for _ in range(level)],
        names=aliases,
    )
    return cst.Module(body=[]).code_for_node(new)


def _last_comma(stmt: cst.ImportFrom, alias: cst.ImportAlias) -> cst.Comma | cst.MaybeSentinel:
    """The comma after the new last name: the original last one's, keeping this one's comment."""
    import libcst as cst

    if stmt.lpar is None:
        return cst.MaybeSentinel.DEFAULT
    assert not isinstance(stmt.names, cst.ImportStar)
    original = stmt.names[-1].comma
    own = alias.comma
    if not isinstance(original, cst.Comma) or not isinstance(own, cst.Comma):
        return original
    own_ws, original_ws = own.whitespace_after, original.whitespace_after
    if isinstance(own_ws, cst.ParenthesizedWhitespace) and isinstance(
        original_ws, cst.ParenthesizedWhitespace
    ):
        return own.with_changes(
            whitespace_after=own_ws.with_changes(
                indent=original_ws.indent, last_line=original_ws.last_line
            )
        )
    return original
