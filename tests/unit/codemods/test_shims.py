"""Deprecation shims: old module paths keep working, warn, and name the new path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from refactorkit.codemods.shims import (
    add_symbol_shim,
    deprecation_message,
    is_shim,
    module_shim_source,
    package_shim_source,
    symbol_shim_source,
)
from tests.unit.codemods.refs_helpers import write_tree


def run(root: Path, code: str, warnings: str = "error") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-W", f"{warnings}::DeprecationWarning", "-c", code],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


def test_message_names_new_path_and_removal() -> None:
    assert deprecation_message("a.b", "c.d", "3.0") == (
        "a.b is deprecated, import c.d instead; it will be removed in 3.0"
    )
    assert deprecation_message("a.b", "c.d", None) == "a.b is deprecated, import c.d instead"


def test_module_shim_is_the_new_module_and_warns(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "new.py": "VALUE = 1\n",
            "old.py": module_shim_source("old", "new", "2027-01-01"),
        },
    )
    assert is_shim((tmp_path / "old.py").read_text())
    failed = run(tmp_path, "import old")
    assert "DeprecationWarning: old is deprecated, import new instead" in failed.stderr
    ok = run(
        tmp_path,
        "import warnings; warnings.simplefilter('ignore')\n"
        "import old, new; assert old is new and old.VALUE == 1",
    )
    assert ok.returncode == 0, ok.stderr


def test_package_shim_forwards_names_and_submodules_keep_their_own_shims(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "new/__init__.py": "X = 1\n",
            "new/sub.py": "Y = 2\n",
            "old/__init__.py": package_shim_source("old", "new", None),
            "old/sub.py": module_shim_source("old.sub", "new.sub", None),
        },
    )
    ok = run(
        tmp_path,
        "import warnings; warnings.simplefilter('ignore')\n"
        "import old.sub, new.sub\nfrom old import X\nfrom old.sub import Y\n"
        "assert old.sub is new.sub and (X, Y) == (1, 2)",
    )
    assert ok.returncode == 0, ok.stderr
    shown = run(tmp_path, "import new, old.sub", warnings="always").stderr
    assert "old is deprecated" in shown and "old.sub is deprecated" in shown


def test_symbol_shim_warns_only_for_the_moved_name(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "new.py": "def f():\n    return 1\n",
            "old.py": "OTHER = 2\n" + symbol_shim_source("f", "old", "new", None),
        },
    )
    assert run(tmp_path, "from old import OTHER").returncode == 0
    failed = run(tmp_path, "from old import f")
    assert "old.f is deprecated, import new.f instead" in failed.stderr
    missing = run(tmp_path, "import old; old.nothing")
    assert "has no attribute 'nothing'" in missing.stderr


def test_second_moved_name_joins_the_table(tmp_path: Path) -> None:
    text = add_symbol_shim("OTHER = 2\n", "f", "old", "new", None, None)
    text = add_symbol_shim(text, "g", "old", "new", "2.0", "h")
    assert text.count("def __getattr__") == 1
    write_tree(
        tmp_path, {"new.py": "def f():\n    return 1\n\n\ndef h():\n    return 2\n", "old.py": text}
    )
    failed = run(tmp_path, "from old import g")
    assert "old.g is deprecated, import new.h instead; it will be removed in 2.0" in failed.stderr
    ok = run(tmp_path, "import old, new; assert old.g is new.h", warnings="ignore")
    assert ok.returncode == 0, ok.stderr


def test_existing_getattr_is_not_overwritten() -> None:
    with pytest.raises(ValueError, match="already defines __getattr__"):
        add_symbol_shim("def __getattr__(name):\n    return 1\n", "f", "old", "new", None, None)
