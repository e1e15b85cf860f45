"""Hotspot score and ranking, and the findings analyze shows (the built-in rules run on
hand-built analyses), with hand-computed values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refactorkit.analysis.churn import Churn
from refactorkit.analysis.hotspots import class_complexity, rank, score, score_findings
from refactorkit.analysis.report import Hotspot, ModuleDeps
from refactorkit.domain import FileAnalysis, Finding, ImportKind
from refactorkit.graph.model import Cycle
from refactorkit.rules.builtin.import_cycle import edge_to_cut
from refactorkit.rules.fixes import new_module_for, typed_path
from refactorkit.rules.limits import resolve
from refactorkit.rules.registry import limit_specs
from refactorkit.rules.run import run_rules
from refactorkit.rules.settings import RuleSettings
from tests.unit.analysis.builders import analysis, cycle, edge, func, klass

MONOLITH, TOO_MANY, GOD_CLASS, COMPLEX, CYCLE = (
    "file-too-long", "too-many-classes", "god-class", "complex-function", "import-cycle"
)  # fmt: skip


@dataclass
class CycleGraph:
    """What the cycle rule reads from a graph: its cycles and each module's fan-in."""

    found: list[Cycle]
    fan_ins: dict[str, int] = field(default_factory=dict)

    def cycles(self, include_type_checking: bool = False) -> Sequence[Cycle]:
        return [c for c in self.found if c.runtime or include_type_checking]

    def fan_in(self, module: str) -> int:
        return self.fan_ins.get(module, 0)


def analyze(
    files: Sequence[FileAnalysis],
    cycles: Sequence[Cycle] = (),
    fan_in: dict[str, int] | None = None,
    root_hint: str = "",
    hotspots: Sequence[Hotspot] = (),
    **limits: Any,
) -> tuple[Finding, ...]:
    """The findings analyze shows for `files`: every rule, scored and ordered."""
    settings = RuleSettings(resolve(limit_specs(), limits))
    graph: Any = CycleGraph(list(cycles), fan_in or {})
    found = run_rules(files, settings, Path("/nowhere"), graph=lambda: graph, root_hint=root_hint)
    return score_findings(found, hotspots)


@pytest.mark.parametrize(
    ("sloc", "cc", "fan_in", "churn", "expected"),
    [
        (200, 30, 0, None, 5.0),  # (2 + 3) x 1 x 1
        (200, 30, 1, None, 10.0),  # x (1 + log2 2) = 2
        (200, 30, 1, 3, 30.0),  # x (1 + log2 4) = 3
        (200, 30, 3, 0, 15.0),  # fan-in 3: 1 + log2 4 = 3; churn 0 weighs 1
        (0, 0, 7, 7, 0.0),
        (150, 5, 0, None, 2.0),  # 1.5 + 0.5
    ],
)
def test_score_formula(sloc: int, cc: int, fan_in: int, churn: int | None, expected: float) -> None:
    assert score(sloc, cc, fan_in, churn) == expected


def test_class_complexity_sums_only_its_own_methods() -> None:
    a = analysis(
        "m.py",
        "m",
        functions=(
            func("A.f", 4, line=2, cls="A"),
            func("A.g", 3, line=5, cls="A"),
            func("B.f", 9, line=12, cls="B"),
            func("top", 7, line=20),
        ),
        classes=(klass("A", 1, 10, 2), klass("B", 11, 5, 1)),
    )
    assert class_complexity(a, a.classes[0]) == 7
    assert class_complexity(a, a.classes[1]) == 9


def test_monolithic_module_over_lines_not_at_the_limit() -> None:
    big = analysis("pkg/models.py", "pkg.models", loc=501)
    exact = analysis("pkg/views.py", "pkg.views", loc=500)
    findings = analyze([big, exact], max_file_lines=500)
    assert [(f.rule, f.relpath, f.value, f.limit) for f in findings] == [
        (MONOLITH, "pkg/models.py", 501, 500)
    ]
    assert findings[0].fix is not None
    assert findings[0].fix.text == "refactorkit split pkg/models.py --auto"
    assert findings[0].comparison == "(501 > 500)"


def test_monolithic_module_by_top_level_classes() -> None:
    many = analysis("pkg/models.py", "pkg.models", loc=100, top_level_classes=16)
    (finding,) = analyze([many], max_module_classes=15)
    assert (finding.rule, finding.value, finding.limit) == (TOO_MANY, 16, 15)


def test_god_class_names_the_split_class_command() -> None:
    a = analysis(
        "shop/models.py",
        "shop.models",
        classes=(klass("OrderService", 10, 300, 21), klass("Small", 400, 20, 20)),
    )
    findings = analyze([a], max_class_methods=20)
    assert [(f.rule, f.symbol, f.line) for f in findings] == [(GOD_CLASS, "OrderService", 10)]
    assert findings[0].fix is not None
    assert findings[0].fix.argv == (
        "refactorkit", "split-class", "shop.models:OrderService", "--auto"
    )  # fmt: skip
    hotspots = rank([a], {}, None, findings)
    flagged = {h.name: h.flags for h in hotspots if h.kind == "class"}
    assert flagged == {"OrderService": (GOD_CLASS,), "Small": ()}


