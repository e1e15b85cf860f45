"""Cyclomatic complexity and ranks: hand-checked decision counts, naming, and radon equality."""

from __future__ import annotations

import ast
import sysconfig
import textwrap
from pathlib import Path

import pytest
from radon.complexity import add_inner_blocks, cc_visit
from radon.visitors import ComplexityVisitor

from refactorkit.analysis.complexity import analyze_complexity, rank
from refactorkit.domain import ClassMetrics, FunctionMetrics


def _measure(source: str) -> tuple[tuple[FunctionMetrics, ...], tuple[ClassMetrics, ...]]:
    result = analyze_complexity(ast.parse(textwrap.dedent(source)))
    return result.functions, result.classes


def _only(source: str) -> FunctionMetrics:
    functions, _ = _measure(source)
    assert len(functions) == 1
    return functions[0]


# (what, source, expected complexity): 1 + one per decision point, radon's way
CC_CASES = [
    ("straight line", "def f():\n    return 1\n", 1),
    ("if/elif/else", "def f(x):\n if x:\n  a()\n elif x > 1:\n  b()\n else:\n  c()\n", 3),
    ("for + else", "def f(x):\n for i in x:\n  pass\n else:\n  pass\n", 3),
    ("while", "def f(x):\n while x:\n  x -= 1\n", 2),
    ("async for", "async def f(x):\n async for i in x:\n  pass\n", 2),
    (
        "try: 2 handlers + else, finally free",
        "def f():\n try:\n  a()\n except A:\n  pass\n except B:\n  pass\n"
        " else:\n  pass\n finally:\n  pass\n",
        4,
    ),
    ("and + or: one per extra operand", "def f(a, b, c):\n return a and b or c\n", 3),
    ("a and b and c", "def f(a, b, c):\n return a and b and c\n", 3),
    ("comprehension + 2 ifs", "def f(x):\n return [i for i in x if i if i > 1]\n", 4),
    ("two for clauses", "def f(x):\n return {i: a for a in x for i in a}\n", 3),
    ("ternary", "def f(x):\n return 1 if x else 2\n", 2),
    ("lambda body counts, lambda itself not", "def f():\n g = lambda x: x if x else 0\n", 2),
    ("match with wildcard", "def f(x):\n match x:\n  case 1:\n   pass\n  case _:\n   pass\n", 2),
    (
        "match without wildcard",
        "def f(x):\n match x:\n  case 1:\n   pass\n  case 2:\n   pass\n  case [y]:\n   pass\n",
        4,
    ),
    ("assert", "def f(x):\n assert x\n", 2),
    ("assert contents are not visited", "def f(x):\n assert x and (1 if x else 2)\n", 2),
    (
        "capture pattern counts as the else",
        "def f(x):\n match x:\n  case 1:\n   pass\n  case y:\n   pass\n",
        2,
    ),
    ("except* is ignored by radon 6", "def f():\n try:\n  a()\n except* A:\n  pass\n", 1),
    ("with is free", "def f():\n with a:\n  pass\n", 1),
    (
        "decorators and defaults are not visited",
        "@d(a if b else c)\ndef f(x=1 if y else 2):\n pass\n",
        1,
    ),
]


@pytest.mark.parametrize(("what", "source", "expected"), CC_CASES, ids=[c[0] for c in CC_CASES])
def test_function_complexity(what: str, source: str, expected: int) -> None:
    assert _only(source).complexity == expected


@pytest.mark.parametrize(
    ("cc", "letter"),
    [
        *[(0, "A"), (1, "A"), (5, "A"), (6, "B"), (10, "B"), (11, "C"), (20, "C")],
        *[(21, "D"), (30, "D"), (31, "E"), (40, "E"), (41, "F"), (200, "F")],
    ],
)
def test_rank_boundaries(cc: int, letter: str) -> None:
    assert rank(cc) == letter


def test_rank_is_stored_on_each_function() -> None:
    ifs = "".join(f" if x == {i}:\n  pass\n" for i in range(10))
    f = _only("def f(x):\n" + ifs)
    assert (f.complexity, f.rank) == (11, "C")


def test_closure_is_its_own_block_named_outer_inner() -> None:
    functions, classes = _measure(
        """
        def outer(x):
            if x:
                pass
            def inner(y):
                if y:
                    pass
                return y and x
            return inner
        """
    )
    got = [(f.qualname, f.name, f.complexity, f.lineno, f.endline, f.classname) for f in functions]
    # the closure's two decisions do not add to outer's complexity (radon issue 68)
    assert got == [
        ("outer", "outer", 2, 2, 9, None),
        ("outer.inner", "inner", 3, 5, 8, None),
    ]
    assert classes == ()


def test_methods_and_class_numbers() -> None:
    functions, classes = _measure(
        """
        class C:
            def a(self, x):
                if x:
                    pass
            def _b(self):
                pass
            def __init__(self):
                pass
        """
    )
    assert [(f.qualname, f.classname, f.complexity) for f in functions] == [
        ("C.a", "C", 2),
        ("C._b", "C", 1),
        ("C.__init__", "C", 1),
    ]
    # class: 1 + (2 + 1 + 1) = 5 over 3 methods -> int(5 / 3) + 1 = 2
    assert classes == (
        ClassMetrics(name="C", lineno=2, endline=9, methods=3, public_methods=1, complexity=2),
    )


