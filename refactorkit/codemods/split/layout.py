"""Where every statement goes, in which order the submodules are imported, and what each new
file must import to keep working.

Import order: a submodule is imported after every submodule it needs at import time (the plan
guarantees these form a DAG), otherwise in plan order. A run-time reference to a submodule that
comes later would close an import cycle, so it is rewritten to attribute access through the
package (`from .. import models` ... `models.system.AuditLog`): binding the package triggers no
import (it is being imported already) and the lookup happens at call time, when every
submodule is loaded. Names rebound at run time through `global` are always read that way, so
every reader sees the current value.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import libcst as cst

from refactorkit.codemods.split.graph import (
    group_import_edges,
    group_run_edges,
    neighbours,
    unit_edges,
)
from refactorkit.codemods.split.import_copy import copy_import
from refactorkit.codemods.split.model import ModuleModel, Unit, UnitKind
from refactorkit.codemods.split.names import Use, UseKind
from refactorkit.codemods.split.plan_file import unit_groups
from refactorkit.codemods.split.planner import SplitPlan
from refactorkit.graph.digraph import find_cycle, topological

INIT = ""  # the package's __init__.py, as a placement


@dataclass(frozen=True)
class Layout:
    """Placement of units and the import order of the submodules."""

    order: tuple[str, ...]  # submodules in the order __init__.py imports them
    place: dict[int, str]  # unit index -> group ("" for __init__.py); import units not placed
    after: dict[int, str | None]  # side-effect units in __init__.py -> group imported before them
    rebound: frozenset[str]  # names rebound through `global` somewhere
    reordered: tuple[str, ...] = ()  # statements that may now run before a side effect they need

    def units_in(self, model: ModuleModel, group: str) -> list[Unit]:
        return [u for u in model.units if self.place.get(u.index) == group]


@dataclass
class Needs:
    """What one new file must import."""

    imports: set[str] = field(default_factory=set)  # names bound by copied import statements
    siblings: dict[str, list[str]] = field(default_factory=dict)  # group -> names (from-import)
    modules: set[str] = field(default_factory=set)  # groups reached as package.group.name
    direct: set[str] = field(default_factory=set)  # earlier groups reached as group.name
    type_only: dict[str, list[str]] = field(default_factory=dict)  # group -> names, TYPE_CHECKING
    # unit -> (use, group) rewritten to package.group.name ("" group: package.name)
    attribute_uses: dict[int, list[tuple[Use, str]]] = field(default_factory=dict)


def import_order(model: ModuleModel, plan: SplitPlan) -> list[str]:
    """Submodules in the order __init__.py imports them.

    After what each needs at import time (a DAG, the plan guarantees it), and where the plan
    allows, after what it needs at run time too: a run-time reference to an earlier submodule
    is a plain sibling import, one to a later submodule would close an import cycle.
    """
    group_of = unit_groups(plan, model)
    edges = unit_edges(model)
    arcs = set(group_import_edges(edges, group_of))
    names = [g.name for g in plan.groups if g.name in set(group_of.values())]
    for pair in sorted(group_run_edges(edges, group_of)):
        if find_cycle(names, [*arcs, pair]) is None:
            arcs.add(pair)
    return topological(names, arcs)


def compute_layout(
    model: ModuleModel, plan: SplitPlan, attached: Mapping[int, str] | None = None
) -> Layout:
    """Where each unit goes; `attached`: side-effect units the caller places in a group itself
    (split-app's `router.add_url_rule(...)`, which must run in the router's file)."""
    group_of = unit_groups(plan, model)
    order = import_order(model, plan)
    placer = _SideEffectPlacer(model, group_of, {g: i for i, g in enumerate(order)})
    for unit in model.units:
        if unit.kind in (UnitKind.MAIN, UnitKind.ALL):
            placer.place[unit.index] = INIT
        elif attached and attached.get(unit.index) in order:
            placer.place[unit.index] = attached[unit.index]
        elif unit.kind is UnitKind.SIDE_EFFECT:
            placer.add(unit)
    rebound = frozenset(n for u in model.units for n in u.rebinds)
    layout = Layout(tuple(order), placer.place, placer.after, rebound)
    return replace(layout, reordered=tuple(_reordered(model, layout)))


class _SideEffectPlacer:
    """Places side-effect statements: next to what they touch, else in __init__.py."""

    def __init__(
        self, model: ModuleModel, group_of: dict[int, str], position: dict[str, int]
    ) -> None:
        self.model = model
        self.group_of = group_of
        self.position = position
        self.providers = model.providers()
        self.place: dict[int, str] = dict(group_of)
        self.after: dict[int, str | None] = {}
        self.in_init: set[str] = set()  # names side effects kept in __init__.py touch

    def add(self, unit: Unit) -> None:
        used = unit.names_used()
        if not any(n in self.providers for n in used):
            home = self._between_neighbours(unit)
            if home is not None:
                self.place[unit.index] = home
                return
        refs = self._groups_read(used)
        before = {g for i, g in self.group_of.items() if i < unit.index}
        own = {n for n in used if n in self.providers}
        target = self._reader_group(refs, before, own)
        if target is not None:
            self.place[unit.index] = target
            return
        self.in_init |= own
        self.place[unit.index] = INIT
        self.after[unit.index] = max(refs | before, key=lambda g: self.position[g], default=None)

    def _groups_read(self, used: set[str]) -> set[str]:
        """The groups that define names the statement reads or changes."""
        providers = self.providers
        return {self.group_of[p] for n in used for p in providers.get(n, ()) if p in self.group_of}

    def _between_neighbours(self, unit: Unit) -> str | None:
        """A statement that changes outside state (settings, logging) for the statements
        around it, which the plan keeps together, runs between them, as it did."""
        around = neighbours(self.model, unit.index)
        placed = [i for i in around if i is not None and i in self.group_of]
        return self.group_of[placed[0]] if placed else None

    def _reader_group(self, refs: set[str], before: set[str], own: set[str]) -> str | None:
        """The one group whose names the statement touches, if it can run at the end of it.

        Side effects on the same names keep their order: once one runs in __init__.py, the
        later ones follow it there (jinja2: the sealing statement, then `del _failing_new`).
        """
        if len(refs) != 1 or own & self.in_init:
            return None
        target = next(iter(refs))
        if all(self.position[g] <= self.position[target] for g in before):
            return target
        return None


def keep_in_init(layout: Layout, kept: set[int]) -> Layout:
    """`layout` with the `kept` definitions in __init__.py, after every submodule."""
    if not kept:
        return layout
    last = layout.order[-1] if layout.order else None
    place = {**layout.place, **dict.fromkeys(kept, INIT)}
    return replace(layout, place=place, after={**layout.after, **dict.fromkeys(kept, last)})


def _reordered(model: ModuleModel, layout: Layout) -> list[str]:
    """Later statements now run before a side effect in __init__.py that touches what they read.

    `REGISTRY["x"] = f` kept in __init__.py runs after every submodule; a class body further
    down the old module that reads REGISTRY at import time, in a submodule, now runs before it.
    """
    out = []
    providers = model.providers()
    for index, last in layout.after.items():
        effect = model.units[index]
        touched = {  # the module's own data (not functions) the statement may change
            name
            for name in effect.names_used()
            for p in providers.get(name, ())
            if not isinstance(model.units[p].node, cst.FunctionDef)
        }
        early = set(layout.order[: layout.order.index(last) + 1]) if last else set()
        for unit in model.units[index + 1 :]:
            if (
                layout.place.get(unit.index) in early
                and unit.names_used(UseKind.IMPORT_TIME) & touched
            ):
                out.append(
                    f"{model.relpath}:{unit.first_line}: {unit.label} now runs before the "
                    f"statement at line {effect.first_line} (kept in __init__.py) and reads "
                    f"{', '.join(sorted(unit.names_used(UseKind.IMPORT_TIME) & touched))} at "
                    "import time: check it does not need that statement's effect"
                )
    return out


def file_needs(
    model: ModuleModel,
    layout: Layout,
    group: str,
    shim: bool = False,
) -> Needs:
    """What `group`'s file (or __init__.py for INIT) must import."""
    collector = _NeedsCollector(model, layout, group, shim)
    for unit in layout.units_in(model, group):
        for use in unit.uses:
            collector.add(unit, use)
    needs = collector.needs
    if needs.type_only and "TYPE_CHECKING" in model.import_providers():
        needs.imports.add("TYPE_CHECKING")  # copied with the module's own import of it
    run_time, typing_only = import_closure(model, needs)  # e.g. `TYPE_CHECKING = False`
    for name in sorted(run_time | typing_only):
        where = layout.place.get(collector.providers[name][0])
        if where is not None and where not in (group, INIT) and group != INIT:
            _add(needs.type_only if name not in run_time else needs.siblings, where, name)
    _drop_typed_twice(needs)
    return needs


