"""The fixes rules attach to findings: commands (argv, runnable from the project root) or advice."""

from __future__ import annotations

import re
import shlex
from typing import Any

from refactorkit.domain import Fix


def typed_path(root_hint: str, relpath: str) -> str:
    """`relpath` as the user types it from their folder (unquoted; argv needs no quoting)."""
    return f"{root_hint.rstrip('/')}/{relpath}" if root_hint else relpath


def command_text(argv: tuple[str, ...]) -> str:
    """The command as a POSIX shell line, quoted where needed."""
    return shlex.join(argv)


def command_fix(kind: str, argv: tuple[str, ...], why: str = "") -> Fix:
    """A fix that is a refactorkit command: its text is the command, then `why` if given."""
    text = command_text(argv)
    return Fix(kind, f"{text}  ({why})" if why else text, argv)


def advice(text: str) -> Fix:
    """A fix no command does yet: words only."""
    return Fix("advice", text)


def split_fix(root_hint: str, relpath: str, *options: str) -> Fix:
    """Split a module into a package by an automatic plan (`plan split` to edit it first)."""
    argv = ("refactorkit", "split", typed_path(root_hint, relpath), "--auto", *options)
    return command_fix("split", argv)


def new_module_for(module: str, class_name: str, is_package: bool = False) -> str:
    """Where a class moved out of `module` would go: a sibling named after the class.

    A class in a package's `__init__.py` goes into that package, not next to it. A private
    module's class goes to a private module (httpx keeps every submodule private and tests
    that no public one appears).
    """
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", class_name).lower()
    if module.rpartition(".")[2].startswith("_") and not snake.startswith("_"):
        snake = "_" + snake
    package = module if is_package else module.rpartition(".")[0]
    target = f"{package}.{snake}" if package else snake
    return target if target != module else f"{target}_core"


def move_symbol_fix(root_hint: str, module: str, name: str, target: str) -> Fix:
    """Move one definition to another module (move-symbol finds the project from cwd)."""
    argv: tuple[str, ...] = ("refactorkit", "move-symbol", f"{module}:{name}", target)
    if root_hint:
        argv += ("--root", root_hint)
    return command_fix("move-symbol", argv)


def split_class_fix(root_hint: str, module: str, name: str) -> Fix:
    """Divide a class into mixin parts by an automatic plan (`plan split-class` to edit it)."""
    argv: tuple[str, ...] = ("refactorkit", "split-class", f"{module}:{name}", "--auto")
    if root_hint:
        argv += ("--root", root_hint)
    return command_fix("split-class", argv)


def fix_as_json(fix: Fix | None) -> dict[str, Any] | None:
    """A fix as JSON: kind, text, and argv (runnable from the project root) for commands."""
    if fix is None:
        return None
    document: dict[str, Any] = {"kind": fix.kind, "text": fix.text}
    if fix.argv:
        document["argv"] = list(fix.argv)
    return document
