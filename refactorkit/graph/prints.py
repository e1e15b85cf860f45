"""Where a module calls the built-in `print()`, and which of those prints are program output.

A print in library code is a log line in disguise (RK111, `refactorkit print-to-logging`).
A print in an `if __name__ == "__main__":` block or a CLI command (click, typer or argparse)
is what the program is for, and stays; `context` says which. One pure pass over the
already-parsed `ast` tree; the file-level reasons (test code, a script outside the package
roots) depend on where the file is and are decided by `file_context`.

It lives beside the import extraction (`graph.imports`): both are per-file extractions that
the analysis engine runs on its one parse and that rules and codemods, which may not import
`refactorkit.analysis`, read.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterable
from pathlib import Path

from refactorkit.config import read_scripts
from refactorkit.domain import PrintSite, SourceFile
from refactorkit.workspace import is_test_path

# `@click.command()`, `@cli.group()`, `@app.command()` (typer), `@app.callback()`
_CLI_DECORATORS = frozenset({"command", "group", "callback"})
_ARGPARSE_CALLS = frozenset({"ArgumentParser", "parse_args", "parse_known_args"})
MAIN_BLOCK = "`__main__` block"
_PRINT_CALL = re.compile(r"(?<![\w.])print\s*\(")  # not `pprint(`, `console.print(`


def print_sites(tree: ast.Module, text: str | None = None) -> tuple[PrintSite, ...]:
    """Every call of the built-in print in `tree`, in source order; none when the module
    binds the name `print` itself (then `print` is not the built-in). With `text` (the
    tree's source), a module whose text has no `print(` call is not walked at all."""
    if text is not None and not ("print" in text and _PRINT_CALL.search(text)):
        return ()  # `in` first: the regular expression alone costs as much as a walk
    if _binds_print(tree):
        return ()
    finder = _PrintFinder()
    finder.visit(tree)
    return tuple(sorted(finder.sites, key=lambda s: (s.lineno, s.col)))


def file_context(source: SourceFile) -> str:
    """Why every print of this file is program output ("" for library code)."""
    if is_test_path(source.relpath):
        return "test code"
    if source.module is None:
        return "a script outside the package roots"
    return ""


def library_prints(
    source: SourceFile, sites: Iterable[PrintSite], entry_points: frozenset[str] = frozenset()
) -> tuple[list[PrintSite], list[tuple[PrintSite, str]]]:
    """The prints to turn into logging, and those left alone with the reason each."""
    whole_file = file_context(source)
    convert: list[PrintSite] = []
    kept: list[tuple[PrintSite, str]] = []
    for site in sites:
        reason = whole_file or site.context
        if not reason and site.function in entry_points:
            reason = f"[project.scripts] entry point {site.function}"
        if not reason and not site.function and _top_level_script(source):
            reason = "module-level code of a top-level script"
        reason = reason or call_reason(site)
        if reason:
            kept.append((site, reason))
        else:
            convert.append(site)
    return convert, kept


def _top_level_script(source: SourceFile) -> bool:
    """`main.py` beside pyproject.toml: a module in no package runs as a script."""
    return source.module is not None and "." not in source.module and not source.is_package


def call_reason(site: PrintSite) -> str:
    """Why the call itself is output whatever module it is in ("" when it is not)."""
    if site.stream == "other":
        return "prints to a file other than stdout or stderr"
    if site.arguments == 0:
        return "prints an empty line"
    if site.arguments < 0:
        return "unpacks its arguments"
    return ""


def script_functions(root: Path) -> dict[str, frozenset[str]]:
    """`[project.scripts]` targets of the project at `root`: module -> function names."""
    try:
        stamp = (root / "pyproject.toml").stat().st_mtime_ns
    except OSError:
        return {}
    return _read_script_functions(root, stamp)


@functools.lru_cache(maxsize=8)
def _read_script_functions(root: Path, stamp: int) -> dict[str, frozenset[str]]:
    targets: dict[str, set[str]] = {}
    for target in read_scripts(root):
        module, _, attribute = target.partition(":")
        targets.setdefault(module.strip(), set()).add(attribute.strip().partition(".")[0])
    return {module: frozenset(names) for module, names in targets.items()}


def _binds_print(tree: ast.Module) -> bool:
    return any(_bound_name(node) == "print" for node in ast.walk(tree))


def _bound_name(node: ast.AST) -> str:
    """The name a def, class, import alias or assignment target binds ("" for other nodes)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return node.name
    if isinstance(node, ast.alias):
        return node.asname or node.name
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
        return node.id
    return ""


class _PrintFinder(ast.NodeVisitor):
    def __init__(self) -> None:
        self.sites: list[PrintSite] = []
        self.context = ""
        self.function = ""
        self.except_depth = 0

    def visit_If(self, node: ast.If) -> None:
        if not self.context and is_main_test(node.test):
            self._visit_with(node.body, MAIN_BLOCK, self.function)
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        context = self.context or cli_reason(node)
        function = self.function or node.name
        for decorator in node.decorator_list:
            self.visit(decorator)
        self._visit_with(node.body, context, function)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        self.except_depth += 1
        self.generic_visit(node)
        self.except_depth -= 1

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Name) and node.func.id == "print":
            site = PrintSite(
                node.lineno,
                node.col_offset,
                stream_of(node),
                self.except_depth > 0,
                self.context,
                self.function,
                _positional(node),
            )
            self.sites.append(site)
        self.generic_visit(node)

    def _visit_with(self, body: list[ast.stmt], context: str, function: str) -> None:
        saved = (self.context, self.function, self.except_depth)
        self.context, self.function = context, function
        if context != saved[0]:
            self.except_depth = 0  # a function defined in an except block runs elsewhere
        for child in body:
            self.visit(child)
        self.context, self.function, self.except_depth = saved


def _positional(call: ast.Call) -> int:
    if any(isinstance(arg, ast.Starred) for arg in call.args):
        return -1
    return len(call.args)


def is_main_test(test: ast.expr) -> bool:
    """Whether `test` is `__name__ == "__main__"` (either way round)."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return False
    if not isinstance(test.ops[0], ast.Eq):
        return False
    sides = {_name_or_text(test.left), _name_or_text(test.comparators[0])}
    return sides == {"name:__name__", "text:__main__"}


def _name_or_text(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return f"name:{node.id}"
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return f"text:{node.value}"
    return ""


def cli_reason(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """Why this function is a CLI entry point ("" when it is not)."""
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if _last_name(target) in _CLI_DECORATORS:
            return f"CLI command {node.name}"
    arguments = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
    if any(_last_name(a.annotation) == "Namespace" for a in arguments if a.annotation):
        return f"argparse command {node.name}"
    for inner in ast.walk(node):
        if isinstance(inner, ast.Call) and _last_name(inner.func) in _ARGPARSE_CALLS:
            return f"argparse entry point {node.name}"
    return ""


def _last_name(node: ast.expr | None) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.rpartition(".")[2]  # a string annotation: "argparse.Namespace"
    return ""


def stream_of(call: ast.Call) -> str:
    """Where a print call writes: "stdout", "stderr" or "other"."""
    for keyword in call.keywords:
        if keyword.arg == "file":
            return _stream(keyword.value)
        if keyword.arg is None:
            return "other"  # print(*args, **kwargs): cannot tell
    return "stdout"


def _stream(value: ast.expr) -> str:
    if isinstance(value, ast.Constant) and value.value is None:
        return "stdout"
    name = _last_name(value) if isinstance(value, (ast.Attribute, ast.Name)) else ""
    return {"stdout": "stdout", "stderr": "stderr"}.get(name, "other")
