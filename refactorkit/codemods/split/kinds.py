"""What role a top-level statement plays in a split (imports, docstring, main block, ...)."""

from __future__ import annotations

import ast
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
    if all(isinstance(s, ast.ImportFrom) and s.module == "__future__" for s in parsed):
        return UnitKind.FUTURE
    if all(isinstance(s, (ast.Import, ast.ImportFrom)) for s in parsed):
        return UnitKind.IMPORT
    if len(parsed) == 1 and _is_main_guard(parsed[0]):
        return UnitKind.MAIN
    if all(_targets_all(s) for s in parsed):
        return UnitKind.ALL
    if len(parsed) == 1 and is_type_checking(parsed[0]):
        return UnitKind.IMPORT_BLOCK  # never runs: copied, filtered, wherever its names are read
    if len(parsed) == 1 and isinstance(parsed[0], (ast.If, ast.Try)) and _import_like(parsed[0]):
        return UnitKind.IMPORT_BLOCK
    if len(parsed) == 1 and _type_checking_flag(parsed[0]):
        return UnitKind.IMPORT_BLOCK  # `TYPE_CHECKING = False`: copied wherever it is read
    facts = analyze_statement(parsed, False)
    if not facts.defines or all(isinstance(s, ast.Delete) for s in parsed):
        # `del helper` at module level undoes a binding: it runs where the old module ran it.
        return UnitKind.SIDE_EFFECT
    return UnitKind.DEFINITION


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
    for node in ast.walk(stmt):
        if isinstance(node, ast.stmt) and node is not stmt:
            if isinstance(node, (ast.Import, ast.ImportFrom, ast.Pass, ast.If, ast.Try)):
                continue
            if (
                isinstance(node, ast.Assign)
                and all(isinstance(t, ast.Name) for t in node.targets)
                and isinstance(node.value, (ast.Constant, ast.Name, ast.Attribute))
            ):
                continue
            return False
    has_import = any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in ast.walk(stmt))
    return has_import and not any(
        isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names)
        for n in ast.walk(stmt)
    )


def is_type_checking(stmt: ast.stmt) -> bool:
    if not isinstance(stmt, ast.If) or stmt.orelse:
        return False
    test = stmt.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )
