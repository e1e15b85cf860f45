"""Entry points for the CLI: propose the web layout of an app module, and compute the split."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from refactorkit.codemods.split.api import listing, load
from refactorkit.codemods.split.hazards import refusals
from refactorkit.codemods.split.model import ModuleModel, build_model
from refactorkit.codemods.split.plan_file import PlanError, read_plan, render_plan, validate_plan
from refactorkit.codemods.split.planner import Group, SplitPlan
from refactorkit.codemods.split.sizing import file_budget
from refactorkit.codemods.split.source import SplitSource
from refactorkit.codemods.split_app.annotations import evaluated
from refactorkit.codemods.split_app.classify import Classification, classify
from refactorkit.codemods.split_app.compact import compact_init
from refactorkit.codemods.split_app.convert import Conversion, convert
from refactorkit.codemods.split_app.nest import flat, nest_changeset, nested
from refactorkit.codemods.split_app.planner import app_plan, route_counts
from refactorkit.codemods.split_app.roots import keep_root_path
from refactorkit.codemods.split_app.servers import server_strings
from refactorkit.domain import ChangeSet, CreateFile, MoveFile, Progress
from refactorkit.errors import UserError

STYLES = ("blueprint", "keep")


@dataclass(frozen=True)
class AppSplitOptions:
    """How to split an app module: the plan (None: proposed), factory, style, size limit."""

    plan_path: Path | None = None
    factory: bool = False
    style: str = "blueprint"
    max_lines: int = 300
    progress: Progress | None = field(default=None, compare=False)


@dataclass(frozen=True)
class AppProposal:
    """The proposed layout as TOML and as table rows (file, lines, routes, names)."""

    toml: str
    table: tuple[tuple[str, int, int, str], ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class _Prepared:
    source: SplitSource
    model: ModuleModel
    found: Classification
    conversion: Conversion
    original: str


def _prepare(module: Path, options: AppSplitOptions, root: Path | None) -> _Prepared:
    source, model = load(module, root)
    problems = refusals(model)
    if problems:
        raise UserError(listing("cannot split:", problems))
    found = classify(model)
    if not found.apps and not found.routers:
        raise UserError(f"{source.relpath}: no Flask, FastAPI or Starlette app or router found")
    conversion = convert(model, found, factory=options.factory, style=options.style)
    if conversion.problems:
        raise UserError(listing("cannot convert:", list(conversion.problems)))
    original = source.text
    if conversion.text != source.text:
        model = build_model(conversion.text, source.relpath, source.module)
        source = replace(source, text=conversion.text)
        found = classify(model, dict(conversion.placed))
    return _Prepared(source, evaluated(model, found), found, conversion, original)


def _fit(prepared: _Prepared, limit: int) -> SplitPlan:
    """The layout, with the budget lowered while a rendered file is over `limit`: below
    the statements' lines of each file over it (blank lines and imports make a file longer
    than its statements), and by the overage."""
    budget = file_budget(prepared.model, limit)
    plan = app_plan(prepared.model, prepared.found, budget)
    for _ in range(3):
        over = _overage(_render(prepared, plan), limit, prepared.source.package_dir)
        if not over or validate_plan(plan, prepared.model, set()):
            return plan
        statements = _lines(prepared.model, plan)
        cuts = [statements[g] - 1 for g in over if statements.get(g, 0) > 1]
        budget = min([budget - max(over.values()) - 5, *cuts])
        budget = max(budget, limit // 4)  # split's sizing needs a budget > 0
        plan = app_plan(prepared.model, prepared.found, budget)
    return plan


def _overage(changeset: ChangeSet, limit: int, package: str) -> dict[str, int]:
    """Group (flat name) -> lines over `limit`, for each new file over it."""
    over = {}
    for change in changeset.changes:
        if isinstance(change, (CreateFile, MoveFile)) and change.new_text is not None:
            path = change.new_path if isinstance(change, MoveFile) else change.path
            excess = change.new_text.count("\n") - limit
            if excess > 0:
                over[flat(path.removeprefix(package + "/").removesuffix(".py"))] = excess
    return over


def propose_app(module: Path, options: AppSplitOptions, root: Path | None = None) -> AppProposal:
    """The proposed layout of `module` (nothing is written)."""
    prepared = _prepare(module, options, root)
    plan = _fit(prepared, options.max_lines)
    shown = SplitPlan(tuple(Group(nested(g.name), g.names) for g in plan.groups), nested(plan.base))
    text = render_plan(shown, prepared.source.relpath, prepared.model)
    head = f"# refactorkit split-app plan for {prepared.source.relpath}"
    text = text.replace(f"# refactorkit split plan for {prepared.source.relpath}", head, 1)
    text = text.replace("#   refactorkit split ", "#   refactorkit split-app ", 1)
    counts = route_counts(plan, prepared.model, prepared.found)
    lines = _lines(prepared.model, plan)
    table = tuple(
        (nested(g.name), lines.get(g.name, 0), counts.get(g.name, 0), ", ".join(g.names))
        for g in plan.groups
    )
    warnings = (*prepared.conversion.notes, *validate_plan(plan, prepared.model, set()))
    return AppProposal(text, table, tuple(warnings))


def _lines(model: ModuleModel, plan: SplitPlan) -> dict[str, int]:
    group_of = plan.group_of_name()
    out: dict[str, int] = {}
    for unit in model.units:
        if unit.defines and unit.defines[0] in group_of:
            key = group_of[unit.defines[0]]
            out[key] = out.get(key, 0) + unit.lines
    return out


def _read(path: Path, relpath: str) -> SplitPlan:
    try:
        recorded, plan = read_plan(path)
    except PlanError as exc:
        raise UserError(str(exc)) from exc
    if recorded and recorded != relpath:
        raise UserError(f"{path} is a plan for {recorded}, not {relpath}")
    return SplitPlan(tuple(Group(flat(g.name), g.names) for g in plan.groups), flat(plan.base))


def _render(prepared: _Prepared, plan: SplitPlan) -> ChangeSet:
    from refactorkit.codemods.split.repo import ImporterUsage
    from refactorkit.codemods.split.transform import plan_split

    attached = _attached(prepared.found, plan)
    changeset = plan_split(
        prepared.source, prepared.model, plan, ImporterUsage(), attached=attached
    )
    return _web_layout(changeset, prepared.source.package_dir)


def _servers(source: SplitSource, model: ModuleModel) -> list[str]:
    """`gunicorn pkg.app:app` strings in the project: listed, they keep working."""
    if source.module is None:
        return []
    names = [*model.definition_names(), *model.import_providers()]
    return server_strings(source.root, source.module, source.relpath, names)


def _nested_paths(warning: str) -> str:
    """Split's warnings name the flat files (`routers__main.py`): the layout's paths."""
    return re.sub(r"\b(\w+?__\w+)\.py\b", lambda m: nested(m.group(1)) + ".py", warning)


def _attached(found: Classification, plan: SplitPlan) -> dict[int, str]:
    """`router.add_url_rule(...)` statements -> the group of their router's file."""
    group_of = plan.group_of_name()
    return {i: group_of[v] for i, v in found.attached.items() if v in group_of}


