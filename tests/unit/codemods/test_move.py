"""plan_move: files moved, references and config rewritten, shims, bad input refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from refactorkit.changes.outcome import Applied
from refactorkit.changes.runner import RunOptions, execute
from refactorkit.codemods.move import MoveOptions, plan_move
from refactorkit.domain import ChangeSet, final_path
from refactorkit.errors import UserError
from tests.unit.codemods.refs_helpers import write_tree

TREE = {
    "shop/__init__.py": "",
    "shop/domains/__init__.py": "from . import products\n",
    "shop/domains/products/__init__.py": "from .models import Product\n",
    "shop/domains/products/models.py": (
        "from ..pricing import RATE\n\n\nclass Product:\n    rate = RATE\n"
    ),
    "shop/domains/pricing.py": "RATE = 2\n",
    "shop/app.py": "from shop.domains.products.models import Product\n\nAPP = Product\n",
    "pyproject.toml": '[project]\nname = "shop"\n\n[project.scripts]\n'
    'shop = "shop.domains.products.models:main"\n',
}


def apply(changeset: ChangeSet) -> None:
    result = execute(changeset, RunOptions(apply=True, allow_dirty=True))
    assert isinstance(result, Applied), result


def run_python(root: Path, code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-W", "always::DeprecationWarning", "-c", code],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


def test_package_rename_moves_files_and_rewrites_everything(tmp_path: Path) -> None:
    write_tree(tmp_path, TREE)
    changeset = plan_move(tmp_path, "shop.domains.products", "shop.domains.catalog", cwd=tmp_path)
    kinds = sorted(
        (c.kind, c.path, final_path(c) if c.kind == "move" else "") for c in changeset.changes
    )
    assert kinds == [
        ("modify", "pyproject.toml", ""),
        ("modify", "shop/app.py", ""),
        ("modify", "shop/domains/__init__.py", ""),
        ("move", "shop/domains/products/__init__.py", "shop/domains/catalog/__init__.py"),
        ("move", "shop/domains/products/models.py", "shop/domains/catalog/models.py"),
    ]
    apply(changeset)
    assert not (tmp_path / "shop/domains/products").exists()
    assert (tmp_path / "shop/app.py").read_text() == (
        "from shop.domains.catalog.models import Product\n\nAPP = Product\n"
    )
    assert (tmp_path / "shop/domains/__init__.py").read_text() == "from . import catalog\n"
    assert 'shop = "shop.domains.catalog.models:main"' in (tmp_path / "pyproject.toml").read_text()
    assert run_python(tmp_path, "import shop.app").returncode == 0


def test_move_to_new_package_creates_parents_and_relevels(tmp_path: Path) -> None:
    write_tree(tmp_path, TREE)
    changeset = plan_move(tmp_path, "shop/domains/products", "shop/stock/products", cwd=tmp_path)
    created = [c.path for c in changeset.changes if c.kind == "create"]
    assert created == ["shop/stock/__init__.py"]
    apply(changeset)
    models = (tmp_path / "shop/stock/products/models.py").read_text()
    assert models.startswith("from ...domains.pricing import RATE\n")
    assert run_python(tmp_path, "import shop.app, shop.domains").returncode == 0


def test_shim_keeps_old_paths_importable_with_warnings(tmp_path: Path) -> None:
    write_tree(tmp_path, TREE)
    options = MoveOptions(shim=True, until="2.0")
    apply(plan_move(tmp_path, "shop.domains.products", "shop.catalog", options, cwd=tmp_path))
    done = run_python(
        tmp_path,
        "import shop.domains.products.models as old, shop.catalog.models as new\n"
        "assert old is new\n"
        "from shop.domains.products import Product\n"
        "assert Product is new.Product\n",
    )
    assert done.returncode == 0, done.stderr
    assert (
        "shop.domains.products is deprecated, import shop.catalog instead; "
        "it will be removed in 2.0" in done.stderr
    )
    assert "shop.domains.products.models is deprecated, import shop.catalog.models" in done.stderr


def test_second_run_is_a_no_op(tmp_path: Path) -> None:
    write_tree(tmp_path, TREE)
    apply(plan_move(tmp_path, "shop.domains.products", "shop.domains.catalog", cwd=tmp_path))
    again = plan_move(tmp_path, "shop.domains.products", "shop.domains.catalog", cwd=tmp_path)
    assert again.is_empty
    assert again.title == "shop.domains.products is already at shop.domains.catalog"


def test_module_file_move(tmp_path: Path) -> None:
    write_tree(tmp_path, TREE)
    changeset = plan_move(tmp_path, "shop.domains.pricing", "shop.money", cwd=tmp_path)
    apply(changeset)
    models = (tmp_path / "shop/domains/products/models.py").read_text()
    assert models.startswith("from ...money import RATE\n")
    assert run_python(tmp_path, "import shop.app").returncode == 0


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("shop.nothing", "shop.other", "shop.nothing: no such module"),
        ("shop.domains.products", "shop.domains.pricing", "shop.domains.pricing already exists"),
        ("shop.domains.products", "shop.domains.products.inner", "is inside"),
        ("shop.domains.products", "shop.2catalog", "is not a dotted module name"),
        ("shop.domains.products", "shop.class", "is a Python keyword"),
        ("shop.domains.products", "../elsewhere/catalog", "outside the project"),
        ("shop.domains.products", "shop.app.catalog", "shop/app.py is a module, not a package"),
    ],
)
def test_bad_input_is_refused(tmp_path: Path, old: str, new: str, message: str) -> None:
    root = write_tree(tmp_path / "repo", TREE)
    with pytest.raises(UserError, match=message.replace(".", r"\.")):
        plan_move(root, old, new, cwd=root)


def test_unparsable_file_refuses_unless_skipped(tmp_path: Path) -> None:
    write_tree(tmp_path, {**TREE, "shop/broken.py": "from shop.domains import products\nif:\n"})
    with pytest.raises(UserError, match=r"shop/broken\.py"):
        plan_move(tmp_path, "shop.domains.products", "shop.catalog", cwd=tmp_path)
    options = MoveOptions(skip_unparsable=True)
    changeset = plan_move(tmp_path, "shop.domains.products", "shop.catalog", options, cwd=tmp_path)
    assert any("shop/broken.py: not rewritten" in w for w in changeset.warnings)
    assert "shop/broken.py" not in [c.path for c in changeset.changes]


def test_moving_a_conventionally_named_module_warns(tmp_path: Path) -> None:
    write_tree(tmp_path, {**TREE, "shop/admin.py": "X = 1\n"})
    changeset = plan_move(tmp_path, "shop.admin", "shop.site_admin", cwd=tmp_path)
    assert changeset.warnings[0] == (
        "shop.admin: Django's admin autodiscovery imports <app>.admin; "
        "nothing imports it by that path once it is shop.site_admin"
    )
    assert "shop.admin is public API of the distribution shop" in changeset.warnings[1]
    shimmed = plan_move(tmp_path, "shop.admin", "shop.site_admin", MoveOptions(shim=True))
    assert len(shimmed.warnings) == 1


def test_alias_of_the_parent_package_still_reaches_the_moved_module(tmp_path: Path) -> None:
    """`import pkg as p; p.util.f()` raised AttributeError after `move pkg.util pkg.utils`,
    also with --shim (nothing imports the shim, so `pkg` has no `util` attribute)."""
    tree = {
        "pkg/__init__.py": "",
        "pkg/util.py": "def f():\n    return 42\n",
        "pkg/core.py": "from pkg.util import f\n\nVALUE = f()\n",
        "use.py": "import pkg as p\nimport pkg.core\n\nprint(p.util.f())\n",
    }
    write_tree(tmp_path, tree)
    changeset = plan_move(tmp_path, "pkg.util", "pkg.utils", MoveOptions(shim=True), cwd=tmp_path)
    apply(changeset)
    assert (tmp_path / "use.py").read_text() == (
        "import pkg as p\nimport pkg.core\n\nprint(p.utils.f())\n"
    )
    assert run_python(tmp_path, "import use").stdout == "42\n"


def test_example_code_in_doc_strings_and_docs_is_listed(tmp_path: Path) -> None:
    tree = {
        "pkg/__init__.py": "",
        "pkg/util.py": "def f():\n    return 42\n",
        "pkg/core.py": (
            '"""Core.\n\n.. testcode::\n\n    import pkg.util\n    pkg.util.f()\n"""\n'
        ),
        "docs/usage.rst": "Usage\n=====\n\n.. automodule:: pkg.util\n\nSee also pkg.utility.\n",
    }
    write_tree(tmp_path, tree)
    changeset = plan_move(tmp_path, "pkg.util", "pkg.utils", cwd=tmp_path)
    assert "pkg/core.py:5: example code in a string uses pkg.util: update it to pkg.utils" in (
        changeset.warnings
    )
    assert "review: docs/usage.rst:4: names pkg.util: update it to pkg.utils" in changeset.warnings
    assert not any("usage.rst:6" in w for w in changeset.warnings)


def test_a_stub_moves_with_its_module_and_stub_imports_follow(tmp_path: Path) -> None:
    tree = {
        "pkg/__init__.py": "from .util import f\n",
        "pkg/__init__.pyi": "from .util import f as f\n",
        "pkg/util.py": "def f():\n    return 1\n",
        "pkg/util.pyi": "def f() -> int: ...\n",
    }
    write_tree(tmp_path, tree)
    apply(plan_move(tmp_path, "pkg.util", "pkg.utils", cwd=tmp_path))
    assert (tmp_path / "pkg/utils.pyi").read_text() == "def f() -> int: ...\n"
    assert not (tmp_path / "pkg/util.pyi").exists()
    assert (tmp_path / "pkg/__init__.pyi").read_text() == "from .utils import f as f\n"
