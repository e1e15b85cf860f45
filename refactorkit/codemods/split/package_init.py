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
from refactorkit.codemods.split.layout import (
    INIT,
    Layout,
    Needs,
    file_needs,
    import_closure,
    patch_forwarding,
)
from refactorkit.codemods.split.model import ModuleModel, UnitKind
from refactorkit.codemods.split.package_hooks import HOOKS, LIVE, composed_shim, forwarding
from refactorkit.codemods.split.render import (
    conditional_names,
    edited_code,
    from_import,
    guarded_import,
    import_section,
)
from refactorkit.codemods.split.repo import ImporterUsage


def render_init(
    model: ModuleModel,
    layout: Layout,
    usage: ImporterUsage,
    shim: bool,
    eager: frozenset[str],
    warnings: list[str],
    keep_name: bool = False,
    hidden: frozenset[str] = frozenset(),
) -> str:
    """The text of the new `__init__.py`; with `shim`, only the `eager` names are bound, and
    `hidden` names (tests, fixtures) never are.

    With `keep_name`, classes report this package as their module, and tools resolve their
    annotations in its namespace (SQLAlchemy's `Mapped[datetime]`, `typing.get_type_hints`):
    every import of the old module is repeated here so that namespace has what it had.
    """
    nl = model.newline
    needs = file_needs(model, layout, INIT, shim=shim)
    offered = _init_imports(model, usage, needs, eager, keep_name)
    head = [model.preamble, *(u.code for u in model.units if u.kind is UnitKind.DOCSTRING)]
    plain, guarded = import_section(model, needs.imports, nl)
    imports = plain + (nl + guarded if plain and guarded else guarded)
    names_of = _group_names(model, layout, hidden)
    live = _live_names(model, layout, names_of, eager, shim)
    steps = _init_steps(model, layout, needs, names_of, eager, live, shim, warnings)
    tail = _all_tail(model, layout, names_of, offered, warnings)
    tail.extend(_lookup_tables(model, layout, needs, names_of, eager, live, shim))
    main = [u for u in model.units if u.kind is UnitKind.MAIN]
    tail.extend(edited_code(model, u, None, {}, INIT, warnings) for u in main)
    return _join(head, imports, steps, tail, model.footer, nl)


def _init_imports(
    model: ModuleModel, usage: ImporterUsage, needs: Needs, eager: frozenset[str], keep_name: bool
) -> set[str]:
    """Add the module's imports that __init__.py keeps to `needs`; return the offered ones."""
    imported = set(model.import_providers())
    offered = (set(usage.names) | set(model.all_names or ()) | model.names_listed()) & imported
    bound_later = _bound_by_definitions(model)
    # Patched imported names stay bound here, so a patch of the old path has an original.
    needs.imports |= _block_constants(model) | offered | (eager & imported)
    needs.imports |= _unread_imports(model, imported - bound_later)
    if keep_name:
        needs.imports |= imported - bound_later - {"__all__"}
    import_closure(model, needs)
    return offered


def _block_constants(model: ModuleModel) -> set[str]:
    """Constants copied along with import blocks (`_WINDOWS = os.name == "nt"`) were module
    names too: __init__.py keeps its own copy."""
    out: set[str] = set()
    for unit in model.units:
        if unit.kind is UnitKind.IMPORT_BLOCK and isinstance(unit.node, cst.SimpleStatementLine):
            out.update(unit.defines)
    return out


def _bound_by_definitions(model: ModuleModel) -> set[str]:
    kinds = (UnitKind.ALL, UnitKind.DEFINITION)
    return {n for u in model.units if u.kind in kinds for n in u.defines}


def _unread_imports(model: ModuleModel, imported: set[str]) -> set[str]:
    """Imports nothing reads were there for their side effects (`import readline`, a
    `from . import signals` that registers handlers) or as re-exports: they stay here."""
    read = {use.name for unit in model.units for use in unit.uses}
    return imported - read - {"__all__"}


def _live_names(
    model: ModuleModel,
    layout: Layout,
    names_of: dict[str, list[str]],
    eager: frozenset[str],
    shim: bool,
) -> dict[str, str]:
    """Names rebound at run time (`global`), read from their submodule on each access.

    So the old path sees the current value; a copy bound here would go stale.
    """
    if shim:
        return {}
    used_here = _used_in_init(model, layout)
    return {
        n: g
        for g in layout.order
        for n in names_of[g]
        if n in layout.rebound and n not in used_here and n not in eager
    }


def _used_in_init(model: ModuleModel, layout: Layout) -> set[str]:
    return {n for u in model.units if layout.place.get(u.index) == INIT for n in u.names_used()}


def _kept_after(layout: Layout, group: str | None) -> list[int]:
    """Statements kept in __init__.py that run right after `group` is imported (None: first)."""
    return [index for index, after in sorted(layout.after.items()) if after == group]


