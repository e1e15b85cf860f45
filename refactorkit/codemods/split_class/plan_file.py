"""The editable split-class plan (TOML): writing a proposal, reading it back, validating it.

Every member of the class is in exactly one place (a part or `stays`); members that cannot
leave the class are only in `stays`; tied members (a property and a decorator naming it,
`super().x` and `x`) share a place; part and module names are valid and free. Parts import
nothing from each other, so no import cycle can form between the new modules.
"""

from __future__ import annotations

import json
import keyword
from pathlib import Path
from typing import Any

from refactorkit.codemods.split.plan_file import PlanError as PlanError
from refactorkit.codemods.split.plan_file import read_plan_toml
from refactorkit.codemods.split_class.grouping import ClassPlan, Part
from refactorkit.codemods.split_class.model import ClassModel


def render_plan(plan: ClassPlan, model: ClassModel, limit: int) -> str:
    """The plan as TOML, a comment per part with its method count, reasons for what stays."""
    target = f"{plan.module}:{plan.class_name}"
    out = [
        f"# refactorkit split-class plan for {target} ({model.relpath})",
        "# Move members between parts or into `stays`, rename parts, then run:",
        f"#   refactorkit split-class {target} --plan <this file>",
        f"# Each part is a mixin class in its own module; at most {limit} methods each.",
        "",
        "[split-class]",
        f"module = {json.dumps(plan.module)}",
        f"class = {json.dumps(plan.class_name)}",
        "",
        "[stays]",
        "members = [",
    ]
    for name in plan.stays:
        why = model.member(name).stays
        out.append(f"    {json.dumps(name)},{f'  # {why}' if why else ''}")
    out.append("]")
    for part in plan.parts:
        methods = sum(model.member(n).defs for n in part.members)
        out += ["", f"# {methods} methods", "[[parts]]"]
        out += [f"name = {json.dumps(part.name)}", f"module = {json.dumps(part.module)}"]
        out += ["members = [", *(f"    {json.dumps(n)}," for n in part.members), "]"]
    return "\n".join(out) + "\n"


def read_plan(path: Path) -> ClassPlan:
    return parse_plan(read_plan_toml(path), str(path))


def parse_plan(data: dict[str, Any], source: str) -> ClassPlan:
    unknown = set(data) - {"split-class", "stays", "parts"}
    if unknown:
        raise PlanError(f"{source}: unknown table(s): {', '.join(sorted(unknown))}")
    head = data.get("split-class", {})
    if not isinstance(head, dict) or set(head) != {"module", "class"}:
        raise PlanError(f"{source}: [split-class] needs `module` and `class` (only those)")
    stays = _names(data.get("stays", {}).get("members", []), f"{source}: [stays] members")
    parts = data.get("parts", [])
    if not isinstance(parts, list):
        raise PlanError(f"{source}: [[parts]] must be an array of tables")
    parsed = []
    for number, part in enumerate(parts, 1):
        if not isinstance(part, dict) or set(part) != {"name", "module", "members"}:
            raise PlanError(f"{source}: part #{number} needs `name`, `module` and `members`")
        where = f"{source}: part #{number}"
        if not isinstance(part["name"], str) or not isinstance(part["module"], str):
            raise PlanError(f'{where}: name = "..." and module = "..." are strings')
        parsed.append(Part(part["name"], part["module"], _names(part["members"], where)))
    return ClassPlan(str(head["module"]), str(head["class"]), tuple(parsed), stays)


def _names(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PlanError(f'{where}: expected a list of names ["..."]')
    return tuple(value)


def validate_plan(plan: ClassPlan, model: ClassModel, reserved: set[str]) -> list[str]:
    """Every problem of `plan` for `model`, each with its fix; empty when usable."""
    problems = _placement_problems(plan, model)
    problems += _name_problems(plan, model, reserved)
    if problems:
        return problems
    group_of = plan.group_of()
    for a, b, why in model.ties:
        where_a, where_b = group_of[a], group_of[b] if b else ""
        if where_a != where_b:
            shown = [where_a or "stays", where_b or "stays"]
            together = f"{a} and {b}" if b else a
            problems.append(
                f"{why}: {a} is in {shown[0]} but {b or 'it'} must be in {shown[1]}; "
                f"put {together} in one place"
            )
    return problems


def _placement_problems(plan: ClassPlan, model: ClassModel) -> list[str]:
    where: dict[str, list[str]] = {name: ["stays"] for name in plan.stays}
    problems = [f"{name} is listed twice in `stays`" for name in _repeated(plan.stays)]
    for part in plan.parts:
        if not part.members:
            problems.append(f"part {part.name} has no members: remove it or add some")
        for name in part.members:
            where.setdefault(name, []).append(part.name)
    for name, places in where.items():
        problems.extend(_place_problem(model, name, places))
    problems.extend(
        f"not in any part: {m.name} (add it to `stays` or to a part)"
        for m in model.members
        if m.name not in where
    )
    return problems


def _repeated(names: tuple[str, ...]) -> list[str]:
    return sorted({n for n in names if names.count(n) > 1})


def _place_problem(model: ClassModel, name: str, places: list[str]) -> list[str]:
    if name not in {m.name for m in model.members}:
        return [f"{name} ({places[0]}) is not a member of class {model.name}"]
    if len(places) > 1:
        return [f"{name} is in several places ({', '.join(places)}): keep it in one"]
    why = model.member(name).stays
    if places[0] != "stays" and why:
        return [f"{name} cannot leave the class ({why}): move it to `stays`"]
    return []


def _name_problems(plan: ClassPlan, model: ClassModel, reserved: set[str]) -> list[str]:
    problems = []
    seen: set[str] = set()
    for part in plan.parts:
        for name, what in ((part.name, "class"), (part.module, "module")):
            if not name.isidentifier() or keyword.iskeyword(name):
                problems.append(f"part {what} name {name!r} is not a valid identifier")
            elif name in seen:
                problems.append(f"part {what} name {name!r} is used twice: rename one")
            elif what == "class" and name in model.bindings:
                problems.append(f"part class {name!r} clashes with a top-level name of the module")
            elif what == "module" and name in reserved:
                problems.append(f"part module {name!r} clashes with an existing module: rename it")
            seen.add(name)
    return problems
