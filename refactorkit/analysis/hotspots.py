"""Ranking files and classes by where refactoring pays most, and flagging what is over a limit.

The score follows the CodeScene / code-maat idea that the code worth fixing first is code that
is both complicated and often changed, weighted by how many modules depend on it:

    base   = sloc / 100 + complexity / 10         (a module; a class uses its lines, not sloc)
    weight = (1 + log2(1 + fan_in)) * (1 + log2(1 + churn))
    score  = base * weight

`complexity` is the sum of the cyclomatic complexity of the functions and methods inside,
`fan_in` the number of internal modules importing the module, `churn` the commits touching
the file in the churn window (0 when not in a git repository, so the weight is then 1).
100 lines of code weigh as much as 10 decision points; logarithms keep one very popular or
very busy file from drowning everything else. docs/analyze.md explains it for users.
"""

from __future__ import annotations

import math
import re
import shlex
from collections.abc import Iterable, Mapping, Sequence

from refactorkit.analysis.churn import Churn
from refactorkit.analysis.report import Hotspot, ModuleDeps
from refactorkit.config import Thresholds
from refactorkit.domain import ClassMetrics, FileAnalysis, Finding, FunctionMetrics, ImportKind
from refactorkit.graph.model import Cycle, ImportEdge

MONOLITH = "monolithic-module"
GOD_CLASS = "god-class"
COMPLEX = "complex-function"
CYCLE = "import-cycle"
KIND_ORDER = (CYCLE, MONOLITH, GOD_CLASS, COMPLEX)

# Highest complexity of each radon rank: A 1-5, B 6-10, C 11-20, D 21-30, E 31-40, F 41+.
_RANK_MAX = {"A": 5, "B": 10, "C": 20, "D": 30, "E": 40}


def score(base_lines: int, complexity: int, fan_in: int, churn: int | None) -> float:
    """The hotspot score (see the module docstring), rounded to one decimal."""
    base = base_lines / 100 + complexity / 10
    weight = (1 + math.log2(1 + fan_in)) * (1 + math.log2(1 + (churn or 0)))
    return round(base * weight, 1)


def class_complexity(
    analysis: FileAnalysis,
    cls: ClassMetrics,
    by_class: Mapping[str | None, Sequence[FunctionMetrics]] | None = None,
) -> int:
    """Sum of the complexity of the methods (and their closures) defined inside `cls`."""
    candidates = analysis.functions if by_class is None else by_class.get(cls.name, ())
    return sum(
        f.complexity
        for f in candidates
        if f.classname == cls.name and cls.lineno <= f.lineno <= cls.endline
    )


def _functions_by_class(analysis: FileAnalysis) -> dict[str | None, list[FunctionMetrics]]:
    # One pass per file instead of one per class: big modules hold hundreds of classes.
    grouped: dict[str | None, list[FunctionMetrics]] = {}
    for fn in analysis.functions:
        grouped.setdefault(fn.classname, []).append(fn)
    return grouped


