"""`globals().get(name)` in a function: kept where every name is bound, or refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from refactorkit.errors import UserError
from tests.unit.codemods.split.breakage_helpers import apply, run_python, split_with_plan, write

MODULE = """
    class Alpha:
        pass


    class Beta:
        pass


    def by_name(name):
        return globals().get(name)
    """
GROUPS = {"alpha": ["Alpha"], "beta": ["Beta", "by_name"]}


def tree(tmp_path: Path, module: str = MODULE) -> None:
    write(
        tmp_path,
        {"pyproject.toml": "[project]\nname='pkg'\n", "pkg/__init__.py": "", "pkg/m.py": module},
    )


def test_an_unreferenced_namespace_reader_stays_in_the_package(tmp_path: Path) -> None:
    """In `beta.py`, `globals().get("Alpha")` returned None (one project: 229 tests red)."""
    tree(tmp_path)
    apply(split_with_plan(tmp_path, "pkg/m.py", GROUPS))
    assert "def by_name" in (tmp_path / "pkg/m/__init__.py").read_text()
    assert "def by_name" not in (tmp_path / "pkg/m/beta.py").read_text()
    done = run_python(tmp_path, "from pkg.m import by_name\nprint(by_name('Alpha').__name__)")
    assert done.stdout == "Alpha\n", done.stderr


@pytest.mark.parametrize("shim", [False, True])
def test_a_namespace_reader_that_must_move_is_refused(tmp_path: Path, shim: bool) -> None:
    tree(tmp_path, MODULE + "\n\n    ALPHA = by_name('Alpha')\n")
    with pytest.raises(UserError, match=r"reads the module namespace at run time"):
        split_with_plan(tmp_path, "pkg/m.py", {**GROUPS, "alpha": ["Alpha", "ALPHA"]}, shim=shim)
    changeset = split_with_plan(
        tmp_path,
        "pkg/m.py",
        {**GROUPS, "alpha": ["Alpha", "ALPHA"]},
        shim=shim,
        allow_namespace_lookups=True,
    )
    assert any("names looked up dynamically" in w for w in changeset.warnings)


@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        ("globals().update(EXTRA)", "binds names dynamically"),
        ("globals()['X'] = 1", "binds names dynamically"),
        ("NAMES = sorted(n for n in vars() if n.isupper())", "reads the module namespace"),
    ],
)
def test_module_level_namespace_use_is_refused_with_what_it_does(
    tmp_path: Path, statement: str, reason: str
) -> None:
    tree(tmp_path, MODULE + f"\n\n    EXTRA = {{}}\n    {statement}\n")
    with pytest.raises(UserError, match=reason):
        split_with_plan(tmp_path, "pkg/m.py", None)
