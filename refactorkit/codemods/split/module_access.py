"""`--rewrite-imports` for module access: `m.Brand` after `import pkg.models as m`.

`from pkg.models import Brand` is rewritten by the shared reference rewriter; a file that
imports the module itself and reads `m.Brand` still goes through the old path, which works but
warns under `--shim`. Such reads become `m.catalog.Brand`: the package binds each submodule as
an attribute once it is imported (it imports them all), so this is the same object, read
through the submodule's path, and the file needs no new import.

Conservative: only reads are rewritten (`m.X = ...`, `del m.X` and augmented assignments go on
changing the package), only where the module's name is bound once in the file (by the import),
and never for names that must still be read through the package (patched names).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

import libcst as cst
from libcst.helpers import get_full_name_for_node


def module_names(
    tree: ast.Module, module: str, own_module: str | None, is_package: bool = False
) -> set[str]:
    """The dotted names by which the file's code reads `module` (`m`, `pkg.models`)."""
    names: set[str] = set()
    for node in tree.body:
        names |= _names_for_module(node, module, own_module, is_package)
    bound = _bound_counts(tree)
    # `m` must be bound by its import alone; `pkg` of `pkg.models` by `import pkg...` alone.
    return {n for n in names if bound.get(n, 0) == 1 or ("." in n and n.split(".")[0] not in bound)}


def _names_for_module(
    node: ast.stmt, module: str, own_module: str | None, is_package: bool
) -> set[str]:
    """The names a top-level import binds to `module` itself."""
    if isinstance(node, ast.Import):
        return {alias.asname or module for alias in node.names if alias.name == module}
    if not isinstance(node, ast.ImportFrom):
        return set()
    # `from . import models` in pkg/app.py (or pkg/__init__.py) names pkg.models.
    origin = import_origin(node, own_module, is_package)
    if origin is None:
        return set()
    return {
        alias.asname or alias.name for alias in node.names if f"{origin}.{alias.name}" == module
    }


def _bound_counts(tree: ast.Module) -> dict[str, int]:
    """How often each name is bound in the file; `import a.b` (which binds the package) aside.

    Parameters are left out: they shadow the module name only inside their function's body,
    which `_Retarget` leaves alone (jinja2: `def f(nodes: t.Iterable[nodes.Node])`).
    """
    counts: dict[str, int] = {}
    for node in ast.walk(tree):
        for name in _names_bound(node):
            counts[name] = counts.get(name, 0) + 1
    return counts


def _names_bound(node: ast.AST) -> list[str]:
    """The names one node binds (see `_bound_counts`)."""
    if isinstance(node, ast.Name):
        return [] if isinstance(node.ctx, ast.Load) else [node.id]
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.ExceptHandler):
        return [node.name] if node.name else []
    if isinstance(node, (ast.Global, ast.Nonlocal)):
        return list(node.names)
    return _import_bindings(node)


def _import_bindings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.asname for alias in node.names if alias.asname]
    if isinstance(node, ast.ImportFrom):
        return [alias.asname or alias.name for alias in node.names]
    return []


