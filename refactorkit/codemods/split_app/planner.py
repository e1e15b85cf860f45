"""The split plan of an app module in the web layout, cut to the size limit."""

from __future__ import annotations

from refactorkit.codemods.split.graph import definition_units, ties, unit_edges
from refactorkit.codemods.split.model import ModuleModel
from refactorkit.codemods.split.planner import Group, SplitPlan
from refactorkit.codemods.split.sizing import cut_large_groups
from refactorkit.codemods.split_app.classify import COMMON, FACTORY, Classification
from refactorkit.codemods.split_app.nest import SEP, flat

BASE = flat(COMMON)
FACTORY_GROUP = flat(FACTORY)


def app_plan(model: ModuleModel, found: Classification, budget: int) -> SplitPlan:
    """One group per file of the layout (flat names, see `nest`), none over `budget` lines."""
    assign = {index: flat(group) for index, group in _merge_small(model, found).items()}
    _tie(model, assign)
    before = dict(assign)
    units = [u for u in definition_units(model) if u.index in assign]
    cut_large_groups(units, unit_edges(model), assign, budget)
    for index, group in assign.items():
        assign[index] = _in_folder(group, before[index])
    _tie(model, assign)  # a cut may have parted them
    groups: dict[str, list[str]] = {}
    for unit in units:
        groups.setdefault(assign[unit.index], []).extend(unit.defines)
    return SplitPlan(tuple(Group(name, tuple(names)) for name, names in groups.items()), BASE)


def _tie(model: ModuleModel, assign: dict[int, str]) -> None:
    """Statements split keeps together (a `global` rebinding, two bindings of a name)."""
    for a, b, _ in ties(model):
        if a in assign and b in assign:
            # The app's own statements stay in the factory, which everything else imports.
            keep = assign[b] if assign[b] == FACTORY_GROUP else assign[a]
            assign[a] = assign[b] = keep


SMALL = 20  # lines: a services file smaller than this joins services/common


def _merge_small(model: ModuleModel, found: Classification) -> dict[int, str]:
    """The placement with services files of a few lines merged into services/common."""
    lines: dict[str, int] = {}
    for index, group in found.place.items():
        lines[group] = lines.get(group, 0) + model.units[index].lines
    small = {g for g, n in lines.items() if g.startswith("services/") and n < SMALL}
    return {i: COMMON if g in small else g for i, g in found.place.items()}


def _in_folder(group: str, cut_from: str) -> str:
    """A part cut from a group stays next to it: in its folder (`services__orders` ->
    `services__order_line`), or named after it (`dependencies` -> `dependencies_paging`), so
    a part named after its main class never takes a top-level name of the module."""
    if group == cut_from or group.startswith(cut_from + "_"):
        return group
    if SEP in cut_from and SEP not in group:
        return f"{cut_from.partition(SEP)[0]}{SEP}{group}"
    return group if SEP in group else f"{cut_from}_{group}"


def route_counts(plan: SplitPlan, model: ModuleModel, found: Classification) -> dict[str, int]:
    """Routes served by each group of `plan` (parts of a router count their own)."""
    group_of = plan.group_of_name()
    counts: dict[str, int] = {}
    for index, group in found.place.items():
        unit = model.units[index]
        if group.startswith("routers/") and unit.defines and index in found.handlers:
            key = group_of[unit.defines[0]]
            counts[key] = counts.get(key, 0) + found.routes.get(index, 1)
    return counts
