"""Dict dispatch: an if/elif/else chain comparing one name to literals, each branch returning
(or assigning one name) a literal, becomes one lookup.

    if kind == "a":                  return {"a": 1, "b": 2, "c": 2}.get(kind, 0)
        return 1
    elif kind in ("b", "c"):
        return 2
    else:
        return 0

Only literal keys (str, bytes, int) and literal values (so evaluating them all at once
changes nothing), an `else` (the default), and no comments in the chain. A key met again
later in the chain is dropped (the first branch wins, as in the chain). The lookup assumes
the name holds a hashable value that equals a key only when `==` says so (str, int, enums
of them): an unhashable value would raise `TypeError` where the chain took its `else`.
"""

from __future__ import annotations

import ast

from refactorkit.codemods.extract.rewrites.edit import Edit
from refactorkit.codemods.extract.rewrites.text import (
    comments_in,
    indent_of,
    newline_of,
    own_statements,
    segment,
)

_KEYS = (str, bytes, int)
_WIDTH = 100
_MIN_TESTS = 2


def dict_dispatch(
    function: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]
) -> Edit | None:
    """The edit that turns the first such chain in the function into a lookup, or None."""
    for node in own_statements(function.body):
        if isinstance(node, ast.If) and lines[node.lineno - 1].lstrip().startswith("if"):
            edit = _dispatch(node, lines)
            if edit is not None:
                return edit
    return None


def _dispatch(chain: ast.If, lines: list[str]) -> Edit | None:
    branches, default = _branches(chain)
    if default is None or len(branches) < _MIN_TESTS:
        return None
    target = _target(default, lines)
    last = chain.end_lineno or chain.lineno
    if target is None or comments_in(lines, chain.lineno, last) != {}:
        return None
    found = _pairs(branches, target, lines)
    if found is None:
        return None
    name, pairs = found
    lookup = _lookup(pairs, name, _value_text(default, lines))
    return Edit(chain.lineno, last, _render(lines, chain, target, lookup), "dict dispatch")


def _pairs(
    branches: list[tuple[ast.expr, ast.stmt]], target: str, lines: list[str]
) -> tuple[str, list[str]] | None:
    """The compared name and the `key: value` items (the first branch of a key wins), or
    None when a branch compares another name or sets another target."""
    name = ""
    pairs: dict[tuple[type, object], str] = {}  # (type, key) -> "key: value" as written
    for test, statement in branches:
        compared = _compared(test)
        if compared is None or name not in ("", compared[0]):
            return None
        if _target(statement, lines) != target:
            return None
        name = compared[0]
        value = _value_text(statement, lines)
        for key in compared[1]:
            pairs.setdefault((type(key.value), key.value), f"{segment(lines, key)}: {value}")
    return name, list(pairs.values())


def _branches(chain: ast.If) -> tuple[list[tuple[ast.expr, ast.stmt]], ast.stmt | None]:
    """The chain's (test, only statement) pairs and its `else` statement (None: not one)."""
    found: list[tuple[ast.expr, ast.stmt]] = []
    node = chain
    while len(node.body) == 1:
        found.append((node.test, node.body[0]))
        orelse = node.orelse
        if len(orelse) != 1:
            return found, None
        follow = orelse[0]
        if not (isinstance(follow, ast.If) and follow.col_offset == node.col_offset):
            return found, follow  # the `else:` branch (an `if` nested in it included)
        node = follow
    return found, None


def _target(statement: ast.stmt, lines: list[str]) -> str | None:
    """`return ` or `name = ` when the statement returns or assigns a one-line literal."""
    value = _value_of(statement)
    if value is None or not _is_literal(value) or value.lineno != value.end_lineno:
        return None
    if isinstance(statement, ast.Return):
        return "return "
    assert isinstance(statement, ast.Assign)
    return f"{segment(lines, statement.targets[0])} = "


def _value_text(statement: ast.stmt, lines: list[str]) -> str:
    value = _value_of(statement)
    assert value is not None  # _target checked it
    return segment(lines, value)


def _value_of(statement: ast.stmt) -> ast.expr | None:
    if isinstance(statement, ast.Return):
        return statement.value
    if (
        isinstance(statement, ast.Assign)
        and len(statement.targets) == 1
        and isinstance(statement.targets[0], ast.Name)
    ):
        return statement.value
    return None


def _is_literal(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return isinstance(node.operand, ast.Constant)
    return isinstance(node, ast.Tuple) and all(_is_literal(e) for e in node.elts)


def _compared(test: ast.expr) -> tuple[str, list[ast.Constant]] | None:
    """(name, literal keys) of `name == key`, `key == name` or `name in (key, ...)`."""
    if not isinstance(test, ast.Compare) or len(test.ops) != 1:
        return None
    left, right, op = test.left, test.comparators[0], test.ops[0]
    if isinstance(op, ast.Eq) and isinstance(left, ast.Constant):
        left, right = right, left
    keys = _keys(op, right)
    return (left.id, keys) if isinstance(left, ast.Name) and keys else None


def _keys(op: ast.cmpop, right: ast.expr) -> list[ast.Constant]:
    """The literal keys on the right of `==` or `in`; [] when one is not a literal key."""
    keys = [right] if isinstance(op, ast.Eq) else []
    if isinstance(op, ast.In) and isinstance(right, (ast.Tuple, ast.List, ast.Set)):
        keys = list(right.elts)
    constants = [k for k in keys if isinstance(k, ast.Constant) and type(k.value) in _KEYS]
    return constants if len(constants) == len(keys) else []


def _lookup(items: list[str], name: str, default: str) -> tuple[list[str], str]:
    """The dict's items and the `.get(...)` after it."""
    return items, f".get({name}, {default})"


def _render(
    lines: list[str], chain: ast.If, target: str, lookup: tuple[list[str], str]
) -> list[str]:
    items, call = lookup
    newline = newline_of(lines)
    indent = indent_of(lines[chain.lineno - 1])
    one_line = f"{indent}{target}{{{', '.join(items)}}}{call}"
    if len(one_line) <= _WIDTH and len(items) <= 3:
        return [one_line + newline]
    unit = indent_of(lines[chain.body[0].lineno - 1])[len(indent) :] or "    "
    body = [f"{indent}{unit}{item},{newline}" for item in items]
    return [f"{indent}{target}{{{newline}", *body, f"{indent}}}{call}{newline}"]