def _drop_typed_twice(needs: Needs) -> None:
    """A name imported at run time needs no `if TYPE_CHECKING:` import as well (pyflakes
    F811: docutils' frontend.py reads `OptionParser` in signatures and at run time)."""
    for home, names in list(needs.type_only.items()):
        kept = [n for n in names if n not in needs.siblings.get(home, ())]
        if kept:
            needs.type_only[home] = kept
        else:
            del needs.type_only[home]


class _NeedsCollector:
    """Gathers, use by use, what one file needs to import (see `file_needs`)."""

    def __init__(self, model: ModuleModel, layout: Layout, group: str, shim: bool) -> None:
        self.model = model
        self.layout = layout
        self.group = group
        self.shim = shim
        self.needs = Needs()
        self.providers = model.providers()
        self.position = {g: i for i, g in enumerate(layout.order)}
        self.mine = self.position.get(group, len(self.position))

    def add(self, unit: Unit, use: Use) -> None:
        needs = self.needs
        if use.name == "__all__" and self.group != INIT:
            # `__all__.append(...)` next to a conditional definition: the list stays in
            # __init__.py (bound before the submodules are imported) and is reached there.
            _reach_through_package(needs, unit.index, use, "")
            return
        seen_by = self.model.binding(use.name, unit.index, use.kind is not UseKind.IMPORT_TIME)
        if seen_by is None:
            return  # a builtin (or a name the module never binds)
        if self.model.units[seen_by].kind is not UnitKind.DEFINITION:
            needs.imports.add(use.name)
            return
        self._add_definition_use(unit, use)

    def _add_definition_use(self, unit: Unit, use: Use) -> None:
        """A use of one of the module's own definitions, placed in another file or here."""
        home = self._home(use.name)
        if home is None or home == self.group:
            return
        if self.group == INIT:
            if self.shim:
                _add(self.needs.siblings, home, use.name)
            return
        earlier = self.position[home] < self.mine
        rebound = use.name in self.layout.rebound
        _sibling(self.needs, unit.index, _unshadowed(use, unit.code), home, earlier, rebound)

    def _home(self, name: str) -> str | None:
        """The group (INIT for __init__.py) of the first placed definition of `name`."""
        defined = [p for p in self.providers.get(name, ()) if p in self.layout.place]
        return self.layout.place[defined[0]] if defined else None


