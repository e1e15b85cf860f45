"""`--root DIR`: the one spelling of the project folder on every command.

Its own module, without imports of the runner, so `compare` and `undo` stay cheap to start.
The folder itself is found by `refactorkit.project.Project.locate`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

ROOT_HELP = (
    "Project root (default: the nearest folder above the current one with a pyproject.toml "
    "or .git, else the current folder)."
)


def root_option(help_text: str = ROOT_HELP, *aliases: str) -> Callable[[F], F]:
    """`--root DIR`, the one spelling of the project folder on every command."""
    return click.option(
        "--root",
        *aliases,
        "root",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        default=None,
        help=help_text,
    )
