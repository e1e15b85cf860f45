"""Star imports from sibling modules whose names are statically known are spelled out."""

from __future__ import annotations

from pathlib import Path

import pytest

from refactorkit.errors import UserError
from tests.unit.codemods.split.breakage_helpers import apply, run_python, split_with_plan, write

MODULE = """
    from .shapes import *


    class Canvas:
        def area(self):
            return Square(2).area()


    class Frame:
        def kind(self):
            return Circle.__name__
    """
GROUPS = {"canvas": ["Canvas"], "frame": ["Frame"]}


def tree(tmp_path: Path, shapes: str) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": "[project]\nname='pkg'\n",
            "pkg/__init__.py": "",
            "pkg/shapes.py": shapes,
            "pkg/m.py": MODULE,
        },
    )


@pytest.mark.parametrize(
    "shapes",
    [
        '__all__ = ["Square", "Circle"]\n\n\nclass Square:\n    def __init__(self, s):\n'
        "        self.s = s\n\n    def area(self):\n        return self.s**2\n\n\n"
        "class Circle:\n    pass\n",
        "import math\n\n\nclass Square:\n    def __init__(self, s):\n        self.s = s\n\n"
        "    def area(self):\n        return self.s**2\n\n\nclass Circle:\n    pass\n\n\n"
        "_hidden = 1\n",
    ],
    ids=["literal-all", "public-names"],
)
def test_a_sibling_star_import_is_spelled_out(tmp_path: Path, shapes: str) -> None:
    tree(tmp_path, shapes)
    original = (tmp_path / "pkg/m.py").read_text()
    apply(split_with_plan(tmp_path, "pkg/m.py", GROUPS))
    assert "from ..shapes import Square\n" in (tmp_path / "pkg/m/canvas.py").read_text()
    assert "from ..shapes import Circle\n" in (tmp_path / "pkg/m/frame.py").read_text()
    done = run_python(tmp_path, "from pkg.m import Canvas\nprint(Canvas().area())")
    assert done.stdout == "4\n", done.stderr
    assert original.startswith("from .shapes import *")


def test_a_star_import_of_unknown_names_is_still_refused(tmp_path: Path) -> None:
    tree(tmp_path, "from os.path import *\n")
    with pytest.raises(UserError, match="star import"):
        split_with_plan(tmp_path, "pkg/m.py", GROUPS)
