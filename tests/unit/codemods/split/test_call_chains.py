"""Import-time calls are followed through functions and constructors (plan validation)."""

from __future__ import annotations

from pathlib import Path

import pytest

from refactorkit.errors import UserError
from tests.unit.codemods.split.breakage_helpers import apply, run_python, split_with_plan, write

MODULE = """
    def normalise(name):
        return name.upper()


    class Attribute:
        __slots__ = ("name",)

        def __init__(self, name):
            self.name = normalise(name)


    _ATTRIBUTES = [Attribute(name=n) for n in ("a", "b")]


    class Helper(Attribute):
        pass
    """


def tree(tmp_path: Path) -> None:
    write(
        tmp_path,
        {"pyproject.toml": "[project]\nname='pkg'\n", "pkg/__init__.py": "", "pkg/m.py": MODULE},
    )


def test_a_call_chain_into_a_group_that_needs_this_one_is_refused(tmp_path: Path) -> None:
    """`_ATTRIBUTES = [Attribute(...)]` runs `Attribute.__init__`, which calls `normalise`:
    the plan puts `normalise` with `Helper`, which needs `Attribute` at import time. That
    package could not be imported (partially initialized module); it is never written."""
    tree(tmp_path)
    groups = {"attrs": ["Attribute", "_ATTRIBUTES"], "helpers": ["normalise", "Helper"]}
    with pytest.raises(UserError) as caught:
        split_with_plan(tmp_path, "pkg/m.py", groups)
    message = " ".join(str(caught.value).split())
    assert (
        "attrs needs normalise from helpers at import time (_ATTRIBUTES (line 12), which "
        "calls Attribute());" in message
    )
    assert not (tmp_path / "pkg/m").exists()


def test_a_call_chain_orders_the_submodules(tmp_path: Path) -> None:
    tree(tmp_path)
    groups = {"attrs": ["Attribute", "_ATTRIBUTES", "Helper"], "text": ["normalise"]}
    apply(split_with_plan(tmp_path, "pkg/m.py", groups))
    done = run_python(tmp_path, "from pkg.m import _ATTRIBUTES\nprint(_ATTRIBUTES[0].name)")
    assert done.stdout == "A\n", done.stderr
