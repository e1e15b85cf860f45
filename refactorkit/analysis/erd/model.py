"""The entity-relationship model read from ORM code: tables, columns, foreign keys, relations.

Plain frozen data; `refactorkit.reporting.erd` draws it (DOT, Mermaid, Markdown).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # as the model says it ("String", "Integer", "ForeignKey", "CharField", ...)
    primary_key: bool = False
    nullable: bool = True
    foreign_key: str = ""  # "schema.table.column" (schema left out when there is none)
    unique: bool = False


@dataclass(frozen=True)
class Entity:
    """One table: a mapped class, a `Table(...)`, or a Django model (or its M2M table)."""

    name: str  # the table name
    schema: str  # "" when none
    model: str  # the class name ("" for a Table(...) or an implicit M2M table)
    module: str  # the dotted module that defines it
    columns: tuple[Column, ...]
    association: bool = False  # only links two tables (many-to-many)

    @property
    def key(self) -> str:
        """The qualified table name foreign keys use: "schema.table" or "table"."""
        return f"{self.schema}.{self.name}" if self.schema else self.name


@dataclass(frozen=True)
class Relationship:
    """An edge: `source` holds the foreign key `label` to `target`; for many-to-many, the
    two linked tables with the association table as `label`."""

    source: str  # Entity.key
    target: str
    kind: str  # "many-to-one", "one-to-one" or "many-to-many"
    label: str  # the FK column, or the association table
    required: bool = False  # the FK is NOT NULL (the source cannot exist without the target)


@dataclass(frozen=True)
class ErdModel:
    entities: tuple[Entity, ...]
    relationships: tuple[Relationship, ...]
    warnings: tuple[str, ...] = ()


def relationships(entities: Iterable[Entity]) -> tuple[Relationship, ...]:
    """The edges the foreign keys make; an association table gives one many-to-many edge."""
    entities = tuple(entities)
    keys = {e.key for e in entities}
    edges: list[Relationship] = []
    for entity in entities:
        targets = [_table_of(c.foreign_key) for c in entity.columns if c.foreign_key]
        if entity.association and len(targets) == 2 and set(targets) <= keys:
            edges.append(Relationship(targets[0], targets[1], "many-to-many", entity.key))
        else:
            edges.extend(_foreign_keys(entity, keys))
    return tuple(sorted(edges, key=lambda r: (r.source, r.label, r.target)))


def _foreign_keys(entity: Entity, keys: set[str]) -> Iterator[Relationship]:
    for column in entity.columns:
        target = _table_of(column.foreign_key)
        if column.foreign_key and target in keys:
            kind = "one-to-one" if column.unique or _only_key(entity, column) else "many-to-one"
            yield Relationship(entity.key, target, kind, column.name, not column.nullable)


def _table_of(foreign_key: str) -> str:
    return foreign_key.rpartition(".")[0]


def _only_key(entity: Entity, column: Column) -> bool:
    """A foreign key that is the whole primary key (joined inheritance, a shared key)."""
    keys = [c for c in entity.columns if c.primary_key]
    return column.primary_key and len(keys) == 1


def is_association(columns: Iterable[Column]) -> bool:
    """A table of two foreign keys (and at most a surrogate key): a many-to-many link."""
    columns = tuple(columns)
    links = [c for c in columns if c.foreign_key]
    others = [c for c in columns if not c.foreign_key]
    return len(links) == 2 and all(c.primary_key for c in others) and len(others) <= 1
