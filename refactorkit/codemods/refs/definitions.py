"""What a top-level definition needs: its statement, the module-level names it uses, and how
the source module binds them (an import to copy, or a definition to import from the source)."""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass

import libcst as cst

from refactorkit.codemods.refs.context import relative_spec
from refactorkit.errors import UserError


@dataclass(frozen=True)
class Binding:
    """How the source module binds one name used by the moved definition."""

    name: str
    import_code: str | None  # an import statement to copy (absolute or re-levelled), or None
    defined_here: bool  # a top-level definition of the source module
    type_checking: bool = False


def find_definition(module: cst.Module, name: str, where: str) -> int:
    """Index in `module.body` of the one top-level statement defining `name`."""
    found = [i for i, stmt in enumerate(module.body) if name in defined_names(stmt)]
    if not found:
        raise UserError(f"{where}: no top-level definition of {name!r}")
    if len(found) > 1:
        raise UserError(f"{where}: {name!r} is defined {len(found)} times at top level")
    stmt = module.body[found[0]]
    if not isinstance(stmt, (cst.ClassDef, cst.FunctionDef, cst.SimpleStatementLine)):
        raise UserError(f"{where}: {name!r} is defined inside an if/try block; move it by hand")
    return found[0]


def defined_names(stmt: cst.CSTNode) -> set[str]:
    if isinstance(stmt, (cst.ClassDef, cst.FunctionDef)):
        return {stmt.name.value}
    if not isinstance(stmt, cst.SimpleStatementLine):
        return set()
    return {name for small in stmt.body for name in _assigned_names(small)}


def _assigned_names(small: cst.BaseSmallStatement) -> list[str]:
    """The plain names an assignment binds (`x = ...`, `x: int = ...`)."""
    if isinstance(small, cst.Assign):
        return [t.target.value for t in small.targets if isinstance(t.target, cst.Name)]
    if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
        return [small.target.value]
    return []


def used_names(code: str) -> set[str]:
    """Names a statement reads (a superset: local names are filtered by the caller).

    Quoted annotations (`def f(m: "Money")`) count: their names need the import as much.
    """
    tree = ast.parse(code)
    found = {
        n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    }
    for annotation in _annotations(tree):
        for node in ast.walk(annotation):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found |= _quoted_names(node.value)
    return found


def _quoted_names(text: str) -> set[str]:
    """The names of a string annotation (none when it is not an expression)."""
    try:
        quoted = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        return set()
    return {n.id for n in ast.walk(quoted) if isinstance(n, ast.Name)}


def _annotations(tree: ast.AST) -> list[ast.expr]:
    found: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.arg | ast.AnnAssign) and node.annotation is not None:
            found.append(node.annotation)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns:
            found.append(node.returns)
    return found


def source_bindings(
    tree: ast.Module, module: str, is_package: bool, target_package: str
) -> dict[str, Binding]:
    """Every top-level binding of the source module, imports rewritten for the target."""
    package = module if is_package else module.rpartition(".")[0]
    bindings: dict[str, Binding] = {}
    for stmt, type_checking in _top_statements(tree.body, False):
        if isinstance(stmt, ast.Import):
            bindings.update(_import_bindings(stmt, type_checking))
        elif isinstance(stmt, ast.ImportFrom):
            bindings.update(_from_bindings(stmt, package, target_package, type_checking))
        else:
            for name in _assigned(stmt):
                bindings.setdefault(name, Binding(name, None, True))
    return bindings


def _import_bindings(stmt: ast.Import, type_checking: bool) -> dict[str, Binding]:
    out: dict[str, Binding] = {}
    for alias in stmt.names:
        local = alias.asname or alias.name.partition(".")[0]
        text = f"import {alias.name}" + (f" as {alias.asname}" if alias.asname else "")
        out[local] = Binding(local, text, False, type_checking)
    return out


def _from_bindings(
    stmt: ast.ImportFrom, package: str, target_package: str, type_checking: bool
) -> dict[str, Binding]:
    """The names a from-import binds, with the import re-levelled for the target package."""
    base = _absolute(stmt, package)
    if base is None or base == "__future__":
        return {}
    spec = base
    if stmt.level:
        spec = relative_spec(target_package, base) or base
    out: dict[str, Binding] = {}
    for alias in stmt.names:
        local = alias.asname or alias.name
        as_part = f" as {alias.asname}" if alias.asname else ""
        out[local] = Binding(
            local, f"from {spec} import {alias.name}{as_part}", False, type_checking
        )
    return out


