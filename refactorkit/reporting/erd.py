"""ER diagrams as Mermaid `erDiagram`, Graphviz DOT (through pydot) and Markdown.

Association tables are drawn as one many-to-many edge between the tables they link; the
Markdown report lists every table's columns and every foreign key, with the Mermaid diagram.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pydot

from refactorkit.analysis.erd import Column, Entity, ErdModel, Relationship

_WORD = re.compile(r"[^A-Za-z0-9_]+")
# Mermaid crow's feet, FK holder on the right: the target (one) and the holder (many).
_MERMAID_EDGES = {
    ("many-to-one", True): "||--o{",
    ("many-to-one", False): "|o--o{",
    ("one-to-one", True): "||--o|",
    ("one-to-one", False): "|o--o|",
    ("many-to-many", False): "}o--o{",
    ("many-to-many", True): "}o--o{",
}


def group_of(entity: Entity, by: str) -> str:
    """The group an entity is drawn in: its schema, or its module ("schema" falls back to
    the module when the table has no schema)."""
    if by == "schema" and entity.schema:
        return entity.schema
    return entity.module


def mermaid_id(key: str) -> str:
    """A Mermaid entity name for a table key ("catalog.brand" -> "catalog_brand")."""
    return _WORD.sub("_", key).strip("_") or "table"


def render_mermaid(model: ErdModel) -> str:
    lines = ["erDiagram"]
    for entity in _drawn(model):
        lines.append(f"    {mermaid_id(entity.key)} {{")
        lines.extend(f"        {_mermaid_column(c)}" for c in entity.columns)
        lines.append("    }")
    for edge in model.relationships:
        arrow = _MERMAID_EDGES[(edge.kind, edge.required)]
        # The "one" side on the left; a many-to-many edge reads in its declared order.
        left, right = (
            (edge.source, edge.target)
            if edge.kind == "many-to-many"
            else (
                edge.target,
                edge.source,
            )
        )
        lines.append(f'    {mermaid_id(left)} {arrow} {mermaid_id(right)} : "{edge.label}"')
    return "\n".join(lines) + "\n"


def _mermaid_column(column: Column) -> str:
    keys = [k for k, on in (("PK", column.primary_key), ("FK", bool(column.foreign_key))) if on]
    if column.unique and not column.primary_key:
        keys.append("UK")
    notes = ["nullable"] if column.nullable else []
    if column.foreign_key:
        notes.append(f"to {column.foreign_key}")
    text = f"{_WORD.sub('_', column.type) or 'unknown'} {mermaid_id(column.name)}"
    if keys:
        text += " " + ", ".join(keys)
    if notes:
        text += ' "' + ", ".join(notes) + '"'
    return text


def _drawn(model: ErdModel) -> list[Entity]:
    """The entities drawn as boxes: every table but the association tables of M2M edges."""
    linked = {e.label for e in model.relationships if e.kind == "many-to-many"}
    return [e for e in model.entities if e.key not in linked]


def render_dot(model: ErdModel, group_by: str = "schema", title: str = "") -> str:
    graph = pydot.Dot(graph_type="digraph", rankdir="LR", fontname="Helvetica")
    if title:
        graph.set("label", _quote(title))
        graph.set("labelloc", "t")
    groups: dict[str, list[Entity]] = {}
    for entity in _drawn(model):
        groups.setdefault(group_of(entity, group_by), []).append(entity)
    for index, (name, members) in enumerate(sorted(groups.items())):
        cluster = pydot.Subgraph(
            f"cluster_{index}", label=_quote(name), style='"rounded"', color=_quote("#b8c2cc")
        )
        for entity in members:
            cluster.add_node(
                pydot.Node(_quote(entity.key), shape="plaintext", label=_html_label(entity))
            )
        graph.add_subgraph(cluster)
    for edge in model.relationships:
        graph.add_edge(_dot_edge(edge))
    return str(graph.to_string())


def _dot_edge(edge: Relationship) -> pydot.Edge:
    many_to_many = edge.kind == "many-to-many"
    return pydot.Edge(
        _quote(edge.source),
        _quote(edge.target),
        label=_quote(edge.label),
        style="dashed" if many_to_many or not edge.required else "solid",
        dir="both" if many_to_many else "forward",
        arrowhead="crow" if many_to_many else ("tee" if edge.kind == "one-to-one" else "normal"),
        fontsize="9",
    )


def _html_label(entity: Entity) -> str:
    rows = [f'<tr><td bgcolor="#dde8f5" colspan="2"><b>{_html(entity.key)}</b></td></tr>']
    for column in entity.columns:
        marks = ("PK " if column.primary_key else "") + ("FK" if column.foreign_key else "")
        name = _html(column.name) + ("" if column.nullable else " *")
        rows.append(
            f'<tr><td align="left">{name}</td>'
            f'<td align="left">{_html(column.type)} {marks.strip()}</td></tr>'
        )
    return '<<table border="0" cellborder="1" cellspacing="0">' + "".join(rows) + "</table>>"


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_markdown(model: ErdModel, group_by: str = "schema", title: str = "") -> str:
    lines = [f"# {title or 'ER diagram'}", "", "```mermaid", render_mermaid(model).rstrip(), "```"]
    groups: dict[str, list[Entity]] = {}
    for entity in model.entities:
        groups.setdefault(group_of(entity, group_by), []).append(entity)
    for name, members in sorted(groups.items()):
        lines += ["", f"## {name}"]
        for entity in members:
            lines += _entity_table(entity)
    lines += ["", "## Foreign keys", "", "| From | To | Kind |", "| --- | --- | --- |"]
    lines += [_fk_row(entity, column) for entity in model.entities for column in _fks(entity)]
    return "\n".join(lines) + "\n"


def _entity_table(entity: Entity) -> list[str]:
    model = f" (`{entity.model}`)" if entity.model else ""
    lines = ["", f"### {entity.key}{model}", "", "| Column | Type | Key | Null |"]
    lines.append("| --- | --- | --- | --- |")
    for c in entity.columns:
        key = ", ".join(k for k, on in (("PK", c.primary_key), ("FK", bool(c.foreign_key))) if on)
        lines.append(f"| {c.name} | {c.type} | {key} | {'yes' if c.nullable else 'no'} |")
    return lines


def _fks(entity: Entity) -> Iterable[Column]:
    return (c for c in entity.columns if c.foreign_key)


def _fk_row(entity: Entity, column: Column) -> str:
    kind = "one-to-one" if column.unique else "many-to-one"
    if entity.association:
        kind = "many-to-many link"
    return f"| {entity.key}.{column.name} | {column.foreign_key} | {kind} |"
