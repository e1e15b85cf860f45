"""The rules' settings from `[tool.refactorkit]`: limits, contracts, ignores, baseline.

`analyze` and `check` read them the same way (`load_settings`), so raising a limit changes
both. Every error names the bad key (`ConfigError`); deprecated keys are read with a message
in `RuleSettings.deprecations` that the CLI prints once on stderr.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from refactorkit.config import Config, ConfigError
from refactorkit.rules import contracts as c
from refactorkit.rules.limits import (
    RANK_MAX,
    Limits,
    LimitSpec,
    LimitValue,
    check_value,
    parse_limits,
    resolve,
)

_CHECK = "tool.refactorkit.check"
_THRESHOLDS = "tool.refactorkit.thresholds"
_LIMITS = "tool.refactorkit.limits"

# Old key -> the limits key it became. max_rank / complex_rank are ranks, turned into numbers.
LEGACY_CHECK_KEYS = {
    "max_file_lines": "max_file_lines",
    "max_complexity": "max_complexity",
    "max_rank": "max_complexity",
    "max_average_complexity": "max_average_complexity",
    "max_class_methods": "max_class_methods",
    "min_maintainability": "min_maintainability",
}
LEGACY_THRESHOLD_KEYS = {
    "max_module_lines": "max_file_lines",
    "max_module_classes": "max_module_classes",
    "max_class_methods": "max_class_methods",
    "complex_rank": "max_complexity",
}


@dataclass(frozen=True)
class RuleSettings:
    """Everything the rules and their runner need from the configuration."""

    limits: Limits = field(default_factory=Limits)
    contracts: c.Contracts = field(default_factory=c.Contracts)
    ignore: tuple[str, ...] = ()  # rule codes switched off everywhere
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, codes)
    baseline: str = ".refactorkit-baseline.json"  # relative to the project root
    deprecations: tuple[str, ...] = ()  # one message per deprecated key that was read


def load_settings(config: Config, overrides: Mapping[str, Any] | None = None) -> RuleSettings:
    """The settings of `config`; `overrides` (`check --set KEY=VALUE`) win over the file.

    An override key is a limits key or a `[tool.refactorkit.check]` key.
    """
    from refactorkit.rules.registry import known_codes, limit_specs

    specs = limit_specs()
    codes = known_codes()
    check, limit_overrides = _split_overrides(overrides or {}, specs, dict(config.check))
    deprecations: list[str] = []
    legacy_thresholds = _legacy(
        config.thresholds, LEGACY_THRESHOLD_KEYS, _THRESHOLDS, specs, deprecations
    )
    legacy_check = _legacy(
        {k: v for k, v in check.items() if k.replace("-", "_") in LEGACY_CHECK_KEYS},
        LEGACY_CHECK_KEYS,
        _CHECK,
        specs,
        deprecations,
    )
    limits = resolve(
        specs,
        legacy_thresholds,
        legacy_check,
        parse_limits(config.limits, specs, _LIMITS),
        parse_limits(limit_overrides, specs, "--set"),
    )
    rest = {k: v for k, v in check.items() if k.replace("-", "_") not in LEGACY_CHECK_KEYS}
    return _check_table(rest, codes, limits, tuple(deprecations))


def _split_overrides(
    overrides: Mapping[str, Any], specs: Mapping[str, LimitSpec], check: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """`--set` pairs into (the check table with its keys replaced, limit values)."""
    limits: dict[str, Any] = {}
    for key, value in overrides.items():
        name = key.replace("-", "_")
        if name in LEGACY_CHECK_KEYS:  # `--set max_file_lines=800`: the limit, not deprecated
            limits[LEGACY_CHECK_KEYS[name]] = _legacy_value(specs, name, value, "--set " + key)
        elif name in specs:
            limits[name] = value
        else:
            check = {k: v for k, v in check.items() if k.replace("-", "_") != name}
            check[key] = value
    return check, limits


def _legacy(
    table: Mapping[str, Any],
    mapping: Mapping[str, str],
    prefix: str,
    specs: Mapping[str, LimitSpec],
    deprecations: list[str],
) -> dict[str, LimitValue]:
    values: dict[str, LimitValue] = {}
    keys = {k.replace("-", "_") for k in table}
    if {"max_rank", "max_complexity"} <= keys:
        raise ConfigError(f"{prefix}: set max_complexity or max_rank, not both")
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        new = mapping.get(key)
        if new is None:
            known = ", ".join(sorted(mapping))
            raise ConfigError(f"unknown key {prefix}.{raw_key} (known: {known})")
        values[new] = _legacy_value(specs, key, value, f"{prefix}.{raw_key}")
        deprecations.append(
            f"{prefix}.{raw_key} is deprecated: use {_LIMITS}.{new} (read for one more release)"
        )
    return values


def _legacy_value(specs: Mapping[str, LimitSpec], key: str, value: Any, where: str) -> LimitValue:
    """An old key's value in the new key's terms (ranks become complexities)."""
    if key == "max_rank":  # the highest rank allowed: its upper bound
        if value not in RANK_MAX:
            raise ConfigError(f"{where} must be one of A-E (F has no upper bound)")
        return RANK_MAX[value]
    if key == "complex_rank":  # the lowest rank flagged: the bound of the rank below it
        if value not in ("B", "C", "D", "E", "F"):
            raise ConfigError(f"{where} must be one of B-F")
        return RANK_MAX[chr(ord(value) - 1)]
    new = LEGACY_CHECK_KEYS.get(key) or LEGACY_THRESHOLD_KEYS[key]
    return check_value(specs[new], value, where)


def _check_table(
    table: Mapping[str, Any],
    codes: frozenset[str],
    limits: Limits,
    deprecations: tuple[str, ...],
) -> RuleSettings:
    contracts: dict[str, Any] = {}
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        if key in _CONTRACT_PARSERS:
            contracts[key] = _CONTRACT_PARSERS[key](raw_key, value)
        elif key in _SETTING_PARSERS:
            values[key] = _SETTING_PARSERS[key](raw_key, value, codes)
        else:
            known = ", ".join(sorted([*_CONTRACT_PARSERS, *_SETTING_PARSERS]))
            raise ConfigError(f"unknown key {_CHECK}.{raw_key} (known: {known})")
    return RuleSettings(limits, c.Contracts(**contracts), deprecations=deprecations, **values)


def _codes(key: str, value: Any, codes: frozenset[str]) -> tuple[str, ...]:
    listed = c.string_list(key, value)
    for code in listed:
        if code.upper() not in codes:
            raise ConfigError(
                f"{_CHECK}.{key}: unknown rule code {code!r} (see `refactorkit rule`)"
            )
    return tuple(code.upper() for code in listed)


def _per_file_ignores(
    key: str, value: Any, codes: frozenset[str]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ConfigError(f'{_CHECK}.{key} must be a table like {{"legacy/*.py" = ["RK101"]}}')
    return tuple((glob, _codes(f"{key}.{glob}", listed, codes)) for glob, listed in value.items())


def _baseline(key: str, value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{_CHECK}.{key} must be a file path")
    return value


_CONTRACT_PARSERS: dict[str, Any] = {
    "cycles": c.parse_cycles,
    "forbidden": c.parse_forbidden,
    "layers": c.parse_layers,
}
_SETTING_PARSERS: dict[str, Any] = {
    "ignore": _codes,
    "per_file_ignores": _per_file_ignores,
    "baseline": lambda key, value, _codes: _baseline(key, value),
}
