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

import libcst as cst

from refactorkit.codemods.split.hazards import literal_all_units
from refactorkit.codemods.split.layout import INIT, Layout, file_needs, import_closure
from refactorkit.codemods.split.model import ModuleModel, UnitKind
from refactorkit.codemods.split.render import (
    conditional_names,
    edited_code,
    from_import,
    guarded_import,
    import_section,
)
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


_LIVE = '''

def __getattr__(name: str) -> object:
    """The current value of module state that now lives in a submodule."""
    submodule = _LIVE_IN.get(name)
    if submodule is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(submodule, name)
'''


def render_init(
    model: ModuleModel,
    layout: Layout,
    usage: ImporterUsage,
    shim: bool,
    eager: frozenset[str],
    warnings: list[str],
    keep_name: bool = False,
) -> str:
    """The text of the new `__init__.py`; with `shim`, only the `eager` names are bound.

    With `keep_name`, classes report this package as their module, and tools resolve their
    annotations in its namespace (SQLAlchemy's `Mapped[datetime]`, `typing.get_type_hints`):
    every import of the old module is repeated here so that namespace has what it had.
    """

    nl = model.newline
    needs = file_needs(model, layout, INIT, shim=shim)
    imported = set(model.import_providers())
    offered = (set(usage.names) | set(model.all_names or ()) | model.names_listed()) & imported
    # Constants copied along with import blocks (`_WINDOWS = os.name == "nt"`) were module
    # names too: __init__.py keeps its own copy.
    constants = {
        n
        for u in model.units
        if u.kind is UnitKind.IMPORT_BLOCK and isinstance(u.node, cst.SimpleStatementLine)
        for n in u.defines
    }
    # Imports nothing reads were there for their side effects (`import readline`,
    # `from . import signals` that registers handlers) or as re-exports: they stay here.
    read = {use.name for unit in model.units for use in unit.uses}
    bound_later = {
        n for u in model.units if u.kind in (UnitKind.ALL, UnitKind.DEFINITION) for n in u.defines
    }
    unread = {n for n in imported if n not in read and n not in bound_later and n != "__all__"}
    needs.imports |= constants | offered | unread
    if keep_name:
        needs.imports |= {n for n in imported if n not in bound_later and n != "__all__"}
    import_closure(model, needs)
    wanted = needs.imports
    head = [model.preamble]
    for unit in model.units:
        if unit.kind is UnitKind.DOCSTRING:
            head.append(unit.code)
    plain, guarded = import_section(model, wanted, nl)
    imports = plain + (nl + guarded if plain and guarded else guarded)
    steps: list[tuple[bool, str]] = []  # (is an import, text)
    all_units = [u for u in model.units if u.kind is UnitKind.ALL]
    early_all = literal_all_units(model)
    if early_all:  # bound first: submodules may extend it while they load
        steps.extend((False, edited_code(model, u, None, {}, INIT, warnings)) for u in all_units)
    for index, after in sorted(layout.after.items()):
        if after is None:
            steps.append((False, edited_code(model, model.units[index], None, {}, INIT, warnings)))
    names_of = _group_names(model, layout)
    maybe = conditional_names(model)
    used_here = {
        n for u in model.units if layout.place.get(u.index) == INIT for n in u.names_used()
    }
    # A name rebound at run time (`global`) is read from its submodule on each access, so the
    # old path sees the current value; a copy bound here would go stale.
    live = {
        n: g
        for g in layout.order
        for n in names_of[g]
        if n in layout.rebound and n not in used_here and n not in eager and not shim
    }
    if "__getattr__" in model.providers():
        live = {}  # the module's own __getattr__ is re-exported; keep plain (stale) copies
    for group in layout.order:
        lines = _group_imports(
            group, names_of[group], model, needs.siblings, eager, live, maybe, shim
        )
        steps.extend((True, line) for line in lines)
        for index, after in sorted(layout.after.items()):
            if after == group:
                code = edited_code(model, model.units[index], None, {}, INIT, warnings)
                steps.append((False, code))
    tail: list[str] = []
    if all_units and not early_all:
        tail.extend(edited_code(model, u, None, {}, INIT, warnings) for u in all_units)
    elif not all_units:
        public = [
            n for g in layout.order for n in names_of[g] if not n.startswith("_") and n not in maybe
        ]
        public += sorted(n for n in offered if not n.startswith("_") and n not in public)
        tail.append(_all_list(public, nl, model.indent))
    if shim:
        held = {n for names in needs.siblings.values() for n in names} | eager
        moved = {n: g for g in layout.order for n in names_of[g] if n not in held}
        tail.append(_moved_table(moved, nl, model.indent) + _styled(_SHIM, model))
    elif live:
        tail.append(_live_table(live, nl, model.indent) + _styled(_LIVE, model))
    main = [u for u in model.units if u.kind is UnitKind.MAIN]
    tail.extend(edited_code(model, u, None, {}, INIT, warnings) for u in main)
    return _join(head, imports, steps, tail, model.footer, nl)


