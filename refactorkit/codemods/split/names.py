"""Which global names a top-level statement binds, and which it reads, and when it reads them.

A read is import-time (runs when the module executes: bases, decorators, defaults, class
bodies, module-level expressions), run-time (inside a function or lambda body: at call time) or
type-only (an annotation that is never evaluated: postponed by `from __future__ import
annotations`, a string annotation, or a local variable annotation). Scoping follows Python's
rules closely enough for refactoring: function locals, class bodies invisible to their methods,
comprehension targets, `global` declarations.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any


class UseKind(str, Enum):
    """When a name is looked up."""

    IMPORT_TIME = "import"
    RUN_TIME = "run"
    TYPE = "type"


@dataclass(frozen=True)
class Use:
    """One read of a global name; the position is relative to the statement's own code."""

    name: str
    kind: UseKind
    line: int  # 1-based
    col: int  # UTF-8 byte offset, as ast reports it
    end_col: int
    in_string: bool = False  # inside a string annotation: cannot be rewritten in place
    # a postponed annotation of a function's parameters or return: nothing evaluates it at
    # import time, and an `if TYPE_CHECKING:` import is the usual way to provide it
    signature: bool = False
    called: bool = False  # the callee of a call (`f(...)`) or a decorator: its body runs


@dataclass(frozen=True)
class NameFacts:
    """What one top-level statement binds and reads."""

    defines: tuple[str, ...]
    uses: tuple[Use, ...]
    rebinds: frozenset[str]  # globals assigned inside functions through `global`


@dataclass
class _Scope:
    kind: str  # "function", "class" or "comprehension"
    names: set[str]


_FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef)
_TRIES: tuple[type[ast.stmt], ...] = (ast.Try, getattr(ast, "TryStar", ast.Try))  # 3.11+
_COMPS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def bound_names(body: Iterable[ast.stmt]) -> set[str]:
    """Names bound directly in a block, not looking into nested functions, classes, lambdas."""
    names: set[str] = set()
    for stmt in body:
        for node in _walk_block(stmt):
            names.update(_binds(node))
    return names


def _binds(node: ast.AST) -> list[str]:
    """The names one node binds in its own scope."""
    if isinstance(node, ast.Name):
        return [node.id] if isinstance(node.ctx, (ast.Store, ast.Del)) else []
    if isinstance(node, (*_FUNCS, ast.ClassDef)):
        return [node.name]
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [a.asname or a.name.split(".")[0] for a in node.names if a.name != "*"]
    return _handler_and_pattern_binds(node)


def _handler_and_pattern_binds(node: ast.AST) -> list[str]:
    """`except E as name`, and the capture names of `match` patterns."""
    if isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)):
        return [node.name] if node.name else []
    if isinstance(node, ast.MatchMapping) and node.rest:
        return [node.rest]
    return []


def always_bound(body: Iterable[ast.stmt]) -> set[str]:
    """Names a block binds whichever branch runs (`if`/`else` both, `try` and every handler)."""
    names: set[str] = set()
    for stmt in body:
        if isinstance(stmt, ast.If):
            names |= always_bound(stmt.body) & always_bound(stmt.orelse)
        elif isinstance(stmt, _TRIES):
            parts: Any = stmt  # ast.Try or ast.TryStar: the same fields
            handled = always_bound([*parts.body, *parts.orelse])
            for handler in parts.handlers:
                handled &= always_bound(handler.body)
            names |= handled | always_bound(parts.finalbody)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            names |= always_bound(stmt.body) | bound_names([stmt]) - bound_names(stmt.body)
        elif isinstance(stmt, (ast.For, ast.AsyncFor, ast.While, ast.Match)):
            continue  # the body may not run
        else:
            names |= bound_names([stmt])
    return names