class _Retarget(cst.CSTTransformer):
    """`m.X` -> `m.group.X` for reads of moved names through a module name."""

    def __init__(self, prefixes: set[str], group_of: Mapping[str, str]) -> None:
        super().__init__()
        self.prefixes = prefixes
        self.group_of = group_of
        self.stores: set[int] = set()
        self.shadowing: set[int] = set()  # bodies of functions with a parameter of that name
        self.depth = 0

    def _store(self, target: cst.BaseExpression) -> None:
        if isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._store(element.value)
        else:
            self.stores.add(id(target))

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._store(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._store(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._store(node.target)

    def visit_Del(self, node: cst.Del) -> None:
        self._store(node.target)

    def visit_For(self, node: cst.For) -> None:
        self._store(node.target)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        roots = {p.split(".")[0] for p in self.prefixes}
        params = node.params
        every = [*params.posonly_params, *params.params, *params.kwonly_params]
        every += [p for p in (params.star_arg, params.star_kwarg) if isinstance(p, cst.Param)]
        if any(p.name.value in roots for p in every):
            self.shadowing.add(id(node.body))

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self.depth += id(node) in self.shadowing

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        self.depth -= id(original_node) in self.shadowing
        return updated_node

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        if id(original_node) in self.stores or self.depth:
            return updated_node
        group = self.group_of.get(updated_node.attr.value)
        if group is None or get_full_name_for_node(original_node.value) not in self.prefixes:
            return updated_node
        inner = cst.Attribute(value=updated_node.value, attr=cst.Name(group))
        return updated_node.with_changes(value=inner)


def retarget_module_access(
    text: str,
    module: str,
    group_of: Mapping[str, str],
    own_module: str | None = None,
    is_package: bool = False,
) -> str:
    """`text` with reads of `group_of`'s names through `module` pointed at their submodule."""
    if not group_of or module.rpartition(".")[2] not in text:
        return text
    try:
        tree = ast.parse(text)
        prefixes = module_names(tree, module, own_module, is_package)
        if not prefixes:
            return text
        return cst.parse_module(text).visit(_Retarget(prefixes, group_of)).code
    except (SyntaxError, ValueError, cst.ParserSyntaxError):
        return text  # the reference rewriter reports files it cannot parse


def expand_star_imports(
    text: str,
    module: str,
    sources: list[tuple[str, tuple[str, ...]]],
    own_module: str | None,
    is_package: bool,
) -> str:
    """`from <module> import *` replaced by explicit imports of `sources` (submodule, names).

    Used only for `__init__.py` files and modules with a literal `__all__`: the star import
    bound exactly those names, the explicit imports bind the same objects, and under `--shim`
    they do not go through the warning `__getattr__`. An empty submodule name means the
    package itself (names still bound there).
    """
    if "*" not in text:
        return text
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return text
    lines = text.splitlines(keepends=True)
    found = [
        node
        for node in tree.body
        if isinstance(node, ast.ImportFrom)
        and node.names[0].name == "*"
        and node.module
        and import_origin(node, own_module, is_package) == module
    ]
    sources = _not_imported_by_name(tree, sources)
    for node in reversed(found):  # from the bottom, so earlier line numbers stay right
        new = _explicit_imports(lines[node.lineno - 1], node, sources)
        lines[node.lineno - 1 : node.end_lineno or node.lineno] = new
    return "".join(lines)


def _explicit_imports(
    first: str, node: ast.ImportFrom, sources: list[tuple[str, tuple[str, ...]]]
) -> list[str]:
    """The lines replacing one star import (`first` is its first line), its comment kept."""
    indent = first[: len(first) - len(first.lstrip())]
    newline = "\r\n" if first.endswith("\r\n") else "\n"
    prefix = "." * node.level + (node.module or "")
    comment = first[first.find("#") :].rstrip() if "#" in first else ""
    new = [
        _from_import(indent, f"{prefix}.{sub}" if sub else prefix, names, newline)
        for sub, names in sources
        if names
    ]
    if comment and new:
        new[0] = new[0].replace(newline, f"  {comment}{newline}", 1)
    return new


def _not_imported_by_name(
    tree: ast.Module, sources: list[tuple[str, tuple[str, ...]]]
) -> list[tuple[str, tuple[str, ...]]]:
    """`sources` less the names the file also imports by name (Django's sql/__init__.py:
    `from .query import *`, then `from .query import Query`): spelled twice, one import
    would redefine the other (F811)."""
    named = {
        a.asname or a.name for n in tree.body if isinstance(n, ast.ImportFrom) for a in n.names
    }
    return [(sub, tuple(n for n in names if n not in named)) for sub, names in sources]


def import_origin(node: ast.ImportFrom, own_module: str | None, is_package: bool) -> str | None:
    """The absolute module a from-import reads; None for a relative one in a file of no module."""
    if not node.level:
        return node.module or ""
    if own_module is None:
        return None
    package = own_module.split(".") + ([""] if is_package else [])
    base = [p for p in package[: len(package) - node.level] if p]
    return ".".join([*base, *([node.module] if node.module else [])])


def _from_import(indent: str, origin: str, names: tuple[str, ...], newline: str) -> str:
    line = f"{indent}from {origin} import {', '.join(names)}{newline}"
    if len(line.rstrip()) <= 79:
        return line
    body = "".join(f"{indent}    {name},{newline}" for name in names)
    return f"{indent}from {origin} import ({newline}{body}{indent}){newline}"
