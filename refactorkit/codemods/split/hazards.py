"""What makes a split unsafe: refusals (nothing is written) and warnings (listed in the report)."""

from __future__ import annotations

import ast

from refactorkit.codemods.split.model import ModuleModel, UnitKind

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
    if shim:
        for unit in model.units:
            clash = {"__getattr__", "__dir__"} & set(unit.defines)
            if clash:
                out.append(
                    f"{model.relpath}:{unit.first_line}: the module defines "
                    f"{', '.join(sorted(clash))} already; --shim would replace it"
                )
    return out


def warnings_for(model: ModuleModel, moved: set[int]) -> list[str]:
    """Warnings about statements that behave differently once moved to a submodule.

    `moved` holds the indices of units that leave the package's __init__.py.
    """
    out = []
    for unit in model.units:
        where = f"{model.relpath}:{unit.first_line}"
        if unit.kind is UnitKind.MAIN:
            out.append(
                f'{where}: `if __name__ == "__main__":` stays in __init__.py; the old file can no '
                "longer be run as a script (add a __main__.py for `python -m`)"
            )
        if unit.index not in moved:
            continue
        if unit.uses_name:
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