def _init_steps(
    model: ModuleModel,
    layout: Layout,
    needs: Needs,
    names_of: dict[str, list[str]],
    eager: frozenset[str],
    live: dict[str, str],
    shim: bool,
    warnings: list[str],
) -> list[tuple[bool, str]]:
    """(is an import, text): submodule imports and the statements that run between them."""
    steps: list[tuple[bool, str]] = []

    def kept(index: int) -> None:
        steps.append((False, edited_code(model, model.units[index], None, {}, INIT, warnings)))

    if literal_all_units(model):  # bound first: submodules may extend it while they load
        for unit in model.units:
            if unit.kind is UnitKind.ALL:
                kept(unit.index)
    for index in _kept_after(layout, None):
        kept(index)
    maybe = conditional_names(model)
    for group in layout.order:
        lines = _group_imports(
            group, names_of[group], model, needs.siblings, eager, live, maybe, shim
        )
        steps.extend((True, line) for line in lines)
        for index in _kept_after(layout, group):
            kept(index)
    return steps


def _all_tail(
    model: ModuleModel,
    layout: Layout,
    names_of: dict[str, list[str]],
    offered: set[str],
    warnings: list[str],
) -> list[str]:
    """`__all__` at the end: the module's own (unless bound first), or the public names."""
    all_units = [u for u in model.units if u.kind is UnitKind.ALL]
    if all_units:
        if literal_all_units(model):
            return []
        return [edited_code(model, u, None, {}, INIT, warnings) for u in all_units]
    return [_all_list(_public_names(model, layout, names_of, offered), model.newline, model.indent)]


def _public_names(
    model: ModuleModel, layout: Layout, names_of: dict[str, list[str]], offered: set[str]
) -> list[str]:
    """A generated `__all__`: public definitions in import order, then offered imports."""
    maybe = conditional_names(model)
    public = [n for g in layout.order for n in names_of[g] if n not in maybe]
    public += sorted(n for n in offered if n not in public)
    return [n for n in public if not n.startswith("_")]


def _lookup_tables(
    model: ModuleModel,
    layout: Layout,
    needs: Needs,
    names_of: dict[str, list[str]],
    eager: frozenset[str],
    live: dict[str, str],
    shim: bool,
) -> list[str]:
    """The shim's or the live-state `__getattr__`, and the forwarding of patches."""
    nl = model.newline
    tail: list[str] = []
    if shim:
        held = {n for names in needs.siblings.values() for n in names} | eager | HOOKS
        moved = {n: g for g in layout.order for n in names_of[g] if n not in held}
        tail.append(_moved_table(moved, nl, model.indent) + _styled(composed_shim(names_of), model))
    elif live:
        tail.append(
            _live_table(live, nl, model.indent) + _styled(composed_shim(names_of, LIVE), model)
        )
    forward = patch_forwarding(model, layout, eager)
    if forward:
        tail.append(forwarding(forward, nl))
    return tail


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
    if not shim:
        return _reexports(group, names, model, live, maybe)
    # With the shim: import for side effects; bind only what must stay bound.
    bound = [n for n in names if n in eager]
    bound += [n for n in siblings.get(group, []) if n not in bound]
    return _shim_imports(group, bound, model, maybe)


def _shim_imports(group: str, bound: list[str], model: ModuleModel, maybe: set[str]) -> list[str]:
    nl, tab = model.newline, model.indent
    plain = [n for n in bound if n not in maybe]
    out = [f"from . import {group} as {group}{nl}"]
    out += [from_import(f".{group}", plain, nl, indent=tab)] if plain else []
    return out + [guarded_import(f".{group}", n, nl, tab) for n in bound if n in maybe]


def _reexports(
    group: str, names: list[str], model: ModuleModel, live: dict[str, str], maybe: set[str]
) -> list[str]:
    """Without the shim: every name of the group bound in the package, as the module did."""
    nl, tab = model.newline, model.indent
    listed = set(model.all_names) if model.all_names is not None else None
    plain = [_reexported(n, listed) for n in names if _plain_reexport(n, live, maybe)]
    bind_module = not plain or group in live.values()
    out = [f"from . import {group} as {group}{nl}"] if bind_module else []
    out += [from_import(f".{group}", plain, nl, sort=False, indent=tab)] if plain else []
    return out + [guarded_import(f".{group}", n, nl, tab) for n in names if n in maybe]


def _reexported(name: str, listed: set[str] | None) -> str:
    """`x as x` marks a re-export for linters (ruff F401) when __all__ does not."""
    public = name in listed if listed is not None else not name.startswith("_")
    return name if public else f"{name} as {name}"


def _plain_reexport(name: str, live: dict[str, str], maybe: set[str]) -> bool:
    """Bound by `from .group import ...`: not live state, not conditional, and not the
    module's own hooks when the live `__getattr__` composes them."""
    return name not in live and name not in maybe and not (live and name in HOOKS)


def _group_names(
    model: ModuleModel, layout: Layout, hidden: frozenset[str] = frozenset()
) -> dict[str, list[str]]:
    """Each submodule's definitions that `__init__.py` binds (all but the `hidden` ones)."""
    out: dict[str, list[str]] = {g: [] for g in layout.order}
    for unit in model.units:
        group = layout.place.get(unit.index)
        if group and unit.kind is UnitKind.DEFINITION:
            out[group].extend(n for n in unit.defines if n not in out[group] and n not in hidden)
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
