"""Import contracts of `[tool.refactorkit.check]`: cycle mode, forbidden imports and layers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from refactorkit.config import ConfigError

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
class Contracts:
    """What RK106-RK108 enforce on the import graph."""

    cycles: str = "runtime"  # RK106: "runtime", "all" (with TYPE_CHECKING imports) or "off"
    forbidden: tuple[ForbiddenImport, ...] = ()  # RK107
    layers: tuple[Layers, ...] = ()  # RK108


def string_list(key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{_PREFIX}.{key} must be a list of non-empty strings")
    return tuple(value)


def parse_cycles(key: str, value: Any) -> str:
    if value is False:
        return "off"
    if value is True:
        return "runtime"
    if value not in CYCLE_MODES:
        raise ConfigError(f"{_PREFIX}.{key} must be one of {', '.join(CYCLE_MODES)}")
    return str(value)


def parse_forbidden(key: str, value: Any) -> tuple[ForbiddenImport, ...]:
    if not isinstance(value, list):
        raise ConfigError(f"{_PREFIX}.{key} must be a list of {{source = ..., target = ...}}")
    contracts: list[ForbiddenImport] = []
    for index, item in enumerate(value):
        contracts.extend(_forbidden_item(item, f"{_PREFIX}.{key}[{index}]"))
    return tuple(contracts)


def _forbidden_item(item: Any, where: str) -> list[ForbiddenImport]:
    if not isinstance(item, dict) or set(item) != {"source", "target"}:
        raise ConfigError(f"{where} must be a table with exactly `source` and `target`")
    targets = item["target"] if isinstance(item["target"], list) else [item["target"]]
    names_ok = all(isinstance(t, str) and t for t in targets)
    if not isinstance(item["source"], str) or not names_ok:
        raise ConfigError(f"{where}: source and target must be module names")
    return [ForbiddenImport(item["source"], target) for target in targets]


def parse_layers(key: str, value: Any) -> tuple[Layers, ...]:
    if not isinstance(value, list) or not value:
        raise ConfigError(f"{_PREFIX}.{key} must be a list of modules (or a list of such lists)")
    groups = value if all(isinstance(v, list) for v in value) else [value]
    contracts: list[Layers] = []
    for index, group in enumerate(groups):
        names = string_list(f"{key}[{index}]", group)
        if len(names) < 2:
            raise ConfigError(f"{_PREFIX}.{key}[{index}] needs at least two layers")
        contracts.append(Layers(names))
    return tuple(contracts)


def within(module: str, package: str) -> bool:
    """Whether `module` is `package` itself or inside it."""
    return module == package or module.startswith(package + ".")
