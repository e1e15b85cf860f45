"""The text of each part's module and of the class's module once its members have moved.

Members move verbatim (decorators and the comment lines right above them included). A part
imports what its methods use: a name the module imports is imported the same way; a name the
module defines is imported inside the method, when it is called (the module imports the parts,
so importing it back at the top would be an import cycle); a name only annotations use is
imported under TYPE_CHECKING. The parts use postponed annotations for that reason.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

import libcst as cst

from refactorkit.codemods.import_order import sorted_names
from refactorkit.codemods.refs.context import relative_spec
from refactorkit.codemods.refs.definitions import Binding, organize, source_bindings
from refactorkit.codemods.refs.module_edits import (
    drop_unused_imports,
    insert_imports,
    mark_reexports,
)
from refactorkit.codemods.split_class.grouping import ClassPlan, Part
from refactorkit.codemods.split_class.model import ClassModel, FunctionNode, Member


@dataclass(frozen=True)
class Placement:
    """Where the class's module sits: its package, and whether it imports relatively."""

    module: str
    package: str
    relative: bool
    first_party: frozenset[str]

    def spec_for(self, module: str) -> str:
        """How a part (in `package`) or the module spells an import of `module`."""
        if self.relative:
            return relative_spec(self.package, module) or module
        return module

    def part_module(self, part: Part) -> str:
        return f"{self.package}.{part.module}" if self.package else part.module


def placement(model: ClassModel, is_package: bool, first_party: set[str]) -> Placement:
    package = model.module if is_package else model.module.rpartition(".")[0]
    relative = bool(package) and re.search(r"(?m)^\s*from\s+\.", model.text) is not None
    return Placement(model.module, package, relative, frozenset(first_party))


def _span(lines: list[str], stmt: ast.stmt) -> tuple[int, int]:
    """1-based first and last line of a body statement with its decorators and the comment
    lines right above it."""
    decorators = getattr(stmt, "decorator_list", [])
    start = min([stmt.lineno, *(d.lineno for d in decorators)])
    while start > 1 and lines[start - 2].strip().startswith("#"):
        start -= 1
    return start, stmt.end_lineno or stmt.lineno


def part_text(model: ClassModel, plan: ClassPlan, part: Part, where: Placement) -> str:
    """The module of one part: header, imports, and the mixin with its members."""
    lines = model.text.splitlines()
    bindings = source_bindings(
        ast.parse(model.text), model.module, where.package == model.module, where.package
    )
    runtime, guarded, body = _part_body(model, part, lines, bindings, where)
    indent = _indent(lines, model.node)
    out = [
        f'"""Methods of {model.module}.{model.name}, a part of it (refactorkit split-class)."""',
        "",
        "from __future__ import annotations",
        "",
    ]
    if guarded:
        runtime.append("from typing import TYPE_CHECKING")
    if runtime:
        out += [*organize(runtime, set(where.first_party)), ""]
    if guarded:
        out += ["if TYPE_CHECKING:"]
        out += [f"    {line}" if line else "" for line in organize(guarded, set(where.first_party))]
        out += [""]
    out += ["", f"class {part.name}:"]
    out.append(f'{indent}"""{_summary_line(plan.class_name, part.members, len(indent))}"""')
    if model.slotted:
        out += ["", f"{indent}__slots__ = ()"]
    for text in body:
        out += ["", text]
    return "\n".join(out) + "\n"


_DOC_WIDTH = 88  # the part's docstring line stays under common line limits


def _summary_line(class_name: str, members: tuple[str, ...], indent: int) -> str:
    """`Part of Order: a, b, c.`, the list cut with a count when the line would be long."""
    shown = list(members)
    text = f"Part of {class_name}: {', '.join(shown)}."
    while len(shown) > 1 and indent + len(text) + 6 > _DOC_WIDTH:
        shown.pop()
        text = f"Part of {class_name}: {', '.join(shown)} and {len(members) - len(shown)} more."
    return text


def _indent(lines: list[str], node: ast.ClassDef) -> str:
    first = lines[node.body[0].lineno - 1]
    return first[: len(first) - len(first.lstrip())] or "    "


