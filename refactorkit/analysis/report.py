"""The result of `refactorkit analyze`: plain frozen data that every reporter renders."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from refactorkit.analysis.churn import Churn
from refactorkit.domain import Duplication, FileAnalysis, Finding, FunctionMetrics, SkippedFile
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
    # Test, docs and example files (workspace.is_test_path): measured like the rest, but
    # reported in a section of their own instead of ranked with product code. Empty with
    # `--include-tests`. `hotspots` and `findings` above hold both kinds.
    test_paths: frozenset[str] = frozenset()
    duplication: Duplication | None = None  # clone groups of product code (RK116's size)

    def is_test(self, relpath: str) -> bool:
        return relpath in self.test_paths

    @property
    def product_files(self) -> tuple[FileAnalysis, ...]:
        return tuple(f for f in self.files if f.source.relpath not in self.test_paths)

    @property
    def test_files(self) -> tuple[FileAnalysis, ...]:
        return tuple(f for f in self.files if f.source.relpath in self.test_paths)

    @property
    def product_hotspots(self) -> tuple[Hotspot, ...]:
        return tuple(h for h in self.hotspots if h.relpath not in self.test_paths)

    @property
    def test_hotspots(self) -> tuple[Hotspot, ...]:
        return tuple(h for h in self.hotspots if h.relpath in self.test_paths)

    @property
    def product_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.relpath not in self.test_paths)

    @property
    def test_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.relpath in self.test_paths)

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

    def worst_functions(
        self, top: int, tests: bool = False
    ) -> list[tuple[FileAnalysis, FunctionMetrics]]:
        """The `top` most complex functions of product code (of test code with `tests`),
        longest first on ties."""
        files = self.test_files if tests else self.product_files
        pairs = [(f, fn) for f in files for fn in f.functions]
        pairs.sort(key=lambda p: (-p[1].complexity, -p[1].length, p[0].source.relpath))
        return pairs[:top]

    def findings_by_rule(self, tests: bool | None = None) -> dict[str, int]:
        """How many findings each rule made, by rule name, in code order: all of them, or
        those of product code (`tests=False`) or of test code (`tests=True`)."""
        chosen = {None: self.findings, False: self.product_findings, True: self.test_findings}
        counts: dict[str, int] = {}
        for finding in chosen[tests]:
            counts[finding.rule] = counts.get(finding.rule, 0) + 1
        return counts
