"""Source text helpers the rewrites share: segments, comments, headers and re-indented bodies.

ast gives columns in UTF-8 bytes; these helpers take lines (with their endings) as the
module has them and return text.
"""

from __future__ import annotations

import ast
import io
import tokenize

from refactorkit.codemods.extract.region import statement_lists
from refactorkit.codemods.extract.render import string_inner_lines

# what a condition needs around it to be an operand of `and` or of `not`
_LOOSE = (ast.BoolOp, ast.IfExp, ast.Lambda, ast.NamedExpr)


def indent_of(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def newline_of(lines: list[str]) -> str:
    return "\r\n" if lines and lines[0].endswith("\r\n") else "\n"


def segment(lines: list[str], node: ast.expr) -> str:
    """The source of an expression, across lines when it spans several."""
    first, last = node.lineno, node.end_lineno or node.lineno
    start, end = node.col_offset, node.end_col_offset or 0
    if first == last:
        return lines[first - 1].encode("utf-8")[start:end].decode("utf-8")
    head = lines[first - 1].encode("utf-8")[start:].decode("utf-8")
    tail = lines[last - 1].encode("utf-8")[:end].decode("utf-8")
    return head + "".join(lines[first : last - 1]) + tail


def operand(lines: list[str], node: ast.expr, loose: tuple[type, ...] = _LOOSE) -> str:
    """`node`'s source as an operand: in parentheses when it spans lines or binds loosely."""
    text = segment(lines, node)
    return f"({text})" if "\n" in text or "\r" in text or isinstance(node, loose) else text


def header_rest(lines: list[str], test: ast.expr) -> tuple[int, str] | None:
    """After an `if` test: the line of the header's colon and what follows the colon there
    (a comment or nothing), or None when code follows it or the header is unusual."""
    number = test.end_lineno or test.lineno
    raw = lines[number - 1].encode("utf-8")[test.end_col_offset or 0 :].decode("utf-8")
    while True:
        stripped = raw.lstrip(" \t)")
        if stripped.startswith(":"):
            rest = stripped[1:].strip()
            return (number, rest) if not rest or rest.startswith("#") else None
        if stripped.rstrip("\r\n") not in ("\\", "") or number >= len(lines):
            return None
        number += 1
        raw = lines[number - 1]


def comments_in(lines: list[str], first: int, last: int) -> dict[int, str] | None:
    """The comments on lines first..last (line -> text), None when they do not tokenize."""
    source = "".join(lines[first - 1 : last])
    found: dict[int, str] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                found[token.start[0] + first - 1] = token.string
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None
    return found


def shifted(
    lines: list[str], first: int, last: int, statements: list[ast.stmt], old: str, new: str
) -> list[str]:
    """Lines first..last with the indentation `old` replaced by `new` (the inner lines of
    multi-line strings and blank lines kept as they are)."""
    verbatim = string_inner_lines(statements, lines)
    out = []
    for number in range(first, last + 1):
        line = lines[number - 1]
        if number not in verbatim and line.strip() and line.startswith(old):
            line = new + line[len(old) :]
        out.append(line)
    return out


def own_statements(body: list[ast.stmt]) -> list[ast.stmt]:
    """Every statement under `body`, in source order, not entering nested defs and classes."""
    found: list[ast.stmt] = []
    stack = list(reversed(body))
    while stack:
        node = stack.pop()
        found.append(node)
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stack.extend(reversed([s for part in statement_lists(node) for s in part]))
    return found
