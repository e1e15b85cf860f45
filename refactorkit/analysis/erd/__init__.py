"""ER diagrams of ORM models read statically, without importing the project.

`read_models` parses the model files once with `ast` and returns an `ErdModel`: SQLAlchemy
declarative classes (classic and 2.0), `Table(...)` association tables, and Django models.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Iterable

from refactorkit.analysis.erd.django import django_entities
from refactorkit.analysis.erd.model import Column, Entity, ErdModel, Relationship, relationships
from refactorkit.analysis.erd.scan import Scan
from refactorkit.analysis.erd.sqlalchemy import sqlalchemy_entities

__all__ = ["Column", "Entity", "ErdModel", "Relationship", "read_models"]

# Only files that mention an ORM are parsed.
_MARKERS = ("sqlalchemy", "django", "__tablename__", "mapped_column", "Column(", "Table(")


def read_models(sources: Iterable[tuple[str, str, str]]) -> ErdModel:
    """The ER model of `(relpath, module, text)` files."""
    scan = Scan()
    problems: list[str] = []
    for relpath, module, text in sources:
        if not any(marker in text for marker in _MARKERS):
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(text, filename=relpath)
        except (SyntaxError, ValueError) as exc:
            problems.append(f"{relpath}: skipped: does not parse ({exc})")
            continue
        scan.add(module, tree)
    entities = sorted(
        [*sqlalchemy_entities(scan), *django_entities(scan)], key=lambda e: (e.schema, e.name)
    )
    return ErdModel(tuple(entities), relationships(entities), tuple(problems))
