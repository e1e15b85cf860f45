"""Guard clause: a function that ends in one `if` with no `else` returns early instead.

    def f(x):               def f(x):
        ...                     ...
        if ready(x):            if not ready(x):
            a()                     return
            b()                 a()
                                b()

Falling off the end and a bare `return` both return None (and end a generator), so the
behaviour is the same; the body loses a level of nesting (cognitive complexity) and its
statements become top-level ones that `extract --auto` can cut as paragraphs.
"""

from __future__ import annotations

import ast

from refactorkit.codemods.extract.rewrites.edit import Edit
from refactorkit.codemods.extract.rewrites.text import (
    header_rest,
    indent_of,
    newline_of,
    operand,
    segment,
    shifted,
)

_FLIP = {ast.Is: "is not", ast.IsNot: "is", ast.In: "not in", ast.NotIn: "in"}
_MIN_STATEMENTS = 2  # a one-statement body is no deeper nest than its guard


def guard_clause(function: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]) -> Edit | None:
    """The edit that turns the function's closing `if` into a guard, or None."""
    last = _closing_if(function)
    header = header_rest(lines, last.test) if last is not None else None
    if last is None or header is None or last.body[0].lineno <= header[0]:
        return None
    colon_line, comment = header
    indent = indent_of(lines[last.lineno - 1])
    inner = indent_of(lines[last.body[0].lineno - 1])
    if not inner.startswith(indent) or inner == indent:
        return None
    newline = newline_of(lines)
    trailer = f"  {comment}" if comment else ""
    end = last.end_lineno or last.lineno
    new = [
        f"{indent}if {negated(lines, last.test)}:{trailer}{newline}",
        f"{inner}return{newline}",
        *shifted(lines, colon_line + 1, end, last.body, inner, indent),
    ]
    return Edit(last.lineno, end, new, "guard clause")


def _closing_if(function: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.If | None:
    """The `if` (no `else`, a few statements) that ends the function, if that is how it ends."""
    last = function.body[-1]
    if isinstance(last, ast.If) and not last.orelse and len(last.body) >= _MIN_STATEMENTS:
        return last
    return None


def negated(lines: list[str], test: ast.expr) -> str:
    """The source of `not test`, as simple as keeps the meaning exactly."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return operand(lines, test.operand, ())  # the whole test of the `if`: no parentheses
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and type(test.ops[0]) in _FLIP:
        left, right = segment(lines, test.left), segment(lines, test.comparators[0])
        if "\n" not in left + right:
            return f"{left} {_FLIP[type(test.ops[0])]} {right}"
    return f"not {operand(lines, test)}"
