"""ORM facts read from class bodies: string references to other models and grouping hints.

SQLAlchemy resolves `relationship("Brand")`, `ForeignKey("catalog.brand.id")` and
`secondary="brand_tags"` by name when mappers are configured; Django resolves
`ForeignKey("Brand")` / `ForeignKey("app.Brand")` the same way. Those references need no import,
but they say which models belong together.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

_CLASS_REF_CALLS = frozenset(
    {
        "relationship",
        "ForeignKey",
        "ManyToManyField",
        "OneToOneField",
        "ForeignObject",
        "GenericRelation",
    }
)
_EXPR_KEYWORDS = frozenset(
    {"primaryjoin", "secondaryjoin", "order_by", "foreign_keys", "remote_side", "argument"}
)
_SECTION_INLINE = re.compile(
    r"^#+\s*[-=*~#_]{2,}\s*(?P<title>[A-Za-z][\w /&,.'-]*?)\s*[-=*~#_]*\s*$"
)
_SECTION_RULE = re.compile(r"^#+\s*[-=*~#_]{3,}\s*$")
_SECTION_TITLE = re.compile(r"^#+\s*(?P<title>[A-Za-z][\w /&,.'-]{0,80}?)\s*$")


@dataclass(frozen=True)
class OrmFacts:
    """What a top-level class tells about its ORM identity."""

    class_refs: frozenset[str] = frozenset()  # class names referenced by string
    table_refs: frozenset[str] = frozenset()  # table names ("brand", "catalog.brand")
    tablename: str | None = None  # __tablename__, or Table("name", ...) for module-level tables
    schema: str | None = None  # __table_args__ = {"schema": ...}
    app_label: str | None = None  # Django Meta.app_label
    db_table: str | None = None  # Django Meta.db_table


def _call_name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _string(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def orm_facts(stmt: ast.stmt) -> OrmFacts:
    """ORM references and hints of one top-level statement (a model class or a `Table(...)`)."""
    if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call):
        if _call_name(stmt.value.func) == "Table" and stmt.value.args:
            refs = _references(stmt.value)
            return OrmFacts(refs[0], refs[1], tablename=_string(stmt.value.args[0]))
        return OrmFacts()
    if not isinstance(stmt, ast.ClassDef):
        return OrmFacts()
    class_refs, table_refs = _references(stmt)
    return OrmFacts(class_refs, table_refs, *_class_hints(stmt))


def _class_hints(
    stmt: ast.ClassDef,
) -> tuple[str | None, str | None, str | None, str | None]:
    """(tablename, schema, app_label, db_table) a model class declares."""
    tablename = schema = app_label = db_table = None
    for item in stmt.body:
        target, value = _single_target(item)
        if target == "__tablename__":
            tablename = _string(value)
        elif target == "__table_args__" and value is not None:
            schema = _schema(value)
        elif isinstance(item, ast.ClassDef) and item.name == "Meta":
            app_label = _meta_value(item, "app_label")
            db_table = _meta_value(item, "db_table")
    return tablename, schema, app_label, db_table


def _single_target(item: ast.stmt) -> tuple[str, ast.expr] | tuple[None, None]:
    """(name, value) of `name = value`; (None, None) for anything else."""
    if isinstance(item, ast.Assign) and len(item.targets) == 1:
        target = item.targets[0]
        if isinstance(target, ast.Name):
            return target.id, item.value
    return None, None


def _references(node: ast.AST) -> tuple[frozenset[str], frozenset[str]]:
    classes: set[str] = set()
    tables: set[str] = set()
    for call in ast.walk(node):
        if not isinstance(call, ast.Call):
            continue
        name = _call_name(call.func)
        if name in _CLASS_REF_CALLS:
            first = _keyword_references(call, classes, tables)
            if first is not None:
                _add_first_reference(name, first, classes, tables)
    return frozenset(classes), frozenset(tables)


def _keyword_references(call: ast.Call, classes: set[str], tables: set[str]) -> str | None:
    """Adds what the call's keywords name; returns the class or table it points to, if any."""
    first = _string(call.args[0]) if call.args else None
    for keyword in call.keywords:
        value = _string(keyword.value)
        if keyword.arg in ("to", "argument") and first is None:
            first = value
        elif keyword.arg == "secondary" and value:
            tables.add(value)
        elif keyword.arg in _EXPR_KEYWORDS and value:
            classes.update(_expression_names(value))
    return first


def _add_first_reference(name: str, first: str, classes: set[str], tables: set[str]) -> None:
    last = first.rsplit(".", 1)[-1]
    if name == "ForeignKey" and "." in first and not last[:1].isupper():
        tables.add(first.rsplit(".", 1)[0])  # "schema.table.column" -> "schema.table"
    elif first != "self":
        classes.add(last)  # "Brand", or Django's "app_label.Brand"


def _expression_names(text: str) -> set[str]:
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        return set()
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}


def _schema(value: ast.expr) -> str | None:
    candidates: list[ast.expr] = [value]
    if isinstance(value, ast.Tuple) and value.elts:
        candidates = [value.elts[-1]]
    for candidate in candidates:
        if isinstance(candidate, ast.Dict):
            for key, item in zip(candidate.keys, candidate.values, strict=True):
                if _string(key) == "schema":
                    return _string(item)
    return None


def _meta_value(meta: ast.ClassDef, key: str) -> str | None:
    for item in meta.body:
        if isinstance(item, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == key for t in item.targets
        ):
            return _string(item.value)
    return None


def section_title(comment_lines: list[str]) -> str | None:
    """The last section banner among a statement's leading comments, e.g. `# --- Catalog ---`.

    Also recognises the three-line form: a rule, a title comment, a rule.
    """
    title = None
    for index, raw in enumerate(comment_lines):
        line = raw.strip()
        match = _SECTION_INLINE.match(line)
        if match:
            title = match.group("title")
            continue
        if _SECTION_RULE.match(line) and index + 2 < len(comment_lines):
            middle = _SECTION_TITLE.match(comment_lines[index + 1].strip())
            if middle and _SECTION_RULE.match(comment_lines[index + 2].strip()):
                title = middle.group("title")
    return title
