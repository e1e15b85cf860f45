"""The reference graph between top-level definitions, and group-level queries on it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from refactorkit.codemods.split.calls import import_time_calls
from refactorkit.codemods.split.model import ModuleModel, Unit, UnitKind
from refactorkit.codemods.split.names import UseKind


@dataclass(frozen=True)
class Edge:
    """`source` reads a name bound by `target`."""

    source: int
    target: int
    name: str
    kind: str  # "import", "run", "type" or "orm" (a string the ORM resolves by name)
    via: str = ""  # an import-time read made through calls: "calls Attribute(), which ..."


def unit_edges(model: ModuleModel) -> list[Edge]:
    """Every reference from a unit to a definition unit of the same module."""
    providers = model.providers()
    tables = model.tables()
    edges: list[Edge] = []
    seen: set[tuple[int, int, str, str]] = set()
    for unit in model.units:
        for name, kind, targets in _references(model, unit, providers, tables):
            for target in targets:
                key = (unit.index, target, name, kind)
                if target != unit.index and key not in seen:
                    seen.add(key)
                    edges.append(Edge(unit.index, target, name, kind))
    return edges + _call_edges(model, seen)


_Reference = tuple[str, str, tuple[int, ...]]  # name, edge kind, the units that may bind it


def _references(
    model: ModuleModel,
    unit: Unit,
    providers: Mapping[str, tuple[int, ...]],
    tables: Mapping[str, int],
) -> list[_Reference]:
    """What `unit` reads of the module's definitions: names, ORM class names and tables."""
    found: list[_Reference] = []
    for use in unit.uses:
        seen_by = model.binding(use.name, unit.index, use.kind is not UseKind.IMPORT_TIME)
        if seen_by is not None and model.units[seen_by].kind is UnitKind.DEFINITION:
            found.append((use.name, use.kind.value, providers.get(use.name, (seen_by,))))
    found.extend((name, "orm", providers.get(name, ())) for name in unit.orm.class_refs)
    for table in unit.orm.table_refs:
        target = tables.get(table, tables.get(table.rsplit(".", 1)[-1]))
        if target is not None:
            found.append((table, "orm", (target,)))
    return found


def _call_edges(model: ModuleModel, seen: set[tuple[int, int, str, str]]) -> list[Edge]:
    """Import-time reads made through calls (`Attribute(...)` whose `__init__` calls `f`)."""
    out = []
    for read in import_time_calls(model):
        key = (read.source, read.target, read.name, UseKind.IMPORT_TIME.value)
        if key not in seen:
            seen.add(key)
            out.append(Edge(read.source, read.target, read.name, key[3], read.via))
    return out


def definition_units(model: ModuleModel) -> list[Unit]:
    return [u for u in model.units if u.kind is UnitKind.DEFINITION]


_Tie = tuple[int, int, str]


def ties(model: ModuleModel) -> list[_Tie]:
    """Pairs of units that must share a group, with the reason."""
    providers = model.providers()
    out = _defined_twice(model, providers)
    for unit in model.units:
        out.extend(_state_change_tie(model, unit, providers))
        out.extend(
            (unit.index, target, f"{unit.label} rebinds {name} with `global`")
            for name in sorted(unit.rebinds)
            for target in providers.get(name, ())
            if target != unit.index
        )
    return out


def _defined_twice(model: ModuleModel, providers: Mapping[str, tuple[int, ...]]) -> list[_Tie]:
    out: list[_Tie] = []
    for name, indices in providers.items():
        defs = [i for i in indices if model.units[i].kind is UnitKind.DEFINITION]
        for other in defs[1:]:
            lines = f"{model.units[defs[0]].first_line} and {model.units[other].first_line}"
            out.append((defs[0], other, f"{name} is defined twice (lines {lines})"))
    return out


def _state_change_tie(
    model: ModuleModel, unit: Unit, providers: Mapping[str, tuple[int, ...]]
) -> list[_Tie]:
    """A side effect that reads none of the module's names ties the definitions around it."""
    if unit.kind is not UnitKind.SIDE_EFFECT or any(u.name in providers for u in unit.uses):
        return []
    before, after = neighbours(model, unit.index)
    if before is None or after is None:
        return []
    return [(before, after, f"line {unit.first_line} changes state for the statements around it")]


def neighbours(model: ModuleModel, index: int) -> tuple[int | None, int | None]:
    """The definition statements right before and right after unit `index`."""
    before = [u.index for u in model.units[:index] if u.kind is UnitKind.DEFINITION]
    after = [u.index for u in model.units[index + 1 :] if u.kind is UnitKind.DEFINITION]
    return (before[-1] if before else None, after[0] if after else None)


def group_import_edges(
    edges: Iterable[Edge], group_of: Mapping[int, str]
) -> dict[tuple[str, str], list[Edge]]:
    """(group, group it needs at import time) -> the edges behind it."""
    out: dict[tuple[str, str], list[Edge]] = {}
    for edge in edges:
        if edge.kind != UseKind.IMPORT_TIME.value:
            continue
        source, target = group_of.get(edge.source), group_of.get(edge.target)
        if source is None or target is None or source == target:
            continue
        out.setdefault((source, target), []).append(edge)
    return out


def group_run_edges(edges: Iterable[Edge], group_of: Mapping[int, str]) -> set[tuple[str, str]]:
    """(group, group it reads at run time): an import edge once split, though not at import."""
    out: set[tuple[str, str]] = set()
    for edge in edges:
        if edge.kind != UseKind.RUN_TIME.value:
            continue
        source, target = group_of.get(edge.source), group_of.get(edge.target)
        if source is not None and target is not None and source != target:
            out.add((source, target))
    return out
