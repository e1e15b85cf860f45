"""extract FILE:START-END: before/after pairs per construct, each run on generated inputs
(hypothesis) to show the same behaviour, and the refusals with their reasons."""

from __future__ import annotations

import textwrap
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refactorkit.codemods.extract.auto import auto_extract
from refactorkit.codemods.extract.core import extract_lines
from refactorkit.codemods.extract.region import Refused


def _lines_of(source: str, marker: str) -> tuple[int, int]:
    """The lines between `# start` and `# end` comments tagged with `marker`."""
    lines = source.splitlines()
    start = next(i for i, line in enumerate(lines, 1) if line.strip() == f"# {marker}>")
    end = next(i for i, line in enumerate(lines, 1) if line.strip() == f"# <{marker}")
    return start + 1, end - 1


def _run(source: str, call: str, **values: Any) -> Any:
    namespace: dict[str, Any] = {}
    exec(compile(source, "<case>", "exec"), namespace)
    try:
        return ("ok", eval(call, namespace, dict(values)))
    except Exception as exc:  # the same exception counts as the same behaviour
        return ("raised", type(exc).__name__, str(exc))


def _extract(source: str, **options: Any) -> str:
    source = textwrap.dedent(source)
    start, end = _lines_of(source, "cut")
    after = extract_lines(source, start, end, **options).text
    compile(after, "<after>", "exec")
    return after


INPUTS_OUTPUTS = """
def f(xs, limit):
    total = 0
    count = 0
    # cut>
    for x in xs:
        if x > limit:
            total += x
            count += 1
    # <cut
    return total, count
"""

TAIL_RETURN = """
def f(xs, limit):
    total = sum(xs)
    # cut>
    if total > limit:
        return "big"
    elif total < 0:
        return "negative"
    return "small"
    # <cut
"""

SOME_PATHS_RETURN = """
def f(xs, limit):
    total = 0
    # cut>
    if not xs:
        return -1
    if limit < 0:
        return None
    # <cut
    for x in xs:
        total += x
    return total
"""

LOOP_BODY_WITH_INNER_BREAK = """
def f(xs, limit):
    found = []
    for x in xs:
        # cut>
        for y in range(x):
            if y > limit:
                break
            found.append(y)
        # <cut
    return found
"""

COMPREHENSION_AND_CLOSURE = """
def f(xs, limit):
    scale = 2
    # cut>
    def bigger(v):
        return v * scale > limit
    picked = [x * scale for x in xs if bigger(x)]
    # <cut
    return picked
"""

METHOD_WITH_SELF = """
class Counter:
    def __init__(self, start):
        self.value = start

    def add_all(self, xs, limit):
        kept = 0
        # cut>
        for x in xs:
            if x <= limit:
                self.value += x
                kept += 1
        # <cut
        return self.value, kept

def f(xs, limit):
    return Counter(1).add_all(xs, limit)
"""

METHOD_WITHOUT_SELF = """
class Tools:
    def spread(self, xs, limit):
        # cut>
        low = min(xs, default=0)
        high = max(xs, default=0)
        # <cut
        return (high - low) > limit

def f(xs, limit):
    return Tools().spread(xs, limit)
"""

CLASSMETHOD = """
class Parser:
    base = 10

    @classmethod
    def parse(cls, xs, limit):
        # cut>
        value = sum(xs) * cls.base
        value = min(value, limit * cls.base)
        # <cut
        return value

def f(xs, limit):
    return Parser.parse(xs, limit)
"""

DECORATED = """
import functools

def twice(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        return fn(*args) * 2
    return wrapper

@twice
def f(xs, limit):
    # cut>
    picked = [x for x in xs if x < limit]
    size = len(picked)
    # <cut
    return size
"""

ASYNC_AWAIT = """
import asyncio

async def double(v):
    return v * 2

async def g(xs, limit):
    out = []
    # cut>
    for x in xs:
        if x < limit:
            out.append(await double(x))
    # <cut
    return out

def f(xs, limit):
    return asyncio.run(g(xs, limit))
"""

TRY_WHOLE = """
def f(xs, limit):
    # cut>
    try:
        ratio = sum(xs) / limit
    except ZeroDivisionError:
        ratio = None
    # <cut
    return ratio
"""

