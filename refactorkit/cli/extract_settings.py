"""`refactorkit plan extract-settings`: the values `extract-settings` would move, as a plan.

The command itself (`refactorkit extract-settings`) is built from its codemod class by
`cli/codemod.py`; this module only adds its plan, as `plan split` is for `split`.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from refactorkit.cli.output import default_output, write_output
from refactorkit.cli.root import root_option

_EPILOG = """\
Each [[values]] entry is one literal (FILE:LINE:COL, columns from 0), its rule
code and the constant it becomes. Delete entries to leave them alone, rename
constants, then pass the file to `refactorkit extract-settings PATHS --plan FILE`.
Without -o the plan goes to the user cache folder (the path is printed).

\b
Examples:
  refactorkit plan extract-settings resale --env RESALE_
  refactorkit plan extract-settings resale/services/reports.py --select RK113 -o -

Exit 0 when the plan is written, 2 on bad input.
"""


@click.command(
    "extract-settings",
    epilog=_EPILOG,
    short_help="Propose which hard-coded values move to the settings module.",
)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--into", default="", help="The settings module, dotted (default: found).")
@click.option("--env", default="", help="Environment variable prefix (e.g. APP_).")
@click.option("--select", multiple=True, help="Only these rule codes (repeatable).")
@click.option("--only", multiple=True, help="Only these values: NAME, FILE:LINE (repeatable).")
@click.option("--secret-defaults", is_flag=True, help="Secrets keep their literal as the default.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the plan ('-' for standard output only; default: the user cache).",
)
@root_option()
def plan_extract_settings_command(
    paths: tuple[Path, ...],
    into: str,
    env: str,
    select: tuple[str, ...],
    only: tuple[str, ...],
    secret_defaults: bool,
    output: Path | None,
    root: Path | None,
) -> int:
    """Propose the hard-coded values to move (RK112-RK115) and the constants they become."""
    from refactorkit.codemods.extract_settings.api import Request, codes_of, propose
    from refactorkit.codemods.extract_settings.plan_file import render_plan
    from refactorkit.project import Project

    project = Project.locate(root)
    request = Request(paths, into, env, codes_of(select), only, None, secret_defaults)
    proposal = propose(project, request)
    for lit in proposal.literals:
        click.echo(f"{lit.key}  {lit.code}  {lit.name}")
    for note in proposal.notes:
        click.echo(note, err=True)
    typed = " ".join(shlex.quote(str(p)) for p in paths) or "."
    module = proposal.target.module if proposal.target else into
    text = render_plan(proposal.literals, module, env, typed)
    if str(output) == "-":
        click.echo(text, nl=False)
        return 0
    if output is None:
        output = default_output("plans", project.root, ".settings-plan.toml")
    write_output(output, text.encode("utf-8"), "the plan")
    click.echo(f"plan written to {output}; edit it, then run:")
    click.echo(f"  refactorkit extract-settings {typed} --plan {shlex.quote(str(output))}")
    return 0
