"""What makes a split unsafe: refusals (nothing is written) and warnings (listed in the report)."""

from __future__ import annotations

import ast

from refactorkit.codemods.split.model import ModuleModel, UnitKind
from refactorkit.codemods.split.names import UseKind

_DYNAMIC = frozenset({"globals", "vars", "locals", "eval", "exec"})


def refusals(model: ModuleModel, shim: bool = False) -> list[str]:
    """Reasons the module cannot be split safely as it is."""
    out = []
    for unit in model.units:
        if unit.has_star_import:
            out.append(
                f"{model.relpath}:{unit.first_line}: star import: which names it provides is "
                "unknown, so no submodule can be given the right imports; import the names "
                "explicitly first"
            )
    literal_all = literal_all_units(model)
    for unit in model.units:
        early = {u.name for u in unit.uses if u.kind is UseKind.IMPORT_TIME}
        where = f"{model.relpath}:{unit.first_line}"
        if (
            early & {"globals", "vars"}
            and unit.kind is not UnitKind.MAIN
            and _namespace_call(unit.code)
        ):
            out.append(
                f"{where}: module-level globals()/vars() may bind names dynamically "
                "(`globals().update(...)`); no submodule can be told where they are"
            )
        if "__all__" in early and unit.kind is UnitKind.DEFINITION and not literal_all:
            out.append(
                f"{where}: {unit.label} changes __all__ while defining names; move the "
                "__all__ change out of that statement first"
            )
    if shim:
        for unit in model.units:
            clash = {"__getattr__", "__dir__"} & set(unit.defines)
            if clash:
                out.append(
                    f"{model.relpath}:{unit.first_line}: the module defines "
                    f"{', '.join(sorted(clash))} already; --shim would replace it"
                )
    return out


def _namespace_call(code: str) -> bool:
    """`globals()` or `vars()` with no argument, outside function bodies: the module namespace."""
    stack: list[ast.AST] = [ast.parse(code)]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("globals", "vars")
            and not node.args
        ):
            return True
        stack.extend(ast.iter_child_nodes(node))
    return False


def literal_all_units(model: ModuleModel) -> bool:
    """`__all__` is built from literals only: it can be bound before the submodules load."""
    units = [u for u in model.units if u.kind is UnitKind.ALL]
    return bool(units) and not any(u.uses and u.names_used() - {"__all__"} for u in units)


def warnings_for(model: ModuleModel, moved: set[int], keep_name: bool = False) -> list[str]:
    """Warnings about statements that behave differently once moved to a submodule.

    `moved` holds the indices of units that leave the package's __init__.py.
    """
    out = []
    for unit in model.units:
        where = f"{model.relpath}:{unit.first_line}"
        if unit.kind is UnitKind.MAIN:
            out.append(
                f'{where}: `if __name__ == "__main__":` stays in __init__.py and is copied to a '
                "new __main__.py, so `python -m` on the package runs it; running the file by path "
                "no longer works"
            )
        if unit.index not in moved:
            continue
        if unit.uses_name and not keep_name:
            out.append(
                f"{where}: {unit.label} reads __name__, which becomes the submodule's name "
                "(logger names and registries keyed by it change)"
            )
        dynamic = sorted({u.name for u in unit.uses if u.name in _DYNAMIC})
        if dynamic:
            out.append(
                f"{where}: {unit.label} calls {', '.join(dynamic)}(): names looked up dynamically "
                "are now those of the submodule"
            )
    return out


def file_uses(code: str) -> list[ast.Name]:
    """Every `__file__` read in a statement's code."""
    return [
        node
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.Name) and node.id == "__file__"
    ]
