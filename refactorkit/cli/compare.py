"""`refactorkit compare [BASE] [HEAD]`: before/after metrics of two git revisions."""

from __future__ import annotations

from pathlib import Path

import click

from refactorkit.cli.root import root_option
from refactorkit.reporting.compare_report import COMPARE_FORMATS

_EPILOG = """\
\b
Examples:
  refactorkit compare                          # HEAD against the working tree
  refactorkit compare HEAD~1                   # the last commit against the working tree
  refactorkit compare main HEAD --format markdown -o compare.md
  refactorkit compare origin/main --fail-on-worse  # CI: fail a branch that makes it worse
  refactorkit compare v1.0 v2.0 -C src/app     # a project inside the repository

Exit 0 when the table is written; with --fail-on-worse 1 when a metric got worse (unless
--exit-zero); 2 on bad input (not a git repository, unknown revision).
"""


@click.command("compare", epilog=_EPILOG, short_help="Compare the metrics of two git revisions.")
@click.argument("base", default="HEAD")
@click.argument("head", required=False)
@root_option(
    "The project folder inside the git repository (default: the nearest folder above the "
    "current one with a pyproject.toml or .git). -C and --path are older spellings.",
    "--path",
    "-C",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(COMPARE_FORMATS),
    default="text",
    show_default=True,
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE."
)
@click.option("--no-cache", is_flag=True, help="Measure every file again (ignore the cache).")
@click.option(
    "--fail-on-worse",
    is_flag=True,
    help="Exit 1 when a metric got worse (stderr names them): a CI gate on a pull request.",
)
@click.option(
    "--exit-zero", is_flag=True, help="Exit 0 whatever the table shows (cancels --fail-on-worse)."
)
def compare_command(
    base: str,
    head: str | None,
    root: Path | None,
    output_format: str,
    output: Path | None,
    no_cache: bool,
    fail_on_worse: bool,
    exit_zero: bool,
) -> int:
    """Compare the metrics of BASE (default HEAD) and HEAD (default: the working tree).

    Each revision is checked out into a temporary folder through a private index; the
    working tree, the index and the branches are only read. Lines of the largest files,
    files over the size limit, complexity, classes, maintainability, cycles and module
    count, with deltas.
    """
    from refactorkit.analysis.compare import compare_revisions
    from refactorkit.analysis.engine import AnalyzeOptions
    from refactorkit.project import Project
    from refactorkit.reporting.compare_report import render_comparison

    project = Project.locate(root)
    root, config = project.root, project.config
    options = AnalyzeOptions(use_cache=not no_cache, since_days=0)
    comparison = compare_revisions(root, config, base, head, options)
    text = render_comparison(comparison, output_format)
    if output is None:
        click.echo(text, nl=False)
    else:
        from refactorkit.cli.output import write_output

        write_output(output, text.encode("utf-8"))
        click.echo(f"wrote {output}", err=True)
    worse = [m for m in comparison.metrics if m.verdict == "worse"]
    if not fail_on_worse or exit_zero or not worse:
        return 0
    names = ", ".join(m.label for m in worse)
    click.echo(f"refactorkit: {len(worse)} metric(s) got worse: {names}", err=True)
    return 1