def _top_statements(body: list[ast.stmt], tc: bool) -> list[tuple[ast.stmt, bool]]:
    """Top-level statements, entering `if`/`try` blocks (TYPE_CHECKING ones marked)."""
    out: list[tuple[ast.stmt, bool]] = []
    for stmt in body:
        if isinstance(stmt, ast.If):
            is_tc = "TYPE_CHECKING" in ast.unparse(stmt.test)
            out.extend(_top_statements(stmt.body, tc or is_tc))
            out.extend(_top_statements(stmt.orelse, tc))
        elif isinstance(stmt, ast.Try):
            for block in (stmt.body, *(h.body for h in stmt.handlers), stmt.orelse):
                out.extend(_top_statements(block, tc))
        else:
            out.append((stmt, tc))
    return out


def _absolute(stmt: ast.ImportFrom, package: str) -> str | None:
    if not stmt.level:
        return stmt.module
    parts = package.split(".") if package else []
    if stmt.level - 1 > len(parts):
        return None
    base = parts[: len(parts) - (stmt.level - 1)]
    if stmt.module:
        base.append(stmt.module)
    return ".".join(base) or None


def _assigned(stmt: ast.stmt) -> list[str]:
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [stmt.name]
    targets: list[ast.expr] = []
    if isinstance(stmt, ast.Assign):
        targets = list(stmt.targets)
    elif isinstance(stmt, (ast.AnnAssign, ast.AugAssign)):
        targets = [stmt.target]
    names: list[str] = []
    for target in targets:
        names.extend(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return names


def organize(
    statements: list[str], first_party: set[str], *, single_line: bool = False
) -> list[str]:
    """Merge one-name imports per module and group them isort-style (blank line between groups).

    Groups: __future__, standard library, third party, first party (`first_party` top-level
    names), relative. With `single_line` (the source writes one name per `from` import, as
    reorder-python-imports does) names are not merged. Returns lines; "" marks a blank line.
    """
    merged, plain = _merged_imports(statements)
    groups: dict[int, list[str]] = {}
    for text in plain:
        groups.setdefault(_group(text.split()[1], 0, first_party), []).append(text)
    for (level, module), names in merged.items():
        spec = "." * level + module
        texts = [f"from {spec} import {n}" for n in names] if single_line else []
        groups.setdefault(_group(module, level, first_party), []).extend(
            texts or [f"from {spec} import {', '.join(names)}"]
        )
    lines: list[str] = []
    for key in sorted(groups):
        if lines:
            lines.append("")
        lines.extend(sorted(groups[key], key=lambda t: (t.startswith("from"), t.lower())))
    return lines


def _merged_imports(
    statements: list[str],
) -> tuple[dict[tuple[int, str], list[str]], list[str]]:
    """((level, module) -> names of its from-imports, in first-seen order; plain imports)."""
    merged: dict[tuple[int, str], list[str]] = {}
    plain: list[str] = []
    for text in statements:
        node = ast.parse(text).body[0]
        if isinstance(node, ast.ImportFrom):
            names = merged.setdefault((node.level, node.module or ""), [])
            for alias in node.names:
                part = alias.name + (f" as {alias.asname}" if alias.asname else "")
                if part not in names:
                    names.append(part)
        elif text not in plain:
            plain.append(text)
    return merged, plain


def _group(module: str, level: int, first_party: set[str]) -> int:
    top = module.partition(".")[0]
    if level:
        return 4
    if top == "__future__":
        return 0
    if top in sys.stdlib_module_names:
        return 1
    return 3 if top in first_party else 2


def one_name_per_from_import(source: str) -> bool:
    """Whether a module writes `from x import a` and `from x import b` on separate lines."""
    seen: set[tuple[int, str | None]] = set()
    repeated = False
    for node in ast.parse(source).body:
        if isinstance(node, ast.ImportFrom):
            if len(node.names) > 1:
                return False
            key = (node.level, node.module)
            repeated = repeated or key in seen
            seen.add(key)
    return repeated
