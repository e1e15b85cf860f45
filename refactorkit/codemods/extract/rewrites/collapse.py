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
    inner = _only_inner_if(outer)
    if inner is None:
        return None
    colon_line = _inner_colon(outer, inner, lines)
    if colon_line is None:
        return None
    comments = _header_comments(outer, inner, colon_line, lines)
    layout = _layout(outer, inner, lines)
    if comments is None or layout is None or (layout[1] == "elif" and comments):
        return None  # (a comment line cannot stand between the branches of a chain)
    indent, keyword, inner_indent, body_indent = layout
    newline = newline_of(lines)
    last = inner.end_lineno or inner.lineno
    test = f"{_and_operand(lines, outer.test)} and {_and_operand(lines, inner.test)}"
    body = shifted(lines, colon_line + 1, last, inner.body, body_indent, inner_indent)
    above = [f"{indent}{text}{newline}" for text in comments]
    header = f"{indent}{keyword} {test}:{newline}"
    return Edit(outer.lineno, last, [*above, header, *body], "collapsed if")


def _inner_colon(outer: ast.If, inner: ast.If, lines: list[str]) -> int | None:
    """The line of the inner header's colon; None for an unusual header or a body on it."""
    outer_header, inner_header = header_rest(lines, outer.test), header_rest(lines, inner.test)
    if outer_header is None or inner_header is None or inner.body[0].lineno <= inner_header[0]:
        return None
    return inner_header[0]


def _layout(outer: ast.If, inner: ast.If, lines: list[str]) -> tuple[str, str, str, str] | None:
    """The outer indent, its keyword (`if`, `elif`), the inner indent and the body's."""
    opening = lines[outer.lineno - 1]
    keyword = "elif" if opening.lstrip().startswith("elif") else "if"
    inner_indent = indent_of(lines[inner.lineno - 1])
    body_indent = indent_of(lines[inner.body[0].lineno - 1])
    if not body_indent.startswith(inner_indent) or inner_indent == body_indent:
        return None
    return indent_of(opening), keyword, inner_indent, body_indent


def _only_inner_if(outer: ast.If) -> ast.If | None:
    """The `if` that is the whole body of `outer`, when neither has an `else`."""
    if outer.orelse or len(outer.body) != 1:
        return None
    inner = outer.body[0]
    return inner if isinstance(inner, ast.If) and not inner.orelse else None


def _header_comments(
    outer: ast.If, inner: ast.If, colon_line: int, lines: list[str]
) -> list[str] | None:
    """The comments from the outer header to the inner one's colon, in order (they go above
    the merged header); None when a test spanning lines holds one (it stays inside)."""
    comments = comments_in(lines, outer.lineno, colon_line)
    if comments is None:
        return None
    spans = any(t.lineno != t.end_lineno for t in (outer.test, inner.test))
    if comments and spans:
        return None
    return [text for _, text in sorted(comments.items())]


def _and_operand(lines: list[str], node: ast.expr) -> str:
    """An operand of `and`: an `and` of its own needs no parentheses (unless it spans lines)."""
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
        return operand(lines, node, ())
    return operand(lines, node)
