"""The package's `__init__.py`: the old module's docstring, header and public surface.

It imports the submodules in dependency order (so import-time side effects such as ORM
registration and registry decorators happen as before), re-exports every name the old module
offered, keeps `__all__` (or generates it for the public names), keeps the statements that must
run after several submodules, and the `if __name__ == "__main__":` block. With the shim, names
are not imported eagerly: a PEP 562 module `__getattr__` hands them out with a
DeprecationWarning naming the new import.
"""

from __future__ import annotations

import json

from refactorkit.codemods.split.layout import INIT, Layout, file_needs
from refactorkit.codemods.split.model import ModuleModel, UnitKind
from refactorkit.codemods.split.planner import SplitPlan
from refactorkit.codemods.split.repo import ImporterUsage

_SHIM = '''

def __getattr__(name: str) -> object:
    """Old-path access to a moved name: warn, then return it from its new module."""
    submodule = _MOVED_TO.get(name)
    if submodule is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib
    import warnings

    warnings.warn(
        f"{__name__}.{name} has moved: use 'from {__name__}.{submodule} import {name}'",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(importlib.import_module(f"{__name__}.{submodule}"), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *_MOVED_TO})
'''


def render_init(
    model: ModuleModel,
    layout: Layout,
    plan: SplitPlan,
    usage: ImporterUsage,
    shim: bool,
    warnings: list[str],
) -> str:
    """The text of the new `__init__.py`."""
    from refactorkit.codemods.split.transform import edited_code, from_import, import_section

    nl = model.newline
    needs = file_needs(model, layout, INIT, shim=shim)
    imported = set(model.import_providers())
    offered = (set(usage.names) | set(model.all_names or ())) & imported
    wanted = needs.imports | offered
    head = [model.preamble]
    for unit in model.units:
        if unit.kind is UnitKind.DOCSTRING:
            head.append(unit.code)
    imports = import_section(model, wanted, nl)
    steps: list[str] = []
    for index, after in sorted(layout.after.items()):
        if after is None:
            steps.append(edited_code(model, model.units[index], None, {}, INIT, warnings))
    names_of = _group_names(model, layout)
    for group in layout.order:
        if shim:
            steps.append(f"from . import {group}{nl}")
            if group in needs.siblings:
                steps.append(from_import(f".{group}", needs.siblings[group], nl))
        else:
            steps.append(from_import(f".{group}", names_of[group], nl, sort=False))
        for index, after in sorted(layout.after.items()):
            if after == group:
                steps.append(edited_code(model, model.units[index], None, {}, INIT, warnings))
    tail: list[str] = []
    all_units = [u for u in model.units if u.kind is UnitKind.ALL]
    if all_units:
        tail.extend(edited_code(model, u, None, {}, INIT, warnings) for u in all_units)
    else:
        public = [n for g in layout.order for n in names_of[g] if not n.startswith("_")]
        public += sorted(n for n in offered if not n.startswith("_") and n not in public)
        tail.append(_all_list(public, nl))
    if shim:
        moved = {n: g for g in layout.order for n in names_of[g]}
        tail.append(_moved_table(moved, nl) + _SHIM.replace("\n", nl))
    main = [u for u in model.units if u.kind is UnitKind.MAIN]
    tail.extend(edited_code(model, u, None, {}, INIT, warnings) for u in main)
    return _join(head, imports, steps, tail, model.footer, nl)


def _group_names(model: ModuleModel, layout: Layout) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {g: [] for g in layout.order}
    for unit in model.units:
        group = layout.place.get(unit.index)
        if group and unit.kind is UnitKind.DEFINITION:
            out[group].extend(n for n in unit.defines if n not in out[group])
    return out


def _all_list(names: list[str], nl: str) -> str:
    inner = "".join(f"    {json.dumps(n)},{nl}" for n in names)
    return f"__all__ = [{nl}{inner}]{nl}"


def _moved_table(moved: dict[str, str], nl: str) -> str:
    inner = "".join(f"    {json.dumps(n)}: {json.dumps(g)},{nl}" for n, g in moved.items())
    return f"{nl}# Where each name of the old module lives now (read by __getattr__ below).{nl}" + (
        f"_MOVED_TO = {{{nl}{inner}}}{nl}"
    )


def _join(
    head: list[str], imports: str, steps: list[str], tail: list[str], footer: str, nl: str
) -> str:
    text = "".join(head)
    if imports:
        text = _blank_lines(text, 1, nl) + imports
    body = "".join(_normalize(s, nl) for s in steps)
    text = _blank_lines(text, 1, nl) + body if text else body
    for part in tail:
        text = _blank_lines(text, 2 if part.lstrip().startswith(("if ", "def ")) else 1, nl)
        text += _strip_blank(part)
    return text + footer


def _normalize(step: str, nl: str) -> str:
    """Statements kept from the old module lose their leading blank lines but not comments."""
    stripped = _strip_blank(step)
    return (nl + stripped) if stripped.lstrip().startswith("#") else stripped


def _strip_blank(code: str) -> str:
    lines = code.splitlines(keepends=True)
    while lines and not lines[0].strip():
        lines.pop(0)
    return "".join(lines)


def _blank_lines(text: str, count: int, nl: str) -> str:
    """`text` ending with exactly `count` blank lines (nothing when it is empty)."""
    if not text:
        return text
    return text.rstrip("\r\n") + nl * (count + 1)
