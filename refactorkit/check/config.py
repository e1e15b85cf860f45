"""`[tool.refactorkit.check]` as a typed, frozen `CheckConfig`; every error names the bad key."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from refactorkit.config import ConfigError

# Upper complexity bound of each radon rank: A is 1-5, B 6-10, C 11-20, D 21-30, E 31-40.
RANK_LIMITS = {"A": 5, "B": 10, "C": 20, "D": 30, "E": 40}
CYCLE_MODES = ("runtime", "all", "off")
_PREFIX = "tool.refactorkit.check"


@dataclass(frozen=True)
class ForbiddenImport:
    """`source` (a module or package) may not import `target` (internal or external)."""

    source: str
    target: str


@dataclass(frozen=True)
class Layers:
    """Ordered layers, highest first: a layer may import the ones below it, never above."""

    layers: tuple[str, ...]


@dataclass(frozen=True)
class CheckConfig:
    """Limits and contracts of `refactorkit check`; defaults are what an unconfigured run uses."""

    max_file_lines: int = 500  # RK101, physical lines
    max_complexity: int = 10  # RK102, per function (McCabe's and ruff's C901 default)
    max_average_complexity: float = 8.0  # RK103, mean over a module's functions
    max_class_methods: int = 20  # RK104
    min_maintainability: float = 10.0  # RK105, radon's MI rank C starts below 10
    cycles: str = "runtime"  # RK106: "runtime", "all" (with TYPE_CHECKING imports) or "off"
    forbidden: tuple[ForbiddenImport, ...] = ()  # RK107
    layers: tuple[Layers, ...] = ()  # RK108
    ignore: tuple[str, ...] = ()  # rule codes switched off everywhere
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, codes)
    baseline: str = ".refactorkit-baseline.json"  # relative to the project root


def parse_check_config(table: dict[str, Any]) -> CheckConfig:
    """Validate the raw `[tool.refactorkit.check]` table (keys may use `-` or `_`)."""
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        parser = _PARSERS.get(key)
        if parser is None:
            known = ", ".join(sorted(_PARSERS))
            raise ConfigError(f"unknown key {_PREFIX}.{raw_key} (known: {known})")
        name, parsed = parser(raw_key, value)
        values[name] = parsed
    keys = {k.replace("-", "_") for k in table}
    if {"max_rank", "max_complexity"} <= keys:
        raise ConfigError(f"{_PREFIX}: set max_complexity or max_rank, not both")
    return dataclasses.replace(CheckConfig(), **values)


def _positive_int(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ConfigError(f"{_PREFIX}.{key} must be a positive integer, got {value!r}")
    return value


def _positive_number(key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ConfigError(f"{_PREFIX}.{key} must be a non-negative number, got {value!r}")
    return float(value)


def _string_list(key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{_PREFIX}.{key} must be a list of non-empty strings")
    return tuple(value)


def _codes(key: str, value: Any) -> tuple[str, ...]:
    codes = _string_list(key, value)
    for code in codes:
        if not (code.startswith("RK") and code[2:].isdigit()):
            raise ConfigError(f"{_PREFIX}.{key}: {code!r} is not a rule code like RK101")
    return codes


def _max_rank(key: str, value: Any) -> tuple[str, Any]:
    if value not in RANK_LIMITS:
        raise ConfigError(f"{_PREFIX}.{key} must be one of A-E (F has no upper bound)")
    return "max_complexity", RANK_LIMITS[value]


def _cycles(key: str, value: Any) -> tuple[str, Any]:
    if value is False:
        return "cycles", "off"
    if value is True:
        return "cycles", "runtime"
    if value not in CYCLE_MODES:
        raise ConfigError(f"{_PREFIX}.{key} must be one of {', '.join(CYCLE_MODES)}")
    return "cycles", value


def _forbidden(key: str, value: Any) -> tuple[str, Any]:
    if not isinstance(value, list):
        raise ConfigError(f"{_PREFIX}.{key} must be a list of {{source = ..., target = ...}}")
    contracts: list[ForbiddenImport] = []
    for index, item in enumerate(value):
        where = f"{_PREFIX}.{key}[{index}]"
        if not isinstance(item, dict) or set(item) != {"source", "target"}:
            raise ConfigError(f"{where} must be a table with exactly `source` and `target`")
        targets = item["target"] if isinstance(item["target"], list) else [item["target"]]
        if not isinstance(item["source"], str) or not all(
            isinstance(t, str) and t for t in targets
        ):
            raise ConfigError(f"{where}: source and target must be module names")
        contracts.extend(ForbiddenImport(item["source"], target) for target in targets)
    return "forbidden", tuple(contracts)


def _layers(key: str, value: Any) -> tuple[str, Any]:
    if not isinstance(value, list) or not value:
        raise ConfigError(f"{_PREFIX}.{key} must be a list of modules (or a list of such lists)")
    groups = value if all(isinstance(v, list) for v in value) else [value]
    contracts: list[Layers] = []
    for index, group in enumerate(groups):
        names = _string_list(f"{key}[{index}]", group)
        if len(names) < 2:
            raise ConfigError(f"{_PREFIX}.{key}[{index}] needs at least two layers")
        contracts.append(Layers(names))
    return "layers", tuple(contracts)


def _per_file_ignores(key: str, value: Any) -> tuple[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f'{_PREFIX}.{key} must be a table like {{"legacy/*.py" = ["RK101"]}}')
    return "per_file_ignores", tuple(
        (glob, _codes(f"{key}.{glob}", codes)) for glob, codes in value.items()
    )


def _baseline(key: str, value: Any) -> tuple[str, Any]:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{_PREFIX}.{key} must be a file path")
    return "baseline", value


_PARSERS: dict[str, Any] = {
    "max_file_lines": lambda k, v: ("max_file_lines", _positive_int(k, v)),
    "max_complexity": lambda k, v: ("max_complexity", _positive_int(k, v)),
    "max_rank": _max_rank,
    "max_average_complexity": lambda k, v: ("max_average_complexity", _positive_number(k, v)),
    "max_class_methods": lambda k, v: ("max_class_methods", _positive_int(k, v)),
    "min_maintainability": lambda k, v: ("min_maintainability", _positive_number(k, v)),
    "cycles": _cycles,
    "forbidden": _forbidden,
    "layers": _layers,
    "ignore": lambda k, v: ("ignore", _codes(k, v)),
    "per_file_ignores": _per_file_ignores,
    "baseline": _baseline,
}
