"""`refactorkit fleet VERB --repos FILE [...] [VERB ARGS]`: one verb over many repositories."""

from __future__ import annotations

from pathlib import Path

import click

from refactorkit.cli.options import EXIT_CHANGES, EXIT_CLEAN, EXIT_ERROR

VERBS_HELP = "analyze, check, references, or a codemod command (split, move, ...)"


_EPILOG = """\
\b
Examples:
  refactorkit fleet analyze --repos repos.txt --no-cache
  refactorkit fleet references legacy_orders --rules retire.toml --repos repos.txt
  refactorkit fleet check --repos repos.toml --executor dask --scheduler tcp://host:8786

Exit 0 when every repository is ok, 1 when some are not, 2 when none is or on bad input.
Details: docs/fleet.md.
"""


@click.command(
    "fleet",
    short_help="Run a verb over many repositories (process pool or Dask).",
    epilog=_EPILOG,
    context_settings={"ignore_unknown_options": True, "allow_extra_args": False},
)
@click.argument("verb")
@click.argument("verb_args", nargs=-1, type=click.UNPROCESSED)
@click.option(
    "--repos",
    "repos_file",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Repositories: one PATH-or-URL [REVISION] a line, or TOML [[repo]] path/url, rev.",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help='local: a process pool; dask: Dask distributed (pip install "refactorkit[fleet]").',
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="With --executor dask: an existing scheduler (tcp://host:8786); else a LocalCluster.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Worker processes (local pool, or LocalCluster workers).",
)
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("fleet-out"),
    show_default=True,
    help="Results journal and work trees; a rerun skips what is done here.",
)
@click.option(
    "--in-place",
    is_flag=True,
    default=False,
    help="Run in the repositories' own checkouts instead of scratch clones.",
)
@click.option(
    "--branch", default="", metavar="NAME", help="Create this branch in each work tree first."
)
@click.option(
    "--max-memory",
    "memory_mb",
    type=click.IntRange(min=0),
    default=0,
    metavar="MB",
    help="Address-space limit per task's process (0: none).",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0),
    default=2,
    show_default=True,
    help="Rounds re-running tasks whose worker was lost.",
)
@click.option(
    "--summary",
    "fmt",
    type=click.Choice(["text", "json", "markdown", "html"]),
    default="text",
    show_default=True,
    help="How the summary is printed (all four are also written under --out).",
)
def fleet_command(
    verb: str,
    verb_args: tuple[str, ...],
    repos_file: Path,
    executor: str,
    scheduler: str | None,
    jobs: int,
    out: Path,
    in_place: bool,
    branch: str,
    memory_mb: int,
    retries: int,
    fmt: str,
) -> int:
    """Run VERB (analyze, check, references, or a codemod) over every repository of --repos,
    each in a scratch work tree, on a local process pool or Dask; results are journaled under
    --out and a rerun skips repositories done at the same revision and options.
    """
    from refactorkit.fleet.engine import FleetOptions, run_fleet
    from refactorkit.fleet.repos import load_repos
    from refactorkit.fleet.verbs import absolute_paths

    options = FleetOptions(
        verb, absolute_paths(verb_args, Path.cwd()), out.resolve(), executor, scheduler, jobs,
        in_place, branch, memory_mb, retries,
    )  # fmt: skip
    repos = load_repos(repos_file)
    result = run_fleet(repos, options, progress=_progress)
    return _summary(result, out.resolve(), fmt)


def _progress(record: dict[str, object]) -> None:
    click.echo(f"fleet: {record['name']}: {record['status']}", err=True)


def _summary(result: object, out: Path, fmt: str) -> int:
    from refactorkit.atomic import write_atomically
    from refactorkit.fleet.engine import FleetResult
    from refactorkit.reporting.fleet_report import RENDERERS, summarize

    assert isinstance(result, FleetResult)
    summary = summarize(result.records, result.skipped, result.seconds, result.executor)
    suffixes = {"text": "txt", "json": "json", "markdown": "md", "html": "html"}
    for kind, render in RENDERERS.items():
        write_atomically(out / f"summary.{suffixes[kind]}", render(summary).encode())
    click.echo(RENDERERS[fmt](summary), nl=False)
    if summary["status"].get("ok", 0) != summary["repos"]:
        return EXIT_ERROR if not summary["status"].get("ok") else EXIT_CHANGES
    return EXIT_CLEAN
