"""Cognitive complexity per function (SonarSource's definition, with complexipy's numbers).

complexipy (a Rust tool over ruff's AST) is the reference: this module reproduces its rules on
Python's `ast`, so that the engine's single parse serves both metrics.
tests/unit/analysis/test_cognitive.py checks equality with complexipy on every function of
the sample project. complexipy's rules, including the odd ones (docs/metrics.md):

* +1 + nesting for `if`, ternary, `for`/`while` (async too), `match`, each `except` handler
  and each comprehension `for`; +1 for `elif`/`else` and each comprehension `if`.
* Boolean operators count only in the expression of a statement that complexipy reads (the
  value of an assignment, `return`, `raise`, `assert`, an expression statement, a `with`
  item, a condition): +1 per `and`/`or` sequence, +1 when a nested sequence switches operator.
  It looks inside calls' positional arguments, tuples, lists, sets, dict values, lambdas,
  comparisons and comprehensions, and nowhere else.
* Nesting grows inside the bodies of `if`/`elif`/`else`, loops (not their `else`), `except`
  handlers, `match` cases and nested functions, not inside `try`, `with` or `finally`.
* A function also counts the functions defined in it; +1 when it calls itself by name.
  A decorator factory (a body of exactly a `def` then a `return`) is measured as its inner
  function.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Callable, Iterator
from typing import Any

_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)
_TRIES: tuple[type[ast.stmt], ...] = tuple(
    t for t in (ast.Try, getattr(ast, "TryStar", None)) if t is not None
)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp)
_SEQUENCES = (ast.Tuple, ast.List, ast.Set)
# Expressions complexipy never looks into (the common ones, for speed; the rest fall through).
_LEAVES = frozenset(
    {ast.Name, ast.Constant, ast.Attribute, ast.Subscript, ast.BinOp, ast.JoinedStr}
    | {ast.Await, ast.Starred, ast.Yield, ast.YieldFrom, ast.NamedExpr, ast.Slice}
)
_BODY_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {
    **dict.fromkeys((ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef), ("body",)),
    **dict.fromkeys((ast.With, ast.AsyncWith), ("body",)),
    ast.Match: (),
    **dict.fromkeys((ast.If, ast.For, ast.AsyncFor, ast.While), ("body", "orelse")),
    **dict.fromkeys(_TRIES, ("body", "orelse", "finalbody")),
}


def cognitive_by_def(tree: ast.Module, text: str | None = None) -> dict[tuple[int, str], int]:
    """The cognitive complexity of every function in `tree`, keyed by (def line, name).

    Given the source `text`, a function whose name does not appear in the text of its body
    cannot call itself: the search for recursion (a walk over every expression, else the
    most costly part) is skipped for it.
    """
    body_text = BodyText(text)
    return {
        (node.lineno, node.name): function_cognitive(node, body_text.mentions(node))
        for node in _defs(tree.body)
    }


def function_cognitive(
    node: ast.FunctionDef | ast.AsyncFunctionDef, may_recurse: bool = True
) -> int:
    """One function's cognitive complexity, measured as complexipy measures a top-level one.

    `may_recurse` False: the caller knows the body never names the function.
    """
    return statement_cognitive(node, 0) + (may_recurse and _calls_itself(node))


class BodyText:
    """The source text of functions' bodies, by line offsets computed on first use."""

    def __init__(self, text: str | None) -> None:
        self.text = text
        self.offsets: list[int] = []

    def mentions(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
        """Whether the function's name appears in its body's lines (True without text)."""
        if self.text is None or node.end_lineno is None:
            return True
        if not self.offsets:
            lengths = map(len, self.text.splitlines(keepends=True))
            self.offsets = [0, *itertools.accumulate(lengths)]
        first, last = node.body[0].lineno - 1, min(node.end_lineno, len(self.offsets) - 1)
        body = self.text[self.offsets[first] : self.offsets[last]]
        return _bare_mention(node.name, body)


def _bare_mention(name: str, text: str) -> bool:
    """Whether `name` appears in `text` as a whole word with no dot before it (so not as
    `self.name` or `super().name`)."""
    start = text.find(name)
    while start != -1:
        end = start + len(name)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before in "._") and not (after.isalnum() or after == "_"):
            return True
        start = text.find(name, end)
    return False


