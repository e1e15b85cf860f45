"""The blocks `extract --auto` considers cutting out of a function, with their decisions."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from refactorkit.analysis.complexity import decisions_in
from refactorkit.codemods.extract.region import DEFS, LOOPS, first_line, statement_lists


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    decisions: int
    paragraph: bool = False  # a run of plain statements between blank lines
    chain_tail: bool = False  # an `elif` and the rest of its chain (split off first)
    run: bool = False  # consecutive statements of one list, cut where few names cross
    name: str = ""  # the helper's name wanted (made unique), "" for `_<function>_part`


def candidates(
    function: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]
) -> Iterator[Candidate]:
    """Blocks worth cutting: compound statements, loop bodies, branches, banner runs."""
    yield from _banner_runs(own_body(function), lines)
    stack: list[tuple[list[ast.stmt], bool]] = [(function.body, False)]
    while stack:
        body, elif_list = stack.pop()
        for node in body:
            yield from _compound_candidates(node, elif_list, stack)


def _compound_candidates(
    node: ast.stmt, elif_list: bool, stack: list[tuple[list[ast.stmt], bool]]
) -> Iterator[Candidate]:
    """The statement itself and its branches or loop body; its lists go on `stack`."""
    inner = [] if isinstance(node, (*DEFS, ast.ClassDef)) else list(statement_lists(node))
    if inner and not elif_list:  # an `elif` is no statement of its own in the text
        yield block([node])
    for part in inner:
        branch_of_chain = _is_elif(part, node)
        stack.append((part, branch_of_chain))
        if isinstance(node, (ast.If, *LOOPS)) and not branch_of_chain:
            yield block(part)


def _is_elif(body: list[ast.stmt], node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.If)
        and body is node.orelse
        and len(body) == 1
        and isinstance(body[0], ast.If)
        and body[0].col_offset == node.col_offset
    )


def block(node_list: list[ast.stmt], paragraph: bool = False) -> Candidate:
    """The candidate made of whole statements of one list."""
    last = node_list[-1]
    end = last.end_lineno or last.lineno
    return Candidate(first_line(node_list[0]), end, decisions_in(node_list), paragraph)


def own_body(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.stmt]:
    """The function's body without its docstring (which must stay where it is)."""
    body = function.body
    head = body[0]
    is_doc = isinstance(head, ast.Expr) and isinstance(head.value, ast.Constant)
    return body[1:] if is_doc and isinstance(head.value.value, str) else body  # type: ignore[attr-defined]


def paragraphs(
    function: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]
) -> Iterator[Candidate]:
    """The runs of the function's top-level statements that blank lines separate (the cuts
    of a long straight-line function, such as a test of many steps)."""
    body = own_body(function)
    starts = [i for i, s in enumerate(body) if i and _blank_above(body[i - 1], s, lines)]
    if not starts:
        return
    for begin, stop in zip([0, *starts], [*starts, len(body)], strict=True):
        yield block(body[begin:stop], paragraph=True)


def _blank_above(before: ast.stmt, node: ast.stmt, lines: list[str]) -> bool:
    """Whether a blank line lies between two statements."""
    gap = range(before.end_lineno or before.lineno, first_line(node) - 1)
    return any(not lines[number].strip() for number in gap)


def _banner_runs(body: list[ast.stmt], lines: list[str]) -> Iterator[Candidate]:
    """Runs of statements that each start under a comment line, up to the next such one."""
    starts = [i for i, s in enumerate(body) if i and _comment_above(s, lines)]
    for begin, stop in zip([0, *starts], [*starts, len(body)], strict=True):
        if stop - begin > 1 and (begin or starts):
            yield block(body[begin:stop])


def _comment_above(node: ast.stmt, lines: list[str]) -> bool:
    number = first_line(node) - 2
    return number >= 0 and lines[number].strip().startswith("#")


def chain_tails(function: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[Candidate]:
    """Each `elif` with the rest of its chain: cut after turning it into `else: if ...`."""
    stack: list[ast.stmt] = list(function.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (*DEFS, ast.ClassDef)):
            continue
        if isinstance(node, ast.If) and _is_elif(node.orelse, node):
            tail = node.orelse[0]
            end = tail.end_lineno or tail.lineno
            yield Candidate(tail.lineno, end, decisions_in([tail]), chain_tail=True)
        stack.extend(s for body in statement_lists(node) for s in body)
