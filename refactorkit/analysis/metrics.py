"""All per-file metrics from one parsed tree and its text: raw counts, complexity and MI."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from refactorkit.analysis.complexity import analyze_complexity
from refactorkit.analysis.halstead import HalsteadCounter
from refactorkit.analysis.maintainability import maintainability_index
from refactorkit.analysis.raw import analyze_raw, docstring_lines
from refactorkit.domain import ClassMetrics, FunctionMetrics, RawMetrics

_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)
# ast.TryStar (except*) is new in 3.11; the package still supports 3.10
_TRIES: tuple[type[ast.stmt], ...] = tuple(
    t for t in (ast.Try, getattr(ast, "TryStar", None)) if t is not None
)


@dataclass(frozen=True)
class FileMetrics:
    """Everything `measure` finds in one file."""

    raw: RawMetrics
    functions: tuple[FunctionMetrics, ...]
    classes: tuple[ClassMetrics, ...]
    maintainability: float
    top_level_classes: int
    top_level_functions: int


def measure(tree: ast.Module, text: str) -> FileMetrics:
    """All metrics of one file from its already-parsed AST and source text (parsed once)."""
    raw = analyze_raw(text, docstring_lines(tree))
    halstead = HalsteadCounter()
    cc = analyze_complexity(tree, halstead, text)  # one walk for all three
    mi = maintainability_index(halstead.volume, cc.total, raw)
    top_classes, top_functions = top_level_counts(tree)
    return FileMetrics(raw, cc.functions, cc.classes, mi, top_classes, top_functions)


def top_level_counts(tree: ast.Module) -> tuple[int, int]:
    """Module-level classes and functions, including those directly inside if/try blocks."""
    classes = functions = 0
    stack: list[ast.stmt] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.ClassDef):
            classes += 1
        elif isinstance(node, _DEFS):
            functions += 1
        elif isinstance(node, ast.If):
            stack.extend(node.body)
            stack.extend(node.orelse)
        elif isinstance(node, _TRIES):
            stack.extend(node.body)  # type: ignore[attr-defined]
            for handler in node.handlers:  # type: ignore[attr-defined]
                stack.extend(handler.body)
            stack.extend(node.orelse)  # type: ignore[attr-defined]
            stack.extend(node.finalbody)  # type: ignore[attr-defined]
    return classes, functions