def _defs(body: list[ast.stmt]) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    """Every def among `body` and the statements nested in it (lambdas are not defs)."""
    stack = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, _DEFS):
            yield node
        stack.extend(_child_statements(node))


def _child_statements(node: ast.stmt) -> Iterator[ast.stmt]:
    fields = _BODY_FIELDS.get(type(node))
    if fields is None:
        return
    for name in fields:
        yield from getattr(node, name)
    for clause in getattr(node, "handlers", None) or getattr(node, "cases", None) or ():
        yield from clause.body


def _is_decorator_factory(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    body = node.body
    return len(body) == 2 and isinstance(body[0], _DEFS) and isinstance(body[1], ast.Return)


def statement_cognitive(node: ast.stmt, nesting: int) -> int:
    """complexipy's `statement_cognitive_complexity` of one statement at `nesting`."""
    kind = type(node)
    simple = _SIMPLE.get(kind)
    if simple is not None:
        return sum(bool_ops(e, nesting) for e in simple(node) if e is not None)
    compound = _COMPOUND.get(kind)
    return 0 if compound is None else compound(node, nesting)


def _with(node: ast.With | ast.AsyncWith, nesting: int) -> int:
    items = sum(bool_ops(item.context_expr, nesting) for item in node.items)
    return items + _suite(node.body, nesting)


def _match(node: ast.Match, nesting: int) -> int:
    return 1 + nesting + sum(_suite(case.body, nesting + 1) for case in node.cases)


def _class(node: ast.ClassDef, nesting: int) -> int:
    return sum(statement_cognitive(s, nesting) for s in node.body if isinstance(s, _DEFS))


def _function_body(node: ast.FunctionDef | ast.AsyncFunctionDef, nesting: int) -> int:
    if _is_decorator_factory(node):
        return statement_cognitive(node.body[0], nesting)
    return sum(
        statement_cognitive(s, nesting + 1 if isinstance(s, _DEFS) else nesting) for s in node.body
    )


# The expressions complexipy reads in the statements that have no body.
_SIMPLE: dict[type[ast.AST], Callable[[Any], tuple[ast.expr | None, ...]]] = {
    ast.Assign: lambda n: (n.value,),
    ast.AnnAssign: lambda n: (n.value,),
    ast.AugAssign: lambda n: (n.value,),
    ast.Return: lambda n: (n.value,),
    ast.Raise: lambda n: (n.exc, n.cause),
    ast.Assert: lambda n: (n.test, n.msg),
    ast.Expr: lambda n: (n.value,),
}


_COMPOUND: dict[type[ast.AST], Callable[[Any, int], int]] = {
    ast.FunctionDef: lambda n, nesting: _function_body(n, nesting),
    ast.AsyncFunctionDef: lambda n, nesting: _function_body(n, nesting),
    ast.If: lambda n, nesting: _if(n, nesting),
    ast.For: lambda n, nesting: _loop(n, nesting),
    ast.AsyncFor: lambda n, nesting: _loop(n, nesting),
    ast.While: lambda n, nesting: _loop(n, nesting),
    ast.With: lambda n, nesting: _with(n, nesting),
    ast.AsyncWith: lambda n, nesting: _with(n, nesting),
    ast.Match: lambda n, nesting: _match(n, nesting),
    ast.ClassDef: lambda n, nesting: _class(n, nesting),
    **{t: (lambda n, nesting: _try(n, nesting)) for t in _TRIES},
}


def _suite(body: list[ast.stmt], nesting: int) -> int:
    return sum(statement_cognitive(s, nesting) for s in body)


def _loop(node: ast.For | ast.AsyncFor | ast.While, nesting: int) -> int:
    control = node.test if isinstance(node, ast.While) else node.iter
    own = 1 + nesting + bool_ops(control, nesting)
    return own + _suite(node.body, nesting + 1) + _suite(node.orelse, nesting)


def _if(node: ast.If, nesting: int) -> int:
    total = 1 + nesting + bool_ops(node.test, nesting) + _suite(node.body, nesting + 1)
    orelse = node.orelse
    # ruff sees `elif` clauses where ast nests an If in `orelse` at the same column.
    while len(orelse) == 1 and _is_elif(orelse[0], node):
        clause: ast.If = orelse[0]  # type: ignore[assignment]
        total += 1 + bool_ops(clause.test, nesting) + _suite(clause.body, nesting + 1)
        orelse = clause.orelse
    if orelse:
        total += 1 + _suite(orelse, nesting + 1)
    return total


def _is_elif(candidate: ast.stmt, parent: ast.If) -> bool:
    return isinstance(candidate, ast.If) and candidate.col_offset == parent.col_offset


def _try(node: ast.Try, nesting: int) -> int:
    total = _suite(node.body, nesting)
    for handler in node.handlers:
        total += 1 + nesting + _suite(handler.body, nesting + 1)
    return total + _suite(node.orelse, nesting) + _suite(node.finalbody, nesting)


def bool_ops(expr: ast.expr, nesting: int) -> int:
    """complexipy's `count_bool_ops`: boolean sequences and the structures it looks into."""
    kind = type(expr)
    if kind in _LEAVES:
        return 0
    if kind is ast.BoolOp or kind is ast.UnaryOp:
        return _sequences(expr, None)
    if kind is ast.Compare:
        parts = (expr.left, *expr.comparators)  # type: ignore[attr-defined]
        return sum(bool_ops(e, nesting) for e in parts)
    if kind is ast.IfExp:
        return _ternary(expr, nesting)  # type: ignore[arg-type]
    if kind is ast.Lambda:
        return bool_ops(expr.body, nesting + 1)  # type: ignore[attr-defined]
    if kind in _COMPREHENSIONS:
        return _comprehension((expr.elt,), expr.generators, nesting)  # type: ignore[attr-defined]
    if kind is ast.DictComp:
        elements = (expr.key, expr.value)  # type: ignore[attr-defined]
        return _comprehension(elements, expr.generators, nesting)  # type: ignore[attr-defined]
    return _containers(expr, nesting)


def _ternary(expr: ast.IfExp, nesting: int) -> int:
    inner = bool_ops(expr.body, nesting + 1) + bool_ops(expr.orelse, nesting + 1)
    return 1 + nesting + bool_ops(expr.test, nesting) + inner


def _containers(expr: ast.expr, nesting: int) -> int:
    parts: list[ast.expr] = []
    if isinstance(expr, ast.Call):
        parts = expr.args
    elif isinstance(expr, _SEQUENCES):
        parts = expr.elts
    elif isinstance(expr, ast.Dict):
        parts = expr.values
    return sum(bool_ops(e, nesting) for e in parts)


def _comprehension(
    elements: tuple[ast.expr, ...], generators: list[ast.comprehension], nesting: int
) -> int:
    total = 0
    for generator in generators:
        total += 1 + nesting + bool_ops(generator.iter, nesting)
        total += sum(1 + bool_ops(f, nesting + 1) for f in generator.ifs)
    return total + sum(bool_ops(e, nesting + 1) for e in elements)


def _sequences(expr: ast.expr, parent: ast.boolop | None) -> int:
    """+1 per `and`/`or` sequence: an operand joined by the same operator continues its
    parent's sequence; `not` starts afresh. Other operands are not looked into."""
    if isinstance(expr, ast.BoolOp):
        own = 1 if parent is None or type(parent) is not type(expr.op) else 0
        return own + sum(_sequences(v, expr.op) for v in expr.values)
    if isinstance(expr, ast.UnaryOp):
        return _sequences(expr.operand, None)
    return 0


def _calls_itself(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """1 when the body calls the function by its bare name (not in nested defs or lambdas)."""
    name = node.name
    stack: list[ast.AST] = list(node.body)
    while stack:
        current = stack.pop()
        if isinstance(current, (*_DEFS, ast.ClassDef, ast.Lambda)):
            continue
        func = getattr(current, "func", None)
        if isinstance(current, ast.Call) and isinstance(func, ast.Name) and func.id == name:
            return True
        stack.extend(ast.iter_child_nodes(current))
    return False
