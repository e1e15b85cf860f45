"""The pure part of a split: model + plan -> ChangeSet (submodules and the package __init__).

Statements are copied with their exact text (and the comments above them); the only edits
inside them are one more dot on relative imports, `__file__`-relative folders moved one level
up, and module attribute access for run-time references that would otherwise close a cycle.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterable, Mapping

from refactorkit.codemods.split.hazards import kept_in_package, warnings_for
from refactorkit.codemods.split.layout import INIT, Layout, compute_layout, keep_in_init
from refactorkit.codemods.split.model import ModuleModel, UnitKind
from refactorkit.codemods.split.package_init import render_init
from refactorkit.codemods.split.package_main import render_main
from refactorkit.codemods.split.planner import SplitPlan
from refactorkit.codemods.split.render import first_line, render_submodule
from refactorkit.codemods.split.repo import ImporterUsage
from refactorkit.codemods.split.source import SplitSource
from refactorkit.codemods.split.splice import apply_edits, file_path_edits
from refactorkit.config import distribution_name, public_module
from refactorkit.domain import ChangeSet, CreateFile, FileChange, ModifyFile, MoveFile


def wrap_names(names: Iterable[str], width: int = 78) -> list[str]:
    """`names` as indented lines that fit `width` columns (the summary is shown indented by 2)."""
    return textwrap.wrap(
        ", ".join(names), width, initial_indent="  ", subsequent_indent="  ", break_on_hyphens=False
    )


def plan_split(
    source: SplitSource,
    model: ModuleModel,
    plan: SplitPlan,
    usage: ImporterUsage,
    shim: bool = False,
    patched: frozenset[str] = frozenset(),
    keep_name: bool = False,
    attached: Mapping[int, str] | None = None,
    hidden: frozenset[str] = frozenset(),
) -> ChangeSet:
    """Every file of the new package, as a change set rooted at the project root.

    `patched` names (replaced through the old module path by the repo's tests) stay bound in
    the package, which passes a patch of one on to every submodule that binds it. `attached`:
    side-effect units placed by the caller (see `compute_layout`). `hidden` names are not
    re-exported by `__init__.py` (a split test module's tests and fixtures).
    """
    # Namespace readers (`globals().get(name)`) stay where every old name is bound.
    layout = compute_layout(model, plan, attached)
    layout = keep_in_init(layout, kept_in_package(model, shim))
    warnings: list[str] = []
    package = source.package_dir
    changes, summary = _submodule_files(model, layout, package, warnings, keep_name)
    init_text = render_init(model, layout, usage, shim, patched, warnings, keep_name, hidden)
    init_path = f"{package}/__init__.py"
    main_text = render_main(model, layout)
    if main_text is not None:
        changes.append(CreateFile(f"{package}/__main__.py", new_text=main_text))
        summary.append(f"{package}/__main__.py: the main block, for `python -m {source.module}`")
    changes.insert(
        0,
        MoveFile(source.relpath, init_path, new_text=init_text, old_text=source.text),
    )
    summary.insert(
        0, f"{init_path}: re-exports, {init_text.count(chr(10))} lines (was {source.relpath})"
    )
    moved = {i for i, g in layout.place.items() if g != INIT}
    warnings = [*warnings_for(model, moved, keep_name), *warnings, *layout.reordered]
    warnings += _placement_warnings(model, layout, package, keep_name)
    warnings += _importer_warnings(source, usage, shim)
    readers, unadjusted = file_readers(source, usage, init_path)
    changes.extend(readers)
    warnings += unadjusted
    stub, notes = neighbour_files(source, usage)
    changes.extend(stub)
    warnings.extend(notes)
    return ChangeSet(
        root=source.root,
        title=f"split {source.relpath} into {package}/",
        changes=tuple(changes),
        warnings=tuple(dict.fromkeys(warnings)),
        summary=tuple(summary),
        codemod="split",
        suggested_config=suggested_rules(source.module or "", layout, model) if shim else "",
    )


def _submodule_files(
    model: ModuleModel, layout: Layout, package: str, warnings: list[str], keep_name: bool
) -> tuple[list[FileChange], list[str]]:
    """One new file per group, in import order, and its summary lines."""
    changes: list[FileChange] = []
    summary: list[str] = []
    for group in layout.order:
        text, names = render_submodule(model, layout, group, warnings, keep_name)
        path = f"{package}/{group}.py"
        changes.append(CreateFile(path, new_text=text))
        summary.append(f"{path}: {len(names)} names, {text.count(chr(10))} lines:")
        summary.extend(wrap_names(names))
    return changes, summary


def _placement_warnings(
    model: ModuleModel, layout: Layout, package: str, keep_name: bool
) -> list[str]:
    """--keep-module-names with postponed annotations, and where side effects now run."""
    warnings = []
    if keep_name and model.postponed_annotations:
        warnings.append(
            f"{model.relpath}: --keep-module-names with postponed annotations: tools that "
            "resolve annotations through __module__ while a class is created (SQLAlchemy "
            "`Mapped[...]`, pydantic) look in the package before its submodules ran; "
            "drop the option for such modules"
        )
    for index, group in sorted(layout.place.items()):
        unit = model.units[index]
        if unit.kind is UnitKind.SIDE_EFFECT:
            where = f"{package}/{group}.py" if group != INIT else f"{package}/__init__.py"
            warnings.append(
                f"{model.relpath}:{unit.first_line}: module-level statement with side effects kept "
                f"in {where}: {first_line(unit)}"
            )
    return warnings


def file_readers(
    source: SplitSource, usage: ImporterUsage, init_path: str
) -> tuple[list[FileChange], list[str]]:
    """The importers that build paths from the module's `__file__`, which becomes `init_path`
    one folder deeper: `Path(states.__file__).parent` (docutils' `directives/misc.py` finds
    the include files so) gains a level as the module's own reads do; a read no edit covers
    is warned about."""
    module = source.module or ""
    parts = module.split(".")
    # `states.__file__`, `parsers.rst.states.__file__` (docutils' test_include.py), ...
    spelled = frozenset(".".join([*parts[i:], "__file__"]) for i in range(len(parts)))
    changes: list[FileChange] = []
    warnings: list[str] = []
    for relpath in usage.names.get("__file__", ()):
        text = (source.root / relpath).read_text(encoding="utf-8")
        edits, left = file_path_edits(ast.parse(text), text, spelled)
        if edits and not left:
            changes.append(ModifyFile(relpath, apply_edits(text, edits), text))
            continue
        warnings.append(
            f"{relpath} reads {module}.__file__, which becomes {init_path} one folder "
            "deeper: paths built from it (data files next to the module) move"
        )
    return changes, warnings


def _importer_warnings(source: SplitSource, usage: ImporterUsage, shim: bool) -> list[str]:
    """What the repo's importers do that the split changes: star imports, and the files
    the scan could not read."""
    warnings: list[str] = []
    if shim:
        warnings.extend(
            f"{where} star-imports {source.module}: with --shim each moved name it takes "
            "warns (DeprecationWarning); import the names from the submodules instead"
            for where in usage.star_imports
        )
    warnings.extend(f"importer scan skipped {s}" for s in usage.skipped)
    return warnings


def neighbour_files(
    source: SplitSource, usage: ImporterUsage
) -> tuple[list[FileChange], list[str]]:
    """The module's PEP 561 stub (moved along), and warnings about reloads of the module."""
    package = source.package_dir
    changes: list[FileChange] = []
    if source.path.with_suffix(".pyi").is_file():
        stub = source.relpath[: -len(".py")] + ".pyi"
        changes.append(MoveFile(stub, f"{package}/__init__.pyi"))
    notes = [
        f"{where}: reloads {source.module}: importlib.reload re-runs only {package}/__init__.py "
        "now, not the submodules where the code lives; reload those too"
        for where in usage.reloads
    ]
    dist = distribution_name(source.root)
    if dist and source.module and public_module(source.module):
        notes.append(
            f"{source.module} is public API of the distribution {dist} ([project] in "
            "pyproject.toml): code in other distributions may import it; the old imports "
            "keep working, --shim tells those importers where each name moved, and classes "
            "now report the submodule as __module__ (pickles, reprs) unless "
            "--keep-module-names"
        )
    return changes, notes


def suggested_rules(module: str, layout: Layout, model: ModuleModel) -> str:
    """ruff banned-api and import-linter settings that keep new code off the old path."""
    top = module.split(".")[0]
    lines = [
        "# Suggested (pyproject.toml): keep new code off the old import path.",
        "[tool.ruff.lint.flake8-tidy-imports.banned-api]",
    ]
    for index, group in sorted(layout.place.items()):
        unit = model.units[index]
        if group == INIT or unit.kind is not UnitKind.DEFINITION:
            continue
        for name in unit.defines:
            if not name.startswith("_"):
                lines.append(f'"{module}.{name}".msg = "moved to {module}.{group}"')
    lines += [
        "",
        "[[tool.importlinter.contracts]]",
        f'name = "Nothing imports names through {module}"',
        'type = "forbidden"',
        f'source_modules = ["{top}"]',
        f'forbidden_modules = ["{module}"]',
        f'ignore_imports = ["{module}.** -> {module}"]',
        "as_packages = false",
    ]
    return "\n".join(lines)