def _part_body(
    model: ClassModel,
    part: Part,
    lines: list[str],
    bindings: dict[str, Binding],
    where: Placement,
) -> tuple[list[str], list[str], list[str]]:
    """(runtime imports, TYPE_CHECKING imports, member texts) of a part."""
    runtime: list[str] = []
    guarded: list[str] = []
    texts: list[str] = []
    spec = where.spec_for(model.module)
    for name in part.members:
        member = model.member(name)
        used = member.globals_used | member.import_time | member.annotations
        for used_name in sorted(used):
            binding = bindings.get(used_name)
            if binding is not None:
                annotation = used_name in member.annotations
                _add_import(used_name, binding, annotation, spec, (runtime, guarded))
        call_time = {line: names & model.bindings for line, names in member.def_globals}
        for index in member.statements:
            stmt = model.node.body[index]
            texts.append(_member_text(lines, stmt, call_time, where.spec_for(model.module)))
    return runtime, guarded, texts


def _add_import(
    name: str,
    binding: Binding,
    in_annotation: bool,
    spec: str,
    into: tuple[list[str], list[str]],
) -> None:
    """Add the import a part needs for `name` to its runtime or its TYPE_CHECKING imports."""
    runtime, guarded = into
    if binding.import_code:
        _add(guarded if binding.type_checking else runtime, binding.import_code)
    elif in_annotation:  # read when annotations are evaluated
        _add(guarded, f"from {spec} import {name}")


def _add(statements: list[str], text: str) -> None:
    if text not in statements:
        statements.append(text)


def _member_text(
    lines: list[str], stmt: ast.stmt, call_time: dict[int, frozenset[str]], spec: str
) -> str:
    """The statement's lines, with a call-time import of the module's names it needs."""
    start, end = _span(lines, stmt)
    chunk = lines[start - 1 : end]
    needed = call_time.get(stmt.lineno, frozenset()) if isinstance(stmt, FunctionNode) else ()
    if not needed or not isinstance(stmt, FunctionNode):
        return "\n".join(chunk)
    first = stmt.body[0]
    docstring = (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    )
    after = (first.end_lineno or first.lineno) if docstring else first.lineno - 1
    body_line = lines[first.lineno - 1]
    indent = body_line[: len(body_line) - len(body_line.lstrip())]
    statement = f"{indent}from {spec} import {', '.join(sorted_names(needed))}"
    cut = after - start + 1
    return "\n".join([*chunk[:cut], statement, *chunk[cut:]])


def module_text(
    model: ClassModel, plan: ClassPlan, where: Placement, reexported: frozenset[str] = frozenset()
) -> str:
    """The class's module with the moved members gone, the parts as bases, their imports.

    `reexported`: names other modules import through this one; their imports stay (marked
    `# noqa: F401`) even when only moved members used them.
    """
    moving = [model.member(n) for p in plan.parts for n in p.members]
    text = _without_members(model, plan, moving)
    used = _names_used(moving) - model.bindings
    module = drop_unused_imports(cst.parse_module(text), used - reexported)
    text = (mark_reexports(module, used & reexported) if used & reexported else module).code
    spec = where.spec_for
    imports = [f"from {spec(where.part_module(p))} import {p.name}" for p in plan.parts]
    return insert_imports(text, sorted(imports))


def _without_members(model: ClassModel, plan: ClassPlan, moving: list[Member]) -> str:
    lines = model.text.splitlines()
    node = model.node
    moved = [node.body[i] for member in moving for i in member.statements]
    drop = _dropped_lines(lines, moved, node.end_lineno or node.lineno)
    drop |= _emptied_banners(lines, node, moved)
    lines[node.lineno - 1] = _with_bases(lines[node.lineno - 1], node, [p.name for p in plan.parts])
    kept = [line for number, line in enumerate(lines, 1) if number not in drop]
    if moved and len(moved) == len(node.body):  # nothing left, not even a docstring
        kept.insert(min(drop) - 1, _indent(lines, node) + "pass")
    return "\n".join(kept) + ("\n" if model.text.endswith("\n") else "")