def _web_layout(changeset: ChangeSet, package: str) -> ChangeSet:
    """The split's flat package as the web layout: folders, compact re-exports, root path."""
    return keep_root_path(nest_changeset(compact_init(changeset), package), package)


def split_app(module: Path, options: AppSplitOptions, root: Path | None = None) -> ChangeSet:
    """The change set that splits app module `module` into the web layout."""
    from refactorkit.codemods.split.repo import scan_importers
    from refactorkit.codemods.split.rewrite import package_lookups
    from refactorkit.codemods.split.transform import plan_split

    prepared = _prepare(module, options, root)
    source, model = prepared.source, prepared.model
    if options.plan_path is None:
        plan = _fit(prepared, options.max_lines)
    else:
        plan = _read(options.plan_path, source.relpath)
    problems = validate_plan(plan, model, set())
    if problems:
        raise UserError(listing("the plan cannot be used:", [nested(p) for p in problems]))
    usage = scan_importers(source, model, options.progress)
    through = package_lookups(model, plan, usage, False)
    attached = _attached(prepared.found, plan)
    changeset = plan_split(source, model, plan, usage, patched=through, attached=attached)
    changeset = _web_layout(changeset, source.package_dir)
    changes = tuple(
        replace(c, old_text=prepared.original) if isinstance(c, MoveFile) else c
        for c in changeset.changes
    )
    title = f"split-app {source.relpath} into {source.package_dir}/ (web layout)"
    warnings = (
        *prepared.conversion.notes,
        *map(_nested_paths, changeset.warnings),
        *_servers(source, model),
    )
    return replace(changeset, changes=changes, title=title, codemod="split-app", warnings=warnings)
