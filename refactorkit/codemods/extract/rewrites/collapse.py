"""Collapsible `if`: an `if` whose whole body is another `if`, neither with an `else`.

    if a:                    if a and b:
        if b:                    work()
            work()

`a and b` evaluates b only when a is true, as the nested form does; an operand that binds
more loosely than `and` (`or`, a conditional expression, a walrus) or spans lines is put in
parentheses. Comments on the two header lines, or between them, move above the new one.
"""

from __future__ import annotations

import ast

from refactorkit.codemods.extract.rewrites.edit import Edit
from refactorkit.codemods.extract.rewrites.text import (
    comments_in,
    header_rest,
    indent_of,
    newline_of,
    operand,
    own_statements,
    shifted,
)


def collapsible_if(
    function: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]
) -> Edit | None:
    """The edit that merges the first collapsible pair of `if`s in the function, or None."""
    for node in own_statements(function.body):
        if isinstance(node, ast.If):
            edit = _merge(node, lines)
            if edit is not None:
                return edit
    return None


def _merge(outer: ast.If, lines: list[str]) -> Edit | None:
    if outer.orelse or len(outer.body) != 1 or not isinstance(outer.body[0], ast.If):
        return None
    inner = outer.body[0]
    outer_header, inner_header = header_rest(lines, outer.test), header_rest(lines, inner.test)
    if inner.orelse or outer_header is None or inner_header is None:
        return None
    inner_colon = inner_header[0]
    if inner.body[0].lineno <= inner_colon:
        return None  # `if b: work()` on one line
    comments = comments_in(lines, outer.lineno, inner_colon)
    if comments is None:
        return None
    spans = any(t.lineno != t.end_lineno for t in (outer.test, inner.test))
    if comments and spans:
        return None  # a comment inside a test stays there; it must not be doubled above
    indent = indent_of(lines[outer.lineno - 1])
    keyword = "elif" if lines[outer.lineno - 1].lstrip().startswith("elif") else "if"
    newline = newline_of(lines)
    inner_indent = indent_of(lines[inner.lineno - 1])
    body_indent = indent_of(lines[inner.body[0].lineno - 1])
    if not body_indent.startswith(inner_indent) or inner_indent == body_indent:
        return None
    last = inner.end_lineno or inner.lineno
    test = f"{_and_operand(lines, outer.test)} and {_and_operand(lines, inner.test)}"
    above = [f"{indent}{text}{newline}" for _, text in sorted(comments.items())]
    if keyword == "elif" and above:
        return None  # a comment line cannot stand between the branches of a chain
    return Edit(
        outer.lineno,
        last,
        [
            *above,
            f"{indent}{keyword} {test}:{newline}",
            *shifted(lines, inner_colon + 1, last, inner.body, body_indent, inner_indent),
        ],
        "collapsed if",
    )


def _and_operand(lines: list[str], node: ast.expr) -> str:
    """An operand of `and`: an `and` of its own needs no parentheses (unless it spans lines)."""
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
        return operand(lines, node, ())
    return operand(lines, node)
