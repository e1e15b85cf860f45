"""Maintainability index: hand-derived values and equality with radon's mi_visit(multi=True)."""

from __future__ import annotations

import ast
import math
import sysconfig
from pathlib import Path

import pytest
from radon.metrics import h_visit_ast, mi_visit

from refactorkit.analysis.complexity import analyze_complexity
from refactorkit.analysis.halstead import HalsteadCounter, halstead_volume
from refactorkit.analysis.maintainability import maintainability_index
from refactorkit.analysis.metrics import measure
from refactorkit.domain import RawMetrics


def _mi(source: str) -> float:
    return measure(ast.parse(source), source).maintainability


def _formula(volume: float, complexity: int, lloc: int, comment_percent: float) -> float:
    """The published MI formula, written out independently of radon's code."""
    comments = 50 * math.sin(math.sqrt(2.46 * math.radians(comment_percent)))
    raw = 171 - 5.2 * math.log(volume) - 0.23 * complexity - 16.2 * math.log(lloc) + comments
    return min(max(0.0, raw * 100 / 171), 100.0)


def test_empty_and_docstring_only_files_score_100() -> None:
    # no operators or operands: Halstead volume is 0 and radon returns 100
    assert _mi("") == 100.0
    assert _mi('"""Only a docstring."""\n') == 100.0


def test_single_binop() -> None:
    # one operator (+), two distinct operands: volume = 3 * log2(3); CC 1; 1 logical line
    assert halstead_volume(ast.parse("x = a + b\n")) == pytest.approx(3 * math.log2(3))
    assert _mi("x = a + b\n") == pytest.approx(_formula(3 * math.log2(3), 1, 1, 0), abs=1e-9)


def test_function_with_branch() -> None:
    source = 'def f(a, b):\n    """Add."""\n    if a > b:\n        return a - b\n    return a + b\n'
    # operators >, -, + (3 distinct, 3 total); operands a, b in f (2 distinct, 6 total):
    # volume = 9 * log2(5). CC = module 1 + (f's 2 - 1) = 2. LLOC = 5 (the docstring too).
    # The one-line docstring is a "single comment", not multi: comment percent 0.
    expected = _formula(9 * math.log2(5), 2, 5, 0)
    assert expected == pytest.approx(75.2404, abs=1e-4)
    assert _mi(source) == pytest.approx(expected, abs=1e-9)


def test_halstead_operands_are_per_function_and_by_value() -> None:
    # module: a + 1 -> operands (None, a), (None, 1).
    # f: ((a + 1) + (-a)) + True -> 3 Add, 1 USub; operands (f, a) (f, 1) from a + 1, the
    # nodes a + 1 and -a (distinct objects), (f, a) again from -a, the node (a + 1) + (-a),
    # and True, which equals 1 as a Python value so (f, True) == (f, 1).
    # h1 = 2 (Add, USub), N1 = 5; h2 = 2 + 5 = 7, N2 = 2 + 7 = 9 -> volume = 14 * log2(9)
    source = "x = a + 1\ndef f():\n    return a + 1 + (-a) + True\n"
    assert halstead_volume(ast.parse(source)) == pytest.approx(14 * math.log2(9))


def test_complexity_walk_counts_halstead_like_radon_where_complexity_skips() -> None:
    # radon's complexity skips assert contents and class headers; Halstead counts them
    source = (
        "@deco(1 + 2)\n"
        "class C(A if x else B, metaclass=M or N):\n"
        "    assert a + 1 > b\n"
        "    def m(self, d=-1):\n"
        "        assert not self.x\n"
        "        return self.x * 2\n"
    )
    tree = ast.parse(source)
    fused = HalsteadCounter()
    analyze_complexity(tree, fused)
    expected = h_visit_ast(tree).total.volume
    assert expected > 0
    assert fused.volume == expected
    assert halstead_volume(tree) == expected


def test_multi_line_strings_count_as_comments() -> None:
    raw = RawMetrics(loc=10, lloc=8, sloc=8, comments=1, multi=3, blank=0, single_comments=0)
    no_multi = RawMetrics(loc=10, lloc=8, sloc=8, comments=1, multi=0, blank=0, single_comments=0)
    # 4 comment lines over 8 source lines is 50 %; without multi it would be 12.5 %
    assert maintainability_index(500.0, 3, raw) == pytest.approx(_formula(500.0, 3, 8, 50.0))
    assert maintainability_index(500.0, 3, no_multi) == pytest.approx(_formula(500.0, 3, 8, 12.5))


def test_score_is_clamped_to_100() -> None:
    assert _mi("x = a + b  # a comment lifts the score past 100\n") == 100.0


_STDLIB = Path(sysconfig.get_paths()["stdlib"])


@pytest.mark.parametrize(
    "path",
    [
        _STDLIB / "json" / "encoder.py",
        _STDLIB / "argparse.py",
        _STDLIB / "email" / "message.py",
        _STDLIB / "asyncio" / "tasks.py",
        _STDLIB / "logging" / "handlers.py",
    ],
    ids=lambda p: p.name,
)
def test_equal_to_radon_mi_visit(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert halstead_volume(ast.parse(text)) == h_visit_ast(ast.parse(text)).total.volume
    assert _mi(text) == pytest.approx(mi_visit(text, True), abs=1e-9)