def _walk_block(node: ast.AST) -> Iterator[ast.AST]:
    """Like ast.walk, but yields nested scopes without entering them."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, (*_FUNCS, ast.ClassDef, ast.Lambda, *_COMPS)):
            if isinstance(current, (*_FUNCS, ast.ClassDef)):
                stack.extend(current.decorator_list)
                if isinstance(current, ast.ClassDef):
                    stack.extend(current.bases)
                    stack.extend(k.value for k in current.keywords)
            continue
        stack.extend(ast.iter_child_nodes(current))


def _declared(body: Iterable[ast.stmt], kind: type[ast.Global] | type[ast.Nonlocal]) -> set[str]:
    names: set[str] = set()
    for stmt in body:
        for node in _walk_block(stmt):
            if isinstance(node, kind):
                names.update(node.names)
    return names


class _Collector:
    """Records every read of a global name with its kind and position."""

    def __init__(self, postponed: bool) -> None:
        self.postponed = postponed
        self.uses: list[Use] = []
        self.rebinds: set[str] = set()
        self.signature = False  # visiting a function's annotations

    def visit(
        self, node: ast.AST, kind: UseKind, scopes: list[_Scope], in_string: bool = False
    ) -> None:
        if isinstance(node, _FUNCS):
            self._function(node, kind, scopes, in_string)
        elif isinstance(node, ast.Lambda):
            self._arguments(node.args, kind, scopes, in_string, annotate=False)
            inner = _Scope("function", _params(node.args))
            self.visit(node.body, UseKind.RUN_TIME, [*_visible(scopes), inner], in_string)
        elif isinstance(node, ast.ClassDef):
            self._class(node, kind, scopes, in_string)
        elif isinstance(node, _COMPS):
            self._comprehension(node, kind, scopes, in_string)
        else:
            self._visit_in_scope(node, kind, scopes, in_string)

    def _visit_in_scope(
        self, node: ast.AST, kind: UseKind, scopes: list[_Scope], in_string: bool
    ) -> None:
        """Nodes that open no scope of their own."""
        if isinstance(node, ast.Name):
            if not isinstance(node.ctx, ast.Store) and self._is_global(node.id, scopes):
                self._add(node, node.id, kind, in_string)
        elif isinstance(node, ast.AnnAssign):
            self._ann_assign(node, kind, scopes, in_string)
        elif isinstance(node, ast.Attribute):
            self.visit(node.value, kind, scopes, in_string)
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            if self._is_global(node.target.id, scopes):  # `n += 1` reads n first
                self._add(node.target, node.target.id, kind, in_string)
            self.visit(node.value, kind, scopes, in_string)
        else:
            self._type_call(node, scopes)
            for sub in ast.iter_child_nodes(node):
                self.visit(sub, kind, scopes, in_string)

    def _ann_assign(
        self, node: ast.AnnAssign, kind: UseKind, scopes: list[_Scope], in_string: bool
    ) -> None:
        local = bool(scopes) and scopes[-1].kind == "function"
        self._annotation(node.annotation, kind, scopes, in_string, lazy=local)
        self.visit(node.target, kind, scopes, in_string)
        if node.value is not None:
            self.visit(node.value, kind, scopes, in_string)

    def _class(
        self, node: ast.ClassDef, kind: UseKind, scopes: list[_Scope], in_string: bool
    ) -> None:
        for child in [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]:
            self.visit(child, kind, scopes, in_string)
        # A class body runs top to bottom and falls back to globals: in `IO = IO` the
        # right-hand side is the global until the class binds its own.
        inner = _Scope("class", set())
        for stmt in node.body:
            self.visit(stmt, kind, [*scopes, inner], in_string)
            inner.names |= bound_names([stmt])

    def _type_call(self, node: ast.AST, scopes: list[_Scope]) -> None:
        """`cast("Callable[..., Response]", f)`, `TypeVar("T", bound="Node")`: names read
        only by a type checker, like a string annotation's."""
        for string in _type_strings(node):
            self._string_annotation(string, scopes)

    def _add(self, node: ast.expr, name: str, kind: UseKind, in_string: bool) -> None:
        end = node.end_col_offset if node.end_col_offset is not None else node.col_offset
        signature = self.signature and kind is UseKind.TYPE
        self.uses.append(Use(name, kind, node.lineno, node.col_offset, end, in_string, signature))

    def _is_global(self, name: str, scopes: list[_Scope]) -> bool:
        for index, scope in enumerate(reversed(scopes)):
            # A class body is visible only to code directly inside it.
            if scope.kind == "class" and index > 0:
                continue
            if name in scope.names:
                return False
        return True

    def _function(
        self,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
        kind: UseKind,
        scopes: list[_Scope],
        in_string: bool,
    ) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator, kind, scopes, in_string)
        self.signature = True
        self._arguments(node.args, kind, scopes, in_string, annotate=True)
        if node.returns is not None:
            self._annotation(node.returns, kind, scopes, in_string)
        self.signature = False
        declared_global = _declared(node.body, ast.Global)
        local = (_params(node.args) | bound_names(node.body)) - declared_global
        local -= _declared(node.body, ast.Nonlocal)
        stored = {
            n.id
            for stmt in node.body
            for n in _walk_block(stmt)
            if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del))
        }
        self.rebinds |= declared_global & stored
        inner = [*_visible(scopes), _Scope("function", local)]
        for stmt in node.body:
            self.visit(stmt, UseKind.RUN_TIME, inner, in_string)

    def _arguments(
        self,
        args: ast.arguments,
        kind: UseKind,
        scopes: list[_Scope],
        in_string: bool,
        annotate: bool,
    ) -> None:
        for default in [*args.defaults, *(d for d in args.kw_defaults if d is not None)]:
            self.visit(default, kind, scopes, in_string)
        if not annotate:
            return
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
        for arg in every:
            if arg is not None and arg.annotation is not None:
                self._annotation(arg.annotation, kind, scopes, in_string)

    def _annotation(
        self,
        node: ast.expr,
        kind: UseKind,
        scopes: list[_Scope],
        in_string: bool,
        lazy: bool = False,
    ) -> None:
        kind = UseKind.TYPE if (lazy or self.postponed) else kind
        for child in ast.walk(node):
            if isinstance(child, ast.Constant) and isinstance(child.value, str):
                self._string_annotation(child, scopes)
        self.visit(node, kind, scopes, in_string)

    def _string_annotation(self, node: ast.Constant, scopes: list[_Scope]) -> None:
        try:
            parsed = ast.parse(str(node.value).strip(), mode="eval")
        except SyntaxError:
            return
        for child in ast.walk(parsed):
            if isinstance(child, ast.Name) and self._is_global(child.id, scopes):
                self._add(node, child.id, UseKind.TYPE, True)

    def _comprehension(
        self,
        node: ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp,
        kind: UseKind,
        scopes: list[_Scope],
        in_string: bool,
    ) -> None:
        targets = {
            n.id for gen in node.generators for n in ast.walk(gen.target) if isinstance(n, ast.Name)
        }
        self.visit(node.generators[0].iter, kind, scopes, in_string)
        inner = [*_visible(scopes), _Scope("comprehension", targets)]
        for index, gen in enumerate(node.generators):
            if index:
                self.visit(gen.iter, kind, inner, in_string)
            for cond in gen.ifs:
                self.visit(cond, kind, inner, in_string)
        elements = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
        for element in elements:
            self.visit(element, kind, inner, in_string)


