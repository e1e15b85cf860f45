"""Splitting a test module: pytest collects the same tests from the parts, and they pass."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from refactorkit.codemods.split.api import SplitOptions, propose, split
from refactorkit.errors import UserError
from tests.unit.codemods.split.breakage_helpers import apply, split_with_plan, write

PYPROJECT = "[tool.pytest.ini_options]\ntestpaths = ['tests']\n"


def _tests(prefix: str, count: int) -> str:
    """`count` test functions that use the module's fixture and helper."""
    return "".join(
        f"\n\ndef test_{prefix}_{i}(shop):\n    assert total(shop) == {i} - {i} + 3\n"
        for i in range(count)
    )


# A fixture, a helper both a fixture and tests read, a derived test class, and enough tests
# that a 60-line limit cuts them into several parts.
MODULE = (
    '"""Shop tests."""\n\nimport pytest\n\nPRICES = {"a": 1, "b": 2}\n\n\n'
    "def total(items):\n    return sum(PRICES[i] for i in items)\n\n\n"
    '@pytest.fixture\ndef shop():\n    return ["a", "b"]\n\n\n'
    "@pytest.fixture(autouse=True)\ndef _check_prices():\n    yield\n    assert PRICES['a'] == 1\n"
    + _tests("cart", 8)
    + "\n\nclass TestBase:\n    def test_base(self, shop):\n        assert total(shop) == 3\n"
    + _tests("order", 8)
    + "\n\nclass TestDerived(TestBase):\n    def test_more(self):\n        assert total([]) == 0\n"
    + _tests("refund", 8)
)


def _project(tmp_path: Path, module: str = MODULE, pyproject: str = PYPROJECT) -> None:
    write(
        tmp_path,
        {"pyproject.toml": pyproject, "tests/conftest.py": "", "tests/test_shop.py": module},
    )


def _pytest(root: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip().splitlines()[-1]


def _split(tmp_path: Path, module: str = "tests/test_shop.py", max_lines: int = 60) -> None:
    options = SplitOptions(max_lines=max_lines)
    apply(split(tmp_path / module, options, root=tmp_path))


def test_the_parts_collect_and_pass_the_same_tests(tmp_path: Path) -> None:
    _project(tmp_path)
    assert _pytest(tmp_path).startswith("27 passed")
    _split(tmp_path)
    package = tmp_path / "tests/test_shop"
    parts = sorted(p.name for p in package.glob("*.py"))
    tested = [p for p in parts if p.startswith("test_")]
    assert len(tested) >= 2, parts
    assert set(parts) - set(tested) == {"__init__.py", "base.py", "conftest.py"}
    assert _pytest(tmp_path).startswith("27 passed")


def test_fixtures_go_to_conftest_and_helpers_to_base(tmp_path: Path) -> None:
    _project(tmp_path)
    _split(tmp_path)
    package = tmp_path / "tests/test_shop"
    conftest = (package / "conftest.py").read_text()
    assert "def shop():" in conftest and "def _check_prices():" in conftest
    assert "from .base import PRICES" in conftest
    base = (package / "base.py").read_text()
    assert "def total(" in base and "def test_" not in base and "fixture" not in base


def test_the_package_init_binds_no_test(tmp_path: Path) -> None:
    """With `python_files = *.py`, `__init__.py` is a test file: a re-exported test ran twice."""
    _project(tmp_path, pyproject=PYPROJECT + "python_files = ['*.py']\n")
    assert _pytest(tmp_path).startswith("27 passed")
    _split(tmp_path)
    init = (tmp_path / "tests/test_shop/__init__.py").read_text()
    assert not re.search(r"\btest_|\bTest|\bshop\b", init.replace("test_shop", "")), init
    assert _pytest(tmp_path).startswith("27 passed")


def test_a_derived_test_class_shares_its_base_classes_part(tmp_path: Path) -> None:
    """Imported into another part, TestBase would be collected there once more."""
    _project(tmp_path)
    _split(tmp_path)
    package = tmp_path / "tests/test_shop"
    (home,) = [p for p in package.glob("test_*.py") if "class TestBase" in p.read_text()]
    assert "class TestDerived(TestBase)" in home.read_text()
    assert not any("import TestBase" in p.read_text() for p in package.glob("*.py"))


def test_parts_follow_the_projects_python_files(tmp_path: Path) -> None:
    pyproject = PYPROJECT + "python_files = ['check_*.py']\n"
    write(
        tmp_path,
        {
            "pyproject.toml": pyproject,
            "tests/check_shop.py": MODULE.replace("import pytest", "import pytest\n"),
        },
    )
    assert _pytest(tmp_path).startswith("27 passed")
    _split(tmp_path, "tests/check_shop.py")
    parts = {p.name for p in (tmp_path / "tests/check_shop").glob("*.py")}
    assert {"__init__.py", "base.py", "conftest.py"} < parts
    assert all(p.startswith("check_") for p in parts - {"__init__.py", "base.py", "conftest.py"})
    assert _pytest(tmp_path).startswith("27 passed")


def test_the_proposal_names_test_parts_for_collection(tmp_path: Path) -> None:
    _project(tmp_path)
    proposal = propose(tmp_path / "tests/test_shop.py", root=tmp_path, max_lines=60)
    names = [group for group, _, _ in proposal.table]
    assert names[:2] == ["base", "conftest"]
    assert all(n.startswith("test_") for n in names[2:]), names


def test_an_edited_plan_with_an_uncollected_part_is_refused(tmp_path: Path) -> None:
    _project(tmp_path, "import pytest\n\n\ndef helper():\n    return 1\n" + _tests("a", 2))
    module = "tests/test_shop.py"
    groups = {"base": ["helper"], "cart": ["test_a_0", "test_a_1"]}
    with pytest.raises(UserError, match=r"(?s)group cart holds tests .* name it test_cart"):
        split_with_plan(tmp_path, module, groups)


@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        ("pytestmark = pytest.mark.slow", "module-level pytestmark"),
        ("def setup_module():\n    pass", r"setup_module\(\) runs around every test"),
        ("def pytest_collection_modifyitems(items):\n    pass", "is a pytest hook"),
        ("NAME = __name__ + '.helper'", "reads __name__"),
        ("def helper():\n    return test_a_0", "uses the test test_a_0"),
    ],
)
def test_shapes_a_split_would_break_are_refused(
    tmp_path: Path, statement: str, reason: str
) -> None:
    _project(tmp_path, "import pytest\n\n" + statement + "\n" + _tests("a", 2))
    with pytest.raises(UserError, match=reason):
        _split(tmp_path)


