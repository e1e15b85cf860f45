"""Split an if/elif chain before one `elif`: `elif c:` becomes `else:` holding `if c:`.

    if a:                    if a:
        x()                      x()
    elif b:                  else:
        y()                      if b:
    else:                            y()
        z()                      else:
                                     z()

The same branches run in the same order; the tail is now a statement of its own, which
`extract --auto` can cut into a helper (an `elif` cannot be cut: it is no statement).
"""

from __future__ import annotations

import ast

from refactorkit.codemods.extract.render import string_inner_lines
from refactorkit.codemods.extract.rewrites.text import indent_of, newline_of


def split_chain(text: str, tree: ast.Module, elif_line: int) -> str | None:
    """`text` with the chain split before the `elif` on `elif_line`, or None when there is
    no such `elif` (found in `tree`, the parse of `text`)."""
    lines = text.splitlines(keepends=True)
    node = _elif_at(tree, elif_line, lines)
    if node is None:
        return None
    indent = indent_of(lines[elif_line - 1])
    body = indent_of(lines[node.body[0].lineno - 1])
    unit = body[len(indent) :] if body.startswith(indent) and body != indent else "    "
    last = node.end_lineno or node.lineno
    head = f"{indent}else:{newline_of(lines)}"
    moved = _indented(node, lines, indent, unit)
    return "".join([*lines[: elif_line - 1], head, *moved, *lines[last:]])


def _indented(node: ast.If, lines: list[str], indent: str, unit: str) -> list[str]:
    """The chain's tail one level deeper, its `elif` now an `if`."""
    verbatim = string_inner_lines([node], lines)
    first = lines[node.lineno - 1]
    moved = [indent + unit + first[len(indent) + 2 :]]  # "elif c:" -> "if c:"
    for number in range(node.lineno + 1, (node.end_lineno or node.lineno) + 1):
        line = lines[number - 1]
        moved.append(unit + line if number not in verbatim and line.strip() else line)
    return moved


def _elif_at(tree: ast.Module, line: int, lines: list[str]) -> ast.If | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and len(node.orelse) == 1:
            follow = node.orelse[0]
            is_elif = isinstance(follow, ast.If) and follow.col_offset == node.col_offset
            if is_elif and follow.lineno == line and lines[line - 1].lstrip().startswith("elif"):
                return follow  # type: ignore[return-value]
    return None
