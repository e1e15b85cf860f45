"""`refactorkit plan split-class` and `refactorkit split-class`: divide a class into mixin parts."""

from __future__ import annotations

from pathlib import Path

import click

from refactorkit.cli.options import RunRequest, changeset_options, run_changeset
from refactorkit.cli.output import default_output, plan_output_option, write_output, write_plan
from refactorkit.cli.root import root_option
from refactorkit.config import Config
from refactorkit.errors import UserError
from refactorkit.project import Project

_TARGET = click.argument("target", metavar="PKG.MOD:CLASS")
_ROOT = root_option()
_MAX_METHODS = click.option(
    "--max-methods",
    type=click.IntRange(min=2),
    default=None,
    metavar="N",
    help="At most N methods per part (default: check's max_class_methods, 20).",
)

_LAZY = click.option(
    "--allow-lazy-import",
    "lazy",
    is_flag=True,
    help="Move methods that call names the class's module defines too: their part imports "
    "them inside the method, when called (an import cycle at call time, which check reports).",
)

_PLAN_EPILOG = """\
The plan lists what stays in the class (with the reason when it cannot move) and
each part: a mixin class, its module (next to the class's module) and its members.
Move members between parts, rename parts, then pass it to
`refactorkit split-class PKG.MOD:CLASS --plan FILE`. Without -o the plan goes to
the user cache folder (the path is printed).

\b
Examples:
  refactorkit plan split-class shop.models:Order
  refactorkit plan split-class shop.models:Order -o order-plan.toml

Exit 0 when the plan is written, 2 on bad input.
"""
_SPLIT_EPILOG = """\
Each part becomes a mixin class in its own module and CLASS derives from the parts
first (`class Order(OrderPricingMixin, ..., Base)`), so every `Order.method` still
resolves, super() chains keep their order, and importers change nothing.
Attributes, special methods and what would change meaning outside the class body
stay in the class. Without --apply nothing is written: the diff is shown.

\b
Examples:
  refactorkit split-class shop.models:Order --auto
  refactorkit split-class shop.models:Order --auto -o plan.toml --apply --verify "pytest -q"
  refactorkit split-class shop.models:Order --plan order-plan.toml --apply
  refactorkit undo

Exit 0 when there is nothing to do or the change was applied, 1 when a dry run
shows changes (or --verify failed and rolled them back), 2 when refused.
"""


def _project(root: Path | None) -> tuple[Path, Config]:
    project = Project.locate(root)
    return project.root, project.config


def method_limit(config: Config, asked: int | None) -> int:
    """`max_class_methods` of the rules' limits (default 20), or --max-methods when lower."""
    from refactorkit.cli.settings import rule_settings

    limit = int(rule_settings(config).limits.number("max_class_methods"))
    return min(asked, limit) if asked else limit


@click.command(
    "split-class", epilog=_PLAN_EPILOG, short_help="Propose how to divide a class into parts."
)
@_TARGET
@plan_output_option
@_MAX_METHODS
@_LAZY
@_ROOT
def plan_split_class_command(
    target: str, output: Path | None, max_methods: int | None, lazy: bool, root: Path | None
) -> int:
    """Propose how to divide CLASS into mixin parts; write the plan and print it as a table."""
    from refactorkit.codemods.split_class.api import propose_split

    root, config = _project(root)
    proposal = propose_split(root, target, method_limit(config, max_methods), config, lazy)
    for name, methods, members in proposal.table:
        click.echo(f"{name:<36} {methods:>3}  {_shorten(members)}")  # refactorkit: ignore[RK116]
    for warning in proposal.warnings:
        click.echo(f"warning: {warning}", err=True)
    name = target.replace(":", "-").replace(".", "_")
    return write_plan(
        proposal.toml,
        output,
        lambda: default_output("plans", root / name, ".class-plan.toml"),
        f"refactorkit split-class {target}",
    )


def _shorten(members: str, limit: int = 38) -> str:
    return members if len(members) <= limit else members[: limit - 3].rpartition(",")[0] + ", ..."


@click.command("split-class", epilog=_SPLIT_EPILOG, short_help="Divide a class into mixin parts.")
@_TARGET
@click.option(
    "--plan",
    "plan_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="The plan written by `refactorkit plan split-class` (and maybe edited).",
)
@click.option("--auto", is_flag=True, help="Use the proposed plan without writing it first.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="With --auto: also write the plan used to FILE.",
)
@_MAX_METHODS
@_LAZY
@_ROOT
@changeset_options
def split_class_command(
    target: str,
    plan_path: Path | None,
    auto: bool,
    output: Path | None,
    max_methods: int | None,
    lazy: bool,
    root: Path | None,
    run: RunRequest,
) -> int:
    """Divide CLASS (PKG.MOD:CLASS) into mixin parts, each in a module of its own."""
    from refactorkit.codemods.split_class.api import propose_split, split_class

    if (plan_path is None) == (not auto):
        raise UserError("give either --plan FILE or --auto")
    root, config = _project(root)
    limit = method_limit(config, max_methods)
    if output is not None:
        if not auto:
            raise UserError("-o writes the plan --auto uses; with --plan the plan is your file")
        proposal = propose_split(root, target, limit, config, lazy)
        write_output(output, proposal.toml.encode("utf-8"), "the plan")
    changeset = split_class(root, target, plan_path, limit, config, lazy)
    return run_changeset(changeset, run)
