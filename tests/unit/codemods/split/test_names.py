"""Which names a top-level statement binds and reads, and when it reads them."""

from __future__ import annotations

import ast
import textwrap

import pytest

from refactorkit.codemods.split.names import UseKind, analyze_statement


def facts(source: str, postponed: bool = False) -> tuple[tuple[str, ...], dict[str, set[str]]]:
    tree = ast.parse(textwrap.dedent(source))
    result = analyze_statement(tree.body, postponed)
    kinds: dict[str, set[str]] = {}
    for use in result.uses:
        kinds.setdefault(use.name, set()).add(use.kind.value)
    return result.defines, kinds


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # bases, keywords, decorators and class-body names run at import time
        (
            "@deco(A)\nclass C(Base, metaclass=Meta):\n    x = CONST\n",
            {
                "deco": {"import"},
                "A": {"import"},
                "Base": {"import"},
                "Meta": {"import"},
                "CONST": {"import"},
            },
        ),
        # default values at import time, the body at call time
        ("def f(a=DEFAULT):\n    return helper(a)\n", {"DEFAULT": {"import"}, "helper": {"run"}}),
        # parameters and locals are not globals
        ("def f(a):\n    b = a\n    return b\n", {}),
        # a class attribute is visible in the class body, not in its methods
        (
            "class C:\n    x = 1\n    y = x\n    def m(self):\n        return x\n",
            {"x": {"run"}},
        ),
        # a class body reads the global until it binds its own name (typing's `IO = IO`)
        ("class io:\n    IO = IO\n    again = IO\n", {"IO": {"import"}}),
        # comprehension targets are local; the iterable is read where the comprehension runs
        ("VALUES = [v for v in SOURCE if v]\n", {"SOURCE": {"import"}}),
        # lambda bodies run later
        ("KEY = lambda item: order(item)\n", {"order": {"run"}}),
        # annotations: evaluated at def time unless postponed
        ("def f(a: T) -> R:\n    pass\n", {"T": {"import"}, "R": {"import"}}),
        # a string annotation is type-only
        ("def f(a: 'Brand'):\n    pass\n", {"Brand": {"type"}}),
        # local variable annotations are never evaluated
        ("def f():\n    x: Hint = 1\n    return x\n", {"Hint": {"type"}}),
        # `global` makes a function's assignment a module-level name, read at call time
        ("def f():\n    global counter\n    counter += 1\n", {"counter": {"run"}}),
    ],
)
def test_use_kinds(source: str, expected: dict[str, set[str]]) -> None:
    assert facts(source)[1] == expected


def test_postponed_annotations_are_type_only() -> None:
    _, kinds = facts("def f(a: T) -> R:\n    pass\n", postponed=True)
    assert kinds == {"T": {"type"}, "R": {"type"}}


def test_defines_at_top_level_only() -> None:
    defines, _ = facts("class C:\n    inner = 1\n    def m(self):\n        local = 2\n")
    assert defines == ("C",)


def test_defines_in_if_and_try_blocks() -> None:
    source = """
    try:
        import json
    except ImportError:
        json = None
    if X:
        def f(): pass
    else:
        g = 1
    """
    defines, kinds = facts(source)
    assert set(defines) == {"json", "f", "g"}
    assert kinds == {"X": {"import"}, "ImportError": {"import"}}


def test_rebinds_and_positions() -> None:
    tree = ast.parse("def bump():\n    global n\n    n = n + 1\n")
    result = analyze_statement(tree.body, False)
    assert result.rebinds == {"n"}
    (use,) = result.uses
    assert (use.name, use.kind, use.line, use.col, use.end_col) == ("n", UseKind.RUN_TIME, 3, 8, 9)
