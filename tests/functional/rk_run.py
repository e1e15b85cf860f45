"""Run `refactorkit` in-process (through `cli.main`) and capture its output and exit code."""

from __future__ import annotations

import contextlib
import io
import os
import textwrap
from dataclasses import dataclass
from pathlib import Path

from refactorkit.cli import cli, main
from refactorkit.cli.check import baseline_command, check_command
from refactorkit.cli.compare import compare_command
from refactorkit.cli.graph import graph_command

# Idempotent: the same commands the lead wires in cli/__init__.py.
for command in (check_command, baseline_command, graph_command, compare_command):
    cli.add_command(command)


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def rk(*args: str, cwd: Path) -> Run:
    """`refactorkit ARGS` run in `cwd`."""
    out, err = io.StringIO(), io.StringIO()
    before = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        os.chdir(before)
    return Run(code, out.getvalue(), err.getvalue())


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def nested_ifs(name: str, depth: int, indent: str = "") -> str:
    """A function of cyclomatic complexity depth + 1."""
    lines = [f"{indent}def {name}(x):"]
    for level in range(depth):
        lines.append(f"{indent}{'    ' * (level + 1)}if x > {level}:")
    lines.append(f"{indent}{'    ' * (depth + 1)}return 1")
    lines.append(f"{indent}    return 0")
    return "\n".join(lines) + "\n"