def _group_imports(
    group: str,
    names: list[str],
    model: ModuleModel,
    siblings: dict[str, list[str]],
    eager: frozenset[str],
    live: dict[str, str],
    maybe: set[str],
    shim: bool = False,
) -> list[str]:
    """The import lines of one submodule in `__init__.py`."""

    nl, tab = model.newline, model.indent
    if shim:  # import for side effects; bind only what must stay bound
        bound = [n for n in names if n in eager]
        bound += [n for n in siblings.get(group, []) if n not in bound]
        plain = [n for n in bound if n not in maybe]
        out = [f"from . import {group}{nl}"]
        out += [from_import(f".{group}", plain, nl, indent=tab)] if plain else []
        return out + [guarded_import(f".{group}", n, nl, tab) for n in bound if n in maybe]
    listed = set(model.all_names) if model.all_names is not None else None
    plain = [
        # `x as x` marks a re-export for linters (ruff F401) when __all__ does not.
        n if (n in listed if listed is not None else not n.startswith("_")) else f"{n} as {n}"
        for n in names
        if n not in live and n not in maybe
    ]
    out = [f"from . import {group}{nl}"] if not plain or group in live.values() else []
    out += [from_import(f".{group}", plain, nl, sort=False, indent=tab)] if plain else []
    return out + [guarded_import(f".{group}", n, nl, tab) for n in names if n in maybe]


def _group_names(model: ModuleModel, layout: Layout) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {g: [] for g in layout.order}
    for unit in model.units:
        group = layout.place.get(unit.index)
        if group and unit.kind is UnitKind.DEFINITION:
            out[group].extend(n for n in unit.defines if n not in out[group])
    return out


def _styled(template: str, model: ModuleModel) -> str:
    """One of our code templates in the module's line ends and indentation."""
    lines = template.split("\n")
    for number, line in enumerate(lines):
        body = line.lstrip(" ")
        lines[number] = model.indent * ((len(line) - len(body)) // 4) + body
    return model.newline.join(lines)


def _live_table(live: dict[str, str], nl: str, tab: str) -> str:
    inner = "".join(f"{tab}{json.dumps(n)}: {g},{nl}" for n, g in live.items())
    return f"{nl}# Module state rebound at run time, read live from its submodule.{nl}" + (
        f"_LIVE_IN = {{{nl}{inner}}}{nl}"
    )


def _all_list(names: list[str], nl: str, tab: str) -> str:
    inner = "".join(f"{tab}{json.dumps(n)},{nl}" for n in names)
    return f"__all__ = [{nl}{inner}]{nl}"


def _moved_table(moved: dict[str, str], nl: str, tab: str) -> str:
    inner = "".join(f"{tab}{json.dumps(n)}: {json.dumps(g)},{nl}" for n, g in moved.items())
    return f"{nl}# Where each name of the old module lives now (read by __getattr__ below).{nl}" + (
        f"_MOVED_TO = {{{nl}{inner}}}{nl}"
    )


def _join(
    head: list[str],
    imports: str,
    steps: list[tuple[bool, str]],
    tail: list[str],
    footer: str,
    nl: str,
) -> str:
    text = "".join(head)
    if imports:
        text = _blank_lines(text, 1, nl) + imports
    previous: bool | None = None
    for is_import, step in steps:
        if is_import is not previous or not is_import:
            text = _blank_lines(text, 1, nl)  # a kept statement sits apart, as in the original
        text += _strip_blank(step)
        previous = is_import
    for part in tail:
        text = _blank_lines(text, 2 if part.lstrip().startswith(("if ", "def ")) else 1, nl)
        text += _strip_blank(part)
    return text + footer


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
