"""Before/after trees under fixtures/codemods/split/, byte for byte, with undo; refusals."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from refactorkit.codemods.split.api import SplitOptions, propose, split
from refactorkit.codemods.split.source import AlreadySplit
from refactorkit.domain import final_path
from refactorkit.errors import UserError
from refactorkit.testing import apply_in_tmp, assert_changeset_tree

FIXTURES = Path(__file__).parents[4] / "fixtures" / "codemods" / "split"
CASES = {
    "simple": "shop/models.py",
    "hazards": "tool/core.py",
    "sealing": "tree/nodes.py",
    "conditional": "pkg/compat.py",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_case(case: str, tmp_path: Path) -> None:
    module = CASES[case]
    changeset = assert_changeset_tree(
        lambda root: split(root / module, SplitOptions(), root=root),
        FIXTURES / case / "before",
        FIXTURES / case / "after",
        tmp_dir=tmp_path,
    )
    assert changeset.changes[0].kind == "move"
    assert final_path(changeset.changes[0]) == module[: -len(".py")] + "/__init__.py"


def test_hazard_warnings(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    shutil.copytree(FIXTURES / "hazards" / "before", root)
    warnings = "\n".join(split(root / "tool/core.py", SplitOptions(), root=root).warnings)
    assert "tool/core.py:15: log (line 15) reads __name__" in warnings
    assert "__file__-relative folder of DATA_DIR (line 12) adjusted" in warnings
    assert '`if __name__ == "__main__":` stays in __init__.py' in warnings
    assert (
        "tool/core.py:69: module-level statement with side effects kept in tool/core/rendering.py"
        in warnings
    )


def test_second_run_is_a_no_op(tmp_path: Path) -> None:
    root, _, _ = apply_in_tmp(
        lambda r: split(r / "shop/models.py", SplitOptions(), root=r),
        FIXTURES / "simple" / "before",
        tmp_path,
    )
    with pytest.raises(AlreadySplit, match="already a package"):
        split(root / "shop/models.py", SplitOptions(), root=root)


def test_star_import_refused(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "models.py").write_text("from os.path import *\n\nclass A:\n    pass\n")
    with pytest.raises(UserError, match="star import"):
        propose(tmp_path / "pkg" / "models.py", root=tmp_path)
    assert sorted(p.name for p in (tmp_path / "pkg").iterdir()) == ["__init__.py", "models.py"]


def test_edited_plan_with_cycle_refused(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    shutil.copytree(FIXTURES / "simple" / "before", root)
    plan = root / "plan.toml"
    plan.write_text(
        '[[groups]]\nname = "one"\n'
        'names = ["REGISTRY", "register", "Model", "Order", "DEFAULT_BRAND"]\n'
        '[[groups]]\nname = "two"\nnames = ["Brand", "Product"]\n',
        encoding="utf-8",
    )
    with pytest.raises(UserError, match=r"(?s)import cycle between groups .*Fix: move"):
        split(root / "shop/models.py", SplitOptions(plan_path=plan), root=root)


def test_shim_warns_on_old_path_only(tmp_path: Path) -> None:
    root, changeset, _ = apply_in_tmp(
        lambda r: split(r / "shop/models.py", SplitOptions(shim=True), root=r),
        FIXTURES / "simple" / "before",
        tmp_path,
    )
    init = (root / "shop" / "models" / "__init__.py").read_text()
    assert (
        "from . import base as base\nfrom .base import REGISTRY\nfrom . import catalog as catalog\n"
        in init
    )
    assert '    "Brand": "catalog",\n' in init
    assert '"REGISTRY"' not in init.split("_MOVED_TO")[1]  # bound: __init__ itself reads it
    assert '"shop.models.Brand".msg = "moved to shop.models.catalog"' in changeset.suggested_config

    def run(code: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-W", "error::DeprecationWarning", "-c", code],
            cwd=root,
            capture_output=True,
            text=True,
        )

    old = run("from shop.models import Brand")
    assert "DeprecationWarning: shop.models.Brand has moved: use " in old.stderr
    assert "'from shop.models.catalog import Brand'" in old.stderr
    assert run("from shop.models.catalog import Brand; import shop.services").returncode == 1
    bound = run("from shop.models.catalog import Brand; from shop.models import REGISTRY")
    assert bound.returncode == 0, bound.stderr
    quiet = run("import shop.models.base as b; print(sorted(b.REGISTRY))")
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout.strip() == "['Brand', 'Order']"


def test_importer_reading_file_is_flagged(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    shutil.copytree(FIXTURES / "simple" / "before", root)
    (root / "shop" / "data.py").write_text(
        "from pathlib import Path\n\nfrom shop import models\n\n"
        "HERE = Path(models.__file__).parent / 'data'\nSOURCE = open(models.__file__)\n"
    )
    changeset = split(root / "shop/models.py", SplitOptions(), root=root)
    assert (
        "shop/data.py reads shop.models.__file__, which becomes shop/models/__init__.py one "
        "folder deeper: paths built from it (data files next to the module) move"
    ) in changeset.warnings
    assert "shop/data.py" not in {c.path for c in changeset.changes}  # `open(...)`: not adjusted
    (root / "shop" / "data.py").write_text(
        "from pathlib import Path\n\nfrom shop import models\n\n"
        "HERE = Path(models.__file__).parent / 'data'\n"
    )
    changeset = split(root / "shop/models.py", SplitOptions(), root=root)
    (data,) = [c for c in changeset.changes if c.path == "shop/data.py"]
    assert "HERE = Path(models.__file__).parent.parent / 'data'\n" in str(data.new_text)
    assert not any("__file__" in w for w in changeset.warnings)


def test_keep_module_names(tmp_path: Path) -> None:
    root, changeset, _ = apply_in_tmp(
        lambda r: split(r / "tool/core.py", SplitOptions(keep_module_names=True), root=r),
        FIXTURES / "hazards" / "before",
        tmp_path,
    )
    assert not any("reads __name__" in w for w in changeset.warnings)
    parsing = (root / "tool" / "core" / "parsing.py").read_text()
    assert '__name__ = "tool.core"  # the old module path: see docs/split.md\n' in parsing
    code = (
        "import pickle, tool.core as c\n"
        "print(c.Parser.__module__, c.log.name, c.bump.__module__)\n"
        "print(type(pickle.loads(pickle.dumps(c.Parser()))).__name__)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert run.stdout.split() == ["tool.core", "tool.core", "tool.core", "Parser"], run.stderr


def test_shim_warns_about_star_imports_of_the_module(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    shutil.copytree(FIXTURES / "simple" / "before", root)
    (root / "shop" / "api.py").write_text("from .models import *\n", encoding="utf-8")
    (root / "app.py").write_text("import os\nfrom shop.models import *\n", encoding="utf-8")
    (root / "other.py").write_text("from shop.util import *\n", encoding="utf-8")
    shimmed = split(root / "shop/models.py", SplitOptions(shim=True), root=root).warnings
    stars = sorted(w.split(" ")[0] for w in shimmed if "star-imports shop.models" in w)
    assert stars == ["app.py:2", "shop/api.py:1"]
    plain = split(root / "shop/models.py", SplitOptions(), root=root).warnings
    assert not [w for w in plain if "star-imports" in w]
