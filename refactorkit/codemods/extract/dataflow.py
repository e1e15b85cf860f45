"""A block's inputs (free locals it reads) and outputs (names it binds that are read after)."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from refactorkit.codemods.extract.flow import always_leaves
from refactorkit.codemods.extract.names import (
    declaration_kinds,
    function_locals,
    parameters,
    uses_of,
)
from refactorkit.codemods.extract.region import Refused, Region, statement_lists


@dataclass(frozen=True)
class Dataflow:
    inputs: tuple[str, ...]  # in order of first read
    outputs: tuple[str, ...]  # in order of first bind
    # `global x` / `nonlocal y` lines the helper needs: the block binds names the function
    # declares so (the helper must bind the same variable, not a local of its own)
    declarations: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Before:
    """What is bound when the block starts: surely (on every path), or maybe."""

    surely: set[str]
    maybe: set[str]


def dataflow_of(region: Region) -> Dataflow:
    """Inputs and outputs of the region's block, or Refused when no call can carry them."""
    block = uses_of(region.statements)
    _refuse_deleted(region, block.deletes)
    declared = region.memo.declared(region.function)
    before = _before(region)
    inputs = _inputs(region, before)
    after = _read_after(region)
    definite = _definitely_bound(region.statements)
    outputs: list[str] = []
    for name, line in block.binds:
        if name in outputs or name not in after or name in declared:
            continue
        if name not in definite:
            # bound on some paths only: the helper hands back the value it was given
            if name not in before.surely:
                raise Refused(
                    f"{name!r} is bound on some paths of the block only, and read after it", line
                )
            if name not in inputs:
                inputs.append(name)
        outputs.append(name)
    used = block.bound_names() | block.read_names()
    return Dataflow(tuple(inputs), tuple(outputs), _declarations(region, used))


def _declarations(region: Region, used: set[str]) -> tuple[str, ...]:
    """`global a, b` and `nonlocal c` for the declared names the block binds or reads."""
    if not region.memo.declared(region.function):
        return ()
    kinds = declaration_kinds(region.function)
    lines = []
    for kind in ("global", "nonlocal"):
        names = sorted(n for n, k in kinds.items() if k == kind and n in used)
        if names:
            lines.append(f"{kind} {', '.join(names)}")
    return tuple(lines)


def _refuse_deleted(region: Region, deletes: list[tuple[str, int]]) -> None:
    after = _read_after(region)
    for name, line in deletes:
        if name in after:
            raise Refused(f"del {name} in the block, and {name!r} is used after it", line)


def _inputs(region: Region, before: _Before) -> list[str]:
    """Locals the block reads that may hold a value from before it."""
    local = function_locals(region.function, region.memo) & before.maybe
    inputs: list[str] = []
    for name, line in _reads_before_binds(region.statements, set()):
        if name in local and name not in inputs:
            _require_bound(name, line, before)
            inputs.append(name)
    return inputs


def _reads_before_binds(statements: list[ast.stmt], done: set[str]) -> Iterator[tuple[str, int]]:
    """The reads of names not surely bound by earlier statements of the same block (nor by
    the loop target, `with ... as` or `except ... as` of a statement around them)."""
    done = set(done)
    for statement in statements:
        own = [c for c in ast.iter_child_nodes(statement) if not isinstance(c, _NESTED)]
        lists = list(statement_lists(statement))
        if not lists:
            own = [statement]
        yield from ((n, line) for n, line in uses_of(own).reads if n not in done)
        for body in lists:
            yield from _reads_before_binds(body, done | _heads(statement, body[0].lineno))
        done |= _definite(statement)


_NESTED = (ast.stmt, ast.excepthandler, ast.match_case)


def _require_bound(name: str, line: int, before: _Before) -> None:
    if name not in before.surely:
        raise Refused(f"{name!r} may be unbound when the block starts", line)


def _before(region: Region) -> _Before:
    """Parameters and names bound earlier (surely: on every path down to the block; maybe:
    anywhere earlier, or anywhere in a loop around the block, by an earlier iteration)."""
    function = region.function
    surely = set(parameters(function))
    for body, index in region.path:
        surely |= _definitely_bound(body[:index])
        surely |= _heads(body[index], region.first_line)
    maybe = set(surely)
    start = region.first_line
    maybe.update(name for name, line in region.memo.of(function).binds if line < start)
    for loop in region.loops:
        maybe |= region.memo.of(loop).bound_names()
    return _Before(surely, maybe)


