"""Before/after trees in fixtures/codemods/split_class/<case>/: apply, compare, run the tree's
own tests on the result, undo.

Cases: a super() chain with properties, a staticmethod, a classmethod and a subclass in another
module (super_chain; lazy_imports is the same with --allow-lazy-import, so the methods that
call the module's own helpers move too); a slotted dataclass (dataclass); a declarative
SQLAlchemy model with a hybrid property, a validator and class-method queries (sqlalchemy).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from refactorkit.codemods.split_class.api import split_class
from refactorkit.testing import assert_changeset_tree

CASES = Path(__file__).resolve().parents[3] / "fixtures" / "codemods" / "split_class"


def _run_suite(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_split_class_fixture(case: str, tmp_path: Path) -> None:
    target, *flags = (CASES / case / "args.txt").read_text().split()
    lazy = "--allow-lazy-import" in flags
    changeset = assert_changeset_tree(
        lambda root: split_class(root, target, lazy=lazy),
        CASES / case / "before",
        CASES / case / "after",
        tmp_dir=tmp_path,
    )
    assert changeset.codemod == "split-class"
    tree = tmp_path / "after"
    shutil.copytree(CASES / case / "after", tree)
    suite = _run_suite(tree)
    assert suite.returncode == 0, suite.stdout[-2000:]


def test_the_fixtures_suites_pass_before_too(tmp_path: Path) -> None:
    """The suites the fixtures carry are real: they pass on the trees before the split."""
    for case in sorted(p for p in CASES.iterdir() if p.is_dir()):
        tree = tmp_path / case.name
        shutil.copytree(case / "before", tree)
        suite = _run_suite(tree)
        assert suite.returncode == 0, (case.name, suite.stdout[-2000:])
