"""Extracting every import of a parsed file, with relative imports made absolute.

One pass over the statements that can hold an import (module, class and function bodies and
the blocks of if/try/with/for/while/match); expressions are never walked, so the cost grows
with the number of statements, not the number of AST nodes.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator

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
    records: list[ImportRecord] = []
    tc_names = {"TYPE_CHECKING"}  # grows with `from typing import TYPE_CHECKING as TC`
    stack: list[_Block] = [(tree.body, ImportKind.TOP, False)]
    while stack:
        body, kind, in_try = stack.pop()
        nested: list[_Block] = []
        for stmt in body:
            if isinstance(stmt, ast.Import):
                for alias in stmt.names:
                    records.append(ImportRecord(alias.name, None, stmt.lineno, kind, in_try))
            elif isinstance(stmt, ast.ImportFrom):
                _add_from(stmt, module, is_package, kind, in_try, records, tc_names)
            elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inner = kind if kind is ImportKind.TYPE_CHECKING else ImportKind.FUNCTION
                nested.append((stmt.body, inner, False))
            elif isinstance(stmt, ast.ClassDef):
                nested.append((stmt.body, kind, in_try))
            elif isinstance(stmt, ast.If):
                nested.extend(_if_blocks(stmt, kind, in_try, tc_names))
            elif isinstance(stmt, _TRY_NODES):
                # The body, handlers and else-branch are the "optional dependency" idiom;
                # `finally` always runs, so it keeps the surrounding flag.
                # ast.TryStar has the same fields as ast.Try.
                nested.append((stmt.body, kind, True))
                nested.extend((handler.body, kind, True) for handler in stmt.handlers)
                nested.append((stmt.orelse, kind, True))
                nested.append((stmt.finalbody, kind, in_try))
            elif isinstance(stmt, ast.Match):
                nested.extend((case.body, kind, in_try) for case in stmt.cases)
            elif isinstance(stmt, (ast.Expr, ast.Assign, ast.AnnAssign)):
                name = _dynamic_import(stmt.value)
                if name is not None:
                    records.append(ImportRecord(name, None, stmt.lineno, kind, in_try))
            else:
                fields = _BLOCK_FIELDS.get(type(stmt))
                if fields:
                    nested.extend((getattr(stmt, f), kind, in_try) for f in fields)
        # Reversed so that blocks are popped in source order (records then come out sorted).
        stack.extend(reversed(nested))
    records.sort(key=lambda r: r.lineno)
    return tuple(records)


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
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _type_checking_guard(test.operand, tc_names)
        return None if inner is None else not inner
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        # `TYPE_CHECKING and X` is only ever true while type checking.
        return True if any(_type_checking_guard(v, tc_names) is True for v in test.values) else None
    if isinstance(test, ast.Name):
        return True if test.id in tc_names else None
    # `typing.TYPE_CHECKING`, `t.TYPE_CHECKING`: whatever the alias, the attribute gives it away.
    if isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING":
        return True
    return None


def _dynamic_import(value: ast.expr | None) -> str | None:
    """The module of `__import__("x")` / `importlib.import_module("x")` with a literal name."""
    if not isinstance(value, ast.Call) or not value.args:
        return None
    func = value.func
    name = (
        func.id
        if isinstance(func, ast.Name)
        else func.attr
        if isinstance(func, ast.Attribute)
        else ""
    )
    if name not in _DYNAMIC_IMPORTERS:
        return None
    arg = value.args[0]
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        target = arg.value
        # Relative names need the `package=` argument; not worth guessing.
        if (
            target
            and not target.startswith(".")
            and all(p.isidentifier() for p in target.split("."))
        ):
            return target
    return None
