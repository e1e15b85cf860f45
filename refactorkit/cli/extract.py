"""`refactorkit extract`: a block of a function into a helper, by hand or --auto."""

from __future__ import annotations

import re
from pathlib import Path

import click

from refactorkit.cli.options import RunRequest, changeset_options, run_changeset
from refactorkit.errors import UserError

_RANGE = re.compile(r"^(?P<path>.+):(?P<start>\d+)(?:-(?P<end>\d+))?$")
_EPILOG = """\b
Examples:
  refactorkit extract shop/orders.py:40-58 --name _apply_discounts
  refactorkit extract shop/orders.py:41-52 --whole-statements
  refactorkit extract shop/orders.py --function Order.total --auto
  refactorkit extract shop --auto --max-complexity 10 --apply --verify "pytest -q"
"""


@click.command(
    "extract", epilog=_EPILOG, short_help="Cut a block of a function into a helper function."
)
@click.argument("target", metavar="FILE:START-END | PATH")
@click.option("--name", default=None, help="The helper's name (default: _<function>_part).")
@click.option(
    "--as",
    "kind",
    type=click.Choice(["function", "method", "static"]),
    default=None,
    help="For a method's block that reads no self: a module function, a method, or a "
    "@staticmethod (default).",
)
@click.option(
    "--auto",
    is_flag=True,
    help="Choose the cuts: every function over the limit (after the rewrites that need no "
    "helper: dict dispatch, collapsible if, guard clause).",
)
@click.option(
    "--whole-statements",
    is_flag=True,
    help="Take a statement the lines cut whole (the statements START..END touch, in the "
    "innermost block holding both) instead of refusing; a duplicate-code finding's (RK116) "
    "advice names it.",
)
@click.option("--function", "qualname", default=None, help="With --auto: only this function.")
@click.option(
    "--max-complexity",
    type=click.IntRange(min=2),
    default=10,
    show_default=True,
    help="With --auto: the cyclomatic complexity every function and helper must meet.",
)
@changeset_options
def extract_command(
    target: str,
    name: str | None,
    kind: str | None,
    auto: bool,
    whole_statements: bool,
    qualname: str | None,
    max_complexity: int,
    run: RunRequest,
) -> int:
    """Move lines START..END of a function into a new function (or method) placed after it,
    and call it there; or with --auto, cut every function over --max-complexity.

    Inputs are the local names the block reads, outputs the names it sets that are read
    after it. A block that would behave differently as a function (yield, break or continue
    to a loop outside it, global, a try or with cut in half, a return on some paths only) is
    refused with the reason and its line.
    """
    from refactorkit.codemods.extract import ExtractOptions, plan_auto, plan_extract

    root = Path.cwd()
    if auto:
        if name or kind or whole_statements:
            raise click.UsageError(
                "--name, --as and --whole-statements are for one block, not --auto"
            )
        options = ExtractOptions(max_complexity=max_complexity, function=qualname)
        changeset = plan_auto(root, _python_files(Path(target)), options)
    else:
        path, start, end = _parse_range(target)
        options = ExtractOptions(name, kind, whole_statements=whole_statements)
        changeset = plan_extract(root, path, start, end, options)
    return run_changeset(changeset, run)


def _parse_range(target: str) -> tuple[Path, int, int]:
    match = _RANGE.match(target)
    if match is None:
        raise click.UsageError(f"{target!r}: expected FILE:START-END (or PATH with --auto)")
    start = int(match["start"])
    end = int(match["end"] or start)
    path = Path(match["path"])
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    return path, start, end


def _python_files(target: Path) -> list[Path]:
    if target.is_file():
        return [target]
    if not target.is_dir():
        raise UserError(f"{target}: no such file or folder")
    from refactorkit.config import load_config
    from refactorkit.workspace import discover

    found = discover(target, load_config(target))
    return [source.path for source in found.files]
