"""The example plugin's own tests: the rule on hand-built files, the codemod inline, the format
on a report."""

from __future__ import annotations

from pathlib import Path

from refactorkit_example.codemods import EmptyLiterals, EmptyLiteralsOptions
from refactorkit_example.formats import FindingsCsv
from refactorkit_example.rules import TooManyFunctions, TooManyFunctionsOptions

from refactorkit.codemods.base import why_not_a_codemod
from refactorkit.domain import FileAnalysis, RawMetrics, SourceFile
from refactorkit.rules.limits import resolve, specs_of
from refactorkit.rules.registry import builtin_rules
from refactorkit.testing import assert_codemod


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


def test_the_codemod_rewrites_empty_calls_only() -> None:
    assert_codemod(
        EmptyLiterals(),
        """
        a = dict()
        b = list()
        c = dict(x=1)  # arguments: left alone
        """,
        """
        a = {}
        b = []
        c = dict(x=1)  # arguments: left alone
        """,
    )


def test_the_codemod_options_and_shadowing() -> None:
    assert_codemod(
        EmptyLiterals(),
        "a = dict()\nb = list()\n",
        "a = {}\nb = list()\n",
        EmptyLiteralsOptions(only_dict=True),
    )
    shadowed = "from collections import OrderedDict as dict\na = dict()\nb = list()\n"
    assert_codemod(
        EmptyLiterals(),
        shadowed,
        "from collections import OrderedDict as dict\na = dict()\nb = []\n",
    )


def test_the_codemod_is_registered_as_valid() -> None:
    assert why_not_a_codemod(EmptyLiterals) is None
