"""Cognitive complexity: hand-checked values, and complexipy's numbers on the sample project."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import complexipy
import pytest

from refactorkit.analysis.cognitive import cognitive_by_def, function_cognitive
from refactorkit.analysis.metrics import measure

REPO = Path(__file__).resolve().parents[3]
SAMPLE = REPO / "fixtures" / "inventory_app"


def _one(source: str) -> int:
    tree = ast.parse(textwrap.dedent(source))
    node = tree.body[0]
    assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    return function_cognitive(node)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def f():\n    return 1\n", 0),
        ("def f(a):\n    if a:\n        return 1\n", 1),
        # nesting: the inner if costs 1 + 1, the loop 1
        ("def f(xs):\n    for x in xs:\n        if x:\n            pass\n", 3),
        # elif and else cost 1 each, whatever their depth
        ("def f(a):\n    if a == 1:\n        pass\n    elif a == 2:\n        pass\n"
         "    else:\n        pass\n", 3),
        # `else: if` is an else (+1) then a nested if (+2)
        ("def f(a, b):\n    if a:\n        pass\n    else:\n        if b:\n            pass\n", 4),
        # one sequence of `and`, then a switch to `or`
        ("def f(a, b, c):\n    return a and b and c\n", 1),
        ("def f(a, b, c):\n    return a and b or c\n", 2),
        ("def f(a, b):\n    return not (a or b)\n", 1),
        # try is free, each handler costs 1 + nesting, its body is nested
        ("def f():\n    try:\n        pass\n    except A:\n        if x:\n            pass\n"
         "    except B:\n        pass\n", 4),
        # with does not nest
        ("def f():\n    with a:\n        if b:\n            pass\n", 1),
        # ternary (1), then a comprehension nested in it (1 + 1, its `if` 1)
        ("def f(a):\n    return [x for x in a if x] if a else None\n", 4),
        # a nested function is counted in its parent, one level deeper
        ("def f():\n    def g():\n        if a:\n            pass\n    x = 1\n    return g\n", 2),
        # recursion by name costs 1
        ("def f(n):\n    return f(n - 1)\n", 1),
        ("async def f(xs):\n    async for x in xs:\n        pass\n", 1),
        ("def f(v):\n    match v:\n        case 1:\n            if v:\n                pass\n", 3),
    ],
)  # fmt: skip
def test_hand_checked(source: str, expected: int) -> None:
    assert _one(source) == expected


def test_a_decorator_factory_is_measured_as_its_inner_function() -> None:
    source = """\
    def deco(fn):
        def wrapper(*a):
            if a:
                return fn(*a)
        return wrapper
    """
    # as the inner function at the same nesting: 1, not 2
    assert _one(source) == 1


def test_every_def_is_keyed_by_line_and_name() -> None:
    tree = ast.parse("class C:\n    def m(self):\n        if self:\n            pass\n")
    assert cognitive_by_def(tree) == {(2, "m"): 1}


def _complexipy_numbers(text: str) -> dict[tuple[int, str], int]:
    result = complexipy.code_complexity(text)
    return {(f.line_start, f.name.split("::")[-1]): f.complexity for f in result.functions}


def _our_numbers(text: str) -> dict[tuple[int, str], int]:
    tree = ast.parse(text)
    ours = dict(cognitive_by_def(tree))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.decorator_list:
            # complexipy places a decorated function at its first decorator
            ours[(node.decorator_list[0].lineno, node.name)] = ours[(node.lineno, node.name)]
    return ours


SAMPLE_FILES = sorted(SAMPLE.rglob("*.py"))


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.relative_to(SAMPLE).as_posix())
def test_equal_to_complexipy_on_every_function_of_the_sample(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    theirs = _complexipy_numbers(text)
    ours = _our_numbers(text)
    assert {key: ours.get(key) for key in theirs} == theirs


def test_the_sample_has_functions_complexipy_scores_above_zero() -> None:
    # the comparison above must be comparing something
    scores = [v for p in SAMPLE_FILES for v in _complexipy_numbers(p.read_text()).values()]
    assert len(scores) > 100 and max(scores) >= 10


def test_measure_fills_in_function_metrics() -> None:
    text = "def f(a):\n    for x in a:\n        if x:\n            pass\n"
    (fn,) = measure(ast.parse(text), text).functions
    assert (fn.complexity, fn.cognitive) == (3, 3)