def test_nested_class_methods_and_method_closures_are_reported() -> None:
    functions, classes = _measure(
        """
        class Outer:
            class Inner:
                def m(self):
                    pass
            def n(self):
                def helper():
                    pass
        """
    )
    assert [(f.qualname, f.classname) for f in functions] == [
        ("Outer.Inner.m", "Outer.Inner"),
        ("Outer.n", "Outer"),
        ("Outer.n.helper", None),
    ]
    assert [(c.name, c.methods) for c in classes] == [("Outer", 1), ("Outer.Inner", 1)]


def test_class_inside_function_is_dropped_like_radon() -> None:
    functions, classes = _measure(
        "def f():\n    class K:\n        def m(self):\n            pass\n"
    )
    assert [f.qualname for f in functions] == ["f"]
    assert classes == ()


def test_function_ends_at_its_real_last_line() -> None:
    # radon would say g ends at 6 (a nested def as the last statement does not count there);
    # we report the real extent so a function's length is right
    functions, _ = _measure(
        """
        def f():
            from os import (
                path,
            )
        def g():
            x = 1
            def h():
                return 2
        """
    )
    assert [(f.qualname, f.lineno, f.endline) for f in functions] == [
        ("f", 2, 5),
        ("g", 6, 9),
        ("g.h", 8, 9),
    ]


def test_module_total_complexity_counts_every_block() -> None:
    source = (
        "if a:\n    pass\ndef f(x):\n    return x or 1\nclass C:\n    def m(self):\n        pass\n"
    )
    # module 1 + if 1, f adds 2 - 1, C adds (1 + m's 1) - 1
    assert analyze_complexity(ast.parse(source)).total == 4


def test_deep_expression_is_walked_without_recursion() -> None:
    source = "def f(x):\n    return " + " + ".join(["(x or 1)"] * 2500) + "\n"
    (f,) = analyze_complexity(ast.parse(source)).functions
    assert f.complexity == 2501


_STDLIB = Path(sysconfig.get_paths()["stdlib"])


@pytest.mark.parametrize(
    "path",
    [_STDLIB / "argparse.py", _STDLIB / "asyncio" / "base_events.py", _STDLIB / "typing.py"],
    ids=lambda p: p.name,
)
def test_equal_to_radon_cc_with_closures(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    result = analyze_complexity(tree)
    functions, classes = result.functions, result.classes
    assert result.total == ComplexityVisitor.from_ast(tree).total_complexity
    expected = add_inner_blocks(cc_visit(text))
    # Same blocks and numbers as radon; end lines are the real ones (see test_real_end_lines).
    radon_functions = sorted(
        (b.lineno, b.complexity) for b in expected if not hasattr(b, "methods")
    )
    radon_classes = sorted(
        (b.lineno, b.complexity, len(b.methods)) for b in expected if hasattr(b, "methods")
    )
    assert sorted((f.lineno, f.complexity) for f in functions) == radon_functions
    assert sorted((c.lineno, c.complexity, c.methods) for c in classes) == radon_classes
    ends = {n.lineno: n.end_lineno for n in ast.walk(tree) if isinstance(n, _DEFS)}
    assert all(f.endline == ends[f.lineno] for f in functions)
    assert all(c.endline == ends[c.lineno] for c in classes)


_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def test_real_end_lines_where_radon_stops_early() -> None:
    text = "def test_it(api):\n    order = api()\n    assert order['n'] == 1\n    assert order\n"
    result = analyze_complexity(ast.parse(text))
    assert [(f.lineno, f.endline, f.length) for f in result.functions] == [(1, 4, 4)]


def test_decisions_in_a_body_add_up_to_the_function_complexity() -> None:
    # `extract --auto` counts a block's decisions with decisions_in: over every function of
    # real modules (ours and the sample's), 1 + the body's decisions is the complexity.
    import ast as _ast
    from pathlib import Path as _Path

    from refactorkit.analysis.complexity import analyze_complexity, decisions_in

    root = _Path(__file__).resolve().parents[3]
    files = [
        *sorted((root / "refactorkit").rglob("*.py")),
        *sorted((root / "fixtures" / "inventory_app" / "resale").rglob("*.py")),
    ]
    checked = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        tree = _ast.parse(text)
        by_line = {f.lineno: f.complexity for f in analyze_complexity(tree, None, text).functions}
        for node in _ast.walk(tree):
            if isinstance(node, (_ast.FunctionDef, _ast.AsyncFunctionDef)):
                lines = [node.lineno, *(d.lineno for d in node.decorator_list)]
                measured = next((by_line[n] for n in lines if n in by_line), None)
                if measured is None:
                    continue  # a method of a class inside a function: radon drops it
                assert 1 + decisions_in(node.body) == measured, (path, node.name)
                checked += 1
    assert checked > 1000


@pytest.mark.parametrize(
    ("body", "cuttable"),
    [
        ("    return (a and b) or (b and c) or (a and c) or a or b or c\n", False),
        ("    if a and b and c:\n        return 1\n    return 0\n", False),
        ("    try:\n        return a and b and c\n    finally:\n        pass\n", False),
        (
            "    for x in a:\n        if x:\n            pass\n        elif b:\n            pass\n",
            True,
        ),
        ("    with a:\n        assert b\n        assert c\n        assert a\n", True),
        ("    x = a if b else c\n    y = b if c else a\n    return x or y\n", True),
    ],
)
def test_a_function_is_cuttable_when_a_part_holds_some_of_its_decisions(
    body: str, cuttable: bool
) -> None:
    (function,) = analyze_complexity(ast.parse(f"def f(a, b, c):\n{body}")).functions
    assert function.complexity > 2
    assert function.cuttable is cuttable
