"""What role a top-level statement plays in a split (imports, docstring, main block, ...)."""

from __future__ import annotations

import ast
from collections.abc import Callable
from enum import Enum

import libcst as cst

from refactorkit.codemods.split.names import analyze_statement


class UnitKind(str, Enum):
    """The role of a top-level statement in a split."""

    DOCSTRING = "docstring"
    FUTURE = "future"  # from __future__ import ...
    IMPORT = "import"  # import statements: copied to every file that uses their names
    IMPORT_BLOCK = "import_block"  # if/try made only of imports and simple fallbacks
    ALL = "all"  # __all__ = [...]: stays in __init__.py
    MAIN = "main"  # if __name__ == "__main__": stays in __init__.py
    SIDE_EFFECT = "side_effect"  # binds no name: a call, `X.attr = ...`, `d[k] = ...`
    DEFINITION = "definition"


def is_docstring(stmt: cst.BaseStatement) -> bool:
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and len(stmt.body) == 1
        and isinstance(stmt.body[0], cst.Expr)
        and isinstance(stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def classify(stmt: cst.BaseStatement, parsed: list[ast.stmt], index: int) -> UnitKind:
    if index == 0 and is_docstring(stmt):
        return UnitKind.DOCSTRING
    for test, kind in _EVERY_STATEMENT:
        if all(test(s) for s in parsed):
            return kind
    single = _single_statement_kind(parsed[0]) if len(parsed) == 1 else None
    return single or _binding_kind(parsed)


def _single_statement_kind(stmt: ast.stmt) -> UnitKind | None:
    for test, kind in _SINGLE_STATEMENT:
        if test(stmt):
            return kind
    return None


def _binding_kind(parsed: list[ast.stmt]) -> UnitKind:
    """DEFINITION for statements that bind names, SIDE_EFFECT for the rest."""
    facts = analyze_statement(parsed, False)
    if not facts.defines or all(isinstance(s, ast.Delete) for s in parsed):
        # `del helper` at module level undoes a binding: it runs where the old module ran it.
        return UnitKind.SIDE_EFFECT
    return UnitKind.DEFINITION


def _is_future(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__"


def _is_import(stmt: ast.stmt) -> bool:
    return isinstance(stmt, (ast.Import, ast.ImportFrom))


def _guarded_imports(stmt: ast.stmt) -> bool:
    return isinstance(stmt, (ast.If, ast.Try)) and _import_like(stmt)


def _type_checking_flag(stmt: ast.stmt) -> bool:
    """docutils' idiom: `TYPE_CHECKING = False`, then `if TYPE_CHECKING:` imports."""
    return (
        isinstance(stmt, ast.Assign)
        and [getattr(t, "id", None) for t in stmt.targets] == ["TYPE_CHECKING"]
        and isinstance(stmt.value, ast.Constant)
    )


def _is_main_guard(stmt: ast.stmt) -> bool:
    if not isinstance(stmt, ast.If) or not isinstance(stmt.test, ast.Compare):
        return False
    parts = [stmt.test.left, *stmt.test.comparators]
    names = {p.id for p in parts if isinstance(p, ast.Name)}
    values = {p.value for p in parts if isinstance(p, ast.Constant)}
    return names == {"__name__"} and values == {"__main__"}


def _targets_all(stmt: ast.stmt) -> bool:
    if isinstance(stmt, ast.Assign):
        return all(isinstance(t, ast.Name) and t.id == "__all__" for t in stmt.targets)
    if isinstance(stmt, (ast.AugAssign, ast.AnnAssign)):
        return isinstance(stmt.target, ast.Name) and stmt.target.id == "__all__"
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        func = stmt.value.func  # __all__.append(...) / __all__.extend(...)
        return (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "__all__"
        )
    return False


def _import_like(stmt: ast.stmt) -> bool:
    """Imports with fallbacks: every statement inside is an import, `pass` or `name = literal`."""
    inner = [n for n in ast.walk(stmt) if isinstance(n, ast.stmt) and n is not stmt]
    return all(_fallback_statement(n) for n in inner) and _imports_without_star(stmt)


def _imports_without_star(stmt: ast.stmt) -> bool:
    """`stmt` holds at least one import and no `from x import *`."""
    nodes = list(ast.walk(stmt))
    has_import = any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in nodes)
    return has_import and not any(
        isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names) for n in nodes
    )


def _fallback_statement(node: ast.stmt) -> bool:
    """A statement an import block may hold: an import, `pass`, a nested if/try, `x = literal`."""
    if isinstance(node, (ast.Import, ast.ImportFrom, ast.Pass, ast.If, ast.Try)):
        return True
    return (
        isinstance(node, ast.Assign)
        and all(isinstance(t, ast.Name) for t in node.targets)
        and isinstance(node.value, (ast.Constant, ast.Name, ast.Attribute))
    )


def is_type_checking(stmt: ast.stmt) -> bool:
    if not isinstance(stmt, ast.If) or stmt.orelse:
        return False
    test = stmt.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


# Tried in order; the first whose test holds for every statement of the unit names its kind.
_EVERY_STATEMENT: tuple[tuple[Callable[[ast.stmt], bool], UnitKind], ...] = (
    (_is_future, UnitKind.FUTURE),
    (_is_import, UnitKind.IMPORT),
    (_targets_all, UnitKind.ALL),
)
# Then, for a unit of one statement (`TYPE_CHECKING` blocks never run: copied, filtered,
# wherever their names are read; `TYPE_CHECKING = False` is copied wherever it is read).
_SINGLE_STATEMENT: tuple[tuple[Callable[[ast.stmt], bool], UnitKind], ...] = (
    (_is_main_guard, UnitKind.MAIN),
    (is_type_checking, UnitKind.IMPORT_BLOCK),
    (_guarded_imports, UnitKind.IMPORT_BLOCK),
    (_type_checking_flag, UnitKind.IMPORT_BLOCK),
)
