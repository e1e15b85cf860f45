"""One `ast` walk over a file, keeping only what reference rewriting looks at."""

from __future__ import annotations

import ast
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")


@dataclass
class FileFacts:
    """Imports, name bindings and interesting nodes of one parsed file."""

    imports: list[ast.Import | ast.ImportFrom] = field(default_factory=list)
    bound: Counter[str] = field(default_factory=Counter)  # bindings other than imports
    import_bound: Counter[str] = field(default_factory=Counter)
    names: dict[str, list[ast.Name]] = field(default_factory=dict)  # Load uses of watched ids
    plain_roots: set[str] = field(default_factory=set)  # T bound by a plain `import T.x`
    attributes: list[ast.Attribute] = field(default_factory=list)  # attr is a watched word
    calls: list[ast.Call] = field(default_factory=list)  # calls with a constant argument
    string_lists: list[ast.List | ast.Tuple | ast.Set] = field(default_factory=list)
    all_entries: list[ast.Constant] = field(default_factory=list)  # strings in __all__
    strings: list[ast.Constant] = field(default_factory=list)  # strings holding a word


def dotted_name(node: ast.expr) -> str | None:
    """`a.b.c` for a pure Name/Attribute chain, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def collect(tree: ast.Module, words: set[str], hit_lines: Sequence[int] | None) -> FileFacts:
    """Walk the statements of `tree` that hold a word (all when `hit_lines` is None).

    Every reference rewritten spells one of `words` on its own lines, so statements that
    do not touch a hit line cannot matter, except top-level imports (the roots of attribute
    chains, `import pkg as p` ... `p.util.f()`), which are always read.
    """
    facts = FileFacts()
    if hit_lines is None:
        _visit(facts, ast.walk(tree), words)
        return facts
    for stmt in tree.body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)) and not _touches(stmt, hit_lines):
            _add_import(facts, stmt)
    _visit(facts, _selected(tree.body, hit_lines), words)
    return facts


def _touches(node: ast.stmt, hit_lines: Sequence[int]) -> bool:
    # A decorated def/class starts at its first decorator, not at the `def` line: a
    # `@patch("pkg.mod.name")` above it must count as part of the statement.
    decorators = getattr(node, "decorator_list", ())
    start = min([node.lineno, *(d.lineno for d in decorators)])
    i = bisect_left(hit_lines, start)
    return i < len(hit_lines) and hit_lines[i] <= (node.end_lineno or node.lineno)


def _selected(body: list[ast.stmt], hit_lines: Sequence[int]) -> Iterator[ast.AST]:
    """Nodes of the statements touching a hit line; big compound statements are entered."""
    for stmt in body:
        if not _touches(stmt, hit_lines):
            continue
        inner = [f for f in _BODIES if isinstance(getattr(stmt, f, None), list)]
        if not inner or (stmt.end_lineno or stmt.lineno) - stmt.lineno < 20:
            yield from ast.walk(stmt)
        else:
            yield stmt
            yield from _entered(stmt, inner, hit_lines)


def _entered(stmt: ast.stmt, inner: list[str], hit_lines: Sequence[int]) -> Iterator[ast.AST]:
    """The fields of a big compound statement: its bodies filtered by hit line, the rest whole."""
    for name, value in ast.iter_fields(stmt):
        if name in ("handlers", "cases") and name in inner:
            yield from _selected_clauses(value, hit_lines)
        elif name in inner:
            yield from _selected(value, hit_lines)
        else:
            yield from _walk_field(value)


def _selected_clauses(clauses: list[ast.AST], hit_lines: Sequence[int]) -> Iterator[ast.AST]:
    """`except` handlers and `match` cases: each whole but for its body, filtered by hit line."""
    for part in clauses:
        yield part
        for field_name, sub in ast.iter_fields(part):
            if field_name == "body":
                yield from _selected(sub, hit_lines)
            elif isinstance(sub, ast.AST):
                yield from ast.walk(sub)


def _walk_field(value: object) -> Iterator[ast.AST]:
    """Every node of one field's value (a node, or a list that may hold nodes)."""
    if isinstance(value, ast.AST):
        yield from ast.walk(value)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, ast.AST):
                yield from ast.walk(item)