def _emptied_banners(lines: list[str], node: ast.ClassDef, moved: list[ast.stmt]) -> set[int]:
    """The banner comment above a section whose statements all moved, with the blank lines
    around it (those before it too when nothing of the class follows)."""
    moved_ids = {id(stmt) for stmt in moved}
    sections = _banner_sections(lines, node)
    out: set[int] = set()
    for number, (banner, stmts) in enumerate(sections):
        if not banner or not all(id(s) in moved_ids for s in stmts):
            continue
        out.update(range(banner[0], _span(lines, stmts[0])[0]))
        later = [s for _, rest in sections[number + 1 :] for s in rest]
        if all(id(s) in moved_ids for s in later):
            out.update(_blank_neighbours(lines, banner[0], banner[0] - 1, 0))
    return out


def _banner_sections(
    lines: list[str], node: ast.ClassDef
) -> list[tuple[list[int], list[ast.stmt]]]:
    """(banner comment line numbers, statements under it) for each section of the body."""
    sections: list[tuple[list[int], list[ast.stmt]]] = []
    previous_end = node.body[0].lineno - 1
    for stmt in node.body:
        start = _span(lines, stmt)[0]
        comments = [n for n in range(previous_end + 1, start) if lines[n - 1].strip()]
        if comments or not sections:
            sections.append((comments, []))
        sections[-1][1].append(stmt)
        previous_end = stmt.end_lineno or stmt.lineno
    return sections


def _names_used(members: list[Member]) -> set[str]:
    used: set[str] = set()
    for member in members:
        used |= member.globals_used | member.import_time | member.annotations
    return used


def _dropped_lines(lines: list[str], moved: list[ast.stmt], class_end: int) -> set[int]:
    drop: set[int] = set()
    for stmt in moved:
        start, end = _span(lines, stmt)
        drop.update(range(start, end + 1))
        drop.update(_blank_neighbours(lines, start, end, class_end))
    return drop


def _blank_neighbours(lines: list[str], start: int, end: int, class_end: int) -> set[int]:
    """The blank lines after a removed statement when another class statement follows, else
    the ones before it (what separated it from the previous statement)."""
    after = end + 1
    while after <= len(lines) and not lines[after - 1].strip():
        after += 1
    if after <= class_end:
        return set(range(end + 1, after))
    before = start - 1
    while before > 0 and not lines[before - 1].strip():
        before -= 1
    return set(range(before + 1, start))


_WIDTH = 88  # a class line longer than this lists its bases one per line


def _wrapped(line: str, node: ast.ClassDef) -> str:
    """`class C(A, B, Base):` as one base per line (a one-line header without comments)."""
    if not line.rstrip().endswith("):") or "#" in line:
        return line
    head, _, rest = line.partition("(")
    inner = rest.rstrip()[: -len("):")]
    items = [part.strip() for part in _top_commas(inner)]
    return "\n".join([f"{head}(", *(f"    {item}," for item in items if item), "):"])


def _top_commas(text: str) -> list[str]:
    """`text` cut at the commas outside brackets."""
    out, depth, current = [], 0, ""
    for char in text:
        depth += (char in "([{") - (char in ")]}")
        if char == "," and depth == 0:
            out.append(current)
            current = ""
        else:
            current += char
    return [*out, current]


def _with_bases(header: str, node: ast.ClassDef, parts: list[str]) -> str:
    """`class C(Base):` -> `class C(PartA, PartB, Base):` on the class line."""
    if not parts:
        return header
    joined = ", ".join(parts)
    first = node.bases[0] if node.bases else (node.keywords[0] if node.keywords else None)
    if first is not None and first.lineno == node.lineno:
        raw = header.encode("utf-8")
        col = first.col_offset
        line = raw[:col].decode("utf-8") + joined + ", " + raw[col:].decode("utf-8")
        return line if len(line) <= _WIDTH else _wrapped(line, node)
    if first is not None:
        return header.replace("(", f"({joined}, ", 1)
    pattern = re.compile(rf"(class\s+{re.escape(node.name)})\s*(\(\s*\))?\s*:")
    return pattern.sub(rf"\1({joined}):", header, count=1)
