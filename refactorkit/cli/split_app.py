"""`refactorkit plan split-app` and `refactorkit split-app`: an app module in the web layout."""

from __future__ import annotations

import shlex
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from refactorkit.cli.options import RunRequest, changeset_options, run_changeset
from refactorkit.cli.output import default_output, plan_output_option, write_output
from refactorkit.cli.progress import CodemodProgress
from refactorkit.cli.root import root_option
from refactorkit.errors import UserError

if TYPE_CHECKING:
    from refactorkit.codemods.split_app.api import AppSplitOptions

__all__ = ["plan_split_app_command", "split_app_command"]

_MODULE = click.argument("module", type=click.Path(path_type=Path))
_ROOT = root_option(
    "Project root (default: the nearest folder above the module with a pyproject.toml or .git)."
)
_MAX_LINES = click.option(
    "--max-lines",
    type=click.IntRange(min=50),
    default=300,
    show_default=True,
    metavar="N",
    help="Plan no new file over N lines.",
)
_FACTORY = click.option(
    "--factory",
    is_flag=True,
    help="Wrap the global app in create_app(config=None) and keep `app = create_app()`.",
)
_STYLE = click.option(
    "--style",
    type=click.Choice(["blueprint", "keep"]),
    default="blueprint",
    show_default=True,
    help="blueprint: handlers on the app move to a Blueprint/APIRouter per router module "
    "(endpoint names kept); keep: they stay on the app object and only move.",
)

_PLAN_EPILOG = """\
Each [[groups]] entry is one file of the web layout (routers/products,
services/orders, middleware, dependencies, schemas, errors, factory) and the
top-level names it takes. Edit it, then pass it to `refactorkit split-app
MODULE --plan FILE`.

\b
Examples:
  refactorkit plan split-app resale/app.py -o app-plan.toml
  refactorkit plan split-app resale/app.py -o -
"""
_SPLIT_EPILOG = """\
Turns MODULE (a Flask, FastAPI or Starlette app module) into a package in the
web layout; its __init__.py keeps every old import working. Without --apply
nothing is written: the diff and a summary are shown.

\b
Examples:
  refactorkit split-app resale/app.py --auto
  refactorkit split-app resale/app.py --auto --factory --apply --verify pytest
  refactorkit split-app resale/app.py --plan app-plan.toml --apply
  refactorkit undo

Exit 0 when applied, 1 when a dry run shows changes (or --verify failed and
rolled them back), 2 when refused.
"""


def _options(plan: Path | None, factory: bool, style: str, max_lines: int) -> AppSplitOptions:
    from refactorkit.codemods.split_app.api import AppSplitOptions

    return AppSplitOptions(plan_path=plan, factory=factory, style=style, max_lines=max_lines)


@click.command(
    "split-app", epilog=_PLAN_EPILOG, short_help="Propose the web layout of an app module."
)
@_MODULE
@plan_output_option
@_FACTORY
@_STYLE
@_MAX_LINES
@_ROOT
def plan_split_app_command(
    module: Path, output: Path | None, factory: bool, style: str, max_lines: int, root: Path | None
) -> int:
    """Propose how to split app MODULE into routers, services, middleware and a factory."""
    from refactorkit.codemods.split_app.api import propose_app

    proposal = propose_app(module, _options(None, factory, style, max_lines), root=root)
    width = max((len(row[0]) for row in proposal.table), default=5)
    click.echo(f"{'file':<{width}}  {'lines':>5}  {'routes':>6}  names")
    for path, lines, routes, names in proposal.table:
        shown = names if len(names) <= 50 else names[:47] + "..."
        click.echo(f"{path:<{width}}  {lines:>5}  {routes:>6}  {shown}")
    for warning in proposal.warnings:
        click.echo(f"warning: {warning}", err=True)
    if str(output) == "-":
        click.echo(proposal.toml, nl=False)
        return 0
    if output is None:
        output = default_output("plans", module, ".split-app-plan.toml")
    write_output(output, proposal.toml.encode("utf-8"), "the plan")
    click.echo(f"plan written to {output}; edit it, then run:")
    click.echo(
        f"  refactorkit split-app {shlex.quote(str(module))} --plan {shlex.quote(str(output))}"
    )
    return 0


@click.command(
    "split-app", epilog=_SPLIT_EPILOG, short_help="Split an app module into the web layout."
)
@_MODULE
@click.option(
    "--plan",
    "plan_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="The plan file written by `refactorkit plan split-app` (and maybe edited).",
)
@click.option("--auto", is_flag=True, help="Use the proposed layout without writing it first.")
@_FACTORY
@_STYLE
@_MAX_LINES
@_ROOT
@changeset_options
def split_app_command(
    module: Path,
    plan_path: Path | None,
    auto: bool,
    factory: bool,
    style: str,
    max_lines: int,
    root: Path | None,
    run: RunRequest,
) -> int:
    """Split app MODULE into routers/, services/, middleware, dependencies and a factory."""
    from refactorkit.codemods.split_app.api import split_app

    if (plan_path is None) == (not auto):
        raise UserError("give either --plan FILE or --auto")
    with CodemodProgress() as progress:
        options = _options(plan_path, factory, style, max_lines)
        changeset = split_app(module, replace(options, progress=progress), root=root)
    return run_changeset(changeset, run)
