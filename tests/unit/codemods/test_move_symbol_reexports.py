"""move-symbol keeps every name other modules take from the source importable there (issue 12:
Django's `query.py` lost `F`/`Q`, which `models/base.py` imports through it), and refuses a
change after which one would not be."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import libcst as cst
import pytest

from refactorkit.codemods.move_symbol import MoveSymbolOptions, plan_move_symbol
from refactorkit.codemods.refs.exports import (
    TakenName,
    bound_names,
    lost_names,
    names_taken,
    unresolved_message,
)
from refactorkit.codemods.refs.module_edits import mark_reexports
from refactorkit.errors import UserError
from refactorkit.testing import assert_changeset_tree
from refactorkit.workspace import discover
from tests.unit.codemods.refs_helpers import write_tree
from tests.unit.codemods.test_move import apply, run_python

CASE = Path(__file__).resolve().parents[3] / "fixtures" / "codemods" / "move_symbol" / "reexports"


def _plan(root: Path):  # type: ignore[no-untyped-def]
    old, new, flag = (CASE / "args.txt").read_text().split()
    assert flag == "--with-auto"
    return plan_move_symbol(root, old, new, MoveSymbolOptions(with_auto=True))


def test_django_shaped_move_matches_the_after_tree(tmp_path: Path) -> None:
    changeset = assert_changeset_tree(_plan, CASE / "before", CASE / "after", tmp_dir=tmp_path)
    assert not changeset.warnings
    assert _plan(CASE / "after").is_empty  # idempotent


def test_the_after_tree_passes_its_own_tests(tmp_path: Path) -> None:
    root = tmp_path / "after"
    shutil.copytree(CASE / "after", root)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_reexport_keeps_its_statement_and_gets_a_noqa(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/exprs.py": "class F: ...\nclass Case: ...\n",
            "pkg/query.py": (
                "from pkg.exprs import (\n    Case,\n    F,\n)\n\n\n"
                "def build():\n    return Case(), F()\n"
            ),
            "pkg/base.py": "from pkg.query import F\n\nfield = F()\n",
        },
    )
    apply(plan_move_symbol(tmp_path, "pkg.query:build", "pkg.builders"))
    query = (tmp_path / "pkg" / "query.py").read_text()
    assert query == "from pkg.exprs import (\n    F,  # noqa: F401\n)\n"
    done = run_python(tmp_path, "import pkg.base, pkg.builders; pkg.builders.build()")
    assert done.returncode == 0, done.stderr


def test_an_import_nobody_takes_through_the_source_still_leaves(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/exprs.py": "class F: ...\n",
            "pkg/query.py": "from pkg.exprs import F\n\n\ndef build():\n    return F()\n",
            "pkg/base.py": "from pkg.exprs import F\n",
        },
    )
    apply(plan_move_symbol(tmp_path, "pkg.query:build", "pkg.builders"))
    assert (tmp_path / "pkg" / "query.py").read_text() == ""


TIED = {
    "shop/__init__.py": "",
    "shop/models.py": "def tax(x):\n    return x * 2\n\n\ndef other():\n    return 1\n",
    # The target already imports the source: importing the name back would close a cycle.
    "shop/taxes.py": "import shop.models\n\nBASE = shop.models.other()\n",
    # Read through an alias of the package: a form the importer rewrite leaves as it is.
    "shop/report.py": "import shop as s\n\n\ndef total():\n    return s.models.tax(1)\n",
}


def test_refused_with_names_and_importers_when_a_name_would_be_lost(tmp_path: Path) -> None:
    write_tree(tmp_path, TIED)
    with pytest.raises(UserError) as caught:
        plan_move_symbol(tmp_path, "shop.models:tax", "shop.taxes")
    message = str(caught.value)
    assert message.startswith(
        "moving would create an import cycle: shop.models -> shop.taxes -> shop.models "
        "(shop/report.py:5 read tax through shop.models, which must import it back)"
    )


def test_a_moved_name_read_through_a_package_alias_is_imported_back(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/models.py": "def tax(x):\n    return x * 2\n",
            "shop/report.py": "import shop as s\n\nTOTAL = s.models.tax\n",
        },
    )
    changeset = plan_move_symbol(tmp_path, "shop.models:tax", "shop.taxes")
    models = next(c for c in changeset.changes if c.path == "shop/models.py")
    assert models.new_text == "from shop.taxes import tax  # noqa: F401\n"


def test_names_taken_in_every_form(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "a/__init__.py": "",
            "a/b/__init__.py": "",
            "a/b/query.py": "X = 1\n",
            "a/b/one.py": "from a.b.query import X, Y as Z\n",
            "a/b/two.py": "from .query import W\n",
            "a/b/three.py": "from . import query\nquery.V\n",
            "a/four.py": "from a import b\n\n\ndef f():\n    return b.query.U\n",
            "a/five.py": "import a.b.query\na.b.query.T\n",
            "a/six.py": "import a.b.query as q\nq.S\n",
            "a/seven.py": "def g():\n    from a.b.query import R\n",
            "a/eight.py": "query = object()\nquery.NOT\nfrom a.b import other\nother.query.NOT\n",
        },
    )
    found = discover(tmp_path)
    taken = names_taken(found.files, "a.b.query")
    assert sorted((t.name, t.importer) for t in taken) == [
        ("R", "a/seven.py"),
        ("S", "a/six.py"),
        ("T", "a/five.py"),
        ("U", "a/four.py"),
        ("V", "a/b/three.py"),
        ("W", "a/b/two.py"),
        ("X", "a/b/one.py"),
        ("Y", "a/b/one.py"),
    ]
    assert [t.name for t in names_taken(found.files, "a.b.query", names={"U"})] == ["U"]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("from x import a, b\nb\n", "from x import a, b  # noqa: F401\nb\n"),
        ("from x import a  # why\n", "from x import a  # why  # noqa: F401\n"),
        ("from x import a  # noqa\n", "from x import a  # noqa\n"),
        ("import a.b\n", "import a.b  # noqa: F401\n"),
        (
            "from x import (\n    a,\n    b,\n)\nb\n",
            "from x import (\n    a,  # noqa: F401\n    b,\n)\nb\n",
        ),
        (
            "from x import (\n    b,\n    a\n)\nb\n",
            "from x import (\n    b,\n    a\n)  # noqa: F401\nb\n",
        ),
        ("from x import a\na\n", "from x import a\na\n"),  # still used here: no comment
    ],
)
def test_mark_reexports(before: str, after: str) -> None:
    assert mark_reexports(cst.parse_module(before), {"a"}).code == after


def test_lost_names_compare_what_the_source_bound_before_and_after() -> None:
    taken = [TakenName("F", "pkg/base.py", 3), TakenName("sub", "pkg/x.py", 1)]
    old = bound_names("from pkg.exprs import F\nX = 1\n", "pkg.query", False)
    assert old == {"F", "X"}
    new = bound_names("X = 1\n", "pkg.query", False)
    lost = lost_names(taken, old, new)  # `sub` was never bound there: not ours to judge
    assert lost == [TakenName("F", "pkg/base.py", 3)]
    assert unresolved_message("pkg.query", lost).startswith(
        "after the move these names would no longer be importable from pkg.query, which other "
        "modules import them from: F (pkg/base.py:3)"
    )
    assert bound_names("from m import *\n", "pkg.query", False) is None  # may bind anything
    assert lost_names(taken, old, None) == []
