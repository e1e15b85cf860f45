"""`[tool.refactorkit]` in the analyzed project's pyproject.toml, as typed frozen dataclasses.

Read lazily (from `cli.main`), never at import time. Precedence: CLI > file > defaults; the CLI
layer applies its overrides with `dataclasses.replace`. We never write the user's config.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib


class ConfigError(ValueError):
    """A bad key or value in `[tool.refactorkit]`; the message names the key."""


@dataclass(frozen=True)
class Config:
    """The whole `[tool.refactorkit]` table. `project_root` is where pyproject.toml lives."""

    project_root: Path | None = None
    roots: tuple[str, ...] = ()  # importable roots relative to the project root; auto if empty
    exclude: tuple[str, ...] = ()  # extra gitignore-style globs
    churn_days: int = 90
    # The rules' tables, typed by refactorkit.rules.settings.load_settings (which knows the
    # rules, plugins included): limits, check (contracts, ignores), and the deprecated
    # thresholds table of analyze.
    limits: dict[str, Any] = field(default_factory=dict)
    check: dict[str, Any] = field(default_factory=dict)
    thresholds: dict[str, Any] = field(default_factory=dict)


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above `start`."""
    start = start.resolve()
    for directory in (start, *start.parents) if start.is_dir() else start.parents:
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def distribution_name(root: Path) -> str | None:
    """`[project] name` of the pyproject.toml at `root`: the project is a published
    distribution whose modules other distributions may import. None when there is none."""
    try:
        data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    project = data.get("project")
    name = project.get("name") if isinstance(project, dict) else None
    return name if isinstance(name, str) else None


def read_scripts(root: Path) -> tuple[str, ...]:
    """The `[project.scripts]` targets ("pkg.cli:main") of the pyproject.toml at `root`."""
    try:
        data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return ()
    project = data.get("project")
    scripts = project.get("scripts") if isinstance(project, dict) else None
    if not isinstance(scripts, dict):
        return ()
    return tuple(v for v in scripts.values() if isinstance(v, str))


_NOT_SHIPPED = frozenset({"tests", "test", "testing", "docs", "examples", "scripts", "benchmarks"})


def public_module(module: str) -> bool:
    """A module name others may import: no private part, not a test or docs tree."""
    parts = module.split(".")
    return not any(p.startswith("_") for p in parts) and parts[0] not in _NOT_SHIPPED


def load_config(start: Path) -> Config:
    """Read `[tool.refactorkit]` from the nearest pyproject.toml, or return the defaults."""
    pyproject = find_pyproject(start)
    if pyproject is None:
        return Config()
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{pyproject}: cannot read: {exc}") from exc
    tool = _subtable(data, "tool", pyproject)
    table = _subtable(tool, "refactorkit", pyproject, "tool.")
    return parse_config(table, project_root=pyproject.parent, source=str(pyproject))


def _subtable(data: dict[str, Any], key: str, pyproject: Path, prefix: str = "") -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{pyproject}: {prefix}{key} must be a table, not {type(value).__name__}")
    return value


def parse_config(table: dict[str, Any], project_root: Path | None, source: str = "") -> Config:
    """Validate a `[tool.refactorkit]` table; unknown keys are errors so typos do not pass."""
    prefix = f"{source}: " if source else ""
    known = {"roots", "exclude", "limits", "thresholds", "churn_days", "check"}
    for key in table:
        if key not in known:
            raise ConfigError(
                f"{prefix}unknown key tool.refactorkit.{key} (known: {', '.join(sorted(known))})"
            )
    roots = _string_list(table, "roots", prefix)
    exclude = _string_list(table, "exclude", prefix)
    churn_days = table.get("churn_days", 90)
    if isinstance(churn_days, bool) or not isinstance(churn_days, int) or churn_days <= 0:
        raise ConfigError(f"{prefix}tool.refactorkit.churn_days must be a positive integer")
    return Config(
        project_root=project_root,
        roots=roots,
        exclude=exclude,
        churn_days=churn_days,
        limits=_table(table, "limits", prefix),
        check=_table(table, "check", prefix),
        thresholds=_table(table, "thresholds", prefix),
    )


def _string_list(table: dict[str, Any], key: str, prefix: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{prefix}tool.refactorkit.{key} must be a list of strings")
    return tuple(value)


def _table(table: dict[str, Any], key: str, prefix: str) -> dict[str, Any]:
    value = table.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{prefix}tool.refactorkit.{key} must be a table")
    return value