def _heads(node: ast.stmt, inner_line: int) -> set[str]:
    """Names a compound statement binds for the code inside it at `inner_line`."""
    if isinstance(node, (ast.For, ast.AsyncFor)):
        body_first, body_last = node.body[0].lineno, node.body[-1].end_lineno or 0
        inside = body_first <= inner_line <= body_last
        return uses_of([node.target]).bound_names() if inside else set()
    if isinstance(node, (ast.With, ast.AsyncWith)):
        return uses_of([i.optional_vars for i in node.items if i.optional_vars]).bound_names()
    return _handler_name(node, inner_line)


def _handler_name(node: ast.stmt, inner_line: int) -> set[str]:
    """The `except ... as name` of the handler of `node` that holds `inner_line`."""
    for handler in getattr(node, "handlers", ()):
        inside = handler.body[0].lineno <= inner_line <= (handler.end_lineno or 0)
        if inside and handler.name:
            return {handler.name}
    return set()


def _read_after(region: Region) -> set[str]:
    """Names the function may read once the block is done: after it, or anywhere in a loop
    around it (the next iteration)."""
    end = region.last_line
    names = {name for name, line in region.memo.of(region.function).reads if line > end}
    start = region.first_line
    for loop in region.loops:
        # the next iteration reads what the loop reads outside the block (inside it, a read
        # before the block binds the name makes it an input instead)
        names.update(n for n, line in region.memo.of(loop).reads if not start <= line <= end)
    return names


def _definitely_bound(statements: list[ast.stmt]) -> set[str]:
    """Names every path through the statements binds (they run one after the other)."""
    names: set[str] = set()
    for node in statements:
        names |= _definite(node)
    return names


def _definite(node: ast.stmt) -> set[str]:
    special = _DEFINITE.get(type(node))
    if special is not None:
        return special(node)
    if isinstance(node, ast.AnnAssign) and node.value is None:
        return set()
    uses = uses_of([node])
    return uses.bound_names() - _maybe_walrus(node) if uses.walrus else uses.bound_names()


def _maybe_walrus(node: ast.AST) -> set[str]:
    """Walrus targets that may not run: inside a comprehension (zero iterations), after the
    first operand of `and`/`or`, or in a branch of a conditional expression."""
    names: set[str] = set()
    for inner in ast.walk(node):
        if isinstance(inner, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            parts: list[ast.AST] = [inner]
        elif isinstance(inner, ast.BoolOp):
            parts = list(inner.values[1:])
        elif isinstance(inner, ast.IfExp):
            parts = [inner.body, inner.orelse]
        else:
            continue
        names.update(
            n.target.id
            for part in parts
            for n in ast.walk(part)
            if isinstance(n, ast.NamedExpr) and isinstance(n.target, ast.Name)
        )
    return names


def _definite_if(node: ast.If) -> set[str]:
    """Names both branches bind; a branch that always returns or raises never gets past."""
    if not node.orelse:
        return set()
    going_on = [b for b in (node.body, node.orelse) if not always_leaves(b)]
    if not going_on:
        return set()
    names = _definitely_bound(going_on[0])
    for branch in going_on[1:]:
        names &= _definitely_bound(branch)
    return names


def _definite_with(node: ast.With | ast.AsyncWith) -> set[str]:
    heads = uses_of([item.optional_vars for item in node.items if item.optional_vars])
    return heads.bound_names() | _definitely_bound(node.body)


def _definite_try(node: ast.Try) -> set[str]:
    """The body's names (and else's) unless a handler ran instead and did not bind them."""
    names = _definitely_bound(node.body) | _definitely_bound(node.orelse)
    for handler in node.handlers:
        names &= _definitely_bound(handler.body)
    return names | _definitely_bound(node.finalbody)


def _nothing(node: ast.stmt) -> set[str]:
    return set()  # zero iterations, no case matching


_DEFINITE: dict[type[ast.AST], Callable[[Any], set[str]]] = {
    ast.If: _definite_if,
    ast.With: _definite_with,
    ast.AsyncWith: _definite_with,
    ast.Try: _definite_try,
    **dict.fromkeys((ast.For, ast.AsyncFor, ast.While, ast.Match), _nothing),
}