WITH_BODY = """
import contextlib

def f(xs, limit):
    with contextlib.suppress(ValueError):
        # cut>
        first = xs[0] if xs else 0
        checked = int(str(first))
        # <cut
        return checked + limit
    return None
"""

CONDITIONAL_REBIND = """
def f(xs, limit):
    best = limit
    # cut>
    for x in xs:
        if x > best:
            best = x
    # <cut
    return best
"""

GLOBAL_BIND = """
seen = 0

def f(xs, limit):
    global seen
    # cut>
    seen = len(xs)
    extra = seen + limit
    # <cut
    return extra, seen
"""

WALRUS_IN_COMPREHENSION = """
def f(xs, limit):
    last = None
    # cut>
    doubled = [last := x * 2 for x in xs if x > limit]
    # <cut
    return doubled, last
"""

CASES = {
    "inputs-outputs": INPUTS_OUTPUTS,
    "tail-return": TAIL_RETURN,
    "return-on-some-paths": SOME_PATHS_RETURN,
    "inner-break": LOOP_BODY_WITH_INNER_BREAK,
    "comprehension-closure": COMPREHENSION_AND_CLOSURE,
    "method-self": METHOD_WITH_SELF,
    "method-no-self": METHOD_WITHOUT_SELF,
    "classmethod": CLASSMETHOD,
    "decorated": DECORATED,
    "async-await": ASYNC_AWAIT,
    "try-whole": TRY_WHOLE,
    "with-body": WITH_BODY,
    "conditional-rebind": CONDITIONAL_REBIND,
    "global-bind": GLOBAL_BIND,
    "walrus-in-comprehension": WALRUS_IN_COMPREHENSION,
}


@pytest.mark.parametrize("case", CASES)
@settings(max_examples=30, deadline=None)
@given(xs=st.lists(st.integers(-20, 20), max_size=6), limit=st.integers(-5, 10))
def test_same_behaviour(case: str, xs: list[int], limit: int) -> None:
    before = textwrap.dedent(CASES[case])
    after = _extract(CASES[case])
    assert after != before
    assert _run(after, "f(xs, limit)", xs=xs, limit=limit) == _run(
        before, "f(xs, limit)", xs=xs, limit=limit
    )


@pytest.mark.parametrize("case", CASES)
def test_auto_leaves_the_result_alone(case: str) -> None:
    # idempotence: every function is simple already, so --auto has nothing to do
    after = _extract(CASES[case])
    text, outcomes = auto_extract(after, 10)
    assert text == after and outcomes == []


def test_inputs_outputs_shape() -> None:
    after = _extract(INPUTS_OUTPUTS)
    assert "    total, count = _f_part(xs, limit, total, count)\n" in after
    assert "def _f_part(xs, limit, total, count):\n" in after
    assert after.rstrip().endswith("return total, count")
    assert "    # cut>\n    total, count" in after  # the comment above stays in place


def test_method_shapes() -> None:
    assert "self._add_all_part(xs, limit, kept)" in _extract(METHOD_WITH_SELF)
    static = _extract(METHOD_WITHOUT_SELF)
    assert "    @staticmethod\n    def _spread_part(xs):" in static
    function = _extract(METHOD_WITHOUT_SELF, kind="function")
    assert "\ndef _spread_part(xs):" in function and "= _spread_part(xs)" in function
    assert "    @classmethod\n    def _parse_part(cls, xs, limit):" in _extract(CLASSMETHOD)


def test_async_helper_is_awaited() -> None:
    after = _extract(ASYNC_AWAIT)
    assert "async def _g_part(" in after and "await _g_part(" in after


def test_type_hints_are_copied_from_annotated_inputs() -> None:
    source = """
    def f(xs: list[int], limit: int) -> int:
        count: int = 0
        # cut>
        for x in xs:
            if x > limit:
                count += 1
        # <cut
        return count
    """
    assert "def _f_part(xs: list[int], limit: int, count: int) -> int:" in _extract(source)


def test_multi_line_strings_keep_their_bytes() -> None:
    source = '''
    class K:
        def f(self, v):
            if v:
                # cut>
                text = """a
      b"""
                # <cut
                return text
    '''
    after = _extract(source, kind="function")
    assert '    text = """a\n  b"""' in after


