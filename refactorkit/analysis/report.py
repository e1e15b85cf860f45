"""The result of `refactorkit analyze`: plain frozen data that every reporter renders."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from refactorkit.analysis.churn import Churn
from refactorkit.domain import FileAnalysis, Finding, FunctionMetrics, SkippedFile
from refactorkit.graph.classify import classify_module
from refactorkit.rules.limits import Limits

if TYPE_CHECKING:
    from refactorkit.graph.model import Cycle


@dataclass(frozen=True)
class ModuleDeps:
    """How connected one file's module is in the internal import graph."""

    fan_in: int  # internal modules importing it
    fan_out: int  # modules it imports


@dataclass(frozen=True)
class PackageDeps:
    """One package (the folder of its modules) in the package-level import graph."""

    name: str  # dotted package name; a top-level module outside any package is its own
    modules: int  # internal modules in it (its __init__ included)
    lines: int  # physical lines of those modules
    imports: tuple[str, ...]  # other packages its modules import, sorted
    imported_by: tuple[str, ...]  # other packages importing its modules, sorted


@dataclass(frozen=True)
class GraphSummary:
    """What the reports need from the import graph, computed once."""

    internal_modules: int
    edges: int  # distinct internal importer -> imported pairs
    external_edges: int  # distinct internal -> stdlib / third-party pairs
    third_party: tuple[str, ...]  # top-level names of third-party packages imported
    runtime_cycles: tuple[Cycle, ...]  # ignoring `if TYPE_CHECKING:` imports
    all_cycles: tuple[Cycle, ...]  # runtime cycles, then loops that need a TYPE_CHECKING import
    deps: dict[str, ModuleDeps] = field(default_factory=dict, compare=False, hash=False)
    packages: tuple[PackageDeps, ...] = ()  # sorted by name
    stdlib: tuple[str, ...] = ()  # top-level names of standard-library modules imported
    internal_roots: frozenset[str] = frozenset()  # top-level names of the project's modules

    def category(self, module: str) -> str:
        """ "internal" | "stdlib" | "third_party" for an imported module name."""
        return classify_module(module, (), self.internal_roots)

    def of(self, relpath: str) -> ModuleDeps:
        return self.deps.get(relpath, ModuleDeps(0, 0))

    @property
    def type_checking_cycles(self) -> tuple[Cycle, ...]:
        """Cycles that exist only through `if TYPE_CHECKING:` imports."""
        return tuple(c for c in self.all_cycles if not c.runtime)


@dataclass(frozen=True)
class Hotspot:
    """One ranked file or class; the score formula is in `hotspots.py` and docs/analyze.md."""

    kind: str  # "module" or "class"
    relpath: str
    name: str  # dotted module (or relpath when not importable) / class name
    line: int
    score: float
    lines: int
    complexity: int  # sum of cyclomatic complexity of its functions and methods
    fan_in: int
    churn: int | None  # None when churn is unknown (not a git repository)
    flags: tuple[str, ...] = ()  # finding kinds that apply, e.g. ("monolithic-module",)


@dataclass(frozen=True)
class AnalysisReport:
    """Everything one `analyze` run found, plus how the run went (time, jobs, cache)."""

    root: Path
    files: tuple[FileAnalysis, ...]
    skipped: tuple[SkippedFile, ...]
    graph: GraphSummary
    hotspots: tuple[Hotspot, ...]  # best first
    findings: tuple[Finding, ...]  # by rule code, worst first within a rule
    churn: Churn | None
    limits: Limits  # the limits the findings were judged by
    elapsed: float  # seconds, wall clock
    jobs: int  # worker processes used (1 = in-process)
    cache_hits: int

    @property
    def lines(self) -> int:
        return sum(f.raw.loc for f in self.files)

    @property
    def sloc(self) -> int:
        return sum(f.raw.sloc for f in self.files)

    @property
    def comments(self) -> int:
        return sum(f.raw.comments for f in self.files)

    @property
    def blank(self) -> int:
        return sum(f.raw.blank for f in self.files)

    @property
    def docstring_lines(self) -> int:
        return sum(f.raw.docstring_lines for f in self.files)

    def worst_functions(self, top: int) -> list[tuple[FileAnalysis, FunctionMetrics]]:
        """The `top` most complex functions, longest first on ties."""
        pairs = [(f, fn) for f in self.files for fn in f.functions]
        pairs.sort(key=lambda p: (-p[1].complexity, -p[1].length, p[0].source.relpath))
        return pairs[:top]

    def findings_by_rule(self) -> dict[str, int]:
        """How many findings each rule made, by rule name, in code order."""
        counts: dict[str, int] = {}
        for finding in self.findings:
            counts[finding.rule] = counts.get(finding.rule, 0) + 1
        return counts

    def findings_of(self, code: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.code == code)
