"""Hand-built FileAnalysis values for hotspot and reporter tests (no parsing involved)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from refactorkit.analysis.churn import Churn
from refactorkit.analysis.hotspots import rank, score_findings
from refactorkit.analysis.report import Hotspot, ModuleDeps
from refactorkit.domain import (
    ClassMetrics,
    FileAnalysis,
    Finding,
    FunctionMetrics,
    ImportKind,
    ImportRecord,
    RawMetrics,
    SourceFile,
)
from refactorkit.graph.model import Cycle, ImportEdge
from refactorkit.rules.limits import Limits, resolve
from refactorkit.rules.registry import limit_specs
from refactorkit.rules.run import run_rules
from refactorkit.rules.settings import RuleSettings

_RANKS = ((5, "A"), (10, "B"), (20, "C"), (30, "D"), (40, "E"))


def rank_of(complexity: int) -> str:
    return next((r for top, r in _RANKS if complexity <= top), "F")


def func(
    qualname: str,
    complexity: int = 1,
    line: int = 1,
    length: int = 5,
    cls: str | None = None,
    cognitive: int = 0,
) -> FunctionMetrics:
    name = qualname.rsplit(".", 1)[-1]
    return FunctionMetrics(
        name, qualname, line, line + length - 1, complexity, rank_of(complexity), cls, cognitive
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


@dataclass
class CycleGraph:
    """What the cycle rule reads from a graph: its cycles and each module's fan-in."""

    found: list[Cycle]
    fan_ins: dict[str, int] = field(default_factory=dict)

    def cycles(self, include_type_checking: bool = False) -> Sequence[Cycle]:
        return [c for c in self.found if c.runtime or include_type_checking]

    def fan_in(self, module: str) -> int:
        return self.fan_ins.get(module, 0)

    def edges(self) -> Sequence[ImportEdge]:
        return [e for c in self.found for e in c.chain]


def judged(
    files: Sequence[FileAnalysis],
    deps: Mapping[str, ModuleDeps] | None = None,
    churn: Churn | None = None,
    cycles: Sequence[Cycle] = (),
    root_hint: str = "",
    **limits: Any,
) -> tuple[tuple[Hotspot, ...], tuple[Finding, ...], Limits]:
    """What analyze computes after measuring: hotspots, scored findings, and the limits."""
    settings = RuleSettings(resolve(limit_specs(), limits))
    graph: Any = CycleGraph(list(cycles))
    found = run_rules(files, settings, Path("/nowhere"), graph=lambda: graph, root_hint=root_hint)
    hotspots = rank(files, deps or {}, churn, found, cycles)
    return hotspots, score_findings(found, hotspots), settings.limits
