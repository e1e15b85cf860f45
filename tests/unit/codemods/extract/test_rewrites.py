"""The rewrites without a new function: before/after pairs, the same behaviour on generated
inputs (hypothesis), the cases left alone, and their place in `extract --auto`."""

from __future__ import annotations

import textwrap
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refactorkit.analysis.cognitive import cognitive_by_def
from refactorkit.codemods.extract.api import describe
from refactorkit.codemods.extract.auto import auto_extract, complexities
from refactorkit.codemods.extract.rewrites import rewrite_function


def _rewrite(source: str, qualname: str = "f") -> tuple[str, list[str]]:
    return rewrite_function(textwrap.dedent(source), qualname)


def _run(source: str, *args: Any) -> Any:
    printed: list[Any] = []
    namespace: dict[str, Any] = {"print": lambda *a: printed.append(a)}
    exec(compile(source, "<case>", "exec"), namespace)
    try:
        return ("ok", namespace["f"](*args), printed)
    except Exception as exc:  # the same exception counts as the same behaviour
        return ("raised", type(exc).__name__, printed)


PAIRS = {
    "guard": (
        """
        def f(a, b):
            x = a + 1
            if x > b:  # big enough
                print(x)
                print(b)
        """,
        """
        def f(a, b):
            x = a + 1
            if not x > b:  # big enough
                return
            print(x)
            print(b)
        """,
        ["guard clause"],
    ),
    "guard-flips-is": (
        """
        def f(a, b):
            if a is None:
                print(a)
                return b
        """,
        """
        def f(a, b):
            if a is not None:
                return
            print(a)
            return b
        """,
        ["guard clause"],
    ),
    "guard-drops-not": (
        """
        def f(a, b):
            if not (a or b):
                print(a)
                print(b)
        """,
        """
        def f(a, b):
            if a or b:
                return
            print(a)
            print(b)
        """,
        ["guard clause"],
    ),
    "collapse-with-precedence-and-comments": (
        """
        def f(a, b):
            for x in (a, b):
                if x or a:  # either
                    # then
                    if b > 0:
                        print(x)
            return a
        """,
        """
        def f(a, b):
            for x in (a, b):
                # either
                # then
                if (x or a) and b > 0:
                    print(x)
            return a
        """,
        ["collapsed if"],
    ),
    "collapse-and-operands": (
        """
        def f(a, b):
            if a > 0 and b > 0:
                if a != b:
                    return a - b
            return 0
        """,
        """
        def f(a, b):
            if a > 0 and b > 0 and a != b:
                return a - b
            return 0
        """,
        ["collapsed if"],
    ),
    "dispatch-return": (
        """
        def f(a, b):
            if a == 1:
                return "one"
            elif a in (2, 3):
                return "few"
            elif 4 == a:
                return "four"
            elif a == 2:
                return "unreachable"
            else:
                return None
        """,
        """
        def f(a, b):
            return {
                1: "one",
                2: "few",
                3: "few",
                4: "four",
            }.get(a, None)
        """,
        ["dict dispatch"],
    ),
    "dispatch-assign": (
        """
        def f(a, b):
            if b == 0:
                size = -1
            elif b == 1:
                size = (1, 2)
            else:
                size = 0
            return size, a
        """,
        """
        def f(a, b):
            size = {0: -1, 1: (1, 2)}.get(b, 0)
            return size, a
        """,
        ["dict dispatch"],
    ),
}


@pytest.mark.parametrize("case", PAIRS)
def test_rewrite_pairs(case: str) -> None:
    before, after, done = PAIRS[case]
    text, what = _rewrite(before)
    assert text == textwrap.dedent(after)
    assert what == done
    assert _rewrite(after) == (textwrap.dedent(after), [])  # idempotent


@pytest.mark.parametrize("case", PAIRS)
@settings(max_examples=40, deadline=None)
@given(a=st.integers(-3, 6) | st.none(), b=st.integers(-3, 6))
def test_same_behaviour(case: str, a: int | None, b: int) -> None:
    before, after, _ = PAIRS[case]
    assert _run(textwrap.dedent(after), a, b) == _run(textwrap.dedent(before), a, b)


