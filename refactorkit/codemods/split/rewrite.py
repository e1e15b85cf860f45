"""`--rewrite-imports`: point the repo's importers at the new submodules (shared rewriter).

Patch targets (`mock.patch("pkg.models.utcnow")`) must name the module where the code looks
the name up at run time. A name looked up in exactly one submodule is retargeted there; a name
looked up in several (or patched as `patch.object(models, "X")`, which cannot be retargeted)
keeps its target: the package passes a patch of it on to every submodule (package_init).
"""

from __future__ import annotations

import re

from refactorkit.codemods.references import SymbolMove, rewrite_references
from refactorkit.codemods.split.layout import INIT, compute_layout
from refactorkit.codemods.split.model import ModuleModel
from refactorkit.codemods.split.module_access import (
    expand_star_imports,
    retarget_module_access,
)
from refactorkit.codemods.split.names import UseKind
from refactorkit.codemods.split.planner import SplitPlan
from refactorkit.codemods.split.repo import ImporterUsage
from refactorkit.codemods.split.source import SplitSource
from refactorkit.domain import (
    ChangeSet,
    FileChange,
    ModifyFile,
    SourceFile,
    final_path,
    given_text,
    planned_text,
)
from refactorkit.workspace import SourceError, read_source


def lookup_groups(model: ModuleModel, plan: SplitPlan) -> dict[str, set[str]]:
    """Name -> the submodules that read it at run time after the split."""
    layout = compute_layout(model, plan)
    out: dict[str, set[str]] = {}
    for unit in model.units:
        group = layout.place.get(unit.index)
        if not group or group == INIT:
            continue
        for use in unit.uses:
            if use.kind is UseKind.RUN_TIME:
                out.setdefault(use.name, set()).add(group)
    return out


def package_lookups(
    model: ModuleModel, plan: SplitPlan, usage: ImporterUsage, rewrite: bool
) -> frozenset[str]:
    """Patched names that must still be read through the package for patches to work."""
    if not rewrite:
        return usage.patched
    groups = lookup_groups(model, plan)
    return frozenset(
        name
        for name in usage.patched
        if name in usage.patched_objects or len(groups.get(name, ())) > 1
    )


def with_rewritten_importers(
    changeset: ChangeSet,
    source: SplitSource,
    model: ModuleModel,
    plan: SplitPlan,
    usage: ImporterUsage,
    through_package: frozenset[str],
) -> ChangeSet:
    """`changeset` plus the edits of every importer of the old module."""
    old = source.module or ""
    group_of = plan.group_of_name()
    moves = [SymbolMove(old, name, f"{old}.{group}") for name, group in group_of.items()]
    targets = _patch_targets(model, plan, old, through_package)
    own = {c.path for c in changeset.changes} | {final_path(c) for c in changeset.changes}
    # Only files that refer to the old module can need a rewrite; the scan found them.
    files = usage.sources
    result = rewrite_references(
        source.root, files, symbol_moves=moves, patch_targets=targets, exclude=own
    )
    warnings = _review(result.review, through_package)
    warnings += [f"not rewritten: {s.relpath}: {s.reason}" for s in result.unparsable]
    readable = {n: g for n, g in group_of.items() if n not in through_package}
    stars = _star_sources(model, plan, readable)
    edits, expanded = _module_access(files, result.changes, own, old, readable, stars)
    kept = _still_true(changeset.warnings, expanded)
    return ChangeSet(
        root=changeset.root,
        title=changeset.title + " and rewrite its importers",
        changes=changeset.changes + edits,
        warnings=kept + tuple(warnings),
        summary=(*changeset.summary, f"importers rewritten: {len(edits)} file(s)"),
        codemod=changeset.codemod,
        suggested_config=changeset.suggested_config,
    )


def _still_true(warnings: tuple[str, ...], expanded: set[str]) -> tuple[str, ...]:
    """The split's warnings less star-import ones of files whose star import was spelled
    out: it no longer goes through the shim's warning __getattr__."""
    return tuple(
        w for w in warnings if not ("star-imports" in w and w.split(":", 1)[0] in expanded)
    )


def _patch_targets(
    model: ModuleModel, plan: SplitPlan, old: str, through_package: frozenset[str]
) -> dict[str, tuple[str, ...]]:
    """ "old.X" -> the modules a patch of it must now reach (the package itself for names
    it passes patches on for, else each submodule that binds X)."""
    group_of = plan.group_of_name()
    targets: dict[str, tuple[str, ...]] = {}
    for name, groups in lookup_groups(model, plan).items():
        if name not in group_of:
            continue
        keep = name in through_package
        targets[f"{old}.{name}"] = (old,) if keep else tuple(f"{old}.{g}" for g in sorted(groups))
    return targets


def _review(notes: tuple[str, ...], through_package: frozenset[str]) -> list[str]:
    """The rewriter's review notes, less `patch.object(models, "X")` of names the package
    passes patches on for (package_init): those keep working."""
    forwarded = tuple(f".{name}, now defined in " for name in through_package)
    return [f"review: {n}" for n in notes if not any(f in n for f in forwarded)]


def _module_access(
    files: tuple[SourceFile, ...],
    changes: tuple[FileChange, ...],
    own: set[str],
    module: str,
    group_of: dict[str, str],
    stars: list[tuple[str, tuple[str, ...]]] | None,
) -> tuple[tuple[FileChange, ...], set[str]]:
    """`changes` with `m.Brand` reads retargeted to `m.catalog.Brand` in every importer.

    Also the `__init__.py` files whose star imports of the module were spelled out.
    """
    by_path = {c.path: c for c in changes}
    out: dict[str, FileChange] = dict(by_path)
    expanded: set[str] = set()
    for item in files:
        texts = None if item.relpath in own else _texts(item, by_path.get(item.relpath))
        if texts is None:
            continue
        text, old = texts
        new = retarget_module_access(text, module, group_of, item.module, item.is_package)
        if stars is not None and item.is_package:
            spelled = expand_star_imports(new, module, stars, item.module, item.is_package)
            if spelled != new:
                expanded.add(item.relpath)
            new = spelled
        if new != text:
            out[item.relpath] = ModifyFile(item.relpath, new_text=new, old_text=old)
    return tuple(out.values()), expanded


def _texts(item: SourceFile, change: FileChange | None) -> tuple[str, str | None] | None:
    """(text to edit, text on disk) of an importer: the rewriter's result if it changed the
    file, else the file as read; None when it cannot be read (the scan reported it)."""
    if change is not None and given_text(change) is not None:
        return given_text(change) or "", planned_text(change)
    try:
        text, _ = read_source(item.path)
    except SourceError:
        return None
    return text, text


def _star_sources(
    model: ModuleModel, plan: SplitPlan, group_of: dict[str, str]
) -> list[tuple[str, tuple[str, ...]]] | None:
    """Where each name of a literal `__all__` comes from after the split ("": the package).

    None when a star import cannot be spelled out: no literal `__all__`, or one the module
    changes (`__all__.append`, `__all__ +=`), whose final contents only running it tells.
    """
    if model.all_names is None or re.search(r"__all__\s*(\.|\+=|\+|\[)", model.text):
        return None
    sources: dict[str, list[str]] = {"": []}
    for group in plan.groups:
        sources[group.name] = []
    for name in model.all_names:
        sources.setdefault(group_of.get(name, ""), []).append(name)
    return [(sub, tuple(names)) for sub, names in sources.items()]
