"""Finding a def by the qualified name analyze gives it (Class.method, outer.inner)."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from refactorkit.codemods.extract.region import DEFS, statement_lists


def find_qualname(tree: ast.Module, qualname: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The def named `qualname` (Class.method, outer.inner) as analyze names it."""
    for name, node in _named_defs(tree.body, ""):
        if name == qualname:
            return node
    return None


def _named_defs(
    body: list[ast.stmt], prefix: str
) -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    for node in body:
        if isinstance(node, DEFS):
            yield prefix + node.name, node
            yield from _named_defs(_nested(node), f"{prefix}{node.name}.")
        elif isinstance(node, ast.ClassDef):
            yield from _named_defs(node.body, f"{prefix}{node.name}.")
        else:
            yield from _named_defs(_nested(node), prefix)


def _nested(node: ast.stmt) -> list[ast.stmt]:
    return [s for body in statement_lists(node) for s in body]
