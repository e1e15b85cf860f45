"""`refactorkit plan split` and `refactorkit split`: turn a module into a package."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from refactorkit.cli.options import RunRequest, changeset_options, run_changeset
from refactorkit.cli.output import default_output, plan_output_option, write_plan
from refactorkit.cli.progress import CodemodProgress
from refactorkit.cli.root import root_option
from refactorkit.errors import UserError

_COLUMNS = 80  # the plan table fits a standard terminal; the plan file has every name
_MODULE = click.argument("module", type=click.Path(path_type=Path))
_ROOT = root_option(
    "Project root (default: the nearest folder above the module with a pyproject.toml or .git)."
)
_BASE = click.option(
    "--base-name",
    default="base",
    show_default=True,
    metavar="NAME",
    help="Module name of the group for what several groups share.",
)

_MAX_LINES = click.option(
    "--max-lines",
    type=click.IntRange(min=50),
    default=None,
    metavar="N",
    help="Plan no new file over N lines (default and ceiling: check's max_file_lines, 500).",
)


def size_limit(module: Path, asked: int | None) -> int:
    """The size limit a split plans for: `max_file_lines` of the rules' limits for the
    module's project (default 500), or `--max-lines N` when that asks for less. The one place
    it is read."""
    from refactorkit.cli.settings import rule_settings
    from refactorkit.config import load_config

    settings = rule_settings(load_config(module.absolute().parent))
    limit = int(settings.limits.number("max_file_lines"))
    return min(asked, limit) if asked else limit


_PLAN_EPILOG = """\
The plan file lists each group (a future submodule) and its top-level names.
Move names between groups, rename or add groups, then pass it to
`refactorkit split MODULE --plan FILE`, which refuses a plan with a name in no
group or in two, or an import-time cycle between groups, naming the move that
fixes it. Without -o the plan goes to the user cache folder (the path is
printed), never into the project.

\b
Examples:
  refactorkit plan split pkg/models.py               # prints where the plan went
  refactorkit plan split pkg/models.py -o plan.toml
  refactorkit plan split pkg/models.py -o -          # the plan on standard output

Exit 0 when the plan is written, 2 on bad input.
"""
_SPLIT_EPILOG = """\
Creates MODULE's package: one submodule per group and an __init__.py that keeps
every old import working. Without --apply nothing is written: the diff and a
summary are shown. A split module is left alone.

\b
Examples:
  refactorkit plan split pkg/models.py -o plan.toml
  refactorkit split pkg/models.py --plan plan.toml
  refactorkit split pkg/models.py --plan plan.toml --apply --verify pytest
  refactorkit split pkg/models.py --auto --rewrite-imports --shim --apply
  refactorkit split pkg/models.py --auto --shim --suggest-config
  refactorkit split pkg/models.py --auto --max-lines 300
  refactorkit undo

Exit 0 when there is nothing to do or the split was applied, 1 when a dry run
shows changes (or --verify failed and rolled them back), 2 when refused.
"""


@click.command(
    "split", epilog=_PLAN_EPILOG, short_help="Propose how to split MODULE into a package."
)
@_MODULE
@plan_output_option
@_BASE
@_MAX_LINES
@_ROOT
def plan_split_command(
    module: Path, output: Path | None, base_name: str, max_lines: int | None, root: Path | None
) -> int:
    """Propose how to split MODULE into a package; write the plan and print it as a table."""
    from refactorkit.codemods.split.api import propose

    limit = size_limit(module, max_lines)
    proposal = propose(module, root=root, base=base_name, max_lines=limit)
    width = max((len(row[0]) for row in proposal.table), default=5)
    click.echo(f"{'group':<{width}}  {'lines':>5}  names")
    for group, names, lines in proposal.table:  # refactorkit: ignore[RK116]
        click.echo(f"{group:<{width}}  {lines:>5}  {_shorten(names, _COLUMNS - width - 9)}")
    for warning in proposal.warnings:  # refactorkit: ignore[RK116]
        click.echo(f"warning: {warning}", err=True)
    command = f"refactorkit split {shlex.quote(str(module))}"
    return write_plan(
        proposal.toml, output, lambda: saved_plan(module), command, note_overwrite=True
    )


def saved_plan(module: Path) -> Path:
    """Where `plan split MODULE` writes its plan when not told: the user cache folder.

    In the project (split-plan.toml at its root, as before) the README's own tour then
    committed the plan with the split.
    """
    return default_output("plans", module, ".split-plan.toml")


@click.command(
    "split", epilog=_SPLIT_EPILOG, short_help="Split a module into a package of submodules."
)
@_MODULE
@click.option(
    "--plan",
    "plan_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="The plan file written by `refactorkit plan split` (and maybe edited).",
)
@click.option("--auto", is_flag=True, help="Use the proposed plan without writing it first.")
@click.option(
    "--rewrite-imports", is_flag=True, help="Point importers across the repo at the new submodules."
)
@click.option(
    "--shim",
    is_flag=True,
    help="Old-path access to moved names warns (DeprecationWarning) through a module __getattr__.",
)
@click.option(
    "--keep-module-names",
    is_flag=True,
    help="Submodules keep the old module's __name__: classes and functions report the old "
    "__module__ (reprs, pickles, Django and registries keyed by it), loggers keep their name.",
)
@click.option(
    "--allow-namespace-lookups",
    is_flag=True,
    help="Split functions that look names up with globals()/vars() anyway (they will see "
    "only their submodule's names).",
)
@click.option(
    "--suggest-config",
    is_flag=True,
    help="With --shim: also print a ruff banned-api table and an import-linter contract that "
    "keep new code off the old import path.",
)
@_BASE
@_MAX_LINES
@_ROOT
@changeset_options
def split_command(
    module: Path,
    plan_path: Path | None,
    auto: bool,
    rewrite_imports: bool,
    shim: bool,
    keep_module_names: bool,
    allow_namespace_lookups: bool,
    suggest_config: bool,
    base_name: str,
    max_lines: int | None,
    root: Path | None,
    run: RunRequest,
) -> int:
    """Split MODULE into a package with one submodule per group of the plan."""
    from refactorkit.codemods.split.api import SplitOptions, split
    from refactorkit.codemods.split.source import AlreadySplit

    if (plan_path is None) == (not auto):
        saved = saved_plan(module) if module.is_file() else None
        hint = f" (the plan written for it: --plan {saved})" if saved and saved.exists() else ""
        raise UserError(f"give either --plan FILE or --auto{hint}")
    try:
        with CodemodProgress() as progress:
            options = SplitOptions(
                plan_path=plan_path,
                base=base_name,
                rewrite_imports=rewrite_imports,
                shim=shim,
                keep_module_names=keep_module_names,
                allow_namespace_lookups=allow_namespace_lookups,
                max_lines=size_limit(module, max_lines),
                progress=progress,
            )
            changeset = split(module, options, root=root)
    except AlreadySplit as exc:
        click.echo(f"nothing to do: {exc}")
        return 0
    code = run_changeset(changeset, run)
    if suggest_config:  # quiet by default: the run's last line says what was written
        for line in changeset.suggested_config.splitlines():
            click.echo(line)
    return code


def _shorten(names: str, limit: int) -> str:
    """The names column in `limit` columns, cut at a name with the count of the rest.

    The plan file has them all. At least one name is shown, however long.
    """
    if len(names) <= limit:
        return names
    shown = names.split(", ")
    total = len(shown)
    while len(shown) > 1:
        shown.pop()
        text = f"{', '.join(shown)}, ... (+{total - len(shown)})"
        if len(text) <= limit:
            return text
    return f"{shown[0]}, ... (+{total - 1})"
