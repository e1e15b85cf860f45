"""`refactorkit print-to-logging`: every print() in library code becomes a logging call.

Which prints are library output is decided once, on the `ast` tree, by
`refactorkit.graph.prints` (the same code RK111 reads); this module rewrites the chosen
calls with LibCST and adds `import logging` and a module logger when needed.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import libcst as cst
import libcst.matchers as m
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import RemoveImportsVisitor
from libcst.metadata import MetadataWrapper, PositionProvider

from refactorkit.codemods.base import FileCodemod, option
from refactorkit.codemods.logger_setup import LoggerSetup, ensure_logger, logger_setup
from refactorkit.codemods.print_message import Unconvertible, log_arguments, says_error
from refactorkit.domain import PrintSite, SourceFile
from refactorkit.errors import UserError
from refactorkit.graph.prints import call_reason, library_prints, print_sites, script_functions
from refactorkit.project import Project

LEVELS = ("debug", "info", "warning", "error", "critical")


@dataclass(frozen=True)
class PrintToLoggingOptions:
    paths: tuple[Path, ...] = ()
    level: str = option("", "Log every print at this level (debug, info, warning, error).")
    include_cli: bool = option(
        False, "Also convert prints in __main__ blocks, CLI commands, tests and scripts."
    )


class PrintToLogging(FileCodemod[PrintToLoggingOptions]):
    """Turn every print() in library code into a call on the module's logger.

    `print("x", a, b)` becomes `logger.info("x %s %s", a, b)` (lazy %-style arguments;
    f-strings give `%s` with their values; `sep` is honoured, `end` and `flush` dropped).
    A print to `sys.stderr` logs a warning, or an error inside an `except` block or when
    its text says error; one under `if self.debug:` (or verbose) logs at debug; `--level`
    sets one level for all. The module gets `import logging` and
    `logger = logging.getLogger(__name__)` after its imports unless it has a logger.

    Left alone and listed: prints in `if __name__ == "__main__":` blocks and the functions
    it calls, CLI commands (click, typer, argparse, `sys.argv` readers, `[project.scripts]`
    targets), output functions (`pprint`, `print_*`, "Print ..." docstrings), tests and
    scripts (outside the package roots, or in a `tools/` or `scripts/` folder that is no
    package) unless `--include-cli`, and prints to any other file.
    """

    name = "print-to-logging"
    summary = "Replace print() in library code with calls on a module logger."
    Options = PrintToLoggingOptions

    def transform_file(
        self,
        module: cst.Module,
        options: PrintToLoggingOptions,
        project: Project,
        source: SourceFile,
    ) -> tuple[cst.Module, tuple[str, ...]]:
        if options.level and options.level not in LEVELS:
            raise UserError(f"--level {options.level}: not one of {', '.join(LEVELS)}")
        sites = print_sites(ast.parse(module.code)) if "print" in module.code else ()
        convert, kept = _choose(project, source, sites, options.include_cli)
        notes = [_note(source, s.lineno, why) for s, why in kept]
        if not convert:
            return module, tuple(notes)
        wrapper = MetadataWrapper(module)
        setup = logger_setup(wrapper.module, source.is_package or _declares_all(module))
        chosen = _chosen_calls(wrapper, sites, convert)
        rewriter = _PrintRewriter(wrapper.module, chosen, setup, options.level)
        new = wrapper.module.visit(rewriter)
        notes.extend(_note(source, line, why) for line, why in rewriter.refused)
        if rewriter.converted:
            new = _drop_unused_streams(ensure_logger(new, setup), rewriter.streams)
        return new, tuple(sorted(notes, key=_line_of))


def _declares_all(module: cst.Module) -> bool:
    """Whether the module lists its public names in `__all__` (a new public name would
    join its API)."""
    return bool(m.findall(module, m.AssignTarget(target=m.Name("__all__"))))


def _choose(
    project: Project, source: SourceFile, sites: Sequence[PrintSite], include_cli: bool
) -> tuple[list[PrintSite], list[tuple[PrintSite, str]]]:
    """The prints to convert, and those left alone with the reason each."""
    entry_points = script_functions(project.root).get(source.module or "", frozenset())
    convert, kept = library_prints(source, sites, entry_points)
    if include_cli:
        convert = [s for s in sites if not call_reason(s)]
        kept = [(s, call_reason(s)) for s in sites if call_reason(s)]
    return convert, kept


def _note(source: SourceFile, line: int, why: str) -> str:
    return f"{source.relpath}:{line}: print left alone: {why}"


def _chosen_calls(
    wrapper: MetadataWrapper, sites: Sequence[PrintSite], convert: Sequence[PrintSite]
) -> dict[cst.Call, PrintSite]:
    """The CST calls of the `convert` sites: the n-th print on a line is the n-th site there."""
    positions = wrapper.resolve(PositionProvider)
    calls: dict[int, list[tuple[int, cst.Call]]] = {}
    for node, where in positions.items():
        if isinstance(node, cst.Call) and _is_print(node):
            calls.setdefault(where.start.line, []).append((where.start.column, node))
    on_line: dict[int, list[PrintSite]] = {}
    for site in sites:  # already in source order
        on_line.setdefault(site.lineno, []).append(site)
    wanted = set(convert)
    chosen: dict[cst.Call, PrintSite] = {}
    for line, found in calls.items():
        ordered = [call for _, call in sorted(found, key=lambda pair: pair[0])]
        for call, site in zip(ordered, on_line.get(line, []), strict=False):
            if site in wanted:
                chosen[call] = site
    return chosen


def _is_print(call: cst.Call) -> bool:
    return isinstance(call.func, cst.Name) and call.func.value == "print"


class _PrintRewriter(cst.CSTTransformer):
    def __init__(
        self,
        module: cst.Module,
        chosen: dict[cst.Call, PrintSite],
        setup: LoggerSetup,
        level: str,
    ) -> None:
        super().__init__()
        self.module = module
        self.chosen = chosen
        self.setup = setup
        self.level = level
        self.converted = 0
        self.refused: list[tuple[int, str]] = []
        self.streams: set[tuple[str, str | None]] = set()  # imports file= used: maybe unused now
        self.shadowed: list[bool] = []  # per enclosing function: it binds the logger's name

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        outer = bool(self.shadowed) and self.shadowed[-1]
        self.shadowed.append(outer or _binds(node, self.setup.logger))

    def leave_FunctionDef(
        self, original: cst.FunctionDef, updated: cst.FunctionDef
    ) -> cst.FunctionDef:
        self.shadowed.pop()
        return updated

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        site = self.chosen.get(original)
        if site is None:
            return updated
        if self.shadowed and self.shadowed[-1]:
            self.refused.append((site.lineno, f"the function binds {self.setup.logger} itself"))
            return updated
        try:
            arguments = log_arguments(updated, self.module)
        except Unconvertible as exc:
            self.refused.append((site.lineno, str(exc)))
            return updated
        self.converted += 1
        self.streams.update(_stream_imports(updated))
        level = self.level or _level(site, arguments.text)
        func = cst.Attribute(cst.Name(self.setup.logger), cst.Name(level))
        args = [cst.Arg(arguments.message), *(cst.Arg(v) for v in arguments.values)]
        return cst.Call(func, _with_commas(args))


def _binds(function: cst.FunctionDef, name: str) -> bool:
    """Whether `function` has a parameter or local of that name (it would hide the logger)."""
    bound = m.Name(name)
    patterns = (m.Param(name=bound), m.AssignTarget(target=bound), m.AnnAssign(target=bound))
    return any(m.findall(function, pattern) for pattern in patterns)


def _stream_imports(call: cst.Call) -> list[tuple[str, str | None]]:
    """The imports a print's `file=` used: `sys` for `sys.stderr`, `sys, stderr` for `stderr`."""
    for arg in call.args:
        if arg.keyword is None or arg.keyword.value != "file":
            continue
        value = arg.value
        if isinstance(value, cst.Attribute) and isinstance(value.value, cst.Name):
            return [(value.value.value, None)]
        if isinstance(value, cst.Name):
            return [("sys", value.value)]
    return []


def _drop_unused_streams(module: cst.Module, streams: set[tuple[str, str | None]]) -> cst.Module:
    """Remove the `import sys` (or `from sys import stderr`) only the converted prints used."""
    if not streams:
        return module
    context = CodemodContext()
    for name, obj in sorted(streams, key=str):
        RemoveImportsVisitor.remove_unused_import(context, name, obj)
    return RemoveImportsVisitor(context).transform_module(module)


def _line_of(note: str) -> tuple[str, int]:
    path, line, _ = note.split(":", 2)
    return path, int(line)


def _with_commas(args: list[cst.Arg]) -> list[cst.Arg]:
    comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    return [a.with_changes(comma=comma) for a in args[:-1]] + args[-1:]


def _level(site: PrintSite, text: str) -> str:
    if site.debug:  # `if self.debug:` traces, though they go to stderr or sit in `except`
        return "debug"
    if site.stream != "stderr":
        return "info"
    # A stderr print in `except`, or one whose words or function (`def error`) say error.
    said = says_error(text) or says_error(site.function.replace("_", " "))
    return "error" if site.in_except or said else "warning"
