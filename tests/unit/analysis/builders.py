"""Hand-built FileAnalysis values for hotspot and reporter tests (no parsing involved)."""

from __future__ import annotations

from pathlib import Path

from refactorkit.domain import (
    ClassMetrics,
    FileAnalysis,
    FunctionMetrics,
    ImportKind,
    ImportRecord,
    RawMetrics,
    SourceFile,
)
from refactorkit.graph.model import Cycle, ImportEdge

_RANKS = ((5, "A"), (10, "B"), (20, "C"), (30, "D"), (40, "E"))


def rank_of(complexity: int) -> str:
    return next((r for top, r in _RANKS if complexity <= top), "F")


def func(
    qualname: str, complexity: int = 1, line: int = 1, length: int = 5, cls: str | None = None
) -> FunctionMetrics:
    name = qualname.rsplit(".", 1)[-1]
    return FunctionMetrics(
        name, qualname, line, line + length - 1, complexity, rank_of(complexity), cls
    )


def klass(
    name: str, line: int, lines: int, methods: int, public: int | None = None
) -> ClassMetrics:
    return ClassMetrics(
        name, line, line + lines - 1, methods, methods if public is None else public, 1
    )


def analysis(
    relpath: str,
    module: str | None,
    loc: int = 10,
    sloc: int | None = None,
    functions: tuple[FunctionMetrics, ...] = (),
    classes: tuple[ClassMetrics, ...] = (),
    top_level_classes: int | None = None,
    imports: tuple[ImportRecord, ...] = (),
) -> FileAnalysis:
    sloc = loc if sloc is None else sloc
    source = SourceFile(
        Path("/project") / relpath, relpath, module, relpath.endswith("__init__.py")
    )
    return FileAnalysis(
        source=source,
        sha256="0" * 64,
        raw=RawMetrics(loc, sloc, sloc, 0, 0, loc - sloc, 0, 0),
        functions=functions,
        classes=classes,
        maintainability=50.0,
        top_level_classes=len(classes) if top_level_classes is None else top_level_classes,
        top_level_functions=sum(1 for f in functions if f.classname is None),
        imports=imports,
    )


def edge(importer: str, imported: str, line: int, kind: ImportKind = ImportKind.TOP) -> ImportEdge:
    return ImportEdge(importer, imported, importer.replace(".", "/") + ".py", line, kind, False)


def cycle(*edges: ImportEdge, runtime: bool = True) -> Cycle:
    modules = tuple(sorted({e.importer for e in edges}))
    return Cycle(modules, tuple(edges), runtime, runtime)