def rank(
    files: Sequence[FileAnalysis],
    deps: Mapping[str, ModuleDeps],
    churn: Churn | None,
    thresholds: Thresholds,
    cycles: Sequence[Cycle] = (),
    root_hint: str = "",
) -> tuple[tuple[Hotspot, ...], tuple[Finding, ...]]:
    """Hotspots (modules and classes, best first) and findings (by kind, then worst first).

    `root_hint` is the project root as the user would type it from where they ran the
    command ("" when it is the current folder): fix commands must work when pasted.
    """
    in_cycle = {module for cycle in cycles for module in cycle.modules}
    hotspots: list[Hotspot] = []
    findings: list[Finding] = []
    for analysis in files:
        source = analysis.source
        dep = deps.get(source.relpath, ModuleDeps(0, 0))
        commits = churn.of(source.relpath) if churn is not None else None
        module_cc = sum(f.complexity for f in analysis.functions)
        module_score = score(analysis.raw.sloc, module_cc, dep.fan_in, commits)
        monolith = _monolith_finding(analysis, thresholds, module_score, root_hint)
        flags = tuple(
            kind
            for kind, on in ((MONOLITH, monolith is not None), (CYCLE, source.module in in_cycle))
            if on
        )
        if monolith is not None:
            findings.append(monolith)
        name = source.module or source.relpath
        hotspots.append(
            Hotspot(
                "module",
                source.relpath,
                name,
                1,
                module_score,
                analysis.raw.loc,
                module_cc,
                dep.fan_in,
                commits,
                flags,
            )
        )
        by_class = _functions_by_class(analysis) if analysis.classes else {}
        for cls in analysis.classes:
            cc = class_complexity(analysis, cls, by_class)
            cls_score = score(cls.lines, cc, dep.fan_in, commits)
            god = cls.methods > thresholds.max_class_methods
            if god:
                findings.append(_god_class_finding(analysis, cls, thresholds, cls_score, root_hint))
            hotspots.append(
                Hotspot(
                    "class",
                    source.relpath,
                    cls.name,
                    cls.lineno,
                    cls_score,
                    cls.lines,
                    cc,
                    dep.fan_in,
                    commits,
                    (GOD_CLASS,) if god else (),
                )
            )
        findings.extend(_complex_findings(analysis, thresholds))
    findings.extend(cycle_findings(cycles, _fan_in_by_module(files, deps)))
    hotspots.sort(key=lambda h: (-h.score, h.relpath, h.line))
    findings.sort(key=lambda f: (KIND_ORDER.index(f.kind), -f.score, f.relpath, f.line))
    return tuple(hotspots), tuple(findings)


def _monolith_finding(
    analysis: FileAnalysis, limits: Thresholds, module_score: float, root_hint: str = ""
) -> Finding | None:
    lines, classes = analysis.raw.loc, analysis.top_level_classes
    reasons = []
    if lines > limits.max_module_lines:
        reasons.append(f"{lines:,} lines (limit {limits.max_module_lines})")
    if classes > limits.max_module_classes:
        reasons.append(f"{classes} top-level classes (limit {limits.max_module_classes})")
    if not reasons:
        return None
    relpath = analysis.source.relpath
    over_lines = lines > limits.max_module_lines
    return Finding(
        kind=MONOLITH,
        relpath=relpath,
        line=1,
        name=analysis.source.module or relpath,
        message="monolithic module: " + ", ".join(reasons),
        score=module_score,
        value=lines if over_lines else classes,
        limit=limits.max_module_lines if over_lines else limits.max_module_classes,
        fix=f"refactorkit plan split {typed_path(root_hint, relpath)}",
    )


def typed_path(root_hint: str, relpath: str) -> str:
    """`relpath` as the user types it from their folder, quoted for a POSIX shell."""
    joined = f"{root_hint.rstrip('/')}/{relpath}" if root_hint else relpath
    return shlex.quote(joined)


def new_module_for(module: str, class_name: str, is_package: bool = False) -> str:
    """Where a class moved out of `module` would go: a sibling named after the class.

    A class in a package's `__init__.py` goes into that package, not next to it. A private
    module's class goes to a private module (httpx keeps every submodule private and tests
    that no public one appears).
    """
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", class_name).lower()
    if module.rpartition(".")[2].startswith("_") and not snake.startswith("_"):
        snake = "_" + snake
    package = module if is_package else module.rpartition(".")[0]
    target = f"{package}.{snake}" if package else snake
    return target if target != module else f"{target}_core"


def _god_class_finding(
    analysis: FileAnalysis,
    cls: ClassMetrics,
    limits: Thresholds,
    cls_score: float,
    root_hint: str = "",
) -> Finding:
    source = analysis.source
    if source.module:
        target = new_module_for(source.module, cls.name, source.is_package)
        fix = f"refactorkit move-symbol {source.module}:{cls.name} {target}"
        if root_hint:
            # move-symbol finds the project from the current folder; name it when elsewhere.
            fix += f" --root {shlex.quote(root_hint)}"
    else:
        fix = f"refactorkit plan split {typed_path(root_hint, source.relpath)}"
    return Finding(
        kind=GOD_CLASS,
        relpath=source.relpath,
        line=cls.lineno,
        name=cls.name,
        message=(
            f"god class: {cls.name} has {cls.methods} methods (limit {limits.max_class_methods}),"
            f" {cls.lines:,} lines; split its responsibilities, starting in a module of its own"
        ),
        score=cls_score,
        value=cls.methods,
        limit=limits.max_class_methods,
        fix=fix,
    )


