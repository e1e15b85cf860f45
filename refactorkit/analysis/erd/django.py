"""Django models read statically: fields, ForeignKey/OneToOneField columns (`<name>_id`),
implicit `id` keys, abstract bases, multi-table inheritance and ManyToManyField tables."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from refactorkit.analysis.erd.model import Column, Entity, is_association
from refactorkit.analysis.erd.scan import (
    ClassInfo,
    Scan,
    body_assignments,
    flag,
    keywords,
    last_name,
)

_RELATIONS = frozenset({"ForeignKey", "OneToOneField"})


@dataclass(frozen=True)
class _Model:
    info: ClassInfo
    table: str
    abstract: bool


def django_entities(scan: Scan) -> list[Entity]:
    """A table per concrete Django model, plus one per implicit many-to-many table."""
    models = {m.info.name: m for m in _models(scan)}
    entities: list[Entity] = []
    for model in models.values():
        if model.abstract:
            continue
        columns = list(_columns(model, models, scan))
        entities.append(Entity(model.table, "", model.info.name, model.info.module, tuple(columns)))
        entities.extend(_many_to_many(model, models, scan))
    return entities


def _models(scan: Scan) -> Iterator[_Model]:
    for infos in scan.classes.values():
        for info in infos:
            if _is_model(info, scan):
                meta = _meta(info.node)
                abstract = isinstance(meta.get("abstract"), ast.Constant) and bool(
                    meta["abstract"].value  # type: ignore[attr-defined]
                )
                table = scan.text(info.module, meta.get("db_table"))
                label = scan.text(info.module, meta.get("app_label")) or _app_label(info.module)
                yield _Model(info, table or f"{label}_{info.name.lower()}", abstract)


def _is_model(info: ClassInfo, scan: Scan) -> bool:
    if "models.Model" in info.base_paths:
        return True
    return any("models.Model" in a.base_paths for a in scan.ancestors(info))


def _meta(node: ast.ClassDef) -> dict[str, ast.expr]:
    for statement in node.body:
        if isinstance(statement, ast.ClassDef) and statement.name == "Meta":
            return {name: value for name, _, value in body_assignments(statement) if value}
    return {}


def _app_label(module: str) -> str:
    """Django's default app label: the package that holds `models` (`shop.models` -> shop)."""
    parts = module.split(".")
    if "models" in parts[1:]:
        return parts[parts.index("models", 1) - 1]
    return parts[-2] if len(parts) > 1 else parts[0]


def _columns(model: _Model, models: dict[str, _Model], scan: Scan) -> Iterator[Column]:
    own: list[Column] = []
    parent = None
    for ancestor in scan.ancestors(model.info):
        base = models.get(ancestor.name)
        if base is not None and not base.abstract and parent is None:
            parent = base
    if parent is not None:  # multi-table inheritance: a one-to-one key to the parent
        pointer = f"{parent.info.name.lower()}_ptr_id"
        own.append(Column(pointer, "OneToOneField", True, False, f"{parent.table}.id", True))
    for source in _field_sources(model, models, scan):
        own.extend(_fields(source, models, scan))
    if not any(c.primary_key for c in own):
        yield Column("id", "AutoField", True, False)
    yield from own


def _field_sources(model: _Model, models: dict[str, _Model], scan: Scan) -> Iterator[ClassInfo]:
    """The model and its abstract bases (a concrete parent keeps its own fields)."""
    yield model.info
    for ancestor in scan.ancestors(model.info):
        base = models.get(ancestor.name)
        if base is not None and base.abstract:
            yield ancestor


def _fields(info: ClassInfo, models: dict[str, _Model], scan: Scan) -> Iterator[Column]:
    for name, _, value in body_assignments(info.node):
        if not isinstance(value, ast.Call):
            continue
        kind = last_name(value.func)
        if kind in _RELATIONS:
            yield _relation(name, kind, value, info, models, scan)
        elif kind.endswith("Field") and kind != "ManyToManyField":
            column = scan.text(info.module, keywords(value).get("db_column")) or name
            yield Column(column, kind, *_flags(value))


def _flags(call: ast.Call) -> tuple[bool, bool, str, bool]:
    """(primary key, nullable, foreign key, unique) of a field call."""
    primary_key = bool(flag(call, "primary_key"))
    return primary_key, bool(flag(call, "null")), "", primary_key or bool(flag(call, "unique"))


def _relation(
    name: str, kind: str, call: ast.Call, info: ClassInfo, models: dict[str, _Model], scan: Scan
) -> Column:
    target = _target(call, info, models, scan)
    column = scan.text(info.module, keywords(call).get("db_column")) or f"{name}_id"
    primary_key, nullable, _, unique = _flags(call)
    foreign_key = f"{target.table}.id" if target is not None else ""
    return Column(column, kind, primary_key, nullable, foreign_key, unique or kind != "ForeignKey")


def _target(
    call: ast.Call, info: ClassInfo, models: dict[str, _Model], scan: Scan
) -> _Model | None:
    node = call.args[0] if call.args else keywords(call).get("to")
    text = scan.text(info.module, node)
    name = text.rpartition(".")[2] if text is not None else last_name(node)
    return models.get(info.name if name == "self" else name)


def _many_to_many(model: _Model, models: dict[str, _Model], scan: Scan) -> Iterator[Entity]:
    """The table Django creates for each ManyToManyField without `through=`."""
    for name, _, value in body_assignments(model.info.node):
        if not (isinstance(value, ast.Call) and last_name(value.func) == "ManyToManyField"):
            continue
        target = _target(value, model.info, models, scan)
        if target is None or "through" in keywords(value):
            continue
        source_name, target_name = model.info.name.lower(), target.info.name.lower()
        if source_name == target_name:
            source_name, target_name = f"from_{source_name}", f"to_{target_name}"
        columns = (
            Column("id", "AutoField", True, False),
            Column(f"{source_name}_id", "ForeignKey", False, False, f"{model.table}.id"),
            Column(f"{target_name}_id", "ForeignKey", False, False, f"{target.table}.id"),
        )
        table = f"{model.table}_{name}"
        yield Entity(table, "", "", model.info.module, columns, is_association(columns))
