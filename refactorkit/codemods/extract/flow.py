"""What in a block changes control flow, and whether the block always leaves the function."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from refactorkit.codemods.extract.region import LOOPS, Refused

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_ASYNC = (ast.Await, ast.AsyncFor, ast.AsyncWith)
_DYNAMIC = frozenset({"locals", "vars", "exec", "eval", "dir"})


@dataclass(frozen=True)
class Flow:
    """The block's own control flow (nested functions and classes excluded)."""

    returns: tuple[int, ...]  # lines of `return` statements
    awaits: bool  # await, async for or async with (the helper must be async)
    uses_super: bool  # zero-argument super() or __class__: the helper must stay a method


def flow_of(statements: list[ast.stmt]) -> Flow:
    """The flow of a block, or Refused for what cannot move into a function."""
    returns: list[int] = []
    awaits = uses_super = False
    for node, loop_depth in _walk(statements):
        _refuse(node, loop_depth)
        if isinstance(node, ast.Return):
            returns.append(node.lineno)
        awaits = awaits or _is_async(node)
        uses_super = uses_super or _is_super(node)
    return Flow(tuple(returns), awaits, uses_super)


def _is_async(node: ast.AST) -> bool:
    """`await`, `async for`, `async with`, or an async comprehension (`[x async for x in y]`:
    outside an `async def` it does not compile, though it parses; httpx's tests have them)."""
    return isinstance(node, _ASYNC) or (isinstance(node, ast.comprehension) and bool(node.is_async))


def _refuse(node: ast.AST, loop_depth: int) -> None:
    line = getattr(node, "lineno", 0)
    if isinstance(node, (ast.Yield, ast.YieldFrom)):
        raise Refused("yield in the block: a generator's code cannot move into a function", line)
    if isinstance(node, (ast.Break, ast.Continue)) and loop_depth == 0:
        word = "break" if isinstance(node, ast.Break) else "continue"
        raise Refused(f"{word} leaves the block for a loop outside it", line)
    if isinstance(node, (ast.Global, ast.Nonlocal)):
        word = "global" if isinstance(node, ast.Global) else "nonlocal"
        raise Refused(f"{word} declaration in the block", line)
    dynamic = _dynamic_call(node)
    if dynamic:
        raise Refused(f"{dynamic}() reads the function's local names", line)


def _dynamic_call(node: ast.AST) -> str:
    """`locals`, `vars`, `exec`... when `node` calls one without its own namespace."""
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
        return ""
    return node.func.id if node.func.id in _DYNAMIC and not node.args[1:] else ""


def _is_super(node: ast.AST) -> bool:
    if isinstance(node, ast.Name) and node.id == "__class__":
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "super"
        and not node.args
    )


def _walk(statements: list[ast.stmt]) -> Iterator[tuple[ast.AST, int]]:
    """Every node of the block outside nested scopes, with how many of its loops enclose it."""
    stack: list[tuple[ast.AST, int]] = [(s, 0) for s in reversed(statements)]
    while stack:
        node, depth = stack.pop()
        yield node, depth
        if isinstance(node, _SCOPES):
            # a nested scope's super() still needs the method's __class__ cell
            stack.extend((n, 1) for n in ast.walk(node) if n is not node and _is_super(n))
            continue
        for child in ast.iter_child_nodes(node):
            inner = depth + 1 if isinstance(node, LOOPS) and child in node.body else depth
            stack.append((child, inner))


def always_leaves(statements: list[ast.stmt]) -> bool:
    """Whether every path through the block ends in `return` or `raise`."""
    if not statements:
        return False
    last = statements[-1]
    if isinstance(last, (ast.Return, ast.Raise)):
        return True
    if isinstance(last, ast.If):
        return always_leaves(last.body) and always_leaves(last.orelse)
    if isinstance(last, (ast.With, ast.AsyncWith)):
        return always_leaves(last.body)
    return False


def returns_of(statements: list[ast.stmt]) -> list[ast.Return]:
    """The block's own `return` statements (not those of functions defined in it)."""
    return [node for node, _ in _walk(statements) if isinstance(node, ast.Return)]
