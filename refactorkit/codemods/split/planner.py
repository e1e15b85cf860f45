"""Proposing how to split a module: which top-level names go to which new submodule.

Hints outrank the reference graph: a table schema, Django's app_label / db_table prefix, a
section banner (`# --- Catalog ---`), then a common class-name prefix. What several groups
share goes to the base group; everything else follows the group that uses it (or that it uses),
so references stay inside a group. Import-time cycles between groups are broken by moving the
names involved to the base group.
"""

from __future__ import annotations

import itertools
import keyword
import re
from collections.abc import Iterable
from dataclasses import dataclass

from refactorkit.codemods.split.graph import (
    Edge,
    definition_units,
    group_import_edges,
    ties,
    unit_edges,
)
from refactorkit.codemods.split.grouping import (
    BASE_WORDS,
    follow_users,
    follow_uses,
    merge_small,
    prefix_hints,
    seed_families,
)
from refactorkit.codemods.split.model import ModuleModel, Unit
from refactorkit.codemods.split.sizing import break_run_cycles, cut_large_groups, rename_by_noun
from refactorkit.graph.digraph import find_cycle

# Section titles that name a kind of code, not a domain: such a section is no grouping hint.
_GENERIC_WORDS = frozenset(
    [
        "constants",
        "constant",
        "helpers",
        "helper",
        "utilities",
        "utility",
        "utils",
        "util",
        "exceptions",
        "exception",
        "errors",
        "enumerations",
        "enumeration",
        "enums",
        "enum",
        "types",
        "typing",
        "events",
        "event",
        "hooks",
        "hook",
        "listeners",
        "signals",
        "misc",
        "miscellaneous",
        "registry",
        "registries",
        "functions",
        "globals",
        "settings",
        "config",
        "audit",
        "trail",
        "module",
        "level",
        "public",
        "private",
        "internal",
    ]
)
_FILLER_WORDS = frozenset(
    {
        "models",
        "model",
        "tables",
        "table",
        "classes",
        "domain",
        "the",
        "and",
        "of",
        "for",
        "a",
        "an",
    }
)


@dataclass(frozen=True)
class Group:
    """One new submodule: its module name and the top-level names it will define."""

    name: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class SplitPlan:
    """Groups in import order; `base` names the group for shared code."""

    groups: tuple[Group, ...]
    base: str = "base"

    def group_of_name(self) -> dict[str, str]:
        return {name: group.name for group in self.groups for name in group.names}


def module_name_for(title: str) -> str | None:
    """`Catalog models` -> `catalog`; None when nothing usable is left."""
    words = [
        w
        for w in re.findall(r"[a-z0-9]+", title.lower())
        if w not in _FILLER_WORDS and not w.isdigit()
    ]
    if not words:
        return None
    name = words[0] if len(words) == 1 or len(words[0]) > 3 else "_".join(words[:2])
    name = re.sub(r"^[0-9]+", "", name)
    return name if name.isidentifier() and not keyword.iskeyword(name) else None


def _hint(unit: Unit) -> str | None:
    """The group a unit's own facts point to; '' means the base group."""
    orm = unit.orm
    if orm.schema:
        return module_name_for(orm.schema)
    if orm.app_label:
        return module_name_for(orm.app_label)
    if orm.db_table and "_" in orm.db_table:
        return module_name_for(orm.db_table.split("_", 1)[0])
    if unit.section:
        words = set(re.findall(r"[a-z]+", unit.section.lower()))
        if words & BASE_WORDS:
            return ""
        if words & _GENERIC_WORDS:
            return None
        return module_name_for(unit.section)
    return None


class _Blocks:
    """Units that must share a group (defined twice, `global` rebinding), as union-find."""

    def __init__(self, indices: Iterable[int], pairs: Iterable[tuple[int, int, str]]) -> None:
        self.parent = {i: i for i in indices}
        for a, b, _ in pairs:
            if a in self.parent and b in self.parent:
                self.parent[self.find(a)] = self.find(b)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i


def propose_plan(
    model: ModuleModel, base: str = "base", reserved: Iterable[str] = (), budget: int = 430
) -> SplitPlan:
    """The proposed plan for `model`; group names avoid `reserved` and the module's own names.

    No group holds more than `budget` lines of statements unless one statement does (the
    caller sets it from the size limit less what a file's imports take, see api.fit_plan).
    """
    units = definition_units(model)
    edges = [e for e in unit_edges(model) if e.source != e.target]
    blocks = _Blocks((u.index for u in units), ties(model))
    assign: dict[int, str] = {}
    hinted = {u.index: h for u in units if (h := _hint(u)) is not None}
    for index, hint in hinted.items():
        assign[index] = hint or base
    follow_users(units, edges, assign, base)
    seed_families(units, assign, base)  # inheritance says more than names
    prefix_hints(units, assign, base)
    follow_users(units, edges, assign, base)
    follow_uses(units, edges, assign, base)
    merge_small(units, edges, assign, base, {assign[i] for i in hinted})
    _unify_blocks(units, blocks, assign, base)
    _break_cycles(model, edges, assign, base)
    _fit_and_name(model, units, edges, assign, set(hinted), base, budget)
    return _named_plan(model, units, assign, set(hinted), base, set(reserved))


