"""What makes a split unsafe: refusals (nothing is written) and warnings (listed in the report)."""

from __future__ import annotations

import ast

from refactorkit.codemods.split.model import ModuleModel, Unit, UnitKind
from refactorkit.codemods.split.names import UseKind

_DYNAMIC = frozenset({"globals", "vars", "locals", "eval", "exec"})


def refusals(
    model: ModuleModel, shim: bool = False, allow_namespace_lookups: bool = False
) -> list[str]:
    """Reasons the module cannot be split safely as it is."""
    out = [] if allow_namespace_lookups else _namespace_refusals(model, shim)
    out.extend(
        f"{model.relpath}:{unit.first_line}: star import: which names it provides is "
        "unknown, so no submodule can be given the right imports; import the names "
        "explicitly first"
        for unit in model.units
        if unit.has_star_import
    )
    literal_all = literal_all_units(model)
    for unit in model.units:
        out.extend(_import_time_refusals(model, unit, bool(literal_all)))
    return out


def _import_time_refusals(model: ModuleModel, unit: Unit, literal_all: bool) -> list[str]:
    """What `unit` does at import time that a split would break: namespace lookups, changing
    `__all__` while defining names (unless the module has a literal `__all__`)."""
    out = []
    early = {u.name for u in unit.uses if u.kind is UseKind.IMPORT_TIME}
    where = f"{model.relpath}:{unit.first_line}"
    if (
        early & {"globals", "vars"}
        and unit.kind is not UnitKind.MAIN
        and _namespace_call(unit.code)
    ):
        out.append(_import_time_namespace(where, unit.code))
    if "__all__" in early and unit.kind is UnitKind.DEFINITION and not literal_all:
        out.append(
            f"{where}: {unit.label} changes __all__ while defining names; move the "
            "__all__ change out of that statement first"
        )
    return out


def _namespace_call(code: str, in_functions: bool = False) -> bool:
    """`globals()` or `vars()` with no argument: the module namespace.

    Outside function bodies (import time), or with `in_functions`, inside them (run time).
    """
    stack: list[tuple[ast.AST, bool]] = [(ast.parse(code), False)]
    while stack:
        node, inside = stack.pop()
        inside = inside or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        if inside and not in_functions:
            continue
        if inside == in_functions and _is_namespace_call(node):
            return True
        stack.extend((child, inside) for child in ast.iter_child_nodes(node))
    return False


_WRITERS = frozenset({"update", "setdefault", "pop", "popitem", "clear", "__setitem__"})


def _import_time_namespace(where: str, code: str) -> str:
    """The refusal for a module-level globals()/vars(): binding names, or reading them."""
    for node in ast.walk(ast.parse(code)):
        writes = (isinstance(node, ast.Attribute) and node.attr in _WRITERS) or (
            isinstance(node, ast.Subscript) and not isinstance(node.ctx, ast.Load)
        )
        if writes and _is_namespace_call(node.value):  # type: ignore[attr-defined]
            return (
                f"{where}: module-level globals()/vars() binds names dynamically "
                "(`globals().update(...)`); no submodule can be told where they are"
            )
    return (
        f"{where}: reads the module namespace at import time (globals()/vars()): in a "
        "submodule it would see only that submodule's names; spell out the names it "
        "reads (a dict or a list) first"
    )


def _is_namespace_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("globals", "vars")
        and not node.args
    )


def namespace_lookups(model: ModuleModel) -> list[Unit]:
    """Definitions whose functions read the module namespace (`globals().get(name)`)."""
    return [
        unit
        for unit in model.units
        if unit.kind is UnitKind.DEFINITION
        and {"globals", "vars"} & unit.names_used(UseKind.RUN_TIME)
        and _namespace_call(unit.code, in_functions=True)
    ]


def kept_in_package(model: ModuleModel, shim: bool) -> set[int]:
    """Namespace readers nothing else in the module uses: they stay in __init__.py, where
    every name of the old module is still bound (not with --shim, which binds none)."""
    if shim:
        return set()
    used = {n for u in model.units for n in u.names_used()}
    return {u.index for u in namespace_lookups(model) if not set(u.defines) & used}


def _namespace_refusals(model: ModuleModel, shim: bool) -> list[str]:
    kept = kept_in_package(model, shim)
    return [
        f"{model.relpath}:{unit.first_line}: {unit.label} reads the module namespace at run "
        "time (`globals()`/`vars()`): in a submodule it would see only that submodule's names"
        + (" (with --shim the package binds none either)" if shim else "")
        + "; pass --allow-namespace-lookups to split anyway, or make it take the names it "
        "looks up (a dict) first"
        for unit in namespace_lookups(model)
        if unit.index not in kept
    ]


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
