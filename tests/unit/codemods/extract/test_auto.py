"""`extract --auto`: paragraph cuts of straight-line functions, and the excerpt a function is
cut on (its lines and its owners' headers) giving the same cuts as the whole module."""

from __future__ import annotations

import ast
import textwrap
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from refactorkit.codemods.extract.auto import auto_extract, complexities
from refactorkit.codemods.extract.excerpt import excerpt_of, put_back
from refactorkit.codemods.extract.qualnames import find_qualname

STRAIGHT = """
def check(a, b):
    total = a + b
    assert total >= 0 or a < 0 or b < 0
    assert total - a == b
    assert total - b == a

    product = a * b
    assert product * 1 == product
    assert product == b * a
    assert (a == 0) or product // a == b

    diff = a - b
    assert diff + b == a
    assert -diff == b - a
    assert abs(diff) == abs(b - a)

    square = total * total
    assert square >= 0
    assert square == (a + b) ** 2
    assert square - 2 * product == a * a + b * b
    return total, product, diff
"""


def _run(source: str, *args: Any) -> Any:
    namespace: dict[str, Any] = {}
    exec(compile(source, "<case>", "exec"), namespace)
    try:
        return ("ok", namespace["check"](*args))
    except Exception as exc:
        return ("raised", type(exc).__name__)


def test_paragraphs_of_a_straight_line_function_become_helpers() -> None:
    source = textwrap.dedent(STRAIGHT)
    assert complexities(source)["check"] == 13  # 12 asserts (radon does not look inside them)
    text, (outcome,) = auto_extract(source, 10)
    assert outcome.after <= 10 and not outcome.problem
    assert outcome.helpers and all(cc <= 10 for _, cc in outcome.helpers)
    assert "    product = _check_part" in text or "_check_part(a, b" in text
    assert auto_extract(text, 10) == (text, [])  # idempotent


@settings(max_examples=60, deadline=None)
@given(a=st.integers(-5, 5), b=st.integers(-5, 5))
def test_paragraph_cuts_keep_the_behaviour(a: int, b: int) -> None:
    source = textwrap.dedent(STRAIGHT)
    text, _ = auto_extract(source, 10)
    assert _run(text, a, b) == _run(source, a, b)


def test_a_paragraph_with_many_inputs_and_outputs_is_not_cut() -> None:
    names = "abcdefg"
    first = "".join(f"    {n}2 = {n} + 1\n" for n in names)
    asserts = "".join(f"    assert {n}2 > {n}\n" for n in names)
    reads = " + ".join(f"{n}2" for n in names)
    last = f"    assert {reads}\n" * 4
    source = f"def check({', '.join(names)}):\n{first}{asserts}\n{last}    return 0\n"
    _, (outcome,) = auto_extract(source, 10)
    assert "inputs and outputs" in outcome.problem


METHOD = """
import os


class Box:
    '''A box.'''

    size = 3

    def other(self):
        return 1

    @staticmethod
    def spread(xs, limit):
        out = []
        for x in xs:
            if x > limit:
                out.append(x)
            elif x < -limit:
                out.append(-x)
            elif x == 0:
                out.append(0)
        for y in xs:
            if y and limit:
                out.append(y)
            elif y == 1 or y == 2:
                out.append(2)
            elif y == 3 or y == 4:
                out.append(3)
        return out

    def after(self):
        return os.sep
"""


def test_the_excerpt_keeps_line_numbers_and_the_class_header() -> None:
    text = textwrap.dedent(METHOD)
    tree = ast.parse(text)
    excerpt = excerpt_of(text, tree, "Box.spread", find_qualname(tree, "Box.spread"))
    assert excerpt is not None
    lines = excerpt.text.splitlines()
    assert len(lines) == len(text.splitlines())
    assert next(line for line in lines if line.strip()) == "class Box:"
    assert "def other" not in excerpt.text and "def after" not in excerpt.text
    assert put_back(text, excerpt, excerpt.text) == text


def test_a_def_under_an_if_has_no_excerpt() -> None:
    text = "if True:\n    def f():\n        return 1\n"
    tree = ast.parse(text)
    assert excerpt_of(text, tree, "f", find_qualname(tree, "f")) is None


def test_cutting_on_the_excerpt_equals_cutting_the_whole_module() -> None:
    text = textwrap.dedent(METHOD)
    guarded = text.replace("class Box:", "if True:\n  class Box:").replace("\n    ", "\n      ")
    cut, (outcome,) = auto_extract(text, 5)
    _, (whole,) = auto_extract(guarded, 5)  # no excerpt: the def is under an `if`
    assert outcome.helpers and outcome.after <= 5
    assert [cc for _, cc in outcome.helpers] == [cc for _, cc in whole.helpers]
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    exec(text, before)
    exec(cut, after)
    for xs in ([5, -5, 0, 1, 3], [2, 4, -1, 0], []):
        assert after["Box"].spread(xs, 2) == before["Box"].spread(xs, 2)
    assert "def after(self):\n        return os.sep" in cut


CHAIN = """
def check(a, b):
    out = []
    if a == 1 and b:
        out.append(1)
    elif a == 2 and b:
        out.append(2)
    elif a == 3 and b:
        out.append(3)
    elif a == 4 or b > 3:
        out.append(4)
    elif a == 5 or b < -3:
        out.append(5)
    elif a == 6:
        out.append(6)
    else:
        out.append(0)
    return out
"""


def test_split_chain_turns_an_elif_into_else_if() -> None:
    from refactorkit.codemods.extract.rewrites.split_chain import split_chain

    source = (
        "def f(a):\n    if a == 1:\n        x = 1\n    elif a == 2:\n        x = 2\n"
        "    else:\n        x = 3\n    return x\n"
    )
    after = split_chain(source, ast.parse(source), 4)
    assert after == (
        "def f(a):\n    if a == 1:\n        x = 1\n    else:\n        if a == 2:\n"
        "            x = 2\n        else:\n            x = 3\n    return x\n"
    )
    assert split_chain(source, ast.parse(source), 2) is None  # an `if`, not an `elif`


def test_a_chain_of_one_line_branches_is_cut_at_an_elif() -> None:
    source = textwrap.dedent(CHAIN)
    assert complexities(source)["check"] == 12
    text, (outcome,) = auto_extract(source, 6)
    assert outcome.after <= 6 and not outcome.problem, outcome
    assert (
        "    else:\n        out = _check_part" in text or "    else:\n        _check_part" in text
    )


@settings(max_examples=60, deadline=None)
@given(a=st.integers(0, 7), b=st.integers(-5, 5))
def test_chain_cuts_keep_the_behaviour(a: int, b: int) -> None:
    source = textwrap.dedent(CHAIN)
    text, _ = auto_extract(source, 6)
    assert _run(text, a, b) == _run(source, a, b)
