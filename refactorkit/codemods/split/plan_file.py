"""The editable plan file (TOML): writing a proposal, reading it back, and validating a plan.

A plan the user edited is checked before anything is computed: every top-level name in exactly
one group, statements that bind several names (or bind a name twice) not torn apart, valid
and distinct group names, and no import-time cycle between groups. Each error names the names
involved and the move that would fix it.
"""

from __future__ import annotations

import itertools
import json
import keyword
import sys
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from refactorkit.codemods.split.graph import group_import_edges, ties, unit_edges
from refactorkit.codemods.split.model import ModuleModel, UnitKind
from refactorkit.codemods.split.planner import Group, SplitPlan
from refactorkit.graph.digraph import find_cycle

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class PlanError(ValueError):
    """A plan file that cannot be used; the message lists every problem."""


def render_plan(plan: SplitPlan, module_path: str, model: ModuleModel) -> str:
    """The plan as TOML, with a comment per group giving its line count."""
    lines_of = _lines_per_group(plan, model)
    out = [
        f"# refactorkit split plan for {module_path}",
        "# Move names between groups, rename or add groups, then run:",
        f"#   refactorkit split {module_path} --plan <this file>",
        "",
        "[split]",
        f"module = {json.dumps(module_path)}",
        f"base = {json.dumps(plan.base)}",
    ]
    for group in plan.groups:
        out += [
            "",
            f"# {len(group.names)} names, {lines_of.get(group.name, 0)} lines",
            "[[groups]]",
        ]
        out.append(f"name = {json.dumps(group.name)}")
        out.append("names = [")
        out.extend(f"    {json.dumps(name)}," for name in group.names)
        out.append("]")
    return "\n".join(out) + "\n"


def read_plan(path: Path) -> tuple[str | None, SplitPlan]:
    """(module path recorded in the file, plan) from a plan file."""
    return parse_plan(read_plan_toml(path), str(path))


