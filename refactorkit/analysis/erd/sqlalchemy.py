"""SQLAlchemy models read statically: declarative classes (classic `Column` and 2.0
`Mapped[...]` / `mapped_column`), mixin columns, single-table inheritance and `Table(...)`."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from refactorkit.analysis.erd.model import Column, Entity, is_association
from refactorkit.analysis.erd.scan import (
    ClassInfo,
    Scan,
    body_assignments,
    class_constant,
    flag,
    keywords,
    last_name,
)

_COLUMN_CALLS = frozenset({"mapped_column", "Column"})
# Python types `Mapped[...]` maps to column types by default.
_PY_TYPES = {
    "int": "Integer",
    "str": "String",
    "bool": "Boolean",
    "float": "Float",
    "Decimal": "Numeric",
    "datetime": "DateTime",
    "date": "Date",
    "time": "Time",
    "timedelta": "Interval",
    "bytes": "LargeBinary",
    "dict": "JSON",
    "UUID": "Uuid",
}
_NOT_TYPES = frozenset({"ForeignKey", "Sequence", "Identity", "Computed", "FetchedValue"})


def sqlalchemy_entities(scan: Scan) -> list[Entity]:
    """The tables of every mapped class and `Table(...)` in the scanned files."""
    entities: dict[str, Entity] = {}
    for infos in scan.classes.values():
        for info in infos:
            entity = _class_entity(info, scan)
            if entity is not None:
                entities[info.name] = entity
    for info in _single_table_children(scan, entities):
        parent = next(a.name for a in scan.ancestors(info) if a.name in entities)
        extra = tuple(_own_columns(info, scan))
        old = entities[parent]
        entities[parent] = Entity(
            old.name, old.schema, old.model, old.module, old.columns + extra, old.association
        )
    found = list(entities.values())
    found.extend(_table_entity(module, call, scan) for module, _, call in scan.tables)
    return _resolve_class_keys(found, entities)


def _class_entity(info: ClassInfo, scan: Scan) -> Entity | None:
    table = scan.text(info.module, class_constant(info.node, "__tablename__"))
    if table is None or _abstract(info.node):
        return None
    columns: list[Column] = []
    for source in _column_sources(info, scan):
        columns.extend(_own_columns(source, scan))
    schema = _schema(info, scan)
    return Entity(table, schema, info.name, info.module, tuple(_unique_names(columns)))


def _abstract(node: ast.ClassDef) -> bool:
    value = class_constant(node, "__abstract__")
    return isinstance(value, ast.Constant) and value.value is True


def _column_sources(info: ClassInfo, scan: Scan) -> Iterator[ClassInfo]:
    """The class and its unmapped bases (mixins): a mapped base keeps its own columns."""
    yield info
    seen = {info.name}
    queue = list(info.bases)
    while queue:
        base = scan.lookup(queue.pop(0))
        if base is None or base.name in seen:
            continue
        seen.add(base.name)
        if class_constant(base.node, "__tablename__") is not None and not _abstract(base.node):
            continue  # joined inheritance: the parent's columns are in the parent's table
        yield base
        queue.extend(base.bases)


def _unique_names(columns: list[Column]) -> Iterator[Column]:
    """A column a subclass redefines replaces the mixin's (the class's own come first)."""
    seen: set[str] = set()
    for column in columns:
        if column.name not in seen:
            seen.add(column.name)
            yield column


def _single_table_children(scan: Scan, entities: dict[str, Entity]) -> Iterator[ClassInfo]:
    """Subclasses of a mapped class with no table of their own but columns of their own."""
    for infos in scan.classes.values():
        for info in infos:
            if info.name in entities or class_constant(info.node, "__tablename__") is not None:
                continue
            mapped = any(a.name in entities for a in scan.ancestors(info))
            if mapped and any(True for _ in _own_columns(info, scan)):
                yield info


def _schema(info: ClassInfo, scan: Scan) -> str:
    args = class_constant(info.node, "__table_args__")
    if isinstance(args, ast.Tuple) and args.elts:
        args = args.elts[-1]
    if not isinstance(args, ast.Dict):
        return ""
    for key, value in zip(args.keys, args.values, strict=False):
        if scan.text(info.module, key) == "schema":
            return scan.text(info.module, value) or ""
    return ""


def _own_columns(info: ClassInfo, scan: Scan) -> Iterator[Column]:
    for name, annotation, value in body_assignments(info.node):
        if name.startswith("__"):
            continue
        if isinstance(value, ast.Call) and last_name(value.func) in _COLUMN_CALLS:
            yield _call_column(name, annotation, value, info.module, scan)
        elif value is None and annotation is not None:
            column = _annotation_column(name, annotation)
            if column is not None:
                yield column


def _annotation_column(name: str, annotation: ast.expr) -> Column | None:
    """`x: Mapped[int]` with no value is a column too (a relationship needs a value)."""
    inner = _mapped_inner(annotation)
    if inner is None:
        return None
    optional, core = _optional(inner)
    kind = _PY_TYPES.get(last_name(core))
    return None if kind is None else Column(name, kind, nullable=optional)


def _call_column(
    attribute: str, annotation: ast.expr | None, call: ast.Call, module: str, scan: Scan
) -> Column:
    name, kind, foreign_key = _positional(attribute, call, module, scan)
    name = scan.text(module, keywords(call).get("name")) or name
    primary_key = bool(flag(call, "primary_key"))
    inner = _mapped_inner(annotation) if annotation is not None else None
    optional, core = _optional(inner) if inner is not None else (True, None)
    kind = kind or _PY_TYPES.get(last_name(core), last_name(core)) or "?"
    nullable = flag(call, "nullable")
    if nullable is None:
        nullable = not primary_key and optional
    return Column(name, kind, primary_key, nullable, foreign_key, bool(flag(call, "unique")))


def _positional(attribute: str, call: ast.Call, module: str, scan: Scan) -> tuple[str, str, str]:
    """(column name, type, foreign key) from a Column/mapped_column call's arguments."""
    name, kind, foreign_key = attribute, "", ""
    for index, arg in enumerate(call.args):
        text = scan.text(module, arg)
        if text is not None and index == 0:
            name = text
        elif isinstance(arg, ast.Call) and last_name(arg.func) == "ForeignKey" and arg.args:
            foreign_key = _foreign_key(arg.args[0], module, scan)
        elif last_name(arg) and last_name(arg) not in _NOT_TYPES and not kind:
            kind = last_name(arg)
    return name, kind, foreign_key


