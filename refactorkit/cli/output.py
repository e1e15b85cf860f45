"""Writing to `--output FILE` (the whole file or nothing, never over a device), and the
`-o`/`--format` options and the plan-writing tail the commands share."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from refactorkit.atomic import write_atomically
from refactorkit.errors import UserError

F = TypeVar("F", bound=Callable[..., Any])


def write_output(output: Path, data: bytes, what: str = "the report") -> None:
    """Write `data` atomically (see refactorkit.atomic); a failure is one line, exit 2."""
    try:
        write_atomically(output, data)
    except OSError as exc:
        raise UserError(f"{output}: cannot write {what}: {exc.strerror or exc}") from exc


def default_output(kind: str, source: Path, suffix: str) -> Path:
    """Where a file the user did not name goes: the user cache folder, never the project.

    `kind` is a subfolder ("graphs", "plans"); the name is `source`'s (the project, or the
    module a plan is for) plus a hash of its absolute path, so two projects called `app`
    do not overwrite each other's files.
    """
    import hashlib

    import platformdirs

    source = source.resolve()
    stem = source.parent.name if source.stem == "__init__" else source.stem
    digest = hashlib.sha1(str(source).encode("utf-8")).hexdigest()[:10]
    folder = platformdirs.user_cache_path("refactorkit") / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"{folder}: cannot create the folder: {exc.strerror or exc}") from exc
    return folder / f"{stem or 'project'}-{digest}{suffix}"


PLAN_OUTPUT_HELP = (
    "Where to write the plan ('-' for standard output only; default: the user cache "
    "folder, never the project)."
)


def plan_output_option(f: F) -> F:
    """`-o/--output FILE` of every `plan ...` command (see `write_plan`)."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=PLAN_OUTPUT_HELP,
    )(f)


def write_plan(
    toml: str,
    output: Path | None,
    default: Callable[[], Path],
    command: str,
    *,
    note_overwrite: bool = False,
) -> int:
    """Print the plan (`-o -`) or write it (`default()` when no -o) and say how to run it.

    `command` is the run command without `--plan FILE`; with `note_overwrite` a plan file
    that held another plan is named first. Returns the exit code (0).
    """
    if str(output) == "-":
        click.echo(toml, nl=False)
        return 0
    output = output or default()
    if note_overwrite and _holds_another(output, toml):
        click.echo(f"overwriting {output}")
    write_output(output, toml.encode("utf-8"), "the plan")
    click.echo(f"plan written to {output}; edit it, then run:")
    click.echo(f"  {command} --plan {shlex.quote(str(output))}")
    return 0


def _holds_another(path: Path, text: str) -> bool:
    return path.exists() and path.read_text(encoding="utf-8", errors="replace") != text


def drawing_options(formats: tuple[str, ...], default: str, output_help: str) -> Callable[[F], F]:
    """`--format` (one of `formats`; svg and png need Graphviz) and `--output/-o FILE` of the
    commands that draw (`graph`, `erd`); the command gets `output_format` and `output`."""

    def decorate(f: F) -> F:
        f = click.option(
            "--output",
            "-o",
            type=click.Path(dir_okay=False, path_type=Path),
            help=output_help,
        )(f)
        return click.option(
            "--format",
            "output_format",
            type=click.Choice(formats),
            default=default,
            show_default=True,
            help="svg and png need Graphviz's `dot` program.",
        )(f)

    return decorate
