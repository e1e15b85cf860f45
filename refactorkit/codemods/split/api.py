"""Entry points used by the CLI: propose a plan, and compute the change set of a split."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

from refactorkit.codemods.split.hazards import refusals
from refactorkit.codemods.split.model import ModelError, ModuleModel, build_model
from refactorkit.codemods.split.plan_file import (
    PlanError,
    plan_table,
    read_plan,
    render_plan,
    validate_plan,
)
from refactorkit.codemods.split.planner import SplitPlan, propose_plan
from refactorkit.codemods.split.source import SplitSource, locate
from refactorkit.domain import ChangeSet
from refactorkit.errors import UserError


@dataclass(frozen=True)
class Proposal:
    """A proposed plan, as TOML and as table rows (group, names, lines)."""

    plan: SplitPlan
    toml: str
    table: tuple[tuple[str, str, int], ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class SplitOptions:
    """How to split: the plan file (None: the proposal), and the repo-wide extras."""

    plan_path: Path | None = None
    base: str = "base"
    rewrite_imports: bool = False
    shim: bool = False
    keep_module_names: bool = False
    allow_namespace_lookups: bool = False  # split functions that read globals() anyway


def listing(title: str, problems: list[str], width: int = 80) -> str:
    """`title` and one indented item per problem, wrapped to `width` columns for a terminal."""
    items = (
        textwrap.fill(
            p, width, initial_indent="  ", subsequent_indent="    ", break_on_hyphens=False
        )
        for p in problems
    )
    return "\n".join((title, *items))


def load(module: Path, root: Path | None = None) -> tuple[SplitSource, ModuleModel]:
    """Read and model the module, refusing what cannot be split."""
    source = locate(module, root)
    if not source.module:
        raise UserError(
            f"{source.relpath}: not under an importable root of {source.root}, so its module name "
            "is unknown (set tool.refactorkit.roots or pass --root)"
        )
    try:
        model = build_model(source.text, source.relpath, source.module)
    except ModelError as exc:
        raise UserError(str(exc)) from exc
    return source, model


def propose(module: Path, root: Path | None = None, base: str = "base") -> Proposal:
    """Propose a plan for `module` (nothing is written)."""
    source, model = load(module, root)
    problems = refusals(model)
    if problems:
        raise UserError(listing("cannot split:", problems))
    plan = propose_plan(model, base=base, reserved=source.siblings)
    warnings = validate_plan(plan, model, set(source.siblings))
    if len(plan.groups) < 2:
        warnings.append(
            "the proposal has a single group: the module's parts depend on each other too much "
            "to tell them apart; move names to new groups in the plan file"
        )
    return Proposal(
        plan,
        render_plan(plan, source.relpath, model),
        tuple(plan_table(plan, model)),
        tuple(warnings),
    )


def split(module: Path, options: SplitOptions, root: Path | None = None) -> ChangeSet:
    """The change set that splits `module` as `options` say (nothing is written)."""
    from refactorkit.codemods.split.repo import scan_importers
    from refactorkit.codemods.split.rewrite import package_lookups, with_rewritten_importers
    from refactorkit.codemods.split.transform import plan_split

    source, model = load(module, root)
    problems = refusals(model, options.shim, options.allow_namespace_lookups)
    if problems:
        raise UserError(listing("cannot split:", problems))
    if options.plan_path is None:
        plan = propose_plan(model, base=options.base, reserved=source.siblings)
    else:
        try:
            recorded, plan = read_plan(options.plan_path)
        except PlanError as exc:
            raise UserError(str(exc)) from exc
        if recorded and recorded != source.relpath:
            raise UserError(f"{options.plan_path} is a plan for {recorded}, not {source.relpath}")
    problems = validate_plan(plan, model, set(source.siblings))
    if problems:
        raise UserError(listing("the plan cannot be used:", problems))
    usage = scan_importers(source, model)
    through_package = package_lookups(model, plan, usage, options.rewrite_imports)
    changeset = plan_split(
        source,
        model,
        plan,
        usage,
        shim=options.shim,
        patched=through_package,
        keep_name=options.keep_module_names,
    )
    if options.rewrite_imports:
        changeset = with_rewritten_importers(changeset, source, model, plan, usage, through_package)
    return changeset
