"""Hotspot score, ranking and findings, on hand-built analyses with hand-computed values."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refactorkit.analysis.churn import Churn
from refactorkit.analysis.hotspots import (
    COMPLEX,
    CYCLE,
    GOD_CLASS,
    MONOLITH,
    class_complexity,
    edge_to_cut,
    new_module_for,
    rank,
    score,
    typed_path,
)
from refactorkit.analysis.report import ModuleDeps
from refactorkit.config import Thresholds
from refactorkit.domain import ImportKind
from tests.unit.analysis.builders import analysis, cycle, edge, func, klass


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
    limits = Thresholds(max_module_lines=500)
    big = analysis("pkg/models.py", "pkg.models", loc=501)
    exact = analysis("pkg/views.py", "pkg.views", loc=500)
    _, findings = rank([big, exact], {}, None, limits)
    assert [(f.kind, f.relpath, f.value, f.limit) for f in findings] == [
        (MONOLITH, "pkg/models.py", 501, 500)
    ]
    assert findings[0].fix == "refactorkit plan split pkg/models.py"
    assert "501 lines (limit 500)" in findings[0].message


def test_monolithic_module_by_top_level_classes() -> None:
    limits = Thresholds(max_module_classes=15)
    many = analysis("pkg/models.py", "pkg.models", loc=100, top_level_classes=16)
    _, findings = rank([many], {}, None, limits)
    assert len(findings) == 1
    assert (findings[0].value, findings[0].limit) == (16, 15)
    assert "16 top-level classes (limit 15)" in findings[0].message


def test_god_class_names_the_move_symbol_command() -> None:
    a = analysis(
        "shop/models.py",
        "shop.models",
        classes=(klass("OrderService", 10, 300, 21), klass("Small", 400, 20, 20)),
    )
    hotspots, findings = rank([a], {}, None, Thresholds(max_class_methods=20))
    assert [(f.kind, f.name, f.line) for f in findings] == [(GOD_CLASS, "OrderService", 10)]
    assert findings[0].fix == "refactorkit move-symbol shop.models:OrderService shop.order_service"
    flagged = {h.name: h.flags for h in hotspots if h.kind == "class"}
    assert flagged == {"OrderService": (GOD_CLASS,), "Small": ()}


def test_god_class_outside_importable_roots_falls_back_to_split() -> None:
    a = analysis("scripts/run.py", None, classes=(klass("Huge", 1, 100, 30),))
    _, findings = rank([a], {}, None, Thresholds())
    assert findings[0].fix == "refactorkit plan split scripts/run.py"


def test_a_god_class_in_a_package_init_moves_into_the_package() -> None:
    methods = tuple(func(f"Writer.m{i}", 1, line=10 + i, cls="Writer") for i in range(21))
    a = analysis(
        "w/latex/__init__.py", "w.latex", functions=methods, classes=(klass("Writer", 5, 80, 21),)
    )
    _, findings = rank([a], {}, None, Thresholds())
    god = next(f for f in findings if f.kind == GOD_CLASS)
    assert god.fix == "refactorkit move-symbol w.latex:Writer w.latex.writer"


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


def test_complex_functions_at_or_over_the_rank() -> None:
    fns = (func("ok", 10, line=1), func("c", 11, line=10), func("f", 45, line=30, length=60))
    a = analysis("m.py", "m", functions=fns)
    _, findings = rank([a], {}, None, Thresholds(complex_rank="C"))
    # worst first within a kind
    assert [(f.kind, f.name, f.value) for f in findings] == [(COMPLEX, "f", 45), (COMPLEX, "c", 11)]
    assert findings[0].limit == 10
    assert (
        findings[0].fix
        == "extract helper functions from f (lines 30-89) until complexity <= 10 (rank B)"
    )
    _, only_d = rank([a], {}, None, Thresholds(complex_rank="D"))
    assert [f.name for f in only_d] == ["f"]


def test_complex_rank_a_flags_everything_without_a_target() -> None:
    a = analysis("m.py", "m", functions=(func("tiny", 1),))
    _, findings = rank([a], {}, None, Thresholds(complex_rank="A"))
    assert findings[0].fix.endswith("until it is simpler")


def test_ranking_uses_fan_in_and_churn() -> None:
    core = analysis("core.py", "core", loc=100)  # base 1.0
    leaf = analysis("leaf.py", "leaf", loc=300)  # base 3.0
    deps = {"core.py": ModuleDeps(fan_in=7, fan_out=0)}  # weight 1 + log2 8 = 4
    churn = Churn(90, {"core.py": 1, "leaf.py": 0}, 1)  # core: 1 + log2 2 = 2
    hotspots, _ = rank([leaf, core], deps, churn, Thresholds())
    assert [(h.relpath, h.score, h.fan_in, h.churn) for h in hotspots] == [
        ("core.py", 8.0, 7, 1),
        ("leaf.py", 3.0, 0, 0),
    ]


def test_without_churn_hotspots_say_unknown() -> None:
    hotspots, _ = rank([analysis("a.py", "a")], {}, None, Thresholds())
    assert hotspots[0].churn is None


def test_cycle_finding_cuts_the_inverted_dependency() -> None:
    # models is imported by many (a foundation); it imports app, imported by nobody: cut that.
    chain = (
        edge("shop.app", "shop.services", 3),
        edge("shop.services", "shop.models", 5),
        edge("shop.models", "shop.app", 40),
    )
    fan_in = {"shop.app": 0, "shop.services": 1, "shop.models": 6}
    c = cycle(*chain)
    assert edge_to_cut(c, fan_in) == chain[2]
    files = [analysis(f"shop/{m}.py", f"shop.{m}") for m in ("app", "services", "models")]
    deps = {
        f"shop/{m}.py": ModuleDeps(n, 1) for m, n in (("app", 0), ("services", 1), ("models", 6))
    }
    hotspots, findings = rank(files, deps, None, Thresholds(), cycles=[c])
    assert [(f.kind, f.relpath, f.line) for f in findings] == [(CYCLE, "shop/models.py", 40)]
    assert findings[0].fix.startswith("cut shop.models -> shop.app at shop/models.py:40")
    assert findings[0].message == (
        "import cycle of 3 modules: shop.app -> shop.services -> shop.models -> shop.app"
    )
    assert all(CYCLE in h.flags for h in hotspots if h.kind == "module")


def test_cycle_cut_never_picks_a_type_checking_hop_when_another_exists() -> None:
    chain = (
        edge("a", "b", 1, ImportKind.TYPE_CHECKING),
        edge("b", "a", 2, ImportKind.FUNCTION),
    )
    # a -> b looks most inverted by fan-in, but it never runs: cutting it changes nothing.
    assert edge_to_cut(cycle(*chain), {"a": 9, "b": 0}) == chain[1]


def test_type_checking_only_cycles_are_not_findings() -> None:
    c = cycle(edge("a", "b", 1, ImportKind.TYPE_CHECKING), edge("b", "a", 2), runtime=False)
    _, findings = rank([analysis("a.py", "a")], {}, None, Thresholds(), cycles=[c])
    assert findings == ()


def test_findings_are_ordered_by_kind_then_score() -> None:
    a = analysis(
        "m.py",
        "m",
        loc=900,
        functions=(func("f", 25),),
        classes=(klass("G", 1, 50, 30),),
    )
    c = cycle(edge("m", "n", 1), edge("n", "m", 2))
    _, findings = rank([a], {}, None, Thresholds(), cycles=[c])
    assert [f.kind for f in findings] == [CYCLE, MONOLITH, GOD_CLASS, COMPLEX]


def test_fix_commands_name_the_root_when_run_from_elsewhere() -> None:
    a = analysis("shop/models.py", "shop.models", loc=900, classes=(klass("Big", 1, 10, 30),))
    _, findings = rank([a], {}, None, Thresholds(), root_hint="apps/my shop")
    fixes = {f.kind: f.fix for f in findings}
    assert fixes[MONOLITH] == "refactorkit plan split 'apps/my shop/shop/models.py'"
    assert (
        fixes[GOD_CLASS] == "refactorkit move-symbol shop.models:Big shop.big --root 'apps/my shop'"
    )


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
    assert edge_to_cut(cycle(*chain), {"shop.app": 3, "shop.reports": 1}) == chain[1]


def test_cycle_fix_for_a_deferred_import_does_not_suggest_deferring() -> None:
    c = cycle(edge("a", "b", 1), edge("b", "a", 9, ImportKind.FUNCTION))
    _, findings = rank([analysis("a.py", "a")], {}, None, Thresholds(), cycles=[c])
    assert (
        findings[0].fix
        == "cut b -> a at b.py:9: move the names it needs into a module both can import"
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
