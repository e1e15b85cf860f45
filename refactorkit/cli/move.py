"""`refactorkit move` and `refactorkit move-symbol`: thin wrappers over the planning codemods."""

from __future__ import annotations

from pathlib import Path

import click

from refactorkit.cli.options import changeset_options, run_changeset
from refactorkit.codemods.move import MoveOptions, plan_move
from refactorkit.config import Config, load_config

_ROOT = click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Project root: every file under it is searched for references "
    "(default: the folder of the nearest pyproject.toml, else the current folder).",
)
_SHIM = click.option(
    "--shim",
    is_flag=True,
    help="Keep the old path importable; importing it warns (DeprecationWarning), naming NEW.",
)
_UNTIL = click.option(
    "--until", metavar="WHEN", default=None, help="Removal date or version named in the warning."
)
_SKIP = click.option(
    "--skip-unparsable",
    is_flag=True,
    help="Go ahead when some files cannot be read or do not parse (they are listed and left "
    "unchanged).",
)


@click.command("move")
@click.argument("old")
@click.argument("new")
@_ROOT
@_SHIM
@_UNTIL
@_SKIP
@changeset_options
def move_command(
    old: str,
    new: str,
    root: Path | None,
    shim: bool,
    until: str | None,
    skip_unparsable: bool,
    apply: bool,
    allow_dirty: bool,
    verify: str | None,
    color: bool | None,
) -> int:
    """Rename or move a module or package (OLD, NEW: dotted names or paths).

    Every reference in the repo is rewritten in each file's own style: imports, relative
    imports, attribute chains, import_module/mock.patch strings and config files. Sites
    that cannot be decided are listed for review. Dry run unless --apply.
    """
    root, config = _project(root)
    options = MoveOptions(shim=shim, until=until, skip_unparsable=skip_unparsable)
    changeset = plan_move(root, old, new, options, config=config)
    return run_changeset(
        changeset, apply=apply, allow_dirty=allow_dirty, verify=verify, color=color
    )


@click.command("move-symbol")
@click.argument("source", metavar="PKG.MOD:NAME")
@click.argument("target", metavar="PKG.OTHER[:NEWNAME]")
@_ROOT
@_SHIM
@_UNTIL
@_SKIP
@changeset_options
def move_symbol_command(
    source: str,
    target: str,
    root: Path | None,
    shim: bool,
    until: str | None,
    skip_unparsable: bool,
    apply: bool,
    allow_dirty: bool,
    verify: str | None,
    color: bool | None,
) -> int:
    """Move one top-level definition to another module (created if missing).

    Decorators and leading comments go with it, the imports it needs are copied, the source
    module imports it back if it still uses it, and importers across the repo are rewritten.
    """
    from refactorkit.codemods.move_symbol import MoveSymbolOptions, plan_move_symbol

    root, config = _project(root)
    options = MoveSymbolOptions(shim=shim, until=until, skip_unparsable=skip_unparsable)
    changeset = plan_move_symbol(root, source, target, options, config=config)
    return run_changeset(
        changeset, apply=apply, allow_dirty=allow_dirty, verify=verify, color=color
    )


def _project(root: Path | None) -> tuple[Path, Config]:
    """The project root (a move must see every importer, not just the current folder)."""
    start = (root or Path.cwd()).resolve()
    config = load_config(start)
    if root is None and config.project_root is not None:
        return config.project_root.resolve(), config
    return start, config
