"""The edits of a module whose values move: each literal becomes its setting (a name, or
a call of a secret's function) and the settings module is imported; and what such a module
binds and imports, so names do not clash and no import cycle is made."""

from __future__ import annotations

import ast
from collections.abc import Sequence

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import ParentNodeProvider

from refactorkit.codemods.extract_settings.sites import Literal, Located
from refactorkit.codemods.import_order import sorted_names


def imported_modules(text: str, module: str) -> set[str]:
    """The modules `text` (the source of `module`) imports, relative imports resolved."""
    package = module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(text)) if text else ():
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, package)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    parts = package.split(".") if package else []
    parts = parts[: len(parts) - node.level + 1]
    return ".".join([*parts, *([node.module] if node.module else [])])


def bound_names(text: str, settings_module: str) -> set[str]:
    """Every name `text` binds anywhere, but names it imports from the settings module."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)) and not (
            isinstance(node, ast.ImportFrom) and node.module == settings_module
        ):
            names.update((a.asname or a.name).partition(".")[0] for a in node.names)
    return names


def rewrite(located: Located, moved: Sequence[tuple[Literal, str]], module: str) -> str:
    """The file with each moved literal replaced by its setting, imported from `module`."""
    replacements: dict[cst.CSTNode, cst.CSTNode | cst.RemovalSentinel] = {}
    parents = located.wrapper.resolve(ParentNodeProvider)
    for lit, name in moved:
        node = located.nodes[lit.key]
        if lit.binds == name:  # `API_KEY = "..."` becomes `from settings import API_KEY`
            replacements[parents[parents[node]]] = cst.RemoveFromParent()
        else:
            replacements[node] = cst.parse_expression(name)
    new = located.wrapper.module.visit(_Replace(replacements))
    context = CodemodContext()
    for name in sorted({name.removesuffix("()") for _, name in moved}):
        AddImportsVisitor.add_needed_import(context, module, name)
    return wrap_import(AddImportsVisitor(context).transform_module(new).code, module)


def wrap_import(text: str, module: str, width: int = 99) -> str:
    """`from module import A, B, ...` in parentheses, one name a line, when too long."""
    head = f"from {module} import "
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines):
        if line.startswith(head) and "(" not in line and "#" not in line:
            names = sorted_names(n.strip() for n in line[len(head) :].split(",") if n.strip())
            lines[number] = f"{head}{', '.join(names)}\n"
            if len(lines[number]) > width:
                body = "".join(f"    {name},\n" for name in names)
                lines[number] = f"{head}(\n{body})\n"
    return "".join(lines)


class _Replace(cst.CSTTransformer):
    def __init__(self, replacements: dict[cst.CSTNode, cst.CSTNode | cst.RemovalSentinel]) -> None:
        super().__init__()
        self.replacements = replacements

    def on_leave(  # type: ignore[override]
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode | cst.RemovalSentinel:
        return self.replacements.get(original_node, updated_node)