def test_a_conftest_is_not_split(tmp_path: Path) -> None:
    """pytest would ignore a `conftest/` package: every fixture in it would be gone."""
    write(tmp_path, {"pyproject.toml": PYPROJECT, "tests/conftest.py": MODULE})
    with pytest.raises(UserError, match=r"(?s)only from a file named\s+conftest\.py"):
        _split(tmp_path, "tests/conftest.py")


def test_file_relative_paths_still_find_the_tests_data(tmp_path: Path) -> None:
    """`Path(__file__).parent` and `os.path.dirname(__file__)` gain one level in the parts."""
    head = (
        "import os\nfrom pathlib import Path\n\nHERE = Path(__file__).parent\n"
        "DATA = os.path.join(os.path.dirname(__file__), 'data')\n"
    )
    tests = "".join(
        f"\n\ndef test_{word}_{i}():\n    assert (HERE / 'data' / 'x.txt').exists()\n"
        f"    assert os.path.isdir(DATA)\n"
        for word in ("read", "write")
        for i in range(12)
    )
    _project(tmp_path, head + tests)
    write(tmp_path, {"tests/data/x.txt": "x"})
    assert _pytest(tmp_path).startswith("24 passed")
    _split(tmp_path)
    assert len(list((tmp_path / "tests/test_shop").glob("test_*.py"))) >= 2
    assert _pytest(tmp_path).startswith("24 passed")


def test_data_tables_far_over_the_limit_still_get_a_plan(tmp_path: Path) -> None:
    """docutils' test modules: a test class, then `totest[...] = [...]` tables of ~700 lines
    each. Re-planning took the room per part to nothing and the planner divided by it
    (ZeroDivisionError); now the tables' parts stay over the limit and the tests pass."""
    rows = "".join(f"    ({i}, {i} + 0),\n" for i in range(150))
    module = (
        "import unittest\n\n\nclass TableTestCase(unittest.TestCase):\n"
        "    def test_tables(self):\n        for cases in totest.values():\n"
        "            for given, expected in cases:\n"
        "                self.assertEqual(given, expected)\n\n\n"
        f"totest = {{}}\n\ntotest['one'] = [\n{rows}]\n\ntotest['two'] = [\n{rows}]\n"
    )
    _project(tmp_path, module)
    _split(tmp_path)
    assert not (tmp_path / "tests" / "test_shop.py").exists()
    assert _pytest(tmp_path).startswith("1 passed")