def _foreign_key(target: ast.expr, module: str, scan: Scan) -> str:
    text = scan.text(module, target)
    if text is not None:
        return text
    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
        return f"class:{target.value.id}.{target.attr}"  # Brand.id: resolved once all are read
    return ""


def _mapped_inner(annotation: ast.expr) -> ast.expr | None:
    """`X` of `Mapped[X]` (string annotations parsed); None for anything else."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            annotation = ast.parse(annotation.value, mode="eval").body
        except SyntaxError:
            return None
    if isinstance(annotation, ast.Subscript) and last_name(annotation.value) == "Mapped":
        inner = annotation.slice
        if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
            return _mapped_inner(ast.Subscript(ast.Name("Mapped"), ast.Name(inner.value)))
        return inner
    return None


def _optional(inner: ast.expr) -> tuple[bool, ast.expr]:
    """(whether None is allowed, the type without None)."""
    if isinstance(inner, ast.Subscript) and last_name(inner.value) == "Optional":
        return True, inner.slice
    members = _union_members(inner)
    rest = [m for m in members if not _is_none(m)]
    return len(rest) < len(members), rest[0] if rest else inner


def _union_members(inner: ast.expr) -> list[ast.expr]:
    """The members of `A | B` or `Union[A, B]`; `[inner]` for any other type."""
    if isinstance(inner, ast.BinOp) and isinstance(inner.op, ast.BitOr):
        return [*_union_members(inner.left), *_union_members(inner.right)]
    if isinstance(inner, ast.Subscript) and last_name(inner.value) == "Union":
        return list(inner.slice.elts) if isinstance(inner.slice, ast.Tuple) else [inner.slice]
    return [inner]


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _table_entity(module: str, call: ast.Call, scan: Scan) -> Entity:
    name = scan.text(module, call.args[0]) if call.args else None
    columns = [
        _call_column("?", None, arg, module, scan)
        for arg in call.args[1:]
        if isinstance(arg, ast.Call) and last_name(arg.func) == "Column"
    ]
    schema = scan.text(module, keywords(call).get("schema")) or ""
    return Entity(name or "?", schema, "", module, tuple(columns), is_association(columns))


def _resolve_class_keys(found: list[Entity], by_class: dict[str, Entity]) -> list[Entity]:
    """`class:Brand.id` foreign keys become "schema.table.id"."""
    out: list[Entity] = []
    for entity in found:
        columns = tuple(_resolved(c, by_class) for c in entity.columns)
        out.append(
            Entity(
                entity.name,
                entity.schema,
                entity.model,
                entity.module,
                columns,
                entity.association,
            )
        )
    return out


def _resolved(column: Column, by_class: dict[str, Entity]) -> Column:
    if not column.foreign_key.startswith("class:"):
        return column
    cls, _, attribute = column.foreign_key[len("class:") :].partition(".")
    target = by_class.get(cls)
    key = f"{target.key}.{attribute}" if target is not None else ""
    return Column(column.name, column.type, column.primary_key, column.nullable, key, column.unique)