REFUSED = [
    ("def f(xs):\n    for x in xs:\n        if x:\n            break\n", 3, 4, "break leaves"),
    ("def f(xs):\n    for x in xs:\n        continue\n", 3, 3, "continue leaves"),
    ("def f(xs):\n    for x in xs:\n        yield x\n", 2, 3, "yield"),
    ("def f():\n    global g\n    g = 1\n", 2, 3, "global"),
    ("def f(x):\n    try:\n        x = 1\n        y = 2\n    except E:\n        pass\n", 2, 3,
     "try statement in half"),
    ("def f(x):\n    with a:\n        x = 1\n    y = 2\n", 3, 4, "with statement in half"),
    ("def f(x):\n    y = locals()\n    return y\n", 2, 2, "locals()"),
    ("def f(x):\n    if x:\n        y = 1\n    return y\n", 2, 3, "bound on some paths"),
    ("def f(x):\n    if x:\n        return 1\n    y = 2\n    return y + x\n", 2, 4,
     "return on some paths"),
    ("x = 1\ny = 2\n", 1, 2, "not inside the body of a function"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "start", "end", "reason"), REFUSED)
def test_refused_with_reason_and_line(source: str, start: int, end: int, reason: str) -> None:
    with pytest.raises(Refused) as caught:
        extract_lines(source, start, end)
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"line {caught.value.line}: ")


def test_strings_joined_across_lines_are_reindented_like_code() -> None:
    source = """
    class K:
        def f(self, v):
            if v:
                # cut>
                raise ValueError(
                    "a "
                    "b"
                )
                # <cut
            return v
    """
    after = _extract(source)
    assert '        raise ValueError(\n            "a "\n            "b"\n        )\n' in after


def test_a_nonlocal_name_the_block_binds_is_declared_in_the_helper() -> None:
    source = textwrap.dedent(
        """
        def f():
            x = 0
            def h():
                nonlocal x
                # cut>
                x += 1
                y = x * 10
                # <cut
                return y, x
            return h
        """
    )
    start, end = _lines_of(source, "cut")
    after = extract_lines(source, start, end).text
    assert "    def _h_part():\n        nonlocal x\n" in after
    assert _run(after, "(lambda h: (h(), h()))(f())") == _run(source, "(lambda h: (h(), h()))(f())")


WIDENED = """\
def f(rows, out):
    total = 0
    for row in rows:
        total += row.price
    report = dict(
        total=total,
        count=len(rows),
    )
    out.write(str(report))
    return report
"""


def test_whole_statements_takes_a_cut_statement_whole() -> None:
    # lines 3-6 start at a loop and stop inside the dict(...) call: refused as they are
    with pytest.raises(Refused, match=r"cut a statement \(assign\) in half"):
        extract_lines(WIDENED, 3, 6)
    made = extract_lines(WIDENED, 3, 6, widen=True)
    helper = made.text.split(f"def {made.helper}(")[1]
    assert "for row in rows:" in helper and "count=len(rows)," in helper  # loop and call whole
    assert "out.write" not in helper  # and nothing past the statement the lines cut
    namespace: dict[str, object] = {}
    exec(made.text, namespace)  # the same behaviour: the helper returns what f needs

    class Row:
        price = 2

    class Out:
        written = ""

        def write(self, text: str) -> None:
            self.written = text

    sink = Out()
    f = namespace["f"]
    assert callable(f)
    assert f([Row(), Row()], sink) == {"total": 4, "count": 2}
    assert sink.written == "{'total': 4, 'count': 2}"


def test_whole_statements_widens_to_the_block_holding_both_ends() -> None:
    source = "def f(x):\n    if x:\n        y = 1\n    else:\n        y = 2\n    return y\n"
    made = extract_lines(source, 3, 5, widen=True)  # from the if's body into its else
    helper = made.text.split(f"def {made.helper}(")[1]
    assert "if x:" in helper and "y = 2" in helper


def test_an_async_comprehension_makes_the_helper_async() -> None:
    # httpx's tests/test_content.py: `[part async for part in request.stream]` parses in a
    # plain def but does not compile there ("asynchronous comprehension outside of an
    # asynchronous function"), which took the whole test module down
    source = """
    async def f(stream):
        total = 0
        # cut>
        parts = [part async for part in stream]
        total += len(parts)
        # <cut
        return total
    """
    after = _extract(source)
    assert "async def _f_part(" in after and "await _f_part(" in after
    compile(after, "after.py", "exec")  # it compiles: the symbol table accepts it
