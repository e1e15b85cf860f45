"""`extract --auto` on straight-line code with no blank lines: a run of consecutive statements
cut where the fewest names cross (httpx's `test_get`: eleven asserts in one paragraph)."""

from __future__ import annotations

import ast
import textwrap
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refactorkit.codemods.extract.auto import auto_extract, complexities
from refactorkit.codemods.extract.runs import statement_runs

# httpx 0.28's tests/client/test_client.py::test_get, the server made a parameter
TEST_GET_BEFORE = """
def test_get(server):
    url = server.url
    with server.client() as http:
        response = http.get(url)
    assert response.status_code == 200
    assert response.url == url
    assert response.content == b"Hello, world!"
    assert response.text == "Hello, world!"
    assert response.http_version == "HTTP/1.1"
    assert response.encoding == "utf-8"
    assert response.request.url == url
    assert response.headers
    assert response.is_redirect is False
    assert repr(response) == "<Response [200 OK]>"
    assert response.elapsed > 0
"""

TEST_GET_AFTER = """
def test_get(server):
    url = server.url
    with server.client() as http:
        response = http.get(url)
    assert response.status_code == 200
    assert response.url == url
    assert response.content == b"Hello, world!"
    assert response.text == "Hello, world!"
    assert response.http_version == "HTTP/1.1"
    assert response.encoding == "utf-8"
    assert response.request.url == url
    _check_response(response)


def _check_response(response):
    assert response.headers
    assert response.is_redirect is False
    assert repr(response) == "<Response [200 OK]>"
    assert response.elapsed > 0
"""


def test_a_paragraph_of_asserts_loses_its_closing_checks_of_one_name() -> None:
    before = textwrap.dedent(TEST_GET_BEFORE)
    assert complexities(before)["test_get"] == 12
    text, (outcome,) = auto_extract(before, 10)
    assert text == textwrap.dedent(TEST_GET_AFTER)
    assert (outcome.after, outcome.helpers, outcome.problem) == (8, [("_check_response", 5)], "")
    assert auto_extract(text, 10) == (text, [])  # idempotent


class _Response:
    def __init__(self, url: str, fault: int) -> None:
        self.status_code = 200 if fault != 1 else 500
        self.url = url
        self.content = b"Hello, world!"
        self.text = "Hello, world!"
        self.http_version = "HTTP/1.1"
        self.encoding = "utf-8"
        self.request = self
        self.headers = {"a": 1} if fault != 2 else {}
        self.is_redirect = fault == 3
        self.elapsed = 1 if fault != 4 else 0

    def __repr__(self) -> str:
        return "<Response [200 OK]>"


class _Server:
    def __init__(self, fault: int) -> None:
        self.url = "http://x"
        self.fault = fault

    def client(self) -> Any:
        server = self

        class Client:
            def __enter__(self) -> Client:
                return self

            def __exit__(self, *_: object) -> None:
                return None

            def get(self, url: str) -> _Response:
                return _Response(url, server.fault)

        return Client()


def _outcome(source: str, function: str, *args: Any) -> tuple[str, Any]:
    namespace: dict[str, Any] = {}
    exec(compile(source, "<case>", "exec"), namespace)
    try:
        return ("ok", namespace[function](*args))
    except AssertionError as exc:
        return ("assert", ast.unparse(ast.parse(str(exc) or "0")))


@pytest.mark.parametrize("fault", range(5))
def test_the_cut_test_fails_where_the_original_did(fault: int) -> None:
    before = textwrap.dedent(TEST_GET_BEFORE)
    text, _ = auto_extract(before, 10)
    assert _outcome(text, "test_get", _Server(fault)) == _outcome(
        before, "test_get", _Server(fault)
    )


WITH_BODY = """
def test_read(path):
    with open(path) as handle:
        data = handle.read()
        assert data
        assert data.startswith("a")
        assert data.endswith("z")
        assert len(data) > 2
        assert "m" in data
        assert data.count("a") == 1
        assert data.isalpha()
        assert data.islower()
        assert data != "abz"
        assert data[1] != "a"
"""


def test_a_run_inside_a_with_block_is_cut_from_the_with_body() -> None:
    text, (outcome,) = auto_extract(textwrap.dedent(WITH_BODY), 10)
    assert "        assert data\n        _check_data(data)\n" in text
    assert "def _check_data(data):\n    assert data.startswith" in text
    assert outcome.after <= 10 and all(cc <= 10 for _, cc in outcome.helpers)


STEPS = """
def steps(a, b):
    total = a + b
    assert total >= a or b < 0
    assert total >= b or a < 0
    doubled = total * 2
    assert doubled == 2 * total
    assert doubled - total == total
    tripled = doubled + total
    assert tripled == 3 * total
    assert tripled - doubled == total
    half = tripled // 3
    assert half == total
    assert half - a == b
    assert half - b == a
    result = half + doubled
    assert result == 3 * total
    return result
"""


def test_a_run_of_steps_and_checks_goes_under_the_limit_with_few_names() -> None:
    text, (outcome,) = auto_extract(textwrap.dedent(STEPS), 10)
    assert outcome.after <= 10 and not outcome.problem
    (helper, complexity), *_ = outcome.helpers
    assert complexity <= 10
    call = next(line for line in text.splitlines() if f"{helper}(" in line and "def " not in line)
    assert call.count(",") <= 2  # at most three names cross


@settings(max_examples=40, deadline=None)
@given(a=st.integers(-4, 4), b=st.integers(-4, 4))
def test_a_cut_run_of_steps_keeps_the_behaviour(a: int, b: int) -> None:
    before = textwrap.dedent(STEPS)
    text, _ = auto_extract(before, 10)
    assert _outcome(text, "steps", a, b) == _outcome(before, "steps", a, b)


def test_the_check_name_is_made_unique_in_the_module() -> None:
    before = textwrap.dedent(TEST_GET_BEFORE) + "\n\ndef _check_response():\n    pass\n"
    text, (outcome,) = auto_extract(before, 10)
    assert outcome.helpers == [("_check_response2", 5)]
    assert "    _check_response2(response)\n" in text


def test_a_run_of_plain_statements_keeps_the_default_name() -> None:
    names = "".join(f"    v{i} = x if x > {i} else {i}\n" for i in range(11))
    source = f"def pick(x):\n{names}    return v10\n"
    _, (outcome,) = auto_extract(source, 10)
    assert outcome.after <= 10 and outcome.helpers
    assert all(name.startswith("_pick_part") for name, _ in outcome.helpers)


def test_runs_crossed_by_many_names_are_not_offered() -> None:
    names = "abcdefgh"
    body = "".join(f"    assert {n} > 0\n" for n in names)
    source = f"def check({', '.join(names)}):\n{body}"
    function = ast.parse(source).body[0]
    assert isinstance(function, ast.FunctionDef)
    # each assert reads a name of its own: a run of four would have four inputs
    runs = list(statement_runs(function, 8, 5))
    assert runs and max(run.decisions for run in runs) == 3
    assert all(run.end - run.start + 1 == run.decisions for run in runs)


def test_a_single_statement_offers_no_run() -> None:
    source = "def one(a, b, c):\n    return (a and b) or (b and c) or (a and c) or a or b or c\n"
    function = ast.parse(source).body[0]
    assert isinstance(function, ast.FunctionDef)
    assert list(statement_runs(function, 7, 5)) == []
    _, (outcome,) = auto_extract(source, 5)
    assert outcome.problem and outcome.after == outcome.before
