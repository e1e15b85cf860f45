"""Each rule just at and just over its limit, on FileAnalysis values built by hand."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from refactorkit.domain import FileAnalysis, Finding, ImportKind
from refactorkit.graph.graph import ImportGraph
from refactorkit.graph.model import ImportEdge
from refactorkit.rules.contracts import Contracts, ForbiddenImport, Layers
from refactorkit.rules.limits import resolve
from refactorkit.rules.registry import limit_specs
from refactorkit.rules.run import enabled_rules, run_rules
from refactorkit.rules.settings import RuleSettings
from tests.unit.check.helpers import Edge, FakeGraph, analysis

LIMITS = {
    "max_file_lines": 100,
    "max_complexity": 10,
    "max_average_complexity": 6.0,
    "max_class_methods": 5,
    "min_maintainability": 20.0,
}


def settings(contracts: Contracts | None = None, **changes: Any) -> RuleSettings:
    limits = resolve(limit_specs(), {**LIMITS, **changes})
    return RuleSettings(limits, contracts or Contracts())


CONFIG = settings()


def check_file(file: FileAnalysis, config: RuleSettings) -> list[Finding]:
    return run_rules([file], config, Path("/nowhere"), select=_FILE_CODES)


_FILE_CODES = ("RK101", "RK102", "RK103", "RK104", "RK105", "RK109")


def check_cycles(
    graph: FakeGraph | ImportGraph, config: RuleSettings, modules: frozenset[str] | None = None
) -> list[Finding]:
    return _graph_rules(graph, config, ("RK106",), only_modules=modules)


def check_contracts(
    graph: FakeGraph, config: RuleSettings, relpaths: frozenset[str] | None = None
) -> list[Finding]:
    return _graph_rules(graph, config, ("RK107", "RK108"), only_relpaths=relpaths)


def _graph_rules(
    graph: FakeGraph | ImportGraph, config: RuleSettings, codes: Sequence[str], **only: Any
) -> Any:
    fake: Any = graph  # the rules read only edges(), cycles() and fan_in()
    return run_rules([], config, Path("/nowhere"), graph=lambda: fake, select=codes, **only)


def codes(found: list) -> list[str]:  # type: ignore[type-arg]
    return [v.code for v in found]


@pytest.mark.parametrize(("loc", "expected"), [(100, []), (101, ["RK101"])])
def test_file_lines(loc: int, expected: list[str]) -> None:
    assert codes(check_file(analysis(loc=loc), CONFIG)) == expected


def test_file_lines_message_and_numbers() -> None:
    (violation,) = check_file(analysis(loc=950), CONFIG)
    assert (violation.relpath, violation.line, violation.col) == ("pkg/mod.py", 1, 1)
    assert violation.message == "file has too many lines"
    assert violation.comparison == "(950 > 100)"


@pytest.mark.parametrize(("cc", "expected"), [(10, []), (11, ["RK102"])])
def test_function_complexity(cc: int, expected: list[str]) -> None:
    # average stays under 6 thanks to the simple helpers
    found = check_file(analysis(complexities=[cc, 1, 1]), CONFIG)
    assert codes(found) == expected


def test_function_complexity_names_the_function_and_rank() -> None:
    (violation,) = check_file(analysis(complexities=[1, 12, 1, 1]), CONFIG)
    assert violation.symbol == "f1"
    assert violation.line == 11
    assert violation.message == "function 'f1' is too complex, rank C"
    assert violation.comparison == "(12 > 10)"


def test_a_function_with_nothing_to_cut_gets_advice_not_extract() -> None:
    file = analysis(complexities=[12, 12])
    stuck = replace(file.functions[1], cuttable=False)
    found = check_file(replace(file, functions=(file.functions[0], stuck)), CONFIG)
    fixes = {f.symbol: f.fix for f in found if f.code == "RK102"}
    assert fixes["f0"] is not None and fixes["f0"].kind == "extract" and fixes["f0"].argv
    assert fixes["f1"] is not None and fixes["f1"].kind == "advice" and not fixes["f1"].argv
    assert "all sit in one statement" in fixes["f1"].text


@pytest.mark.parametrize(("ccs", "expected"), [([6, 6], []), ([6, 7], ["RK103"])])
def test_average_complexity(ccs: list[int], expected: list[str]) -> None:
    assert codes(check_file(analysis(complexities=ccs), CONFIG)) == expected


def test_average_complexity_reports_the_mean() -> None:
    (violation,) = check_file(analysis(complexities=[6, 7]), CONFIG)
    assert violation.value == 6.5
    assert violation.comparison == "(6.5 > 6)"


@pytest.mark.parametrize(("methods", "expected"), [(5, []), (6, ["RK104"])])
def test_class_methods(methods: int, expected: list[str]) -> None:
    assert codes(check_file(analysis(methods=[methods]), CONFIG)) == expected


def test_class_methods_at_the_class_line() -> None:
    (violation,) = check_file(analysis(methods=[2, 9]), CONFIG)
    assert (violation.symbol, violation.line) == ("C1", 101)
    assert violation.comparison == "(9 > 5)"


@pytest.mark.parametrize(("mi", "expected"), [(20.0, []), (19.9, ["RK105"])])
def test_maintainability(mi: float, expected: list[str]) -> None:
    assert codes(check_file(analysis(mi=mi), CONFIG)) == expected


def test_maintainability_reads_as_lower_than() -> None:
    (violation,) = check_file(analysis(mi=7.25), CONFIG)
    assert violation.comparison == "(7.2 < 20)"
    assert violation.lower_is_worse
    assert violation.is_worse_than(8.0) and not violation.is_worse_than(7.0)


def test_empty_file_has_no_maintainability_violation() -> None:
    assert check_file(analysis(loc=0, sloc=0, mi=0.0), CONFIG) == []


def cycle(runtime: bool = True) -> ImportGraph:
    """A real graph whose one cycle is a -> b (a.py:3) -> a (b.py:7)."""
    back = ImportKind.TOP if runtime else ImportKind.TYPE_CHECKING
    edges = [
        ImportEdge("a", "b", "a.py", 3, ImportKind.TOP, False),
        ImportEdge("b", "a", "b.py", 7, back, False),
    ]
    return ImportGraph(["a", "b"], edges)


def test_cycle_is_reported_at_the_import_to_cut() -> None:
    (violation,) = check_cycles(cycle(), CONFIG)
    # No fan-in difference: the later import of the chain is cut, the other is related.
    assert (violation.code, violation.relpath, violation.line) == ("RK106", "a.py", 3)
    assert violation.related == (("b.py", 7),)
    assert violation.fix is not None and violation.fix.text.startswith("cut a -> b at a.py:3")
    assert violation.message == "import cycle of 2 modules: a -> b -> a"
    assert violation.symbol == "a b"
    assert violation.comparison == ""


def test_type_checking_only_cycle_counts_only_in_all_mode() -> None:
    graph = cycle(runtime=False)
    assert check_cycles(graph, CONFIG) == []
    assert codes(check_cycles(graph, settings(Contracts(cycles="all")))) == ["RK106"]
    assert check_cycles(cycle(), settings(Contracts(cycles="off"))) == []


def test_cycles_limited_to_the_changed_modules() -> None:
    graph = cycle()
    assert check_cycles(graph, CONFIG, modules=frozenset({"c"})) == []
    assert codes(check_cycles(graph, CONFIG, modules=frozenset({"b"}))) == ["RK106"]


FORBID = settings(Contracts(forbidden=(ForbiddenImport("pkg.api", "pkg.db"),)))


def test_forbidden_import() -> None:
    graph = FakeGraph(
        [
            Edge("pkg.api.views", "pkg.db.models", "pkg/api/views.py", 4),
            Edge("pkg.api.views", "pkg.dbx", "pkg/api/views.py", 5),  # only a prefix: allowed
            Edge("pkg.service", "pkg.db", "pkg/service.py", 1),  # not the source: allowed
        ]
    )
    (violation,) = check_contracts(graph, FORBID)
    assert (violation.code, violation.line) == ("RK107", 4)
    assert violation.message == (
        "pkg.api.views imports pkg.db.models ('pkg.api' may not import 'pkg.db')"
    )


def test_forbidden_ignores_type_checking_imports_and_other_files() -> None:
    edge = Edge("pkg.api", "pkg.db", "pkg/api.py", 2, ImportKind.TYPE_CHECKING)
    assert check_contracts(FakeGraph([edge]), FORBID) == []
    runtime = Edge("pkg.api", "pkg.db", "pkg/api.py", 2, ImportKind.FUNCTION)
    assert codes(check_contracts(FakeGraph([runtime]), FORBID)) == ["RK107"]
    assert check_contracts(FakeGraph([runtime]), FORBID, relpaths=frozenset({"x.py"})) == []


def test_forbidden_external_target() -> None:
    config = settings(Contracts(forbidden=(ForbiddenImport("pkg.domain", "sqlalchemy"),)))
    edge = Edge("pkg.domain.order", "sqlalchemy.orm", "pkg/domain/order.py", 1, external=True)
    assert codes(check_contracts(FakeGraph([edge]), config)) == ["RK107"]


def test_layers() -> None:
    config = settings(Contracts(layers=(Layers(("pkg.api", "pkg.service", "pkg.db")),)))
    graph = FakeGraph(
        [
            Edge("pkg.api.views", "pkg.service.orders", "pkg/api/views.py", 1),  # down: fine
            Edge("pkg.api.views", "pkg.db", "pkg/api/views.py", 2),  # skips a layer: fine
            Edge("pkg.db.models", "pkg.service.orders", "pkg/db/models.py", 3),  # up: bad
            Edge("pkg.service.x", "pkg.service.y", "pkg/service/x.py", 4),  # same layer
            Edge("pkg.db", "os", "pkg/db/__init__.py", 5, external=True),  # outside layers
        ]
    )
    (violation,) = check_contracts(graph, config)
    assert (violation.code, violation.relpath, violation.line) == ("RK108", "pkg/db/models.py", 3)
    assert "'pkg.db' may not import the higher layer 'pkg.service'" in violation.message


def test_enabled_respects_select_and_ignore() -> None:
    every = {rule.code for rule in enabled_rules(RuleSettings())}
    assert {"RK101", "RK102", "RK106", "RK109"} <= every
    ignored = {r.code for r in enabled_rules(RuleSettings(ignore=("RK102",)))}
    assert ignored == every - {"RK102"}
    assert [r.code for r in enabled_rules(RuleSettings(), select=["rk106"])] == ["RK106"]


@pytest.mark.parametrize(("classes", "expected"), [(15, []), (16, ["RK109"])])
def test_top_level_classes(classes: int, expected: list[str]) -> None:
    file = analysis(methods=[1] * classes)
    assert codes(check_file(file, settings(max_class_methods=20))) == expected


def test_findings_carry_fixes() -> None:
    (long,) = check_file(analysis(loc=950), CONFIG)
    assert long.fix is not None
    assert long.fix.argv == ("refactorkit", "split", "pkg/mod.py", "--auto")
    (god,) = check_file(analysis(methods=[9]), CONFIG)
    assert god.fix is not None and god.fix.kind == "split-class"
    assert god.fix.argv == ("refactorkit", "split-class", "pkg.mod:C0", "--auto")
    (complex_,) = check_file(analysis(complexities=[1, 12, 1, 1]), CONFIG)
    assert complex_.fix is not None and complex_.fix.kind == "extract"
    expected = ("refactorkit", "extract", "pkg/mod.py", "--function", "f1", "--auto")
    assert complex_.fix.argv == expected
    assert complex_.fix.text.startswith("refactorkit extract pkg/mod.py --function f1 --auto  (")


def test_complex_function_fix_names_a_limit_other_than_the_default() -> None:
    (complex_,) = check_file(analysis(complexities=[1, 12, 1, 1]), settings(max_complexity=8))
    assert complex_.fix is not None
    assert complex_.fix.argv[-2:] == ("--max-complexity", "8")


def test_a_long_file_gets_one_finding_for_its_size_not_two() -> None:
    # MI 0 on a 950-line file is its size again: RK101 explains it, RK105 is not repeated.
    assert codes(check_file(analysis(loc=950, mi=0.0), CONFIG)) == ["RK101"]
    # A short file with a low index keeps RK105: there the index has another cause.
    assert codes(check_file(analysis(loc=90, mi=0.0), CONFIG)) == ["RK105"]
    # Asked for alone, RK105 is reported whatever the size.
    only = run_rules([analysis(loc=950, mi=0.0)], CONFIG, Path("/nowhere"), select=("RK105",))
    assert codes(only) == ["RK105"]


def _with_cognitive(values: Sequence[int]) -> FileAnalysis:
    import dataclasses

    file = analysis(complexities=[1] * len(values))
    functions = tuple(
        dataclasses.replace(fn, cognitive=v) for fn, v in zip(file.functions, values, strict=True)
    )
    return dataclasses.replace(file, functions=functions)


@pytest.mark.parametrize(("cognitive", "expected"), [(15, []), (16, ["RK110"])])
def test_cognitive_complexity(cognitive: int, expected: list[str]) -> None:
    found = run_rules([_with_cognitive([1, cognitive])], CONFIG, Path("/nowhere"), select=["RK110"])
    assert codes(found) == expected


def test_cognitive_complexity_names_the_function_and_its_own_limit() -> None:
    config = settings(max_cognitive=4)
    (found,) = run_rules([_with_cognitive([3, 9])], config, Path("/nowhere"), select=["RK110"])
    assert (found.symbol, found.line, found.value, found.limit) == ("f1", 11, 9, 4)
    assert found.message == "function 'f1' is hard to follow"
