"""`[tool.refactorkit.limits]`: the one table of numbers the rules judge by.

The keys are the fields of the rules' option dataclasses (a plugin rule adds its own); two
rules may share a key (`max_file_lines`), and then share its value. Values are checked
against the field's type: `int` fields take positive integers, `float` fields non-negative
numbers, `str` fields one of `metadata["choices"]`.

The keys that used to live elsewhere are still read, for one release, with a message that
names the new key: `[tool.refactorkit.thresholds]` (analyze's) and the limit keys of
`[tool.refactorkit.check]`.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from refactorkit.config import ConfigError

LimitValue = int | float | str
_PREFIX = "tool.refactorkit.limits"

# Highest complexity of each radon rank: A 1-5, B 6-10, C 11-20, D 21-30, E 31-40.
RANK_MAX = {"A": 5, "B": 10, "C": 20, "D": 30, "E": 40}


@dataclass(frozen=True)
class LimitSpec:
    """One key of the limits table: its type, default, allowed words, and who reads it."""

    name: str
    kind: type  # int, float or str
    default: LimitValue
    choices: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()  # the rules whose options hold this key
    help: str = ""


@dataclass(frozen=True)
class Limits:
    """The resolved limits: every known key with its value (the default when not set)."""

    values: Mapping[str, LimitValue] = field(default_factory=lambda: MappingProxyType({}))

    def __getitem__(self, name: str) -> LimitValue:
        return self.values[name]

    def number(self, name: str) -> float:
        """A numeric limit (int or float key)."""
        value = self.values[name]
        assert not isinstance(value, str), name
        return value

    def options_for(self, options_type: type[Any]) -> Any:
        """An instance of a rule's options dataclass filled from these limits."""
        names = [f.name for f in dataclasses.fields(options_type)]
        return options_type(**{n: self.values[n] for n in names if n in self.values})


def specs_of(rule_classes: Iterable[Any]) -> dict[str, LimitSpec]:
    """The limits table's keys, from the option dataclasses of `rule_classes`."""
    specs: dict[str, LimitSpec] = {}
    for rule in rule_classes:
        options_type = rule.options_type
        hints = typing.get_type_hints(options_type)
        for f in dataclasses.fields(options_type):
            if not isinstance(f.default, (int, float, str)):
                raise ConfigError(
                    f"rule {rule.code}: option {f.name} needs a number or word default"
                )
            spec = LimitSpec(
                f.name,
                hints[f.name],
                f.default,
                tuple(f.metadata.get("choices", ())),
                (rule.code,),
                f.metadata.get("help", ""),
            )
            known = specs.get(f.name)
            if known is not None:
                if (known.kind, known.default) != (spec.kind, spec.default):
                    raise ConfigError(
                        f"rule {rule.code} declares option {f.name} unlike {known.codes[0]}"
                    )
                spec = dataclasses.replace(known, codes=(*known.codes, rule.code))
            specs[f.name] = spec
    return specs


def parse_limits(
    table: Mapping[str, Any], specs: Mapping[str, LimitSpec], prefix: str = _PREFIX
) -> dict[str, LimitValue]:
    """Validate a raw limits table (keys may use `-` or `_`); unknown keys are errors."""
    values: dict[str, LimitValue] = {}
    for raw_key, value in table.items():  # refactorkit: ignore[RK116]
        key = raw_key.replace("-", "_")
        spec = specs.get(key)
        if spec is None:
            known = ", ".join(sorted(specs))
            raise ConfigError(f"unknown key {prefix}.{raw_key} (known: {known})")
        values[key] = check_value(spec, value, f"{prefix}.{raw_key}")
    return values


def check_value(spec: LimitSpec, value: Any, where: str) -> LimitValue:
    if spec.kind is str:
        if value not in spec.choices:
            raise ConfigError(f"{where} must be one of {', '.join(spec.choices)}, got {value!r}")
        return str(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{where} must be a number, got {value!r}")
    if spec.kind is int:
        if not isinstance(value, int) or value <= 0:
            raise ConfigError(f"{where} must be a positive integer, got {value!r}")
        return value
    if value < 0 or value != value:  # NaN is not a limit
        raise ConfigError(f"{where} must be a non-negative number, got {value!r}")
    return float(value)


def resolve(specs: Mapping[str, LimitSpec], *layers: Mapping[str, LimitValue]) -> Limits:
    """Defaults, then each layer of values over them (later layers win)."""
    values: dict[str, LimitValue] = {name: spec.default for name, spec in specs.items()}
    for layer in layers:
        values.update(layer)
    return Limits(MappingProxyType(values))
