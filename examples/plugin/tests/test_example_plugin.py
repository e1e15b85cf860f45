"""The example plugin's own tests: the rule on hand-built files, the format on a report."""

from __future__ import annotations

from pathlib import Path

from refactorkit_example.formats import FindingsCsv
from refactorkit_example.rules import TooManyFunctions, TooManyFunctionsOptions

from refactorkit.domain import FileAnalysis, RawMetrics, SourceFile
from refactorkit.rules.limits import resolve, specs_of
from refactorkit.rules.registry import builtin_rules


def module(functions: int) -> FileAnalysis:
    source = SourceFile(Path("/p/utils.py"), "utils.py", "utils", False)
    return FileAnalysis(
        source, "0" * 64, RawMetrics(10, 10, 10, 0, 0, 0, 0), (), (), 80.0, 0, functions, ()
    )


def test_flags_only_over_the_limit() -> None:
    rule = TooManyFunctions(TooManyFunctionsOptions(max_module_functions=3))
    assert list(rule.check_file(module(3), None)) == []  # type: ignore[arg-type]
    (finding,) = rule.check_file(module(4), None)  # type: ignore[arg-type]
    assert (finding.code, finding.value, finding.limit) == ("XMP101", 4, 3)
    assert finding.comparison == "(4 > 3)"


def test_its_option_joins_the_limits_table() -> None:
    specs = specs_of([*builtin_rules(), TooManyFunctions])
    limits = resolve(specs, {"max_module_functions": 5})
    assert limits.options_for(TooManyFunctionsOptions) == TooManyFunctionsOptions(5)


def test_csv_format() -> None:
    rule = TooManyFunctions(TooManyFunctionsOptions(max_module_functions=1))
    findings = list(rule.check_file(module(2), None))  # type: ignore[arg-type]

    class Report:
        pass

    report = Report()
    report.findings = findings  # type: ignore[attr-defined]
    text = FindingsCsv().render(report, 10)
    assert text.splitlines() == [
        "code,rule,path,line,value,limit,fix",
        "XMP101,too-many-functions,utils.py,1,2,1,"
        '"group the functions by what they work on, then split the module"',
    ]
