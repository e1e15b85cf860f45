"""The classes, module constants and `Table(...)` assignments of the parsed model files, and
the small `ast` helpers both ORM readers share."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ClassInfo:
    name: str
    module: str
    node: ast.ClassDef
    bases: tuple[str, ...]  # the last name of each base (`models.Model` -> "Model")
    base_paths: tuple[str, ...]  # each base as written (`models.Model`)


@dataclass
class Scan:
    """Everything the readers look up across files: classes by name, string constants."""

    classes: dict[str, list[ClassInfo]] = field(default_factory=dict)
    constants: dict[tuple[str, str], str] = field(default_factory=dict)  # (module, name)
    tables: list[tuple[str, str, ast.Call]] = field(default_factory=list)  # module, var, call

    def add(self, module: str, tree: ast.Module) -> None:
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                bases = tuple(last_name(b) for b in node.bases)
                paths = tuple(dotted(b) for b in node.bases)
                info = ClassInfo(node.name, module, node, bases, paths)
                self.classes.setdefault(node.name, []).append(info)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                self._assignment(module, node)

    def _assignment(self, module: str, node: ast.Assign | ast.AnnAssign) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if len(targets) != 1 or not isinstance(targets[0], ast.Name) or node.value is None:
            return
        name, value = targets[0].id, node.value
        text = const_str(value)
        if text is not None:
            self.constants[(module, name)] = text
        elif isinstance(value, ast.Call) and last_name(value.func) == "Table":
            self.tables.append((module, name, value))

    def lookup(self, name: str) -> ClassInfo | None:
        """The class of that name (the first one found when several modules define it)."""
        found = self.classes.get(name)
        return found[0] if found else None

    def ancestors(self, info: ClassInfo) -> Iterator[ClassInfo]:
        """Base classes found in the scanned files, nearest first (each once)."""
        seen: set[str] = {info.name}
        queue = list(info.bases)
        while queue:
            name = queue.pop(0)
            base = self.lookup(name)
            if name in seen or base is None:
                continue
            seen.add(name)
            yield base
            queue.extend(base.bases)

    def text(self, module: str, node: ast.expr | None) -> str | None:
        """A string literal, or a module-level string constant named by `node`."""
        value = const_str(node)
        if value is None and isinstance(node, ast.Name):
            return self.constants.get((module, node.id))
        return value


def last_name(node: ast.expr | None) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Subscript):
        return last_name(node.value)
    if isinstance(node, ast.Call):
        return last_name(node.func)
    return ""


def dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else ""


def const_str(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def keywords(call: ast.Call) -> dict[str, ast.expr]:
    return {k.arg: k.value for k in call.keywords if k.arg is not None}


def flag(call: ast.Call, name: str) -> bool | None:
    """The value of a `name=True/False` keyword, None when it is absent or not a constant."""
    value = keywords(call).get(name)
    if isinstance(value, ast.Constant) and isinstance(value.value, bool):
        return value.value
    return None


def body_assignments(node: ast.ClassDef) -> Iterator[tuple[str, ast.expr | None, ast.expr | None]]:
    """(name, annotation, value) of each simple assignment in a class body."""
    for statement in node.body:
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            yield statement.target.id, statement.annotation, statement.value
        elif isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
            if isinstance(target, ast.Name):
                yield target.id, None, statement.value


def class_constant(node: ast.ClassDef, name: str) -> ast.expr | None:
    """The value assigned to `name` in the class body (None when it is not assigned)."""
    for target, _, value in body_assignments(node):
        if target == name:
            return value
    return None