def _complex_findings(analysis: FileAnalysis, limits: Thresholds) -> Iterable[Finding]:
    worst_ok = _RANK_MAX.get(chr(ord(limits.complex_rank) - 1))
    target = f"complexity <= {worst_ok} (rank {chr(ord(limits.complex_rank) - 1)})"
    for fn in analysis.functions:
        if fn.rank < limits.complex_rank:
            continue
        yield Finding(
            kind=COMPLEX,
            relpath=analysis.source.relpath,
            line=fn.lineno,
            name=fn.qualname,
            message=(
                f"complex function: {fn.qualname} has complexity {fn.complexity} "
                f"(rank {fn.rank}), {fn.length} lines"
            ),
            score=float(fn.complexity),
            value=fn.complexity,
            limit=_RANK_MAX.get(chr(ord(limits.complex_rank) - 1), 0),
            fix=(
                f"extract helper functions from {fn.qualname} "
                f"(lines {fn.lineno}-{fn.endline}) until "
                + (target if worst_ok is not None else "it is simpler")
            ),
        )


def _fan_in_by_module(
    files: Sequence[FileAnalysis], deps: Mapping[str, ModuleDeps]
) -> dict[str, int]:
    return {
        f.source.module: deps.get(f.source.relpath, ModuleDeps(0, 0)).fan_in
        for f in files
        if f.source.module
    }


def edge_to_cut(cycle: Cycle, fan_in: Mapping[str, int]) -> ImportEdge | None:
    """The hop of the chain most likely to point the wrong way.

    An import inside a function is usually the workaround someone added when the cycle
    first broke an import, so it is the hop to cut (move what it needs elsewhere) when the
    chain has one. Otherwise: a widely imported module (high fan-in: a foundation) that
    imports a rarely imported one (an upper layer) is the classic inverted dependency, so we
    maximise fan_in(importer) - fan_in(imported). Type-checking hops never run, so cutting
    them fixes nothing at run time; they are chosen only when the chain has nothing else.
    """
    if not cycle.chain:
        return None
    candidates = [e for e in cycle.chain if e.kind is not ImportKind.TYPE_CHECKING] or list(
        cycle.chain
    )
    return max(
        candidates,
        key=lambda e: (
            e.kind is ImportKind.FUNCTION,
            fan_in.get(e.importer, 0) - fan_in.get(e.imported, 0),
            -e.lineno,
        ),
    )


_HOW_TO_CUT = {
    False: "move the shared names into a module both can import, or import inside the "
    "function that needs it",
    # Already deferred: the import in a function only hides the cycle from import time.
    True: "move the names it needs into a module both can import",
}


def cycle_message(cycle: Cycle) -> str:
    """The finding message of a cycle; reporters use it to find the cycle's finding."""
    return f"import cycle of {cycle.size} modules: {' -> '.join(cycle.path)}"


def cycle_findings(cycles: Sequence[Cycle], fan_in: Mapping[str, int]) -> list[Finding]:
    """One finding per runtime cycle, naming the edge to cut and how."""
    findings = []
    for cycle in cycles:
        if not cycle.runtime:
            continue  # only through `if TYPE_CHECKING:` imports: harmless at run time
        cut = edge_to_cut(cycle, fan_in)
        if cut is None:
            continue
        findings.append(
            Finding(
                kind=CYCLE,
                relpath=cut.relpath,
                line=cut.lineno,
                name=cut.importer,
                message=cycle_message(cycle),
                score=float(10 * cycle.size),
                value=cycle.size,
                limit=0,
                fix=f"cut {cut.importer} -> {cut.imported} at {cut.relpath}:{cut.lineno}: "
                + _HOW_TO_CUT[cut.kind is ImportKind.FUNCTION],
            )
        )
    return findings
