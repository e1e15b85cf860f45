"""Where a block lies: its enclosing function, the statement list it belongs to, its loops."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

from refactorkit.codemods.extract.names import UsesMemo
from refactorkit.errors import UserError

DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)
LOOPS = (ast.For, ast.AsyncFor, ast.While)
_TRIES: tuple[type[ast.stmt], ...] = tuple(
    t for t in (ast.Try, getattr(ast, "TryStar", None)) if t is not None
)


class Refused(UserError):
    """The block cannot be extracted without changing behaviour: the reason and its line."""

    def __init__(self, reason: str, line: int) -> None:
        super().__init__(f"line {line}: {reason}")
        self.reason = reason
        self.line = line


@dataclass(frozen=True)
class Region:
    """A run of whole statements of one statement list inside one function."""

    function: ast.FunctionDef | ast.AsyncFunctionDef
    owner: ast.ClassDef | None  # the class when the function is a method
    parent_body: list[ast.stmt]  # the statement list the function itself is in
    body: list[ast.stmt]  # the statement list the block is part of
    start: int  # index of the block's first statement in `body`
    stop: int  # index after its last
    loops: tuple[ast.stmt, ...]  # loops inside the function enclosing the block, outermost first
    # From the function's body down: each statement list and the index of the statement in
    # it that holds the block (the last entry is `body` and `start`).
    path: tuple[tuple[list[ast.stmt], int], ...] = ()
    memo: UsesMemo = field(default_factory=UsesMemo, compare=False, repr=False)

    @property
    def statements(self) -> list[ast.stmt]:
        return self.body[self.start : self.stop]

    @property
    def first_line(self) -> int:
        return first_line(self.statements[0])

    @property
    def last_line(self) -> int:
        return self.statements[-1].end_lineno or self.statements[-1].lineno

    @property
    def is_function_tail(self) -> bool:
        """The block ends the function's own body (nothing runs after it)."""
        return self.body is self.function.body and self.stop == len(self.body)


def statement_lists(node: ast.AST) -> Iterator[list[ast.stmt]]:
    """The statement lists directly inside a compound statement."""
    for name in ("body", "orelse", "finalbody"):
        value = getattr(node, name, None)
        if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
            yield value
    for clause in getattr(node, "handlers", None) or getattr(node, "cases", None) or ():
        yield clause.body


def find_function(
    tree: ast.Module, start: int, end: int
) -> tuple[ast.FunctionDef | ast.AsyncFunctionDef, ast.ClassDef | None, list[ast.stmt]]:
    """The innermost function whose body holds lines start..end, its class, its list."""
    found = None
    body: list[ast.stmt] | None = tree.body
    owner: ast.ClassDef | None = None
    while body is not None:
        node = next((n for n in body if _spans(n, start, end)), None)
        if isinstance(node, DEFS) and node.body[0].lineno <= start:
            found = (node, owner, body)
        owner = node if isinstance(node, ast.ClassDef) else None
        body = _list_holding(node, start, end)
    if found is None:
        raise Refused("the lines are not inside the body of a function", start)
    return found


def _list_holding(node: ast.stmt | None, start: int, end: int) -> list[ast.stmt] | None:
    """The statement list of `node` that holds lines start..end, if any."""
    if node is None:
        return None
    lists = statement_lists(node)
    return next((b for b in lists if first_line(b[0]) <= start and _last(b[-1]) >= end), None)


def _spans(node: ast.stmt, start: int, end: int) -> bool:
    return node.lineno <= start and _last(node) >= end


def first_line(node: ast.stmt) -> int:
    """A statement's first line, its decorators included."""
    decorators: list[ast.expr] = getattr(node, "decorator_list", [])
    return min([node.lineno, *(d.lineno for d in decorators)])


def _last(node: ast.stmt) -> int:
    return node.end_lineno or node.lineno


def locate(
    tree: ast.Module, start: int, end: int, memo: UsesMemo | None = None, *, widen: bool = False
) -> Region:
    """The region of whole statements covering lines start..end (both lines hold code: the
    caller trims blank and comment lines), or Refused when the lines cut a statement.

    `widen`: a cut statement is taken whole instead (the statements the lines touch, in the
    innermost block holding both ends): the ranges RK116 reports are runs of lines of code,
    which can start or end inside a multi-line statement.
    `memo`: the uses of the tree's functions, shared by the regions of one unchanged tree."""
    function, owner, parent_body = find_function(tree, start, end)
    body: list[ast.stmt] = function.body
    loops: list[ast.stmt] = []
    path: list[tuple[list[ast.stmt], int]] = []
    while True:
        first, stop = _overlapping(body, start, end)
        path.append((body, first))
        inner = _descend(body[first:stop], start, end, widen)
        if inner is None:
            return Region(
                function, owner, parent_body, body, first, stop, tuple(loops), tuple(path),
                memo or UsesMemo(),
            )  # fmt: skip
        node, body = body[first], inner
        if isinstance(node, LOOPS) and body is node.body:
            loops.append(node)


def _descend(touched: list[ast.stmt], start: int, end: int, widen: bool) -> list[ast.stmt] | None:
    """The statement list to look into next, or None when `touched` (the statements of one
    list the lines touch) is the region: whole, or taken whole with `widen`. Refused when
    the lines cut one of them and `widen` is off."""
    if first_line(touched[0]) >= start and _last(touched[-1]) <= end:
        return None
    inner = None if len(touched) > 1 else _inner_list(touched[0], start, end)
    if inner is not None or widen:
        return inner
    cut = touched[0] if first_line(touched[0]) < start else touched[-1]
    raise Refused(_cut_reason(cut), cut.lineno)


def _overlapping(body: list[ast.stmt], start: int, end: int) -> tuple[int, int]:
    """The index range of the statements of `body` that touch lines start..end."""
    inside = [i for i, s in enumerate(body) if first_line(s) <= end and _last(s) >= start]
    if not inside:
        raise Refused("no statement on these lines", start)
    return inside[0], inside[-1] + 1


def _inner_list(node: ast.stmt, start: int, end: int) -> list[ast.stmt] | None:
    """The statement list of `node` that holds lines start..end whole, if one does."""
    for body in statement_lists(node):
        if first_line(body[0]) <= start and _last(body[-1]) >= end:
            return body
    return None


def _cut_reason(node: ast.stmt) -> str:
    kind = type(node).__name__.lower().replace("asyncfunctiondef", "def")
    if isinstance(node, _TRIES):
        return "the lines cut a try statement in half (select all of it, or lines in one block)"
    if isinstance(node, (ast.With, ast.AsyncWith)):
        return "the lines cut a with statement in half (select all of it, or lines in its body)"
    return f"the lines cut a statement ({kind}) in half"
