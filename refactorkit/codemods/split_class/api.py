"""Entry points of split-class: propose a plan for `pkg.mod:Class`, and plan the change set."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from refactorkit.codemods.newlines import from_lf, newline_of, to_lf
from refactorkit.codemods.refs.exports import (
    bound_names,
    lost_names,
    names_taken,
    unresolved_message,
)
from refactorkit.codemods.refs.locate import check_dotted
from refactorkit.codemods.split_class.grouping import ClassPlan, propose
from refactorkit.codemods.split_class.model import ClassModel, build_model
from refactorkit.codemods.split_class.plan_file import (
    PlanError,
    read_plan,
    render_plan,
    validate_plan,
)
from refactorkit.codemods.split_class.render import Placement, module_text, part_text, placement
from refactorkit.config import Config
from refactorkit.domain import ChangeSet, CreateFile, ModifyFile
from refactorkit.errors import UserError
from refactorkit.workspace import SourceError, discover, guess_roots, read_source


@dataclass(frozen=True)
class Located:
    """The class's module file in its project."""

    root: Path
    path: Path
    relpath: str
    module: str
    is_package: bool
    raw: str  # the text as read (what the runner checks the file against)
    siblings: frozenset[str]  # module names next to where the parts go
    first_party: frozenset[str]


@dataclass(frozen=True)
class ClassProposal:
    plan: ClassPlan
    toml: str
    table: tuple[tuple[str, int, str], ...]  # (part, methods, members)
    warnings: tuple[str, ...]


def locate(root: Path, target: str, config: Config | None = None) -> tuple[Located, str]:
    """(the module of `pkg.mod:Class`, the class name); UserError when it is not found."""
    module, colon, class_name = target.partition(":")
    if not colon or not class_name.isidentifier():
        raise UserError(f"{target}: expected PKG.MOD:CLASS")
    check_dotted(module, "module")
    roots = guess_roots(root, (config or Config()).roots)
    for base in roots:
        path = base.joinpath(*module.split("."))
        for candidate, is_package in (
            (path.with_suffix(".py"), False),
            (path / "__init__.py", True),
        ):
            if candidate.is_file():
                return _located(root, base, candidate, module, is_package), class_name
    raise UserError(f"{module}: no such module under {', '.join(str(r) for r in roots)}")


def _located(root: Path, base: Path, path: Path, module: str, is_package: bool) -> Located:
    try:
        raw = read_source(path)[0]
    except SourceError as exc:
        raise UserError(f"{path}: {exc}") from exc
    folder = path.parent
    siblings = frozenset(
        p.stem if p.suffix == ".py" else p.name
        for p in folder.iterdir()
        if p.suffix == ".py" or (p / "__init__.py").exists()
    )
    first_party = frozenset(
        p.stem if p.suffix == ".py" else p.name
        for p in base.iterdir()
        if p.suffix == ".py" or p.is_dir()
    )
    relpath = path.resolve().relative_to(root.resolve()).as_posix()
    return Located(root, path, relpath, module, is_package, raw, siblings, first_party)


def load(
    root: Path, target: str, config: Config | None = None, lazy: bool = False
) -> tuple[Located, ClassModel]:
    located, class_name = locate(root, target, config)
    text = to_lf(located.raw, newline_of(located.raw))
    return located, build_model(text, located.relpath, located.module, class_name, lazy=lazy)


def propose_split(
    root: Path, target: str, limit: int, config: Config | None = None, lazy: bool = False
) -> ClassProposal:
    """A plan for the class (nothing is written)."""
    located, model = load(root, target, config, lazy)
    plan = propose(model, limit, set(located.siblings))
    return ClassProposal(
        plan, render_plan(plan, model, limit), _table(plan, model), _warnings(plan, model, limit)
    )


def _table(plan: ClassPlan, model: ClassModel) -> tuple[tuple[str, int, str], ...]:
    rows = [(model.name, _methods(model, plan.stays), ", ".join(plan.stays))]
    rows += [(p.name, _methods(model, p.members), ", ".join(p.members)) for p in plan.parts]
    return tuple(rows)


def _methods(model: ClassModel, names: tuple[str, ...]) -> int:
    return sum(model.member(n).defs for n in names)


def _warnings(plan: ClassPlan, model: ClassModel, limit: int) -> tuple[str, ...]:
    out = []
    if not plan.parts:
        out.append(
            f"no part proposed: the movable methods of {model.name} share too little "
            "(or none can move); write the parts in the plan file"
        )
    for name, methods, _ in _table(plan, model):
        if methods > limit:
            out.append(f"{name} keeps {methods} methods (> {limit}): move some to a part")
    return tuple(out)


def split_class(
    root: Path,
    target: str,
    plan_path: Path | None = None,
    limit: int = 20,
    config: Config | None = None,
    lazy: bool = False,
) -> ChangeSet:
    """The change set that divides the class as the plan says (nothing is written).

    `lazy`: methods calling the module's own names may move, importing them when called.
    """
    located, model = load(root, target, config, lazy)
    if plan_path is None:
        plan = propose(model, limit, set(located.siblings))
    else:
        try:
            plan = read_plan(plan_path)
        except PlanError as exc:
            raise UserError(str(exc)) from exc
        if (plan.module, plan.class_name) != (model.module, model.name):
            raise UserError(
                f"{plan_path} is a plan for {plan.module}:{plan.class_name}, not {target}"
            )
    problems = validate_plan(plan, model, set(located.siblings))
    if problems:
        raise UserError("\n  ".join(["the plan cannot be used:", *problems]))
    title = f"split-class {target}"
    if not plan.parts:
        return ChangeSet(root, f"{title}: nothing to move (no part in the plan)", ())
    return _changeset(located, model, plan, title, config)


def _changeset(
    located: Located, model: ClassModel, plan: ClassPlan, title: str, config: Config | None
) -> ChangeSet:
    where = placement(model, located.is_package, set(located.first_party))
    newline = newline_of(located.raw)
    folder = located.relpath.rpartition("/")[0]
    text = _module_text(located, model, plan, where, config)
    changes: list[CreateFile | ModifyFile] = [
        ModifyFile(located.relpath, from_lf(text, newline), located.raw)
    ]
    summary = []
    for part in plan.parts:
        path = f"{folder}/{part.module}.py" if folder else f"{part.module}.py"
        changes.append(CreateFile(path, from_lf(part_text(model, plan, part, where), newline)))
        summary.append(f"{path}: {part.name}, {_methods(model, part.members)} methods")
    summary.append(f"{located.relpath}: {model.name} keeps {_methods(model, plan.stays)} methods")
    return ChangeSet(
        located.root, title, tuple(changes), summary=tuple(summary), codemod="split-class"
    )


def _module_text(
    located: Located, model: ClassModel, plan: ClassPlan, where: Placement, config: Config | None
) -> str:
    """The class's module after the split. Imports other project modules take through it
    stay (Docutils' `html4css1` imports `PIL` from `_html_base`); refused, naming the names
    and their importers, if the new text would still not bind one of them."""
    found = discover(located.root, config)
    taken = names_taken(found.files, located.module, exclude={located.relpath})
    old = bound_names(model.text, located.module, located.is_package)
    text = module_text(model, plan, where, frozenset({t.name for t in taken} & (old or set())))
    lost = lost_names(taken, old, bound_names(text, located.module, located.is_package))
    if lost:
        raise UserError(unresolved_message(located.module, lost))
    return text