def test_god_class_outside_importable_roots_falls_back_to_split() -> None:
    a = analysis("scripts/run.py", None, classes=(klass("Huge", 1, 100, 30),))
    (finding,) = analyze([a])
    assert finding.fix is not None
    assert finding.fix.text == "refactorkit split scripts/run.py --auto"


def test_a_god_class_in_a_package_init_is_named_by_the_package() -> None:
    methods = tuple(func(f"Writer.m{i}", 1, line=10 + i, cls="Writer") for i in range(21))
    a = analysis(
        "w/latex/__init__.py", "w.latex", functions=methods, classes=(klass("Writer", 5, 80, 21),)
    )
    god = next(f for f in analyze([a]) if f.rule == GOD_CLASS)
    assert god.fix is not None
    assert god.fix.text == "refactorkit split-class w.latex:Writer --auto"


@pytest.mark.parametrize(
    ("module", "cls", "expected"),
    [
        ("pkg.models", "Order", "pkg.order"),
        ("pkg.models", "HTTPServer", "pkg.http_server"),
        ("pkg.models", "OrderLineItem", "pkg.order_line_item"),
        ("models", "Order", "order"),
        ("pkg.order", "Order", "pkg.order_core"),  # never the module it came from
        ("httpx._models", "Response", "httpx._response"),  # private stays private
        ("pkg._order", "Order", "pkg._order_core"),
        ("pkg._models", "_Cache", "pkg._cache"),
    ],
)
def test_new_module_for(module: str, cls: str, expected: str) -> None:
    assert new_module_for(module, cls) == expected


def test_complex_functions_over_the_limit() -> None:
    fns = (func("ok", 10, line=1), func("c", 11, line=10), func("f", 45, line=30, length=60))
    a = analysis("m.py", "m", functions=fns)
    findings = [f for f in analyze([a], max_complexity=10) if f.rule == COMPLEX]
    # worst first within a rule
    assert [(f.rule, f.symbol, f.value) for f in findings] == [
        (COMPLEX, "f", 45),
        (COMPLEX, "c", 11),
    ]
    assert findings[0].limit == 10
    assert findings[0].fix is not None
    assert findings[0].fix.argv == ("refactorkit", "extract", "m.py", "--function", "f", "--auto")
    assert findings[0].fix.text == (
        "refactorkit extract m.py --function f --auto"
        "  (cuts lines 30-89 into helpers until complexity <= 10)"
    )
    assert [f.symbol for f in analyze([a], max_complexity=20) if f.rule == COMPLEX] == ["f"]


def test_ranking_uses_fan_in_and_churn() -> None:
    core = analysis("core.py", "core", loc=100)  # base 1.0
    leaf = analysis("leaf.py", "leaf", loc=300)  # base 3.0
    deps = {"core.py": ModuleDeps(fan_in=7, fan_out=0)}  # weight 1 + log2 8 = 4
    churn = Churn(90, {"core.py": 1, "leaf.py": 0}, 1)  # core: 1 + log2 2 = 2
    hotspots = rank([leaf, core], deps, churn)
    assert [(h.relpath, h.score, h.fan_in, h.churn) for h in hotspots] == [
        ("core.py", 8.0, 7, 1),
        ("leaf.py", 3.0, 0, 0),
    ]


def test_without_churn_hotspots_say_unknown() -> None:
    hotspots = rank([analysis("a.py", "a")], {}, None)
    assert hotspots[0].churn is None


def test_findings_take_the_score_of_their_module_or_class() -> None:
    a = analysis("m.py", "m", loc=900, classes=(klass("G", 1, 50, 30),))
    hotspots = rank([a], {}, None)
    scores = {h.kind: h.score for h in hotspots}
    by_rule = {f.rule: f.score for f in analyze([a], hotspots=hotspots)}
    assert by_rule[MONOLITH] == scores["module"]
    assert by_rule[GOD_CLASS] == scores["class"]