LEFT_ALONE = {
    "guard: an else": (
        "def f(a):\n    if a:\n        print(1)\n        print(2)\n    else:\n        print(3)\n"
    ),
    "guard: code after the if": (
        "def f(a):\n    if a:\n        print(1)\n        print(2)\n    print(3)\n"
    ),
    "guard: one statement": ("def f(a):\n    if a:\n        print(1)\n"),
    "collapse: outer else": (
        "def f(a, b):\n"
        "    if a:\n"
        "        if b:\n"
        "            print(1)\n"
        "    else:\n"
        "        print(2)\n"
        "    return 0\n"
    ),
    "collapse: inner else": (
        "def f(a, b):\n"
        "    if a:\n"
        "        if b:\n"
        "            print(1)\n"
        "        else:\n"
        "            print(2)\n"
        "    return 0\n"
    ),
    "collapse: two statements": (
        "def f(a, b):\n"
        "    if a:\n"
        "        print(0)\n"
        "        if b:\n"
        "            print(1)\n"
        "    return 0\n"
    ),
    "dispatch: no else": (
        "def f(a):\n"
        "    if a == 1:\n"
        "        return 2\n"
        "    elif a == 2:\n"
        "        return 3\n"
        "    return 4\n"
    ),
    "dispatch: a call value": (
        "def f(a):\n"
        "    if a == 1:\n"
        "        return g()\n"
        "    elif a == 2:\n"
        "        return 3\n"
        "    else:\n"
        "        return 4\n"
    ),
    "dispatch: two names": (
        "def f(a, b):\n"
        "    if a == 1:\n"
        "        return 2\n"
        "    elif b == 2:\n"
        "        return 3\n"
        "    else:\n"
        "        return 4\n"
    ),
    "dispatch: a comment": (
        "def f(a):\n"
        "    if a == 1:\n"
        "        return 2  # two\n"
        "    elif a == 2:\n"
        "        return 3\n"
        "    else:\n"
        "        return 4\n"
    ),
    "dispatch: bool key": (
        "def f(a):\n"
        "    if a == True:\n"
        "        return 2\n"
        "    elif a == 2:\n"
        "        return 3\n"
        "    else:\n"
        "        return 4\n"
    ),
    "dispatch: mixed targets": (
        "def f(a):\n"
        "    if a == 1:\n"
        "        x = 2\n"
        "    elif a == 2:\n"
        "        y = 3\n"
        "    else:\n"
        "        x = 4\n"
        "    return x\n"
    ),
}


@pytest.mark.parametrize("case", LEFT_ALONE)
def test_left_alone(case: str) -> None:
    source = LEFT_ALONE[case]
    assert rewrite_function(source, "f") == (source, [])


def test_nested_defs_are_not_rewritten_as_part_of_their_function() -> None:
    source = (
        "def f(a, b):\n    def g():\n        if a:\n            if b:\n"
        "                print(1)\n    return g\n"
    )
    assert rewrite_function(source, "f") == (source, [])


def test_guard_and_collapse_lower_cognitive_complexity() -> None:
    import ast

    collapse = textwrap.dedent(PAIRS["collapse-and-operands"][0]).replace("def f", "def g")
    source = textwrap.dedent(PAIRS["guard"][0]) + collapse
    text, _ = rewrite_function(source, "f")
    text, _ = rewrite_function(text, "g")
    before = dict(cognitive_by_def(ast.parse(source), source))
    after = dict(cognitive_by_def(ast.parse(text), text))
    assert sum(after.values()) < sum(before.values())


def test_auto_applies_a_dispatch_and_reports_it() -> None:
    branches = "".join(f"    elif kind == {k!r}:\n        return {k * 2}\n" for k in range(1, 12))
    head = "def f(kind):\n    if kind == 0:\n        return 0\n"
    source = f"{head}{branches}    else:\n        return -1\n"
    assert complexities(source)["f"] == 13
    text, (outcome,) = auto_extract(source, 10)
    assert outcome.rewrites == ["dict dispatch"] and outcome.after == 1 and not outcome.helpers
    assert "rewrites dict dispatch" in describe("m.py", outcome, 10)
    assert all(_run(text, k) == _run(source, k) for k in range(-1, 14))