def _fit_and_name(
    model: ModuleModel,
    units: list[Unit],
    edges: list[Edge],
    assign: dict[int, str],
    hinted: set[int],
    base: str,
    budget: int,
) -> None:
    """Name graph-made groups, cut those over the budget, break run-time cycles, rename."""
    fixed = {assign[i] for i in hinted} | {base}
    rename_by_noun(units, edges, assign, fixed)
    cut_large_groups(units, edges, assign, budget)
    _break_cycles(model, edges, assign, base)
    break_run_cycles(units, edges, assign, hinted)
    _break_cycles(model, edges, assign, base)
    cut_large_groups(units, edges, assign, budget)  # what moving to a reader made too big
    rename_by_noun(units, edges, assign, fixed)


def _unify_blocks(units: list[Unit], blocks: _Blocks, assign: dict[int, str], base: str) -> None:
    chosen: dict[int, str] = {}
    for unit in units:
        root = blocks.find(unit.index)
        if root not in chosen or assign[unit.index] == base:
            chosen[root] = assign[unit.index] if root not in chosen else base
    for unit in units:
        assign[unit.index] = chosen[blocks.find(unit.index)]


def _break_cycles(model: ModuleModel, edges: list[Edge], assign: dict[int, str], base: str) -> None:
    """Move what one group needs from another at import time into base until no cycle is left."""
    for _ in range(len(assign) + 1):
        arcs = group_import_edges(edges, assign)
        cycle = find_cycle(sorted(set(assign.values())), arcs)
        if cycle is None:
            return
        pairs = list(itertools.pairwise(cycle))
        # Prefer moving what a group needs from a non-base group (the fewest names); when every
        # arc ends in base, move the statements that need base into base.
        source, target = min(pairs, key=lambda p: (p[1] == base, len(arcs[p])))
        ends = "source" if target == base else "target"
        movers = {getattr(e, ends) for e in arcs[(source, target)]}
        for index in movers:
            assign[index] = base


def _next_name(name: str, module: str) -> str:
    """Another name for a group whose name is taken: `catalog_models` in a models module,
    else a plural (`peekables`), else a suffix."""
    suffix = "_models" if module.rpartition(".")[2] in ("models", "model") else "s"
    return f"{name}{suffix}" if not name.endswith(suffix) else f"{name}_"


def _named_plan(
    model: ModuleModel,
    units: list[Unit],
    assign: dict[int, str],
    hinted: set[int],
    base: str,
    reserved: set[str],
) -> SplitPlan:
    anchor = _anchors(units, assign, hinted)
    keys = sorted(anchor, key=lambda g: anchor[g])
    rename = _group_names(model, keys, base, reserved)
    names: dict[str, list[str]] = {}
    for unit in units:
        bucket = names.setdefault(rename[assign[unit.index]], [])
        bucket.extend(n for n in unit.defines if n not in bucket)
    position = {rename[g]: i for i, g in enumerate(keys)}
    ordered = sorted(names, key=lambda g: (g != rename.get(base, base), position[g]))
    return SplitPlan(tuple(Group(g, tuple(names[g])) for g in ordered), rename.get(base, base))


def _anchors(units: list[Unit], assign: dict[int, str], hinted: set[int]) -> dict[str, int]:
    """Where each group sits: at its first hinted statement, else at its first one."""
    hinted_groups: set[str] = set()
    anchor: dict[str, int] = {}
    for unit in units:
        group = assign[unit.index]
        if unit.index in hinted and group not in hinted_groups:
            anchor[group] = unit.index
            hinted_groups.add(group)
        elif group not in anchor:
            anchor[group] = unit.index
    return anchor


def _group_names(
    model: ModuleModel, keys: list[str], base: str, reserved: set[str]
) -> dict[str, str]:
    """Each group's module name: an identifier that no other group, name or `reserved` takes."""
    taken = reserved | set(model.definition_names()) | set(model.import_providers())
    taken |= {"__init__", "__main__"}
    rename: dict[str, str] = {}
    for key in keys:
        name = key if key.isidentifier() and not keyword.iskeyword(key) else f"group_{len(rename)}"
        while (name in taken and name != base) or (name == base and base in reserved):
            name = _next_name(name, model.module or "")
        rename[key] = name
        taken.add(name)
    return rename
