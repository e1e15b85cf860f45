"""The one registry of seam codemods: built-in ones plus plugins' (`refactorkit.codemods`).

Built-in codemods are found by scanning `refactorkit.codemods.builtin`; plugin codemods come
from the `refactorkit.codemods` entry-point group. Each becomes a `refactorkit NAME` command
(`refactorkit.cli.codemod` builds it); a plugin that fails to load is reported in one line.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
from typing import Any

from refactorkit.codemods.base import Codemod, why_not_a_codemod
from refactorkit.plugins import CODEMODS_GROUP, load_group

CodemodClass = type[Codemod[Any]]


def codemod_classes() -> dict[str, CodemodClass]:
    """Every usable codemod by name; a built-in wins over a plugin of the same name."""
    builtin, plugins, _ = _discovered()
    return {**plugins, **builtin}


def plugin_problems() -> tuple[str, ...]:
    """One line per codemod plugin that could not be loaded or clashes with a built-in."""
    return _discovered()[2]


@functools.cache
def _discovered() -> tuple[dict[str, CodemodClass], dict[str, CodemodClass], tuple[str, ...]]:
    package = importlib.import_module("refactorkit.codemods.builtin")
    builtin: dict[str, CodemodClass] = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for value in vars(module).values():
            defined_here = inspect.isclass(value) and value.__module__ == module.__name__
            if defined_here and why_not_a_codemod(value) is None:
                builtin[value.name] = value
    loaded = load_group(CODEMODS_GROUP, why_not_a_codemod)
    problems = list(loaded.problems)
    plugins: dict[str, CodemodClass] = {}
    for point, cls in loaded.objects:
        if cls.name in builtin:
            problems.append(f"plugin {point!r} skipped: codemod name {cls.name!r} is built in")
        else:
            plugins[cls.name] = cls
    return builtin, plugins, tuple(problems)
