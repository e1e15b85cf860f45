"""`refactorkit move` and `refactorkit move-symbol`: thin wrappers over the planning codemods."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click

from refactorkit.cli.options import RunRequest, changeset_options, run_changeset
from refactorkit.cli.progress import CodemodProgress
from refactorkit.cli.root import root_option
from refactorkit.codemods.move import MoveOptions, plan_move
from refactorkit.config import Config
from refactorkit.domain import ChangeSet, final_path
from refactorkit.errors import UserError
from refactorkit.project import Project

_ROOT = root_option(
    "Project root: every file under it is searched for references (default: the nearest "
    "folder above the current one with a pyproject.toml or .git, else the current folder)."
)
_SHIM = click.option(
    "--shim",
    is_flag=True,
    help="Keep the old path importable; importing it warns (DeprecationWarning), naming NEW.",
)
_UNTIL = click.option(
    "--until", metavar="WHEN", default=None, help="Removal date or version named in the warning."
)
_SHADOW = click.option(  # refactorkit: ignore[RK116]
    "--allow-shadowing",
    is_flag=True,
    help="Create a top-level module even when its name is a standard-library or installed "
    "module's (`json`, `requests`): every `import json` in the project would then get yours.",
)
_SKIP = click.option(
    "--skip-unparsable",
    is_flag=True,
    help="Go ahead when some files cannot be read or do not parse (they are listed and left "
    "unchanged).",
)


_WITH = click.option(
    "--with",
    "with_names",
    metavar="NAME,NAME",
    default="",
    help="Move these top-level definitions of the source along (the set a refused move names).",
)
_WITH_AUTO = click.option(
    "--with-auto",
    is_flag=True,
    help="When the move would make an import cycle, move along the definitions the moved code "
    "needs from the source (the smallest set that breaks it).",
)
_LAZY = click.option(
    "--allow-lazy-import",
    is_flag=True,
    help="Where nothing else breaks an import cycle, import what the moved functions need "
    "from the source inside them (when called). Never done without this flag.",
)

_CODEMOD_EXIT = (
    "Exit 0 when there is nothing to do or the change was applied, 1 when a dry run shows\n"
    "changes (or --verify failed and rolled them back), 2 when refused (bad input, a dirty\n"
    "tree, files that do not parse)."
)
_MOVE_EPILOG = f"""\
\b
Examples:
  refactorkit move shop.utils shop.common.utils           # dry run: the diff
  refactorkit move shop/legacy.py shop/core/legacy.py --apply
  refactorkit move shop.api shop.web.api --shim --until 2.0 --apply
  refactorkit move shop.models shop.domain --apply --verify "pytest -q" --commit

{_CODEMOD_EXIT}
"""
_MOVE_SYMBOL_EPILOG = f"""\
\b
Examples:
  refactorkit move-symbol shop.models:Order shop.orders              # dry run
  refactorkit move-symbol shop.models:Order shop.orders:Purchase --apply
  refactorkit move-symbol shop.utils:slugify shop.text --shim --apply
  refactorkit move-symbol shop.models:Order shop.orders --with-auto
  refactorkit move-symbol shop.models:Order shop.orders --with OrderLine,order_total

{_CODEMOD_EXIT}
"""


@click.command("move", epilog=_MOVE_EPILOG, short_help="Rename or move a module or package.")
@click.argument("old")
@click.argument("new")
@_ROOT
@_SHIM
@_UNTIL
@_SKIP
@_SHADOW
@changeset_options
def move_command(
    old: str,
    new: str,
    root: Path | None,
    shim: bool,
    until: str | None,
    skip_unparsable: bool,
    allow_shadowing: bool,
    run: RunRequest,
) -> int:
    """Rename or move a module or package (OLD, NEW: dotted names or paths).

    Every reference in the repo is rewritten in each file's own style: imports, relative
    imports, attribute chains, import_module/mock.patch strings and config files. Sites
    that cannot be decided are listed for review. Dry run unless --apply.
    """
    root, config = _project(root)
    with CodemodProgress() as progress:
        options = MoveOptions(shim, until, skip_unparsable, progress)
        changeset = plan_move(root, old, new, options, config=config)
    if not allow_shadowing:
        refuse_shadowing(changeset, config)
    return run_changeset(changeset, run)


@click.command(
    "move-symbol",
    epilog=_MOVE_SYMBOL_EPILOG,
    short_help="Move one top-level definition to another module.",
)
@click.argument("source", metavar="PKG.MOD:NAME")
@click.argument("target", metavar="PKG.OTHER[:NEWNAME]")
@_ROOT
@_SHIM
@_UNTIL
@_SKIP
@_SHADOW
@_WITH
@_WITH_AUTO
@_LAZY
@changeset_options
def move_symbol_command(
    source: str,
    target: str,
    root: Path | None,
    shim: bool,
    until: str | None,
    skip_unparsable: bool,
    allow_shadowing: bool,
    with_names: str,
    with_auto: bool,
    allow_lazy_import: bool,
    run: RunRequest,
) -> int:
    """Move one top-level definition to another module (created if missing).

    Decorators and leading comments go with it, the imports it needs are copied, the source
    module imports it back if it still uses it, and importers across the repo are rewritten.
    A move that would make an import cycle is refused with the command that works (--with
    the definitions that must go along), or widened as computed with --with-auto.
    """
    from refactorkit.codemods.move_symbol import MoveSymbolOptions, plan_move_symbol

    root, config = _project(root)
    with CodemodProgress() as progress:
        names = tuple(n.strip() for n in with_names.split(",") if n.strip())
        options = MoveSymbolOptions(
            shim, until, skip_unparsable, progress, names, with_auto, allow_lazy_import
        )
        changeset = plan_move_symbol(root, source, target, options, config=config)
    if not allow_shadowing:
        refuse_shadowing(changeset, config)
    return run_changeset(changeset, run)


def _project(root: Path | None) -> tuple[Path, Config]:
    """The project root (a move must see every importer, not just the current folder)."""
    project = Project.locate(root)
    return project.root, project.config


def refuse_shadowing(changeset: ChangeSet, config: Config) -> None:
    """Refuse a new top-level module named like a stdlib or installed one (`move x json`).

    The project's root comes first on sys.path, so a new `json.py` would silently replace the
    standard library's `json` for every module of the project and its tests.
    """
    from refactorkit.graph.classify import STDLIB_MODULES

    for module, top in _new_top_levels(changeset, config):
        what = f"the standard library's {top!r}" if top in STDLIB_MODULES else _installed(top)
        if what:
            raise UserError(
                f"{module}: a new top-level module {top!r} would shadow {what} for the whole "
                "project; pick another name, or pass --allow-shadowing"
            )


def _new_top_levels(changeset: ChangeSet, config: Config) -> Iterator[tuple[str, str]]:
    """(module, its top-level name) for each file the change set puts under a new top name."""
    from refactorkit.workspace import guess_roots, module_name

    roots = guess_roots(changeset.root, config.roots)
    for change in changeset.changes:
        if change.kind not in ("move", "create"):
            continue
        target = final_path(change)
        module = module_name(changeset.root / target, roots) or ""
        top = module.partition(".")[0]
        if top and not any((r / top).exists() or (r / f"{top}.py").exists() for r in roots):
            yield module, top


def _installed(top: str) -> str:
    """ "the installed package 'top' (Dist)" when this environment has one, else ""."""
    from importlib.metadata import packages_distributions

    providers = packages_distributions().get(top)
    if not providers:
        return ""
    return f"the installed package {top!r} ({', '.join(sorted(set(providers)))})"
