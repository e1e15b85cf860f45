"""Cyclomatic complexity per function, method and class, with radon's numbers and ranks.

We run radon's own `ComplexityVisitor` on the tree the caller already parsed and only rename
its blocks: methods become `Class.method`, closures `outer.inner` (radon's `--show-closures`
walk, but with the full dotted path), nested classes `Outer.Inner`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from radon.complexity import cc_rank
from radon.visitors import ComplexityVisitor

from refactorkit.domain import ClassMetrics, FunctionMetrics

_T = TypeVar("_T")

# An AST the parser accepts can be ~3000 levels deep (a long `a + b + ...` chain in generated
# code) and radon's recursive visitors use ~3 Python frames per level. Python 3.11 does not use
# the C stack for Python-to-Python calls, so a higher limit for that one call is safe.
_DEEP_RECURSION_LIMIT = 30_000


@contextmanager
def _recursion_limit(limit: int) -> Iterator[None]:
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, limit))
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def run_deep(func: Callable[[], _T]) -> _T:
    """Call `func`; if it overflows the recursion limit on a very deep tree, retry with more."""
    try:
        return func()
    except RecursionError:
        with _recursion_limit(_DEEP_RECURSION_LIMIT):
            return func()


def complexity_visitor(tree: Any) -> Any:
    """radon's ComplexityVisitor run once over an already-parsed tree."""
    return run_deep(lambda: ComplexityVisitor.from_ast(tree))


def rank(complexity: int) -> str:
    """radon's letter A-F for a cyclomatic complexity."""
    return str(cc_rank(complexity))


def blocks(visitor: Any) -> tuple[tuple[FunctionMetrics, ...], tuple[ClassMetrics, ...]]:
    """Functions (with closures and methods) and classes (with nested ones) of one visitor."""
    functions: list[FunctionMetrics] = []
    classes: list[ClassMetrics] = []
    for func in visitor.functions:
        _add_function(func, func.name, None, functions)
    for cls in visitor.classes:
        _add_class(cls, cls.name, functions, classes)
    functions.sort(key=lambda f: (f.lineno, f.qualname))
    classes.sort(key=lambda c: (c.lineno, c.name))
    return tuple(functions), tuple(classes)


def _add_function(
    func: Any, qualname: str, classname: str | None, out: list[FunctionMetrics]
) -> None:
    out.append(
        FunctionMetrics(
            name=func.name,
            qualname=qualname,
            lineno=func.lineno,
            endline=func.endline,
            complexity=func.complexity,
            rank=rank(func.complexity),
            classname=classname,
        )
    )
    for closure in func.closures:
        # radon counts a closure's decisions only in the closure, never in its enclosing function
        _add_function(closure, f"{qualname}.{closure.name}", None, out)


def _add_class(
    cls: Any, qualname: str, functions: list[FunctionMetrics], classes: list[ClassMetrics]
) -> None:
    methods = cls.methods
    classes.append(
        ClassMetrics(
            name=qualname,
            lineno=cls.lineno,
            endline=cls.endline,
            methods=len(methods),
            public_methods=sum(1 for m in methods if not m.name.startswith("_")),
            complexity=cls.complexity,
        )
    )
    for method in methods:
        _add_function(method, f"{qualname}.{method.name}", qualname, functions)
    for inner in cls.inner_classes:
        _add_class(inner, f"{qualname}.{inner.name}", functions, classes)
