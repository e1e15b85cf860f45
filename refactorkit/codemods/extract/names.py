"""Which names a block of statements reads and binds, scope-aware (ast only, no text).

Nested functions, lambdas, classes and comprehensions have scopes of their own: what they
read from outside counts as a read at their line; what they bind stays inside (except the
name of a def or class, and a walrus target in a comprehension, which bind outside).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


@dataclass
class Uses:
    """Reads and binds in source order: (name, line) pairs."""

    reads: list[tuple[str, int]] = field(default_factory=list)
    binds: list[tuple[str, int]] = field(default_factory=list)
    deletes: list[tuple[str, int]] = field(default_factory=list)
    walrus: bool = False  # an assignment expression binds one of `binds`

    def read_names(self) -> set[str]:
        return {name for name, _ in self.reads}

    def bound_names(self) -> set[str]:
        return {name for name, _ in self.binds}


def uses_of(nodes: Iterable[ast.AST]) -> Uses:
    """The reads and binds of `nodes`, in the scope they run in."""
    uses = Uses()
    for node in nodes:
        _collect(node, uses)
    uses.reads.sort(key=lambda pair: pair[1])
    uses.binds.sort(key=lambda pair: pair[1])
    return uses


def _collect(node: ast.AST, uses: Uses) -> None:
    if isinstance(node, ast.Name):
        _name(node, uses)
    elif isinstance(node, _SCOPES):
        _scope(node, uses)
    elif isinstance(node, _COMPREHENSIONS):
        _comprehension(node, uses)
    elif isinstance(node, (ast.Import, ast.ImportFrom)):
        for alias in node.names:
            bound = alias.asname or alias.name.partition(".")[0]
            uses.binds.append((bound, node.lineno))
    elif isinstance(node, ast.ExceptHandler) and node.name:
        uses.binds.append((node.name, node.lineno))
        _children(node, uses)
    else:
        _other(node, uses)


def _other(node: ast.AST, uses: Uses) -> None:
    if isinstance(node, ast.NamedExpr):
        uses.walrus = True
    if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
        # `x += 1` reads x first
        uses.reads.append((node.target.id, node.lineno))
    if isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
        uses.binds.append((node.name, node.lineno))
    if isinstance(node, ast.MatchMapping) and node.rest:
        uses.binds.append((node.rest, node.lineno))
    _children(node, uses)


def _children(node: ast.AST, uses: Uses) -> None:
    for child in ast.iter_child_nodes(node):
        _collect(child, uses)


def _name(node: ast.Name, uses: Uses) -> None:
    if isinstance(node.ctx, ast.Load):
        uses.reads.append((node.id, node.lineno))
    elif isinstance(node.ctx, ast.Store):
        uses.binds.append((node.id, node.lineno))
    else:
        uses.deletes.append((node.id, node.lineno))


def _scope(
    node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef, uses: Uses
) -> None:
    """A nested scope: its header runs here; its body's free names are read here."""
    if not isinstance(node, ast.Lambda):
        for decorator in node.decorator_list:
            _collect(decorator, uses)
        uses.binds.append((node.name, node.lineno))
    header: list[ast.AST] = []
    if isinstance(node, ast.ClassDef):
        header.extend([*node.bases, *node.keywords])
    else:
        header.extend([*node.args.defaults, *(d for d in node.args.kw_defaults if d)])
    for part in header:
        _collect(part, uses)
    inner = uses_of(_scope_body(node))
    own = inner.bound_names() | set(_parameters(node))
    uses.reads.extend((name, node.lineno) for name, _ in inner.reads if name not in own)


def _scope_body(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.Lambda):
        return [node.body]
    return list(getattr(node, "body", []))


def _parameters(node: ast.AST) -> Iterator[str]:
    args = getattr(node, "args", None)
    if not isinstance(args, ast.arguments):
        return
    for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs):
        yield arg.arg
    for extra in (args.vararg, args.kwarg):
        if extra is not None:
            yield extra.arg


def _comprehension(node: ast.AST, uses: Uses) -> None:
    generators: list[ast.comprehension] = getattr(node, "generators", [])
    # the first iterable runs in the enclosing scope
    _collect(generators[0].iter, uses)
    inner = _comprehension_scope(node, generators)
    targets = {name for name, _ in inner.binds}
    walrus = {n.target.id for n in ast.walk(node) if isinstance(n, ast.NamedExpr)}
    uses.reads.extend((name, line) for name, line in inner.reads if name not in targets)
    uses.binds.extend((name, line) for name, line in inner.binds if name in walrus)
    uses.walrus = uses.walrus or inner.walrus


def _comprehension_scope(node: ast.AST, generators: list[ast.comprehension]) -> Uses:
    """What a comprehension's own scope reads and binds (all but its first iterable)."""
    inner = Uses()
    for index, generator in enumerate(generators):
        parts = [generator.target, *([generator.iter] if index else []), *generator.ifs]
        for part in parts:
            _collect(part, inner)
    for name in ("elt", "key", "value"):
        value = getattr(node, name, None)
        if value is not None:
            _collect(value, inner)
    return inner


class UsesMemo:
    """`uses_of` a def's body or a loop, kept per node: `extract --auto` asks about dozens of
    blocks of one unchanged function, each needing the whole function's reads and binds."""

    def __init__(self) -> None:
        self._uses: dict[int, tuple[ast.AST, Uses]] = {}
        self._declared: dict[int, tuple[ast.AST, frozenset[str]]] = {}
        self._other: dict[tuple[str, int], tuple[ast.AST, Any]] = {}

    def of(self, node: ast.AST) -> Uses:
        """The uses of a def's body, or of any other node itself (do not change them)."""
        kept = self._uses.get(id(node))
        if kept is None or kept[0] is not node:
            is_def = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            kept = (node, uses_of(node.body if is_def else [node]))  # type: ignore[attr-defined]
            self._uses[id(node)] = kept
        return kept[1]

    def keep(self, kind: str, node: ast.AST, compute: Callable[[], T]) -> T:
        """`compute()` the first time `kind` is asked of `node`, then the kept value."""
        kept = self._other.get((kind, id(node)))
        if kept is None or kept[0] is not node:
            kept = (node, compute())
            self._other[(kind, id(node))] = kept
        return kept[1]

    def declared(self, func: ast.AST) -> frozenset[str]:
        kept = self._declared.get(id(func))
        if kept is None or kept[0] is not func:
            kept = (func, frozenset(declarations(func)))
            self._declared[id(func)] = kept
        return kept[1]


def function_locals(
    func: ast.FunctionDef | ast.AsyncFunctionDef, memo: UsesMemo | None = None
) -> set[str]:
    """The names local to `func`: its parameters and every name its body binds."""
    memo = memo or UsesMemo()
    bound = memo.of(func).bound_names() | set(_parameters(func))
    return bound - memo.declared(func)


def declarations(func: ast.AST) -> set[str]:
    """Names declared `global` or `nonlocal` in `func`'s own scope."""
    return set(declaration_kinds(func))


def declaration_kinds(func: ast.AST) -> dict[str, str]:
    """Names declared in `func`'s own scope -> "global" or "nonlocal"."""
    names: dict[str, str] = {}
    stack = list(getattr(func, "body", []))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            kind = "global" if isinstance(node, ast.Global) else "nonlocal"
            names.update(dict.fromkeys(node.names, kind))
        elif not isinstance(node, _SCOPES):
            stack.extend(ast.iter_child_nodes(node))
    return names


def parameters(func: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    """The parameter names of `func`, in order."""
    return list(_parameters(func))
