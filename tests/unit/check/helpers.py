"""Small builders of measured files and graphs for the check rule tests."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from refactorkit.domain import (
    ClassMetrics,
    FileAnalysis,
    Finding,
    FunctionMetrics,
    ImportKind,
    RawMetrics,
    SourceFile,
)


def analysis(
    relpath: str = "pkg/mod.py",
    *,
    loc: int = 10,
    sloc: int | None = None,
    complexities: Sequence[int] = (),
    methods: Sequence[int] = (),
    mi: float = 80.0,
) -> FileAnalysis:
    """A FileAnalysis with `loc` lines, one function per complexity and one class per count."""
    functions = tuple(
        FunctionMetrics(f"f{i}", f"f{i}", 10 * i + 1, 10 * i + 5, cc, _rank(cc))
        for i, cc in enumerate(complexities)
    )
    classes = tuple(
        ClassMetrics(f"C{i}", 100 + i, 110 + i, count, count, count)
        for i, count in enumerate(methods)
    )
    module = relpath.removesuffix(".py").replace("/", ".")
    return FileAnalysis(
        source=SourceFile(Path("/project") / relpath, relpath, module, False),
        sha256="0" * 64,
        raw=RawMetrics(loc, loc, loc if sloc is None else sloc, 0, 0, 0, 0),
        functions=functions,
        classes=classes,
        maintainability=mi,
        top_level_classes=len(classes),
        top_level_functions=len(functions),
        imports=(),
    )


def _rank(cc: int) -> str:
    for rank, limit in (("A", 5), ("B", 10), ("C", 20), ("D", 30), ("E", 40)):
        if cc <= limit:
            return rank
    return "F"


@dataclass(frozen=True)
class Edge:
    importer: str
    imported: str
    relpath: str
    lineno: int
    kind: ImportKind = ImportKind.TOP
    external: bool = False


@dataclass(frozen=True)
class FakeCycle:
    modules: tuple[str, ...]
    chain: tuple[Edge, ...]
    runtime: bool


@dataclass
class FakeGraph:
    """Edges in, cycles given by hand: enough for the graph rules."""

    edge_list: list[Edge] = field(default_factory=list)
    cycle_list: list[FakeCycle] = field(default_factory=list)

    def edges(self) -> Iterable[Edge]:
        return list(self.edge_list)

    def edges_in(self, relpaths: frozenset[str] | None) -> Iterable[Edge]:
        return [e for e in self.edge_list if relpaths is None or e.relpath in relpaths]

    def cycles(self, include_type_checking: bool = False) -> Sequence[FakeCycle]:
        return [c for c in self.cycle_list if c.runtime or include_type_checking]

    def fan_in(self, module: str) -> int:
        return sum(1 for e in self.edge_list if e.imported == module)


def violation(
    code: str,
    relpath: str,
    line: int,
    col: int,
    message: str,
    symbol: str = "",
    value: float = 0.0,
    limit: float = 0.0,
    **fields: Any,
) -> Finding:
    """A finding in the positional order the check tests were written in."""
    from refactorkit.rules.registry import rules_by_code

    rule = rules_by_code()[code].name
    return Finding(
        code, rule, relpath, line, message, col=col, symbol=symbol, value=value, limit=limit,
        **fields,
    )  # fmt: skip
