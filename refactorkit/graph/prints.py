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
# `if self.debug:`, `if verbose > 1:`, `if settings.DEBUG:`: what such a block prints is a trace.
_DEBUG_FLAG = re.compile(r"(^|_)(debug|verbose|verbosity|trace)($|_)", re.IGNORECASE)
# A function whose name or docstring says it prints: its prints are what it is for
# (docutils' `ViewList.pprint`, "Print the list in `grep` format").
_OUTPUT_NAMES = frozenset({"print", "pprint", "show", "display"})
_OUTPUT_PREFIXES = ("print_", "pprint_", "show_", "display_", "_print", "_pprint")
_OUTPUT_DOC = re.compile(r"^\s*(print|prints|display|displays|show|shows)\b", re.IGNORECASE)
# Top folders of stand-alone scripts (docutils' `tools/dev/create_unimap.py`, whose stdout is
# the generated file): scripts when their folder is no regular package.
_SCRIPT_FOLDERS = frozenset({"tools", "scripts", "script", "bin"})


def print_sites(tree: ast.Module, text: str | None = None) -> tuple[PrintSite, ...]:
    """Every call of the built-in print in `tree`, in source order; none when the module
    binds the name `print` itself (then `print` is not the built-in). With `text` (the
    tree's source), a module whose text has no `print(` call is not walked at all."""
    if text is not None and not ("print" in text and _PRINT_CALL.search(text)):
        return ()  # `in` first: the regular expression alone costs as much as a walk
    if _binds_print(tree):
        return ()
    finder = _PrintFinder(_main_block_entry_points(tree))
    finder.visit(tree)
    return tuple(sorted(finder.sites, key=lambda s: (s.lineno, s.col)))


def file_context(source: SourceFile) -> str:
    """Why every print of this file is program output ("" for library code)."""
    if is_test_path(source.relpath):
        return "test code"
    if source.module is None:
        return "a script outside the package roots"
    if _in_script_folder(source):
        return "a script in a folder that is no package"
    return ""


def _in_script_folder(source: SourceFile) -> bool:
    """`tools/dev/x.py` with no `__init__.py` beside it: a script, though it has a
    (namespace-package) module name."""
    folders = source.relpath.split("/")[:-1]
    if folders and folders[0] == "src":
        folders = folders[1:]
    if not folders or folders[0] not in _SCRIPT_FOLDERS:
        return False
    return not (source.path.parent / "__init__.py").exists()


def _main_block_entry_points(tree: ast.Module) -> frozenset[int]:
    """The module-level functions its `if __name__ == "__main__":` block calls (by node id):
    `main()` in a script run as `python -m`, its usage text and all, is the program."""
    called: set[str] = set()
    for statement in tree.body:
        if isinstance(statement, ast.If) and is_main_test(statement.test):
            for node in ast.walk(ast.Module(body=statement.body, type_ignores=[])):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                    called.add(node.func.id)
    return frozenset(
        id(statement)
        for statement in tree.body
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef))
        and statement.name in called
    )


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
    if site.stream == "unknown":
        return "passes **kwargs: where it prints cannot be told"
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
    def __init__(self, entry_points: frozenset[int] = frozenset()) -> None:
        self.sites: list[PrintSite] = []
        self.entry_points = entry_points
        self.context = ""
        self.function = ""
        self.except_depth = 0
        self.debug_depth = 0

    def visit_If(self, node: ast.If) -> None:
        if not self.context and is_main_test(node.test):
            self._visit_with(node.body, MAIN_BLOCK, self.function)
        elif is_debug_test(node.test):
            self.visit(node.test)
            self.debug_depth += 1
            for child in node.body:
                self.visit(child)
            self.debug_depth -= 1
        else:
            self.generic_visit(node)
            return
        for child in node.orelse:
            self.visit(child)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        context = self.context or cli_reason(node) or output_reason(node)
        if not context and id(node) in self.entry_points:
            context = f"`__main__` entry point {node.name}"
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
                self.debug_depth > 0,
            )
            self.sites.append(site)
        self.generic_visit(node)

    def _visit_with(self, body: list[ast.stmt], context: str, function: str) -> None:
        saved = (self.context, self.function, self.except_depth, self.debug_depth)
        self.context, self.function = context, function
        if context != saved[0]:
            self.except_depth = 0  # a function defined in an except block runs elsewhere
        for child in body:
            self.visit(child)
        self.context, self.function, self.except_depth, self.debug_depth = saved


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


def is_debug_test(test: ast.expr) -> bool:
    """Whether an `if` tests a debug or verbosity flag (`self.debug`, `verbose > 1`)."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return False  # `if not verbose:` prints what a quiet run shows
    for node in ast.walk(test):
        name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
        if isinstance(name, str) and _DEBUG_FLAG.search(name):
            return True
    return False


def output_reason(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """Why this function's prints are its output: its name or docstring says it prints."""
    name = node.name.lower()
    docstring = ast.get_docstring(node) or ""
    if name in _OUTPUT_NAMES or name.startswith(_OUTPUT_PREFIXES) or _OUTPUT_DOC.match(docstring):
        return f"output function {node.name}"
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
    return _command_line_reason(node)


def _command_line_reason(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """A function that parses its command line: with argparse, or by reading `sys.argv`."""
    for inner in ast.walk(node):
        if isinstance(inner, ast.Call) and _last_name(inner.func) in _ARGPARSE_CALLS:
            return f"argparse entry point {node.name}"
        if _is_sys_argv(inner):
            return f"reads sys.argv: command {node.name}"
    return ""


def _is_sys_argv(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "argv"
        and isinstance(node.value, ast.Name)
        and node.value.id == "sys"
    )


def _last_name(node: ast.expr | None) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.rpartition(".")[2]  # a string annotation: "argparse.Namespace"
    return ""


def stream_of(call: ast.Call) -> str:
    """Where a print call writes: "stdout", "stderr", "other" or "unknown" (`**kwargs`)."""
    for keyword in call.keywords:
        if keyword.arg == "file":
            return _stream(keyword.value)
        if keyword.arg is None:
            return "unknown"  # print(*args, **kwargs): cannot tell
    return "stdout"


def _stream(value: ast.expr) -> str:
    if isinstance(value, ast.Constant) and value.value is None:
        return "stdout"
    name = _last_name(value) if isinstance(value, (ast.Attribute, ast.Name)) else ""
    return {"stdout": "stdout", "stderr": "stderr"}.get(name, "other")
