"""Third-party rules, codemods and output formats, found through entry points.

A distribution declares, in its pyproject.toml:

    [project.entry-points."refactorkit.rules"]
    my-rule = "my_package.rules:MyRule"

A plugin that fails to load (import error, wrong type) is reported in one line and skipped;
it never stops a run. docs/plugins.md shows how to write each kind.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

RULES_GROUP = "refactorkit.rules"
CODEMODS_GROUP = "refactorkit.codemods"
FORMATS_GROUP = "refactorkit.formats"


@dataclass(frozen=True)
class Loaded:
    """The objects an entry-point group provided, and one line per plugin that failed."""

    objects: tuple[tuple[str, Any], ...]  # (entry point name, loaded object)
    problems: tuple[str, ...]


def entry_points(group: str) -> Any:
    """The entry points of `group` (importlib.metadata's), or none without looking when no
    installed distribution declares a refactorkit group at all.

    Importing importlib.metadata costs about 25 ms (email, zipfile, csv) on every run,
    pre-commit's `check FILE` included, and almost no environment has a plugin. So we
    first read the `entry_points.txt` of the distributions on sys.path (directory installs:
    pip, uv, editable; about 2 ms for 150 of them) and only import it when one names a
    `[refactorkit.` group. A plugin inside a zipped egg is not seen by this scan.
    """
    if not _declares_a_group(group):
        return ()
    from importlib.metadata import entry_points as metadata_entry_points

    return metadata_entry_points(group=group)


def _declares_a_group(group: str) -> bool:
    marker = f"[{group}]".encode()
    return any(marker in data for data in _entry_point_files())


def _entry_point_files() -> Iterator[bytes]:
    """The bytes of every `entry_points.txt` of the distributions on sys.path."""
    for entry in sys.path:
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                try:
                    with open(os.path.join(folder, name, "entry_points.txt"), "rb") as f:
                        yield f.read()
                except OSError:
                    continue


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


class OutputFormat:
    """An output format for `analyze` or `check`, provided by a plugin.

    Subclass it, set `name` (the `--format` value), `verb` ("analyze" or "check") and
    `summary`, and implement `render`: it receives the AnalysisReport or the CheckResult
    and returns the whole output as text.
    """

    name: str = ""
    verb: str = "analyze"
    summary: str = ""

    def render(self, result: Any, top: int) -> str:
        raise NotImplementedError


def why_not_a_format(candidate: Any) -> str | None:
    """Why `candidate` cannot be used as an output format, or None when it can."""
    if not (isinstance(candidate, type) and issubclass(candidate, OutputFormat)):
        return "not a subclass of refactorkit.plugins.OutputFormat"
    if not candidate.name or candidate.verb not in ("analyze", "check"):
        return "the format needs a name and a verb of analyze or check"
    return None


def plugin_formats(verb: str) -> tuple[dict[str, OutputFormat], tuple[str, ...]]:
    """The plugin formats of `verb` by name, and one line per format plugin that failed."""
    loaded = load_group(FORMATS_GROUP, why_not_a_format)
    formats = {cls.name: cls() for _, cls in loaded.objects if cls.verb == verb}
    return formats, loaded.problems
