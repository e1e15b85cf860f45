"""Version and compatibility blocks that read or share the module's own definitions."""

from __future__ import annotations

from pathlib import Path

from tests.unit.codemods.split.breakage_helpers import apply, run_python, split_with_plan, write


def tree(tmp_path: Path, module: str) -> None:
    write(
        tmp_path,
        {"pyproject.toml": "[project]\nname='pkg'\n", "pkg/__init__.py": "", "pkg/m.py": module},
    )


def test_an_import_fallback_reading_a_definition_keeps_its_place(tmp_path: Path) -> None:
    """Hoisted above `def dotproduct` with the imports, the fallback read an undefined name."""
    tree(
        tmp_path,
        """
        def dotproduct(a, b):
            return sum(x * y for x, y in zip(a, b))


        try:
            from math import sumprod as _sumprod
        except ImportError:
            _sumprod = dotproduct


        class Vector:
            def dot(self, a, b):
                return _sumprod(a, b)
        """,
    )
    apply(
        split_with_plan(
            tmp_path, "pkg/m.py", {"base": ["dotproduct", "_sumprod"], "vector": ["Vector"]}
        )
    )
    done = run_python(tmp_path, "from pkg.m import Vector\nprint(Vector().dot([1, 2], [3, 4]))")
    assert done.stdout == "11\n", done.stderr


def test_a_compat_block_shares_its_imports_with_siblings(tmp_path: Path) -> None:
    """`if PY3: <imports + defs> else: ...` goes whole to base; its imports are not unused:
    siblings import them from base."""
    tree(
        tmp_path,
        """
        import sys

        PY3 = sys.version_info[0] >= 3

        if PY3:
            from io import StringIO

            def text(value):
                return str(value)
        else:
            from StringIO import StringIO

            def text(value):
                return unicode(value)  # noqa: F821


        class Report:
            def render(self):
                out = StringIO()
                out.write(text(42))
                return out.getvalue()
        """,
    )
    apply(
        split_with_plan(
            tmp_path, "pkg/m.py", {"base": ["PY3", "StringIO", "text"], "report": ["Report"]}
        )
    )
    assert "from .base import StringIO, text" in (tmp_path / "pkg/m/report.py").read_text()
    done = run_python(tmp_path, "from pkg.m import Report\nprint(Report().render())")
    assert done.stdout == "42\n", done.stderr
