"""The terminal a command writes to: its width and whether to colour (`--color`, NO_COLOR).

Every command decides colour here, so `NO_COLOR` (https://no-color.org) and `--color` mean
the same everywhere: `never`, `always`, or `auto` (a terminal that is not "dumb", and no
non-empty `NO_COLOR`). An explicit `--color always` wins over `NO_COLOR`.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TextIO, TypeVar, cast

import click

COLOR_CHOICES = ("auto", "always", "never")
DEFAULT_WIDTH = 80  # when not writing to a terminal
MIN_WIDTH = 40
F = TypeVar("F", bound=Callable[..., Any])


def terminal_width(stream: TextIO | None = None) -> int:
    """`COLUMNS` when set, else the terminal's width, else 80 (a pipe or a file)."""
    stream = stream or sys.stdout
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(MIN_WIDTH, int(columns))
    try:
        if stream.isatty():
            return max(MIN_WIDTH, os.get_terminal_size(stream.fileno()).columns)
    except (OSError, ValueError, AttributeError):
        pass
    return DEFAULT_WIDTH


def use_color(choice: str | None, stream: TextIO | None = None) -> bool:
    """Whether to colour output going to `stream` (stdout by default)."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    stream = stream or sys.stdout
    try:
        return stream.isatty()
    except (ValueError, AttributeError):
        return False


def color_option(f: F) -> F:
    """`--color [auto|always|never]` (default auto; a bare `--color` is always) and the old
    `--no-color` (hidden), folded into the one `color` argument the command receives."""

    @functools.wraps(f)
    def wrapper(*args: Any, no_color: bool = False, **kwargs: Any) -> Any:
        if no_color:
            kwargs["color"] = "never"
        return f(*args, **kwargs)

    command: Callable[..., Any] = click.option(
        "--no-color", is_flag=True, hidden=True, help="Same as --color never."
    )(wrapper)
    command = click.option(
        "--color",
        type=click.Choice(COLOR_CHOICES),
        default="auto",
        is_flag=False,
        flag_value="always",
        show_default=True,
        help="Colour the output: auto = on a terminal, unless NO_COLOR is set.",
    )(command)
    return cast(F, command)