def _unshadowed(use: Use, code: str) -> Use:
    """A signature annotation whose name the statement also binds inside (docutils' `Node`
    has `def document(self) -> document | None`) cannot take a TYPE_CHECKING import: the
    inner binding would redefine it (pyflakes F811); it is read like any run-time use."""
    if use.signature and re.search(rf"\b(?:def|class)\s+{re.escape(use.name)}\b", code):
        return replace(use, signature=False)
    return use


def _sibling(needs: Needs, index: int, use: Use, home: str, earlier: bool, rebound: bool) -> None:
    if use.in_string or use.signature:
        if earlier:
            _add(needs.siblings, home, use.name)
        else:
            _add(needs.type_only, home, use.name)
        return
    lazy = use.kind is not UseKind.IMPORT_TIME
    if lazy and rebound and earlier:
        # `from . import base` ... `base._counter`: the current value, and no import edge
        # back to the package.
        needs.direct.add(home)
        needs.attribute_uses.setdefault(index, []).append((use, home))
    elif lazy and (rebound or not earlier):
        _reach_through_package(needs, index, use, home)
    else:
        _add(needs.siblings, home, use.name)


def _reach_through_package(needs: Needs, index: int, use: Use, group: str) -> None:
    """Read `use` as package.group.name (package.name for the "" group)."""
    needs.modules.add(group)
    needs.attribute_uses.setdefault(index, []).append((use, group))


def _add(table: dict[str, list[str]], group: str, name: str) -> None:
    names = table.setdefault(group, [])
    if name not in names:
        names.append(name)


def import_closure(model: ModuleModel, needs: Needs) -> tuple[set[str], set[str]]:
    """Import blocks read names too (`if TYPE_CHECKING:`, `if sys.version_info ...`).

    Adds the imported ones to `needs.imports`; returns the ones the module defines: those
    a block that runs reads, and those only `if TYPE_CHECKING:` blocks read (a run-time
    import of those would be one more import edge, maybe a cycle, for nothing).
    """
    imported = model.import_providers()
    defined = model.providers()
    found: set[str] = set()
    typed: set[str] = set()
    for _ in range(3):
        before = len(needs.imports)
        for unit in model.units:
            if unit.kind is UnitKind.IMPORT_BLOCK and needs.imports & set(unit.defines):
                read = _reads_after_filter(model, unit, needs.imports)
                needs.imports |= read & set(imported)
                (typed if unit.type_checking else found).update(read & set(defined))
        if len(needs.imports) == before:
            break
    return found, typed - found


def _reads_after_filter(model: ModuleModel, unit: Unit, wanted: set[str]) -> set[str]:
    """Names the block still reads once filtered to `wanted` (a dropped fallback reads none)."""
    if unit.node is None:
        return set()
    code = copy_import(model.cst_module, unit.node, wanted, deeper=False, strip_lead=False)
    if code is None:
        return set()
    tree = ast.parse(code)
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def patch_forwarding(
    model: ModuleModel, layout: Layout, patched: frozenset[str]
) -> dict[str, list[str]]:
    """Patched name -> the submodules that hold a binding of it (define or import it).

    Tests patch through the old path (`mock.patch("pkg.models.utcnow")`,
    `monkeypatch.setattr(models, "_PING_INTERVAL", 0)`); once split, each submodule reads its
    own binding, so the package passes such a patch on to every one of them (package_init).
    """
    out: dict[str, list[str]] = {}
    for group in layout.order:
        needs = file_needs(model, layout, group)
        bound = needs.imports | {n for names in needs.siblings.values() for n in names}
        bound |= {n for u in layout.units_in(model, group) for n in u.defines}
        for name in sorted(patched & bound):
            out.setdefault(name, []).append(group)
    return out
