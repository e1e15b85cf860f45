"""Suppression comments per line and per file, and per_file_ignores globs."""

from __future__ import annotations

from refactorkit.rules.suppress import ignored_by_config, matches_glob, parse_suppressions
from tests.unit.check.helpers import violation

SOURCE = """\
import os  # refactorkit: ignore[RK106]
def f():  # refactorkit: ignore[rk102, RK104]
    pass
def g():  # refactorkit: ignore
    pass
x = 1  # refactorkit:ignore[RK101]
"""


def test_line_suppressions() -> None:
    found = parse_suppressions(SOURCE)
    assert found.silences("RK106", [1])
    assert not found.silences("RK102", [1])
    assert found.silences("RK102", [2]) and found.silences("RK104", [2])
    assert found.silences("RK101", [4]) and found.silences("RK108", [4])  # bare: every rule
    assert found.silences("RK101", [6])
    assert not found.silences("RK102", [3])
    assert found.silences("RK106", [9, 1])  # any line of a cycle chain
    assert found.file == frozenset()


def test_file_suppressions() -> None:
    found = parse_suppressions('"""Doc."""\n# refactorkit: ignore-file[RK101]\nx = 1\n')
    assert found.silences("RK101", [1])
    assert not found.silences("RK102", [1])
    everything = parse_suppressions("# refactorkit: ignore-file\n")
    assert everything.silences("RK105", [40])


def test_no_comment_no_suppression() -> None:
    found = parse_suppressions("x = 1  # noqa\n# refactorkit ignore[RK101]\n")
    assert not found.silences("RK101", [1, 2])


def test_per_file_ignore_globs() -> None:
    v = violation("RK101", "pkg/legacy/big.py", 1, 1, "m")
    assert ignored_by_config(v, (("pkg/legacy/*.py", ("RK101",)),))
    assert not ignored_by_config(v, (("pkg/legacy/*.py", ("RK102",)),))
    assert ignored_by_config(v, (("big.py", ("RK101",)),))  # a bare name matches in any folder
    assert not ignored_by_config(v, (("other/*.py", ("RK101",)),))
    assert matches_glob("a/b/c.py", "a/*") and not matches_glob("b/c.py", "a/*")