_TYPE_CALLS = frozenset({"cast", "TypeVar", "ForwardRef", "NewType"})


def _type_strings(node: ast.AST) -> list[ast.Constant]:
    """String arguments of typing calls that hold type expressions."""
    if not isinstance(node, ast.Call):
        return []
    func = node.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    if name not in _TYPE_CALLS:
        return []
    typed = {"cast": node.args[:1], "NewType": node.args[1:], "TypeVar": node.args[1:]}
    values = [*typed.get(name, []), *(k.value for k in node.keywords if k.arg in _TYPE_KEYWORDS)]
    return [v for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)]


_TYPE_KEYWORDS = frozenset({"bound", "default"})


def _visible(scopes: list[_Scope]) -> list[_Scope]:
    """Scopes a nested function or comprehension can see: class bodies are skipped."""
    return [scope for scope in scopes if scope.kind != "class"]


def _params(args: ast.arguments) -> set[str]:
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
    return {arg.arg for arg in every if arg is not None}


def analyze_statement(stmts: list[ast.stmt], postponed: bool) -> NameFacts:
    """Bindings and reads of the ast statements making up one top-level statement."""
    collector = _Collector(postponed)
    for stmt in stmts:
        collector.visit(stmt, UseKind.IMPORT_TIME, [])
    defines = sorted(bound_names(stmts), key=lambda n: _first_binding(stmts, n))
    callees = _callee_positions(stmts)
    uses = tuple(
        replace(use, called=True) if (use.line, use.col) in callees else use
        for use in collector.uses
    )
    return NameFacts(tuple(defines), uses, frozenset(collector.rebinds))


def _callee_positions(stmts: list[ast.stmt]) -> set[tuple[int, int]]:
    """(line, col) of every name that is called: `f(...)` and `@decorator`."""
    return {
        (name.lineno, name.col_offset)
        for stmt in stmts
        for node in ast.walk(stmt)
        for name in _called_names(node)
    }


def _called_names(node: ast.AST) -> list[ast.Name]:
    """The name `node` calls (`f(...)`), or the plain-name decorators of a def or class."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return [node.func]
    if isinstance(node, (*_FUNCS, ast.ClassDef)):
        return [d for d in node.decorator_list if isinstance(d, ast.Name)]
    return []


def _first_binding(stmts: list[ast.stmt], name: str) -> tuple[int, int]:
    for stmt in stmts:
        for node in _walk_block(stmt):
            bound = (isinstance(node, ast.Name) and node.id == name) or (
                isinstance(node, (*_FUNCS, ast.ClassDef)) and node.name == name
            )
            if bound and isinstance(node, (ast.expr, ast.stmt)):
                return (node.lineno, node.col_offset)
    return (10**9, 0)