def test_cycle_finding_cuts_the_inverted_dependency() -> None:
    # models is imported by many (a foundation); it imports app, imported by nobody: cut that.
    chain = (
        edge("shop.app", "shop.services", 3),
        edge("shop.services", "shop.models", 5),
        edge("shop.models", "shop.app", 40),
    )
    fan_in = {"shop.app": 0, "shop.services": 1, "shop.models": 6}
    c = cycle(*chain)
    assert edge_to_cut(c, lambda m: fan_in[m]) == chain[2]
    files = [analysis(f"shop/{m}.py", f"shop.{m}") for m in ("app", "services", "models")]
    findings = analyze(files, cycles=[c], fan_in=fan_in)
    assert [(f.rule, f.relpath, f.line) for f in findings] == [(CYCLE, "shop/models.py", 40)]
    assert findings[0].fix is not None
    assert findings[0].fix.text.startswith("cut shop.models -> shop.app at shop/models.py:40")
    assert findings[0].message == (
        "import cycle of 3 modules: shop.app -> shop.services -> shop.models -> shop.app"
    )
    assert findings[0].score == 30.0  # 10 x the cycle's size
    hotspots = rank(files, {}, None, findings, cycles=[c])
    assert all(CYCLE in h.flags for h in hotspots if h.kind == "module")


def test_cycle_cut_never_picks_a_type_checking_hop_when_another_exists() -> None:
    chain = (
        edge("a", "b", 1, ImportKind.TYPE_CHECKING),
        edge("b", "a", 2, ImportKind.FUNCTION),
    )
    # a -> b looks most inverted by fan-in, but it never runs: cutting it changes nothing.
    fan_in = {"a": 9, "b": 0}
    assert edge_to_cut(cycle(*chain), lambda m: fan_in[m]) == chain[1]


def test_type_checking_only_cycles_are_not_findings() -> None:
    c = cycle(edge("a", "b", 1, ImportKind.TYPE_CHECKING), edge("b", "a", 2), runtime=False)
    assert analyze([analysis("a.py", "a")], cycles=[c]) == ()


def test_findings_are_ordered_by_rule_code_then_score() -> None:
    a = analysis(
        "m.py",
        "m",
        loc=900,
        functions=(func("f", 25),),
        classes=(klass("G", 1, 50, 30),),
    )
    c = cycle(edge("m", "n", 1), edge("n", "m", 2))
    codes = [f.code for f in analyze([a], cycles=[c])]
    assert codes == sorted(codes)
    assert {"RK101", "RK102", "RK104", "RK106"} <= set(codes)


def test_fix_commands_name_the_root_when_run_from_elsewhere() -> None:
    a = analysis("shop/models.py", "shop.models", loc=900, classes=(klass("Big", 1, 10, 30),))
    fixes = {f.rule: f.fix for f in analyze([a], root_hint="apps/my shop")}
    monolith, god = fixes[MONOLITH], fixes[GOD_CLASS]
    assert monolith is not None and god is not None
    assert monolith.text == "refactorkit split 'apps/my shop/shop/models.py' --auto"
    assert monolith.argv[2] == "apps/my shop/shop/models.py"  # argv needs no quoting
    assert god.text == "refactorkit split-class shop.models:Big --auto --root 'apps/my shop'"


@pytest.mark.parametrize(
    ("hint", "relpath", "expected"),
    [("", "a/b.py", "a/b.py"), ("proj/", "a.py", "proj/a.py"), ("/abs", "a.py", "/abs/a.py")],
)
def test_typed_path(hint: str, relpath: str, expected: str) -> None:
    assert typed_path(hint, relpath) == expected


def test_cycle_cut_prefers_the_deferred_import() -> None:
    # app imports reports at the top; reports imports app inside a function (the usual
    # workaround). Fan-in says app is more popular (tests import it), but the function-level
    # hop is the one pointing the wrong way.
    chain = (
        edge("shop.app", "shop.reports", 93),
        edge("shop.reports", "shop.app", 158, ImportKind.FUNCTION),
    )
    fan_in = {"shop.app": 3, "shop.reports": 1}
    assert edge_to_cut(cycle(*chain), lambda m: fan_in[m]) == chain[1]


def test_cycle_fix_for_a_deferred_import_does_not_suggest_deferring() -> None:
    c = cycle(edge("a", "b", 1), edge("b", "a", 9, ImportKind.FUNCTION))
    (finding,) = analyze([analysis("a.py", "a")], cycles=[c])
    assert finding.fix is not None
    assert finding.fix.text == (
        "cut b -> a at b.py:9: move the names it needs into a module both can import"
    )


@given(
    st.integers(0, 10_000),
    st.integers(0, 2_000),
    st.integers(0, 500),
    st.one_of(st.none(), st.integers(0, 1_000)),
    st.sampled_from(["sloc", "cc", "fan_in", "churn"]),
)
def test_score_never_drops_when_any_input_grows(
    sloc: int, cc: int, fan_in: int, churn: int | None, grow: str
) -> None:
    args = {"base_lines": sloc, "complexity": cc, "fan_in": fan_in, "churn": churn}
    bigger = dict(args)
    key = {"sloc": "base_lines", "cc": "complexity"}.get(grow, grow)
    bigger[key] = (bigger[key] or 0) + 1
    assert score(**bigger) >= score(**args)  # type: ignore[arg-type]