def _visit(facts: FileFacts, nodes: Iterable[ast.AST], words: set[str]) -> None:
    handlers = _HANDLERS  # one dict lookup per node: this loop runs over every node of a file
    for node in nodes:
        handler = handlers.get(type(node))
        if handler is not None:
            handler(facts, node, words)


def _on_name(facts: FileFacts, node: ast.Name, words: set[str]) -> None:
    if type(node.ctx) is ast.Load:
        facts.names.setdefault(node.id, []).append(node)
    else:
        facts.bound[node.id] += 1


def _on_attribute(facts: FileFacts, node: ast.Attribute, words: set[str]) -> None:
    if node.attr in words:
        facts.attributes.append(node)


def _on_constant(facts: FileFacts, node: ast.Constant, words: set[str]) -> None:
    value = node.value
    if isinstance(value, str) and any(word in value for word in words):
        facts.strings.append(node)


def _on_call(facts: FileFacts, node: ast.Call, words: set[str]) -> None:
    if node.args and any(isinstance(arg, ast.Constant) for arg in node.args[:2]):
        facts.calls.append(node)


def _on_arg(facts: FileFacts, node: ast.arg, words: set[str]) -> None:
    facts.bound[node.arg] += 1


def _on_named_binding(
    facts: FileFacts,
    node: ast.FunctionDef
    | ast.AsyncFunctionDef
    | ast.ClassDef
    | ast.ExceptHandler
    | ast.MatchAs
    | ast.MatchStar,
    words: set[str],
) -> None:
    """def, class, `except E as name`, `case ... as name`, `case [*name]`."""
    if node.name:
        facts.bound[node.name] += 1


def _on_declaration(facts: FileFacts, node: ast.Global | ast.Nonlocal, words: set[str]) -> None:
    for name in node.names:
        facts.bound[name] += 1


def _add_import(facts: FileFacts, node: ast.Import | ast.ImportFrom) -> None:
    facts.imports.append(node)
    for alias in node.names:
        if alias.asname:
            facts.import_bound[alias.asname] += 1
        elif isinstance(node, ast.Import):
            root = alias.name.partition(".")[0]
            facts.import_bound[root] += 1
            facts.plain_roots.add(root)
        else:
            facts.import_bound[alias.name] += 1


def _add_string_list(facts: FileFacts, node: ast.List | ast.Tuple | ast.Set) -> None:
    elts = node.elts
    if elts and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in elts):
        facts.string_lists.append(node)


def _add_all(facts: FileFacts, node: ast.Assign | ast.AugAssign | ast.AnnAssign) -> None:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    if not any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
        return
    value = node.value
    if isinstance(value, (ast.List, ast.Tuple)):
        facts.all_entries.extend(
            e for e in value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
        )


_Handler = Callable[[FileFacts, Any, set[str]], None]
# The node types `_visit` looks at, by exact type (as `ast.parse` builds them).
_HANDLERS: dict[type[ast.AST], _Handler] = {
    ast.Name: _on_name,
    ast.Attribute: _on_attribute,
    ast.Constant: _on_constant,
    ast.Call: _on_call,
    ast.Import: lambda facts, node, words: _add_import(facts, node),
    ast.ImportFrom: lambda facts, node, words: _add_import(facts, node),
    ast.List: lambda facts, node, words: _add_string_list(facts, node),
    ast.Tuple: lambda facts, node, words: _add_string_list(facts, node),
    ast.Set: lambda facts, node, words: _add_string_list(facts, node),
    ast.Assign: lambda facts, node, words: _add_all(facts, node),
    ast.AugAssign: lambda facts, node, words: _add_all(facts, node),
    ast.AnnAssign: lambda facts, node, words: _add_all(facts, node),
    ast.FunctionDef: _on_named_binding,
    ast.AsyncFunctionDef: _on_named_binding,
    ast.ClassDef: _on_named_binding,
    ast.arg: _on_arg,
    ast.ExceptHandler: _on_named_binding,
    ast.Global: _on_declaration,
    ast.Nonlocal: _on_declaration,
    ast.MatchAs: _on_named_binding,
    ast.MatchStar: _on_named_binding,
}