def read_plan_toml(path: Path) -> dict[str, Any]:
    """A plan file's TOML table (split and split-class plans); PlanError names the file."""
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        return data
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanError(f"{path}: cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise PlanError(f"{path}: not valid TOML: {exc}") from exc


def plan_head(
    data: dict[str, Any], source: str, tables: tuple[str, ...], keys: tuple[str, ...]
) -> dict[str, Any]:
    """The plan's first table (`tables[0]`), once the file holds only `tables` and that
    table only `keys`; PlanError names what is wrong (split, split-class and settings plans)."""
    unknown = set(data) - set(tables)
    if unknown:
        raise PlanError(f"{source}: unknown table(s): {', '.join(sorted(unknown))}")
    head = data.get(tables[0], {})
    if not isinstance(head, dict) or set(head) - set(keys):
        named = " and ".join(f"`{key}`" for key in keys)
        raise PlanError(f"{source}: [{tables[0]}] takes only {named}")
    return head


def parse_plan(data: dict[str, Any], source: str) -> tuple[str | None, SplitPlan]:
    head = plan_head(data, source, ("split", "groups"), ("module", "base"))
    groups = data.get("groups")
    if not isinstance(groups, list) or not groups:
        raise PlanError(f"{source}: no [[groups]] found")
    parsed = [_parse_group(group, number, source) for number, group in enumerate(groups, 1)]
    module = head.get("module")
    base = head.get("base", "base")
    return (module if isinstance(module, str) else None), SplitPlan(tuple(parsed), str(base))


def _parse_group(group: object, number: int, source: str) -> Group:
    """One `[[groups]]` table, or a PlanError naming it by its number."""
    if not isinstance(group, dict) or set(group) - {"name", "names"}:
        raise PlanError(f"{source}: group #{number} takes only `name` and `names`")
    name, names = group.get("name"), group.get("names", [])
    if (
        not isinstance(name, str)
        or not isinstance(names, list)
        or not all(isinstance(n, str) for n in names)
    ):
        raise PlanError(f'{source}: group #{number} needs name = "..." and names = ["..."]')
    return Group(name, tuple(names))


def validate_plan(
    plan: SplitPlan, model: ModuleModel, reserved: set[str] | None = None
) -> list[str]:
    """Every problem of `plan` for `model`, each with the fix; empty when the plan is usable."""
    problems = _group_name_problems(plan, model, reserved or set())
    problems += _membership_problems(plan, model)
    if problems:
        return problems
    group_of = unit_groups(plan, model, problems)
    for a, b, reason in ties(model):
        if group_of.get(a) != group_of.get(b):
            problems.append(
                f"{reason}: {model.units[a].label} is in {group_of.get(a)} but "
                f"{model.units[b].label} is in {group_of.get(b)}; put both in one group"
            )
    if not problems:
        problems.extend(_cycle_problems(model, group_of))
    return problems


def _membership_problems(plan: SplitPlan, model: ModuleModel) -> list[str]:
    """Names in no group, in several groups, or not defined by the module."""
    problems: list[str] = []
    defined = model.definition_names()
    where: dict[str, list[str]] = {}
    for group in plan.groups:
        for name in group.names:
            where.setdefault(name, []).append(group.name)
    for name, groups in where.items():
        if name not in defined:
            problems.append(
                f"{name} (group {groups[0]}) is not a top-level name of {model.relpath}"
            )
        elif len(groups) > 1:
            problems.append(f"{name} is in several groups ({', '.join(groups)}): keep it in one")
    problems.extend(
        f"not in any group: {name} ({_where_to_add(name, model, plan, where)})"
        for name in defined
        if name not in where
    )
    return problems


def _where_to_add(
    name: str, model: ModuleModel, plan: SplitPlan, where: Mapping[str, list[str]]
) -> str:
    """The fix for a name in no group: the group it shares most references with."""
    shared = _shared_references(name, model, where)
    order = [g.name for g in plan.groups]
    # On a tie, a domain group before the base group: base is for what several groups share.
    ranked = sorted(shared, key=lambda g: (-shared[g], g == plan.base, order.index(g)))
    if not ranked:
        fallback = plan.base if plan.base in order else order[0] if order else plan.base
        return f"nothing references it: add it to any group, e.g. {fallback}"
    return f"add it to {ranked[0]}, the group it shares most references with"


def _shared_references(
    name: str, model: ModuleModel, where: Mapping[str, list[str]]
) -> Counter[str]:
    """Group -> how many references join it and the statements that define `name`."""
    group_of = _placed_units(model, where)
    own = {unit.index for unit in model.units if name in unit.defines}
    shared: Counter[str] = Counter()
    for edge in unit_edges(model):
        if edge.source in own and edge.target in group_of:
            shared[group_of[edge.target]] += 1
        elif edge.target in own and edge.source in group_of:
            shared[group_of[edge.source]] += 1
    return shared


def _placed_units(model: ModuleModel, where: Mapping[str, list[str]]) -> dict[int, str]:
    """Unit index -> the first group listing one of its names."""
    return {unit.index: where[n][0] for unit in model.units for n in unit.defines if n in where}


def unit_groups(
    plan: SplitPlan, model: ModuleModel, problems: list[str] | None = None
) -> dict[int, str]:
    """Unit index -> group, for definition units; torn statements are reported in `problems`."""
    by_name = plan.group_of_name()
    out: dict[int, str] = {}
    for unit in model.units:
        if unit.kind is not UnitKind.DEFINITION:
            continue
        groups = sorted({by_name[n] for n in unit.defines if n in by_name})
        if len(groups) > 1 and problems is not None:
            problems.append(
                f"{', '.join(unit.defines)} are bound by one statement (line {unit.first_line}) "
                f"but placed in {', '.join(groups)}: move them to one group"
            )
        if groups:
            out[unit.index] = by_name[unit.defines[0]]
    return out


def _group_name_problems(plan: SplitPlan, model: ModuleModel, reserved: set[str]) -> list[str]:
    problems = []
    seen: set[str] = set()
    names = set(model.definition_names()) | set(model.import_providers())
    for group in plan.groups:
        name = group.name
        if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("__"):
            problems.append(f"group name {name!r} is not a valid module name")
        elif name in seen:
            problems.append(f"group name {name!r} is used twice: merge the groups or rename one")
        elif name in names:
            problems.append(
                f"group name {name!r} clashes with the top-level name {name} of the module: "
                "rename the group"
            )
        elif name in reserved:
            problems.append(
                f"group name {name!r} clashes with an existing module: rename the group"
            )
        seen.add(name)
    return problems


def _cycle_problems(model: ModuleModel, group_of: dict[int, str]) -> list[str]:
    arcs = group_import_edges(unit_edges(model), group_of)
    cycle = find_cycle(sorted(set(group_of.values())), arcs)
    if cycle is None:
        return []
    steps = []
    for a, b in itertools.pairwise(cycle):
        edge = arcs[(a, b)][0]
        how = f", which {edge.via}" if edge.via else ""
        steps.append(
            f"{a} needs {edge.name} from {b} at import time ({model.units[edge.source].label}{how})"
        )
    a, b = min(itertools.pairwise(cycle), key=lambda p: len(arcs[p]))
    movers = sorted({e.name for e in arcs[(a, b)]})
    return [
        "import cycle between groups "
        + " -> ".join(cycle)
        + ": "
        + "; ".join(steps)
        + f". Fix: move {', '.join(movers)} to {a} (or to the base group)"
    ]


def _lines_per_group(plan: SplitPlan, model: ModuleModel) -> dict[str, int]:
    group_of = unit_groups(plan, model)
    totals: dict[str, int] = {}
    for index, group in group_of.items():
        totals[group] = totals.get(group, 0) + model.units[index].lines
    return totals


def plan_table(plan: SplitPlan, model: ModuleModel) -> list[tuple[str, str, int]]:
    """(group, names, lines) rows for the printed table."""
    lines_of = _lines_per_group(plan, model)
    return [(g.name, ", ".join(g.names), lines_of.get(g.name, 0)) for g in plan.groups]
