"""`refactorkit references NAME [PATH] [--rules FILE]`: find and retire every reference."""

from __future__ import annotations

from pathlib import Path

import click

from refactorkit.cli.options import EXIT_CHANGES, EXIT_CLEAN, RunRequest, changeset_options
from refactorkit.cli.root import root_option
from refactorkit.domain import ChangeSet

_EPILOG = """\
\b
Examples:
  refactorkit references legacy_orders                 # every reference, classified
  refactorkit references LEGACY_DB_URL src --format markdown
  refactorkit references legacy_orders --rules retire.toml          # dry run: the diff
  refactorkit references legacy_orders --rules retire.toml --apply --verify "pytest -q"

Exit 0 when nothing is found (or applied), 1 when references are found or changes are
pending, 2 on bad input. Rules and kinds: docs/references.md.
"""


@click.command(
    "references", short_help="Find every reference to a name; retire it by rules.", epilog=_EPILOG
)
@click.argument("name")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--rules",
    "rules_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="TOML rules: per source type, kind and pattern, report | replace | remove | comment "
    "(docs/references.md). Without it: report only.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="How the references are listed.",
)
@root_option()
@changeset_options
def references_command(
    name: str,
    path: Path | None,
    rules_file: Path | None,
    fmt: str,
    root: Path | None,
    run: RunRequest,
) -> int:
    """Every reference to NAME (a database, module, setting, URL host or env variable) in
    Python, config, SQL, Docker and docs files, each with its source type and kind; with
    --rules, the changes that retire it (a dry run unless --apply)."""
    from refactorkit.codemods.retire.codemod import RetireOptions, retire, retirement_record
    from refactorkit.codemods.retire.rules import load_rules
    from refactorkit.project import Project
    from refactorkit.reporting.references_report import RENDERERS

    project = Project.locate(root, cwd=path if path is not None and path.is_dir() else None)
    rules = load_rules(rules_file) if rules_file is not None else ()
    under = path.resolve() if path is not None else None
    retirement = retire(project, RetireOptions(name, under, rules))
    record = retirement_record(name, retirement)
    click.echo(RENDERERS[fmt](record), nl=False)
    if rules_file is None:
        return EXIT_CHANGES if retirement.outcomes else EXIT_CLEAN
    return _run(retirement.changeset, run, fmt)


def _run(changeset: ChangeSet, run: RunRequest, fmt: str) -> int:
    """The runner shows or applies the changes; a json/markdown dry run shows no diff (the
    output stays one document) and only says by its exit code whether changes are pending."""
    from refactorkit.cli.options import run_changeset

    if fmt != "text" and not run.apply:
        return EXIT_CHANGES if changeset.changes else EXIT_CLEAN
    return run_changeset(changeset, run)
