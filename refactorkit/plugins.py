"""Third-party rules, codemods and output formats, found through entry points.

A distribution declares, in its pyproject.toml:

    [project.entry-points."refactorkit.rules"]
    my-rule = "my_package.rules:MyRule"

A plugin that fails to load (import error, wrong type) is reported in one line and skipped;
it never stops a run. docs/plugins.md shows how to write each kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any

RULES_GROUP = "refactorkit.rules"
CODEMODS_GROUP = "refactorkit.codemods"
FORMATS_GROUP = "refactorkit.formats"


@dataclass(frozen=True)
class Loaded:
    """The objects an entry-point group provided, and one line per plugin that failed."""

    objects: tuple[tuple[str, Any], ...]  # (entry point name, loaded object)
    problems: tuple[str, ...]


def load_group(group: str, accept: Callable[[Any], str | None]) -> Loaded:
    """Load every entry point of `group`; `accept` returns why an object is unusable, or None."""
    objects: list[tuple[str, Any]] = []
    problems: list[str] = []
    for point in sorted(entry_points(group=group), key=lambda p: p.name):
        where = f"plugin {point.name!r} ({point.value}, {group})"
        try:
            loaded = point.load()
        except Exception as exc:  # any error in third-party code: report and go on
            problems.append(f"{where} skipped: {type(exc).__name__}: {exc}")
            continue
        reason = accept(loaded)
        if reason is not None:
            problems.append(f"{where} skipped: {reason}")
            continue
        objects.append((point.name, loaded))
    return Loaded(tuple(objects), tuple(problems))
