"""measure(): all metrics of one file together, top-level counts, robustness and speed."""

from __future__ import annotations

import ast
import dataclasses
import sys
import sysconfig
import textwrap
import time
from pathlib import Path

import pytest
from radon.complexity import add_inner_blocks, cc_visit
from radon.metrics import mi_visit
from radon.raw import analyze

from refactorkit.analysis.metrics import FileMetrics, measure, top_level_counts

SAMPLE = textwrap.dedent(
    '''\
    """Sample module.

    Two paragraphs.
    """
    import os


    class Store:
        """Keeps things."""

        def get(self, key):
            # look it up
            if key in self.data and key:
                return self.data[key]
            return None

        def _reset(self):
            self.data = {}


    def main(argv):
        for arg in argv:
            print(arg)
        return 0
    '''
)


def _measure(source: str) -> FileMetrics:
    return measure(ast.parse(source), source)


def test_sample_module_all_fields() -> None:
    m = _measure(SAMPLE)
    r = m.raw
    # 24 lines: a 4-line module docstring (3 multi + 1 blank inside), 6 more blank lines,
    # one comment-only line, one one-line docstring, 12 code lines
    assert (r.loc, r.sloc, r.comments, r.multi, r.blank, r.single_comments) == (24, 12, 1, 3, 7, 2)
    assert r.lloc == 14
    assert r.docstring_lines == 5
    assert [(f.qualname, f.complexity, f.rank, f.lineno, f.endline) for f in m.functions] == [
        ("Store.get", 3, "A", 11, 15),
        ("Store._reset", 1, "A", 17, 18),
        ("main", 2, "A", 21, 24),
    ]
    # class: 1 + 3 + 1 = 5 over 2 methods -> int(5 / 2) + 1 = 3
    assert [(c.name, c.methods, c.public_methods, c.complexity) for c in m.classes] == [
        ("Store", 2, 1, 3)
    ]
    assert (m.top_level_classes, m.top_level_functions) == (1, 1)
    assert m.maintainability == pytest.approx(mi_visit(SAMPLE, True), abs=1e-9)
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.maintainability = 0.0  # type: ignore[misc]


def test_top_level_counts_include_if_and_try_blocks() -> None:
    source = textwrap.dedent(
        """\
        class A: pass
        def f(): pass
        async def g(): pass
        if X:
            def h(): pass
        else:
            class B: pass
        try:
            def i(): pass
        except ImportError:
            def i(): pass
        else:
            class C: pass
        finally:
            def j(): pass
        def outer():
            def inner(): pass
            class Hidden: pass
        class D:
            def method(self): pass
        while X:
            def not_counted(): pass
        """
    )
    assert top_level_counts(ast.parse(source)) == (4, 7)


def test_crlf_text_measures_like_lf() -> None:
    crlf = SAMPLE.replace("\n", "\r\n")
    assert _measure(crlf) == _measure(SAMPLE)


def test_deep_expression_does_not_raise_and_restores_recursion_limit() -> None:
    # generated code: a 2500-term concatenation is an AST 2500 levels deep
    source = "x = " + " + ".join(["'a'"] * 2500) + "\n"
    limit = sys.getrecursionlimit()
    m = _measure(source)
    assert sys.getrecursionlimit() == limit
    assert (m.raw.loc, m.raw.lloc, m.functions) == (1, 1, ())
    assert 0.0 <= m.maintainability <= 100.0


def test_generated_50k_line_file_runs_in_reasonable_time() -> None:
    block = "def f{i}(x):\n    if x > {i}:\n        return x - {i}\n    return [y for y in x]\n\n"
    funcs = "".join(block.format(i=i) for i in range(7_500))  # 37,500 lines
    table = "TABLE = {\n" + "".join(f"    {i}: 'v{i}',\n" for i in range(12_500)) + "}\n"
    source = funcs + table
    assert source.count("\n") > 50_000
    start = time.process_time()
    tree = ast.parse(source)
    parse_cost = time.process_time() - start
    start = time.process_time()
    m = measure(tree, source)
    cost = time.process_time() - start
    assert len(m.functions) == 7_500
    assert {f.complexity for f in m.functions} == {3}
    assert m.raw.loc == source.count("\n")
    # measure takes ~0.3x a parse of this file; radon re-tokenizes the 12,500-line dict once
    # per line (quadratic), far beyond this bound
    assert cost < 3 * parse_cost + 0.5


_SITE = Path(sysconfig.get_paths()["purelib"])
_STDLIB = Path(sysconfig.get_paths()["stdlib"])


@pytest.mark.parametrize(
    "path",
    [_SITE / "click" / "core.py", _STDLIB / "json" / "__init__.py", _STDLIB / "http" / "server.py"],
    ids=lambda p: p.name,
)
def test_everything_equal_to_radon(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    m = measure(ast.parse(text), text)
    r = m.raw
    raw = (r.loc, r.lloc, r.sloc, r.comments, r.multi, r.blank, r.single_comments)
    assert raw == tuple(analyze(text))
    assert m.maintainability == pytest.approx(mi_visit(text, True), abs=1e-9)
    radon_blocks = add_inner_blocks(cc_visit(text))
    assert sorted(f.complexity for f in m.functions) + sorted(c.complexity for c in m.classes) == (
        sorted(b.complexity for b in radon_blocks if not hasattr(b, "methods"))
        + sorted(b.complexity for b in radon_blocks if hasattr(b, "methods"))
    )
