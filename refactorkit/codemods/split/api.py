"""Entry points used by the CLI: propose a plan, and compute the change set of a split."""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass, field, replace
from pathlib import Path

from refactorkit.codemods.refs.locate import check_dotted
from refactorkit.codemods.split.hazards import refusals
from refactorkit.codemods.split.model import ModelError, ModuleModel, UnitKind, build_model
from refactorkit.codemods.split.plan_file import (
    PlanError,
    plan_table,
    read_plan,
    render_plan,
    validate_plan,
)
from refactorkit.codemods.split.planner import SplitPlan, propose_plan
from refactorkit.codemods.split.pytest_plan import (
    CONFTEST,
    collection_problems,
    pytest_plan,
    test_items,
    test_plan_problems,
)
from refactorkit.codemods.split.sizing import file_budget, oversize_note, oversized
from refactorkit.codemods.split.source import SplitSource, locate
from refactorkit.codemods.split.stars import spell_out_star_imports
from refactorkit.domain import ChangeSet, CreateFile, Progress
from refactorkit.errors import UserError
from refactorkit.pytest_names import (
    PytestNames,
    conftest_blocker,
    is_test_module,
    pytest_names_for,
    split_blockers,
)


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
    max_lines: int = 500  # the size limit in force (check's max_file_lines, or --max-lines)
    allow_namespace_lookups: bool = False  # split functions that read globals() anyway
    progress: Progress | None = field(default=None, compare=False)  # see domain.Progress


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
    check_dotted(source.module, "module")  # `pkg/class.py` cannot be imported, so not split
    # The file keeps its text (the move's old text); the model sees star imports of sibling
    # modules spelled out.
    starred = re.search(r"\bimport\s+\*", source.text) is not None
    text, _ = spell_out_star_imports(source.text, source.path) if starred else ("", [])
    try:
        model = build_model(text or source.text, source.relpath, source.module)
    except ModelError as exc:
        raise UserError(str(exc)) from exc
    return source, model


def fit_plan(source: SplitSource, model: ModuleModel, base: str, limit: int) -> SplitPlan:
    """The proposal, with no new file over `limit` lines unless one statement is.

    The planner counts the statements' lines; a file adds its header and imports. Each round
    renders the files and, when one is over, plans again with that much less room.
    """
    budget = file_budget(model, limit)
    names = pytest_names(source)

    def proposal() -> SplitPlan:
        plan = propose_plan(model, base=base, reserved=reserved_names(source), budget=budget)
        reserved = frozenset(reserved_names(source))
        return plan if names is None else pytest_plan(model, plan, names, budget, reserved)

    plan = proposal()
    for _ in range(3):
        if validate_plan(plan, model, reserved_names(source)):
            return plan
        over = _excess(source, model, plan, budget, limit)
        # a file far over (docutils' test modules: data tables of hundreds of lines) must
        # not take the room to nothing: the planner divides by it
        if not over or budget <= limit // 4:
            return plan
        budget = max(budget - over - 5, limit // 4)
        plan = proposal()
    return plan


def reserved_names(source: SplitSource) -> set[str]:
    """Names a group may not take: the module's siblings, except that a test module's parts
    get a `conftest.py` of their own beside a sibling one (pytest reads both)."""
    siblings = set(source.siblings)
    return siblings - {CONFTEST} if pytest_names(source) is not None else siblings


def pytest_names(source: SplitSource) -> PytestNames | None:
    """pytest's naming options when the module is a test module pytest collects, else None."""
    names = pytest_names_for(source.path)
    return names if is_test_module(source.path, names) else None


def test_refusals(source: SplitSource, model: ModuleModel) -> list[str]:
    """Why the tests of a test module would not run the same once split ([] if they would,
    or if it is no test module)."""
    if source.path.name == "conftest.py":
        return [conftest_blocker(model.relpath)]
    names = pytest_names(source)
    if names is None:
        return []
    return split_blockers(ast.parse(model.text), model.relpath) + test_plan_problems(model, names)


def _excess(
    source: SplitSource, model: ModuleModel, plan: SplitPlan, budget: int, limit: int
) -> int:
    """How far the largest new file goes over `limit` (0: none does), leaving out files that
    hold a statement over the limit by itself (no plan helps those)."""
    from refactorkit.codemods.split.repo import ImporterUsage
    from refactorkit.codemods.split.transform import plan_split

    group_of = plan.group_of_name()
    # A statement that, with the imports a file needs, cannot fit: re-planning cannot help.
    hopeless = {group_of.get(u.defines[0]) for u in oversized(model.units, budget) if u.defines}
    worst = 0
    for change in plan_split(source, model, plan, ImporterUsage()).changes:
        group = change.path.rpartition("/")[2].removesuffix(".py")
        if isinstance(change, CreateFile) and group not in hopeless:
            worst = max(worst, change.new_text.count("\n") - limit)
    return worst


def nothing_to_split(source: SplitSource, model: ModuleModel) -> str | None:
    """Why an empty, comment-only or docstring-only module is left alone, else None."""
    if any(unit.kind is UnitKind.DEFINITION for unit in model.units):
        return None
    return f"{source.relpath} defines nothing at the top level, so there is nothing to split"


def propose(
    module: Path, root: Path | None = None, base: str = "base", max_lines: int = 500
) -> Proposal:
    """Propose a plan for `module` (nothing is written)."""
    source, model = load(module, root)
    empty = nothing_to_split(source, model)
    if empty is not None:
        raise UserError(empty)
    problems = refusals(model) + test_refusals(source, model)
    if problems:
        raise UserError(listing("cannot split:", problems))
    plan = fit_plan(source, model, base, max_lines)
    warnings = validate_plan(plan, model, reserved_names(source))
    room = file_budget(model, max_lines)
    warnings += [oversize_note(u, max_lines) for u in oversized(model.units, room)]
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
    empty = nothing_to_split(source, model)
    if empty is not None:
        return ChangeSet(source.root, empty, ())
    problems = refusals(model, options.shim, options.allow_namespace_lookups)
    problems += test_refusals(source, model)
    if problems:
        raise UserError(listing("cannot split:", problems))
    plan = _chosen_plan(source, model, options)
    problems = validate_plan(plan, model, reserved_names(source))
    names = pytest_names(source)
    problems += collection_problems(plan, model, names) if names is not None else []
    if problems:
        raise UserError(listing("the plan cannot be used:", problems))
    usage = scan_importers(source, model, options.progress)
    through_package = package_lookups(model, plan, usage, options.rewrite_imports)
    changeset = plan_split(
        source,
        model,
        plan,
        usage,
        shim=options.shim,
        patched=through_package,
        keep_name=options.keep_module_names,
        hidden=test_items(model, names) - set(usage.names) if names is not None else frozenset(),
    )
    if options.rewrite_imports:
        changeset = with_rewritten_importers(changeset, source, model, plan, usage, through_package)
    room = file_budget(model, options.max_lines)
    big = [oversize_note(u, options.max_lines) for u in oversized(model.units, room)]
    return replace(changeset, warnings=(*changeset.warnings, *big)) if big else changeset


def _chosen_plan(source: SplitSource, model: ModuleModel, options: SplitOptions) -> SplitPlan:
    """The plan file given with --plan (made for this module), else the proposed plan."""
    if options.plan_path is None:
        return fit_plan(source, model, options.base, options.max_lines)
    try:
        recorded, plan = read_plan(options.plan_path)
    except PlanError as exc:
        raise UserError(str(exc)) from exc
    if recorded and recorded != source.relpath:
        raise UserError(f"{options.plan_path} is a plan for {recorded}, not {source.relpath}")
    return plan
