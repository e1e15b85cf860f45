"""The text move-symbol writes: the moved statements, the imports they need, the target module."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import libcst as cst

from refactorkit.codemods.refs.context import relative_spec
from refactorkit.codemods.refs.definitions import (
    Binding,
    defined_names,
    one_name_per_from_import,
    organize,
    used_names,
)
from refactorkit.codemods.refs.module_edits import insert_imports
from refactorkit.workspace import SourceError, read_source


@dataclass(frozen=True)
class ModuleText:
    """A module taking part in the move (the source, or the target: maybe created by it)."""

    name: str
    path: Path
    relpath: str
    is_package: bool
    text: str  # with LF line ends; "" when the module is created
    exists: bool = True  # False: created by the move (an existing empty file is True)
    raw: str = ""  # the text as read, line ends and all (what the runner checks against)
    newline: str | None = "\n"  # the file's line end; None when it mixes them

    @property
    def package(self) -> str:
        return self.name if self.is_package else self.name.rpartition(".")[0]


def moved_code(module: cst.Module, stmt: cst.BaseStatement, name: str, new_name: str) -> str:
    """The statement with the comment lines right above it (not the blank lines before)."""
    lines = list(getattr(stmt, "leading_lines", ()))
    comments: list[cst.EmptyLine] = []
    for line in reversed(lines):
        if line.comment is None:
            break
        comments.insert(0, line)
    stmt = stmt.with_changes(leading_lines=comments)
    if new_name != name:
        renamed = stmt.visit(_Renamer(name, new_name))
        assert isinstance(renamed, cst.BaseStatement)
        stmt = renamed
    return module.code_for_node(stmt)


class _Renamer(cst.CSTTransformer):
    def __init__(self, old: str, new: str) -> None:
        super().__init__()
        self.old, self.new = old, new

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        return (
            updated_node.with_changes(value=self.new)
            if updated_node.value == self.old
            else updated_node
        )


def needs(
    code: str, bindings: dict[str, Binding], own: set[str], target_names: set[str]
) -> tuple[list[str], list[str]]:
    """Import statements to copy, and names to import from the source module."""
    copies: list[str] = []
    from_source: list[str] = []
    wanted = used_names(code) - own - target_names
    for used, binding in bindings.items():  # in source order, so copied imports keep it
        if used not in wanted:
            continue
        if binding.defined_here:
            from_source.append(used)
        elif binding.import_code and binding.import_code not in copies:
            copies.append(binding.import_code)
    return copies, from_source


def spec(importer: ModuleText, imported: ModuleText) -> str:
    """Relative when the importer uses relative imports (a new module: when its siblings do)."""
    if _uses_relative(importer):
        relative = relative_spec(importer.package, imported.name)
        if relative:
            return relative
    return imported.name


def _uses_relative(module: ModuleText) -> bool:
    relative = re.compile(r"(?m)^\s*from\s+\.")
    if module.text:
        return relative.search(module.text) is not None
    for sibling in sorted(module.path.parent.glob("*.py")):
        try:
            if relative.search(read_source(sibling)[0]):
                return True
        except SourceError:
            continue
    return False


def target_text(
    target: ModuleText,
    source: ModuleText,
    imports: list[str],
    code: str,
    bindings: list[Binding],
    first_party: set[str],
) -> str:
    """The target module with the imports the moved code needs and the code at its end."""
    lines = _import_lines(target, source, imports, bindings, first_party)
    text = insert_imports(target.text, lines) if lines else target.text
    if text.strip():
        return text.rstrip("\n") + "\n\n\n" + code.lstrip("\n")
    return code.lstrip("\n")


def _import_lines(
    target: ModuleText,
    source: ModuleText,
    imports: list[str],
    bindings: list[Binding],
    first_party: set[str],
) -> list[str]:
    """Import lines for the target: run-time ones, then a TYPE_CHECKING block."""
    runtime, guarded = _by_kind(imports, bindings)
    guard = _typing_alias(runtime)
    if guarded and guard == "TYPE_CHECKING":
        runtime.append("from typing import TYPE_CHECKING")
    if not target.text and "from __future__ import annotations" in source.text:
        runtime.insert(0, "from __future__ import annotations")
    single = one_name_per_from_import(source.text)
    lines = organize(runtime, first_party, single_line=single) if runtime else []
    if guarded:
        lines.extend(
            ["", f"if {guard}:", *_indented(organize(guarded, first_party, single_line=single))]
        )
    return lines


def _by_kind(imports: list[str], bindings: list[Binding]) -> tuple[list[str], list[str]]:
    """(run-time imports, TYPE_CHECKING ones): as the source module has them."""
    type_checking = {b.import_code for b in bindings if b.type_checking and b.import_code}
    return [i for i in imports if i not in type_checking], [
        i for i in imports if i in type_checking
    ]


def _indented(lines: list[str]) -> list[str]:
    return [f"    {line}" if line else "" for line in lines]


def _typing_alias(imports: list[str]) -> str:
    """How the target spells TYPE_CHECKING: through `typing`/`t` when it imports that anyway."""
    for text in imports:
        node = ast.parse(text).body[0]
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "typing":
                    return f"{alias.asname or 'typing'}.TYPE_CHECKING"
    return "TYPE_CHECKING"


def top_names(text: str) -> set[str]:
    """Names a module binds at top level: imports and definitions."""
    if not text:
        return set()
    names: set[str] = set()
    for node in ast.parse(text).body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).partition(".")[0] for a in node.names)
    return names | defined(text)


def defined(text: str) -> set[str]:
    module = cst.parse_module(text)
    names: set[str] = set()
    for stmt in module.body:
        names |= defined_names(stmt)
    return names


def lazy_imports(code: str, names: set[str], statement: str) -> str | None:
    """`code` with `statement` (an import of `names`) as the first line of each function that
    uses them; None when a name is used outside function bodies (at import time)."""
    tree = ast.parse(code)
    functions = [n for n in ast.walk(tree) if isinstance(n, _FUNCTIONS)]
    if _uses(tree, names) - {id(n) for f in functions for n in _body_nodes(f)}:
        return None
    lines = code.splitlines()
    for function in sorted(_outermost_users(functions, names), key=lambda f: -f.lineno):
        first = function.body[0]
        if first.lineno == function.lineno:
            return None  # a body on the def line has no room for an import
        lines.insert(_after_docstring(first), _indent_of(lines[first.lineno - 1]) + statement)
    return "\n".join(lines) + ("\n" if code.endswith("\n") else "")


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _uses(node: ast.AST, names: set[str]) -> set[int]:
    """ids of the Name nodes under `node` that read one of `names`."""
    return {id(n) for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in names}


def _body_nodes(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.AST]:
    return [n for statement in function.body for n in ast.walk(statement)]


def _after_docstring(first: ast.stmt) -> int:
    """The 0-based line index an import goes at: after a docstring, else before `first`."""
    docstring = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
    return (first.end_lineno or first.lineno) if docstring else first.lineno - 1


def _indent_of(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _outermost_users(
    functions: list[ast.FunctionDef | ast.AsyncFunctionDef], names: set[str]
) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """Functions whose bodies use `names` that are not nested in another such function."""
    users = [f for f in functions if any(_uses(s, names) for s in f.body)]
    nested = {id(n) for f in users for n in _body_nodes(f)}
    return [f for f in users if id(f) not in nested]
