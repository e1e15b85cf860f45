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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from refactorkit.analysis.churn import Churn
from refactorkit.analysis.report import Hotspot, ModuleDeps
from refactorkit.domain import ClassMetrics, FileAnalysis, Finding, FunctionMetrics
from refactorkit.graph.model import Cycle

CYCLE = "import-cycle"


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
    findings: Sequence[Finding] = (),
    cycles: Sequence[Cycle] = (),
) -> tuple[Hotspot, ...]:
    """Modules and classes, best first; each flagged with the rules it breaks."""
    in_cycle = {module for cycle in cycles for module in cycle.modules}
    module_flags, class_flags = _flags(findings)
    hotspots: list[Hotspot] = []
    for analysis in files:
        source = analysis.source
        dep = deps.get(source.relpath, ModuleDeps(0, 0))
        commits = churn.of(source.relpath) if churn is not None else None
        module_cc = sum(f.complexity for f in analysis.functions)
        flags = module_flags.get(source.relpath, ())
        if source.module in in_cycle:
            flags = (*flags, CYCLE)
        hotspots.append(
            Hotspot(
                "module",
                source.relpath,
                source.module or source.relpath,
                1,
                score(analysis.raw.sloc, module_cc, dep.fan_in, commits),
                analysis.raw.loc,
                module_cc,
                dep.fan_in,
                commits,
                flags,
            )
        )
        hotspots.extend(_class_hotspots(analysis, dep, commits, class_flags))
    hotspots.sort(key=lambda h: (-h.score, h.relpath, h.line))
    return tuple(hotspots)


def _class_hotspots(
    analysis: FileAnalysis,
    dep: ModuleDeps,
    commits: int | None,
    class_flags: Mapping[tuple[str, str], tuple[str, ...]],
) -> Iterable[Hotspot]:
    by_class = _functions_by_class(analysis) if analysis.classes else {}
    relpath = analysis.source.relpath
    for cls in analysis.classes:
        cc = class_complexity(analysis, cls, by_class)
        yield Hotspot(
            "class",
            relpath,
            cls.name,
            cls.lineno,
            score(cls.lines, cc, dep.fan_in, commits),
            cls.lines,
            cc,
            dep.fan_in,
            commits,
            class_flags.get((relpath, cls.name), ()),
        )


def _flags(
    findings: Iterable[Finding],
) -> tuple[dict[str, tuple[str, ...]], dict[tuple[str, str], tuple[str, ...]]]:
    """Rule names per module (by relpath) and per class (by relpath and name)."""
    from refactorkit.rules.registry import rules_by_code

    scopes = {code: rule.scope for code, rule in rules_by_code().items()}
    modules: dict[str, tuple[str, ...]] = {}
    classes: dict[tuple[str, str], tuple[str, ...]] = {}
    for finding in findings:
        scope = scopes.get(finding.code)
        if scope == "module" and finding.rule not in modules.get(finding.relpath, ()):
            modules[finding.relpath] = (*modules.get(finding.relpath, ()), finding.rule)
        elif scope == "class":
            key = (finding.relpath, finding.symbol)
            classes[key] = (*classes.get(key, ()), finding.rule)
    return modules, classes


def score_findings(findings: Iterable[Finding], hotspots: Iterable[Hotspot]) -> tuple[Finding, ...]:
    """Each finding with the score of what it is about, worst first within each rule.

    A module's findings take the module's hotspot score, a class's the class's; a function
    finding scores its value (the complexity), a graph finding 10 x its value (the size of a
    cycle), so that findings of one rule rank like with like.
    """
    from refactorkit.rules.registry import rules_by_code

    rules = rules_by_code()
    modules = {h.relpath: h.score for h in hotspots if h.kind == "module"}
    classes = {(h.relpath, h.name): h.score for h in hotspots if h.kind == "class"}
    by_scope = {
        "module": lambda f: modules.get(f.relpath, 0.0),
        "class": lambda f: classes.get((f.relpath, f.symbol), 0.0),
        "function": lambda f: float(f.value),
        "graph": lambda f: float(10 * f.value),
    }
    scored = []
    for finding in findings:
        scope = rules[finding.code].scope if finding.code in rules else "module"
        scored.append(replace(finding, score=by_scope[scope](finding)))
    order = {code: index for index, code in enumerate(sorted(rules))}
    scored.sort(key=lambda f: (order.get(f.code, len(order)), -f.score, f.relpath, f.line))
    return tuple(scored)
