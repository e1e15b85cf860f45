"""Temporary stand-in for refactorkit.analysis.metrics while it is being written (radon-based).

`install()` registers it only when the real module is missing, so tests always prefer it.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
import types
from dataclasses import dataclass

from refactorkit.domain import ClassMetrics, FunctionMetrics, RawMetrics


@dataclass(frozen=True)
class FileMetrics:
    raw: RawMetrics
    functions: tuple[FunctionMetrics, ...]
    classes: tuple[ClassMetrics, ...]
    maintainability: float
    top_level_classes: int
    top_level_functions: int


def measure(tree: ast.Module, text: str) -> FileMetrics:
    from radon.complexity import cc_rank
    from radon.metrics import mi_visit
    from radon.raw import analyze
    from radon.visitors import ComplexityVisitor

    visitor = ComplexityVisitor.from_ast(tree)
    functions = [
        FunctionMetrics(
            f.name,
            f.fullname,
            f.lineno,
            f.endline,
            f.complexity,
            cc_rank(f.complexity),
            f.classname,
        )
        for f in [*visitor.functions, *(m for c in visitor.classes for m in c.methods)]
    ]
    classes = [
        ClassMetrics(
            c.name,
            c.lineno,
            c.endline,
            len(c.methods),
            sum(not m.name.startswith("_") for m in c.methods),
            c.complexity,
        )
        for c in visitor.classes
    ]
    return FileMetrics(
        RawMetrics(*analyze(text)),
        tuple(sorted(functions, key=lambda f: f.lineno)),
        tuple(classes),
        mi_visit(text, True),
        sum(isinstance(n, ast.ClassDef) for n in tree.body),
        sum(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) for n in tree.body),
    )


def install() -> None:
    name = "refactorkit.analysis.metrics"
    if name in sys.modules or importlib.util.find_spec(name) is not None:
        return
    module = types.ModuleType(name)
    module.FileMetrics = FileMetrics  # type: ignore[attr-defined]
    module.measure = measure  # type: ignore[attr-defined]
    sys.modules[name] = module
