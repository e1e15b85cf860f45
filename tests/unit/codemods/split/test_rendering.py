"""Rendering details: filtered imports keep their style, text splices, package access, encodings."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import libcst as cst
import pytest

from refactorkit.codemods.split.api import SplitOptions, split
from refactorkit.codemods.split.import_copy import copy_import
from refactorkit.codemods.split.splice import (
    apply_edits,
    deeper_relative_imports,
    file_path_edits,
)
from refactorkit.testing import apply_in_tmp


def copy(source: str, keep: set[str], deeper: bool = True) -> str | None:
    module = cst.parse_module(source)
    return copy_import(module, module.body[-1], keep, deeper=deeper, strip_lead=True)


@pytest.mark.parametrize(
    ("source", "keep", "expected"),
    [
        ("import os, sys\n", {"sys"}, "import sys\n"),
        ("import os.path as p, json\n", {"p"}, "import os.path as p\n"),
        ("from a import (\n    x,\n    y,\n)\n", {"x"}, "from a import (\n    x,\n)\n"),
        ("from a import x, y  # why\n", {"x"}, "from a import x  # why\n"),
        ("from .util import cents as c, other\n", {"c"}, "from ..util import cents as c\n"),
        ("from . import util\n", {"util"}, "from .. import util\n"),
        ("x = 1\n\n\n# third party\nimport json\n", {"json"}, "# third party\nimport json\n"),
        ("import os\n", {"json"}, None),
        (
            "try:\n    import json\nexcept ImportError:\n    json = None\n    yaml = None\n",
            {"json"},
            "try:\n    import json\nexcept ImportError:\n    json = None\n",
        ),
        (
            "if TYPE_CHECKING:\n    from a import A\n\n    from b import B\n",
            {"B"},
            "if TYPE_CHECKING:\n    from b import B\n",
        ),
    ],
)
def test_copy_import(source: str, keep: set[str], expected: str | None) -> None:
    assert copy(source, keep) == expected


def test_splices() -> None:
    code = "def f():\n    from .x import y  # é\n"
    code += "    return Path(__file__).parent, os.path.dirname(__file__)\n"
    tree = ast.parse(code)
    edits, left = file_path_edits(tree, code)
    edited = apply_edits(code, [*edits, *deeper_relative_imports(tree, code)])
    assert edited == (
        "def f():\n    from ..x import y  # é\n"
        "    return Path(__file__).parent.parent, os.path.dirname(os.path.dirname(__file__))\n"
    )
    assert left == 0
    assert file_path_edits(ast.parse("open(__file__)\n"), "open(__file__)\n")[1] == 1


@pytest.mark.parametrize(
    ("line", "deeper"),
    [
        # docutils' test modules
        (
            "ROOT = os.path.abspath(os.path.join(__file__, '..', '..'))\n",
            "ROOT = os.path.abspath(os.path.join(__file__, '..', '..', '..'))\n",
        ),
        ("ROOT = Path(__file__).parents[1]\n", "ROOT = Path(__file__).parents[2]\n"),
        (
            "DATA = Path(__file__).resolve().parents[0] / 'data'\n",
            "DATA = Path(__file__).resolve().parents[1] / 'data'\n",
        ),
    ],
)
def test_file_relative_parents_and_joins_go_one_level_up(line: str, deeper: str) -> None:
    edits, left = file_path_edits(ast.parse(line), line)
    assert (apply_edits(line, edits), left) == (deeper, 0)


@pytest.mark.parametrize(
    "line", ["X = os.path.join(__file__, 'data')\n", "X = Path(__file__).parents[n]\n"]
)
def test_file_relative_paths_it_cannot_adjust_are_counted(line: str) -> None:
    assert file_path_edits(ast.parse(line), line) == ([], 1)


def test_package_alias_avoids_local_names(tmp_path: Path) -> None:
    """Django modules read `models.CharField`; the package is then bound as `_models`."""
    before = tmp_path / "before"
    (before / "app").mkdir(parents=True)
    (before / "pyproject.toml").write_text("[project]\nname = 'app'\n")
    (before / "app" / "__init__.py").write_text("")
    (before / "app" / "models.py").write_text(
        "import json as models\n\n\n# --- One ---\n\n\nclass A:\n"
        "    def b(self):\n        return B, models.dumps(1)\n\n\n"
        "# --- Two ---\n\n\nclass B(A):\n    pass\n"
    )
    # A reads B at run time, B needs A at import: a cycle the automatic plan would not make.
    (before / "plan.toml").write_text(
        '[[groups]]\nname = "one"\nnames = ["A"]\n[[groups]]\nname = "two"\nnames = ["B"]\n'
    )
    root, _, _ = apply_in_tmp(
        lambda r: split(r / "app/models.py", SplitOptions(plan_path=r / "plan.toml"), root=r),
        before,
        tmp_path,
    )
    one = (root / "app" / "models" / "one.py").read_text()
    assert "from .. import models as _models\n" in one
    assert "return _models.two.B, models.dumps(1)" in one


def test_latin1_and_crlf_survive(tmp_path: Path) -> None:
    before = tmp_path / "before"
    (before / "pkg").mkdir(parents=True)
    (before / "pyproject.toml").write_text("[project]\nname = 'pkg'\n")
    (before / "pkg" / "__init__.py").write_text("")
    source = (
        "# -*- coding: latin-1 -*-\r\n\r\n# --- One ---\r\nNAME = 'caf\xe9'\r\n\r\n\r\n"
        "# --- Two ---\r\nclass Two:\r\n    name = NAME\r\n"
    )
    (before / "pkg" / "m.py").write_bytes(source.encode("latin-1"))
    root, _, _ = apply_in_tmp(
        lambda r: split(r / "pkg/m.py", SplitOptions(), root=r), before, tmp_path
    )
    one = (root / "pkg" / "m" / "one.py").read_bytes()
    assert one.startswith(b"# -*- coding: latin-1 -*-\r\n")
    assert b"NAME = 'caf\xe9'\r\n" in one
    two = (root / "pkg" / "m" / "two.py").read_bytes()
    assert b"from .one import NAME\r\n" in two
    assert b"\n" not in two.replace(b"\r\n", b"")
    shutil.rmtree(root)


def test_side_effect_reordering_is_flagged(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    (root / "pkg").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'pkg'\n")
    (root / "pkg" / "__init__.py").write_text("")
    (root / "pkg" / "m.py").write_text(
        "REGISTRY = {}\n\n\nclass A:\n    pass\n\n\nclass B:\n    pass\n\n\n"
        'REGISTRY["b"] = B\n\n\nclass C(A):\n    seen = dict(REGISTRY)\n'
    )
    (root / "plan.toml").write_text(
        '[[groups]]\nname = "one"\nnames = ["REGISTRY", "A", "C"]\n'
        '[[groups]]\nname = "two"\nnames = ["B"]\n'
    )
    changeset = split(root / "pkg/m.py", SplitOptions(plan_path=root / "plan.toml"), root=root)
    assert any(
        w.startswith("pkg/m.py:15: C (line 15) now runs before the statement at line 12")
        for w in changeset.warnings
    ), changeset.warnings
    init = next(c.new_text for c in changeset.changes if c.kind == "move")
    assert init is not None and init.index('REGISTRY["b"] = B') > init.index("from .two import B")


def test_type_checking_flag_defined_in_the_module(tmp_path: Path) -> None:
    """docutils writes `TYPE_CHECKING = False`; a block guarded by it needs that name too."""
    before = tmp_path / "before"
    (before / "pkg").mkdir(parents=True)
    (before / "pyproject.toml").write_text("[project]\nname = 'pkg'\n")
    (before / "pkg" / "__init__.py").write_text("")
    (before / "pkg" / "m.py").write_text(
        "TYPE_CHECKING = False\nif TYPE_CHECKING:\n    from collections.abc import Iterator\n\n\n"
        "# --- One ---\n\n\ndef first() -> 'Iterator[int]':\n    return iter([1])\n\n\n"
        "# --- Two ---\n\n\ndef second() -> 'Iterator[int]':\n    return iter([2])\n"
    )
    root, _, _ = apply_in_tmp(
        lambda r: split(r / "pkg/m.py", SplitOptions(), root=r), before, tmp_path
    )
    two = (root / "pkg" / "m" / "two.py").read_text()
    flag = two.index("TYPE_CHECKING = False\n")
    assert flag < two.index("if TYPE_CHECKING:\n    from collections.abc import Iterator\n")


def test_imports_nothing_reads_stay_in_init(tmp_path: Path) -> None:
    """`from . import signals  # noqa` registers handlers when imported: it must still run."""
    root = tmp_path / "tree"
    (root / "pkg").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'pkg'\n")
    (root / "pkg" / "__init__.py").write_text("")
    (root / "pkg" / "signals.py").write_text("FIRED = True\n")
    (root / "pkg" / "m.py").write_text(
        "import os\nfrom . import signals  # noqa: F401\n\n\n# --- One ---\n\n\n"
        "def first():\n    return os.sep\n\n\n# --- Two ---\n\n\ndef second():\n    return 2\n"
    )
    changeset = split(root / "pkg/m.py", SplitOptions(), root=root)
    init = next(c.new_text for c in changeset.changes if c.kind == "move")
    assert init is not None and "from .. import signals  # noqa: F401\n" in init
    assert "import os\n" not in init  # read by `first`: it went there


def test_a_name_a_type_checking_block_reads_is_imported_once(tmp_path: Path) -> None:
    """docutils' frontend.py: its `if TYPE_CHECKING:` block (a Protocol) and a signature read
    `Parser`, defined in a later part; the part gets one `if TYPE_CHECKING:` import of it,
    not that and a run-time one (pyflakes F811 refused the split)."""
    before = tmp_path / "before"
    (before / "pkg").mkdir(parents=True)
    (before / "pyproject.toml").write_text("[project]\nname = 'pkg'\n")
    (before / "pkg" / "__init__.py").write_text("")
    (before / "pkg" / "m.py").write_text(
        "from __future__ import annotations\n\nTYPE_CHECKING = False\nif TYPE_CHECKING:\n"
        "    from typing import Protocol\n\n    class Check(Protocol):\n"
        "        def __call__(self, parser: Parser) -> bool: ...\n\n\n"
        "# --- Values ---\n\n\ndef is_strict(parser: Parser | None = None,"
        " check: Check | None = None) -> bool:\n    return Parser.strict\n\n\n"
        "# --- Parser ---\n\n\nclass Parser:\n    strict = True\n    check = is_strict\n"
    )
    root, _, _ = apply_in_tmp(
        lambda r: split(r / "pkg/m.py", SplitOptions(), root=r), before, tmp_path
    )
    values = (root / "pkg" / "m" / "values.py").read_text()
    assert values.count("import Parser") == 1, values
    assert "if TYPE_CHECKING:\n    from .parser import Parser\n" in values
    run = subprocess.run(
        [sys.executable, "-c", "from pkg.m import is_strict; print(is_strict())"],
        cwd=root, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.stdout.strip() == "True", run.stderr


def test_an_importer_building_paths_from_the_modules_file_goes_one_level_up(
    tmp_path: Path,
) -> None:
    """docutils' `directives/misc.py` finds the include files at
    `Path(states.__file__).parent / 'include'`, and a test builds the same folder from
    `os.path.dirname(parsers.rst.states.__file__)`: 4 tests red after the split of
    `states.py` until the importers' reads went one level up too."""
    before = tmp_path / "before"
    (before / "pkg" / "data").mkdir(parents=True)
    (before / "pyproject.toml").write_text("[project]\nname = 'pkg'\n")
    (before / "pkg" / "__init__.py").write_text("")
    (before / "pkg" / "data" / "x.txt").write_text("x")
    (before / "pkg" / "m.py").write_text(
        "# --- One ---\n\n\ndef first():\n    return 1\n\n\n"
        "# --- Two ---\n\n\ndef second():\n    return 2\n"
    )
    (before / "pkg" / "user.py").write_text(
        "import os\nfrom pathlib import Path\n\nimport pkg\nfrom pkg import m\n\n"
        "DATA = Path(m.__file__).parent / 'data'\n"
        "ALSO = os.path.join(os.path.dirname(pkg.m.__file__), 'data')\n"
    )
    root, changeset, _ = apply_in_tmp(
        lambda r: split(r / "pkg/m.py", SplitOptions(), root=r), before, tmp_path
    )
    user = (root / "pkg" / "user.py").read_text()
    assert "DATA = Path(m.__file__).parent.parent / 'data'\n" in user
    assert "os.path.dirname(os.path.dirname(pkg.m.__file__))" in user
    assert not any("__file__" in w for w in changeset.warnings), changeset.warnings
    run = subprocess.run(
        [sys.executable, "-c", "from pkg.user import DATA, ALSO; print(DATA.is_dir(), ALSO)"],
        cwd=root, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.stdout.split()[0] == "True", run.stderr
    assert run.stdout.split()[1].endswith("pkg/data")
