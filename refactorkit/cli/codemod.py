"""Commands built from seam codemods (`refactorkit.codemods.base.Codemod` classes).

A codemod's frozen `Options` dataclass becomes the command's options: a `paths` field the
PATHS arguments, a bool field a `--flag`, an int/float/str field a typed `--option VALUE`
with the field's default, a `tuple[str, ...]` field a repeatable option. The command finds
the project (`--root`), plans, and runs the ChangeSet through the shared runner options
(dry run, --apply, --verify, --commit, --stat).
"""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path
from typing import Any

import click

from refactorkit.cli.options import RunRequest, changeset_options, run_changeset
from refactorkit.cli.root import root_option
from refactorkit.codemods.registry import CodemodClass

_EPILOG = """\
\b
Examples:
  refactorkit {name}                      # dry run over the project: the diff
  refactorkit {name} src/pkg --apply      # only these files and folders
  refactorkit {name} --apply --verify "pytest -q" --commit

Exit 0 when there is nothing to do or the change was applied, 1 when a dry run shows
changes, 2 when refused.
"""

_ROOT = root_option()
_SCALARS: dict[Any, Any] = {int: click.INT, float: click.FLOAT, str: click.STRING}


def codemod_command(codemod: CodemodClass) -> click.Command:
    """The click command of one codemod class."""

    def command_body(root: Path | None, run: RunRequest, **values: Any) -> int:
        from refactorkit.project import Project

        project = Project.locate(root)
        options = codemod.Options(**_converted(codemod.Options, values))
        changeset = codemod().plan(project, options)
        return run_changeset(changeset, run)

    command: Any = changeset_options(command_body)
    command = _ROOT(command)
    for parameter in reversed(_parameters(codemod.Options)):
        command = parameter(command)
    return click.command(
        codemod.name,
        help=(codemod.__doc__ or codemod.summary).strip(),
        short_help=codemod.summary,
        epilog=_EPILOG.format(name=codemod.name),
    )(command)


def _parameters(options: type[Any]) -> list[Any]:
    """One click decorator per field of the Options dataclass."""
    hints = typing.get_type_hints(options)
    return [_parameter(f, hints[f.name]) for f in dataclasses.fields(options)]


def _parameter(field: dataclasses.Field[Any], hint: Any) -> Any:
    flag = "--" + field.name.replace("_", "-")
    help_text = field.metadata.get("help", "")
    default = field.default if field.default is not dataclasses.MISSING else None
    if field.name == "paths":
        return click.argument(
            "paths", nargs=-1, type=click.Path(exists=True, path_type=Path), metavar="[PATHS]..."
        )
    if hint is bool:
        return click.option(flag, is_flag=True, default=bool(default), help=help_text)
    if typing.get_origin(hint) is tuple:
        return click.option(flag, multiple=True, help=help_text + " (repeatable)")
    kind = _SCALARS.get(hint, click.STRING)
    required = default is None and field.default_factory is dataclasses.MISSING
    return click.option(
        flag, type=kind, default=default, required=required, show_default=True, help=help_text
    )


def _converted(options: type[Any], values: dict[str, Any]) -> dict[str, Any]:
    """click's values as the dataclass wants them (tuples stay tuples; None means default)."""
    names = {f.name for f in dataclasses.fields(options)}
    return {k: (tuple(v) if isinstance(v, list) else v) for k, v in values.items() if k in names}
