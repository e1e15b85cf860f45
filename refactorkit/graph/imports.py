"""Extracting every import of a parsed file, with relative imports made absolute.

One pass over the statements that can hold an import (module, class and function bodies and
the blocks of if/try/with/for/while/match); expressions are never walked, so the cost grows
with the number of statements, not the number of AST nodes.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from refactorkit.domain import ImportKind, ImportRecord

# Statements whose nested blocks are walked with the same kind as their parent.
_BLOCK_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {
    ast.For: ("body", "orelse"),
    ast.AsyncFor: ("body", "orelse"),
    ast.While: ("body", "orelse"),
    ast.With: ("body",),
    ast.AsyncWith: ("body",),
}
if sys.version_info >= (3, 11):
    _TRY_NODES: tuple[type[ast.stmt], ...] = (ast.Try, ast.TryStar)
else:  # pragma: no cover
    _TRY_NODES = (ast.Try,)
_TYPING_MODULES = frozenset({"typing", "typing_extensions"})
_DYNAMIC_IMPORTERS = frozenset({"__import__", "import_module"})

_Block = tuple[list[ast.stmt], ImportKind, bool]


def resolve_relative(
    module: str | None, is_package: bool, level: int, target: str | None
) -> str | None:
    """Absolute name of `from <level dots><target> import ...` in `module`, None if impossible.

    Level 1 in a package's __init__ is the package itself; in a plain module it is the module's
    package. More dots than there are parent packages (or no known module name) gives None,
    as Python's "attempted relative import beyond top-level package" does.
    """
    if level == 0:
        return target
    if not module:
        return None
    parts = module.split(".")
    keep = len(parts) - level + (1 if is_package else 0)
    if keep <= 0 or keep > len(parts):
        return None
    base = ".".join(parts[:keep])
    return f"{base}.{target}" if target else base


def extract_imports(
    tree: ast.Module, module: str | None, is_package: bool
) -> tuple[ImportRecord, ...]:
    """Every import in a parsed file, relative ones made absolute.

    Relative imports that cannot be resolved (no module name, too many dots) are left out.
    A `try` around a `def` does not guard the imports inside it, so they get in_try=False.
    """
    walker = _ImportWalker(module, is_package)
    handlers = walker.handlers()
    stack: list[_Block] = [(tree.body, ImportKind.TOP, False)]
    while stack:
        body, kind, in_try = stack.pop()
        nested: list[_Block] = []
        for stmt in body:
            handler = handlers.get(type(stmt))
            if handler is not None:
                nested.extend(handler(stmt, kind, in_try))
        # Reversed so that blocks are popped in source order (records then come out sorted).
        stack.extend(reversed(nested))
    walker.records.sort(key=lambda r: r.lineno)
    return tuple(walker.records)


_Handler = Callable[[Any, ImportKind, bool], Iterable[_Block]]


class _ImportWalker:
    """What one file's walk collects; one handler per kind of statement, each returning the
    nested blocks to walk next."""

    def __init__(self, module: str | None, is_package: bool) -> None:
        self.module = module
        self.is_package = is_package
        self.records: list[ImportRecord] = []
        self.tc_names = {"TYPE_CHECKING"}  # grows with `from typing import TYPE_CHECKING as TC`

    def handlers(self) -> dict[type, _Handler]:
        table: dict[type, _Handler] = {
            ast.Import: self._import,
            ast.ImportFrom: self._import_from,
            ast.FunctionDef: _function_body,
            ast.AsyncFunctionDef: _function_body,
            ast.ClassDef: _class_body,
            ast.If: self._if,
            ast.Match: _match_blocks,
            ast.Expr: self._expression,
            ast.Assign: self._expression,
            ast.AnnAssign: self._expression,
        }
        table.update(dict.fromkeys(_TRY_NODES, _try_blocks))
        table.update(dict.fromkeys(_BLOCK_FIELDS, _plain_blocks))
        return table

    def _import(self, stmt: ast.Import, kind: ImportKind, in_try: bool) -> Iterable[_Block]:
        for alias in stmt.names:
            self.records.append(ImportRecord(alias.name, None, stmt.lineno, kind, in_try))
        return ()

    def _import_from(
        self, stmt: ast.ImportFrom, kind: ImportKind, in_try: bool
    ) -> Iterable[_Block]:
        _add_from(stmt, self.module, self.is_package, kind, in_try, self.records, self.tc_names)
        return ()

    def _if(self, stmt: ast.If, kind: ImportKind, in_try: bool) -> Iterable[_Block]:
        return _if_blocks(stmt, kind, in_try, self.tc_names)

    def _expression(self, stmt: ast.Expr, kind: ImportKind, in_try: bool) -> Iterable[_Block]:
        name = _dynamic_import(stmt.value)
        if name is not None:
            self.records.append(ImportRecord(name, None, stmt.lineno, kind, in_try))
        return ()


def _function_body(stmt: ast.FunctionDef, kind: ImportKind, _in_try: bool) -> Iterable[_Block]:
    inner = kind if kind is ImportKind.TYPE_CHECKING else ImportKind.FUNCTION
    return ((stmt.body, inner, False),)


def _class_body(stmt: ast.ClassDef, kind: ImportKind, in_try: bool) -> Iterable[_Block]:
    return ((stmt.body, kind, in_try),)


def _try_blocks(stmt: ast.Try, kind: ImportKind, in_try: bool) -> Iterator[_Block]:
    # The body, handlers and else-branch are the "optional dependency" idiom; `finally`
    # always runs, so it keeps the surrounding flag. ast.TryStar has the same fields.
    yield stmt.body, kind, True
    yield from ((handler.body, kind, True) for handler in stmt.handlers)
    yield stmt.orelse, kind, True
    yield stmt.finalbody, kind, in_try


def _match_blocks(stmt: ast.Match, kind: ImportKind, in_try: bool) -> Iterable[_Block]:
    return [(case.body, kind, in_try) for case in stmt.cases]


def _plain_blocks(stmt: ast.stmt, kind: ImportKind, in_try: bool) -> Iterable[_Block]:
    return [(getattr(stmt, f), kind, in_try) for f in _BLOCK_FIELDS[type(stmt)]]


def _add_from(
    stmt: ast.ImportFrom,
    module: str | None,
    is_package: bool,
    kind: ImportKind,
    in_try: bool,
    records: list[ImportRecord],
    tc_names: set[str],
) -> None:
    base = resolve_relative(module, is_package, stmt.level, stmt.module)
    if base is None:
        return
    for alias in stmt.names:
        if alias.name == "*":
            records.append(ImportRecord(base, None, stmt.lineno, kind, in_try))
            continue
        if alias.name == "TYPE_CHECKING" and base in _TYPING_MODULES:
            tc_names.add(alias.asname or alias.name)
        records.append(ImportRecord(base, alias.name, stmt.lineno, kind, in_try))


def _if_blocks(
    stmt: ast.If, kind: ImportKind, in_try: bool, tc_names: set[str]
) -> Iterator[_Block]:
    """The body and else-branch of an `if`, the TYPE_CHECKING-only one marked as such."""
    guard = _type_checking_guard(stmt.test, tc_names)
    tc = ImportKind.TYPE_CHECKING
    yield stmt.body, (tc if guard is True else kind), in_try
    yield stmt.orelse, (tc if guard is False else kind), in_try


def _type_checking_guard(test: ast.expr, tc_names: set[str]) -> bool | None:
    """True for `if TYPE_CHECKING`, False for `if not TYPE_CHECKING`, None for anything else."""
    judge = _GUARD_JUDGES.get(type(test))
    return None if judge is None else judge(test, tc_names)


def _negated_guard(test: ast.UnaryOp, tc_names: set[str]) -> bool | None:
    if not isinstance(test.op, ast.Not):
        return None
    inner = _type_checking_guard(test.operand, tc_names)
    return None if inner is None else not inner


def _and_guard(test: ast.BoolOp, tc_names: set[str]) -> bool | None:
    # `TYPE_CHECKING and X` is only ever true while type checking.
    if not isinstance(test.op, ast.And):
        return None
    return True if any(_type_checking_guard(v, tc_names) is True for v in test.values) else None


def _name_guard(test: ast.Name, tc_names: set[str]) -> bool | None:
    return True if test.id in tc_names else None


def _attribute_guard(test: ast.Attribute, _tc_names: set[str]) -> bool | None:
    # `typing.TYPE_CHECKING`, `t.TYPE_CHECKING`: whatever the alias, the attribute gives it away.
    return True if test.attr == "TYPE_CHECKING" else None


_GUARD_JUDGES: dict[type, Callable[[Any, set[str]], bool | None]] = {
    ast.UnaryOp: _negated_guard,
    ast.BoolOp: _and_guard,
    ast.Name: _name_guard,
    ast.Attribute: _attribute_guard,
}


def _dynamic_import(value: ast.expr | None) -> str | None:
    """The module of `__import__("x")` / `importlib.import_module("x")` with a literal name."""
    if not isinstance(value, ast.Call) or not value.args:
        return None
    if _called_name(value.func) not in _DYNAMIC_IMPORTERS:
        return None
    return _literal_module(value.args[0])


def _called_name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _literal_module(arg: ast.expr) -> str | None:
    """An absolute dotted module name given as a string literal, else None.

    Relative names need the `package=` argument; not worth guessing."""
    if not isinstance(arg, ast.Constant) or not isinstance(arg.value, str):
        return None
    target = arg.value
    if target and not target.startswith(".") and all(p.isidentifier() for p in target.split(".")):
        return target
    return None
