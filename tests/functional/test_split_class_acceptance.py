"""Issue 12 acceptance: split-class on the sample's largest class (Order, resale/models.py),
then the sample's own suite passes and every class has at most 20 methods.

Twice: on the sample as it is (the methods call helpers of the monolith, so it takes
--allow-lazy-import), and after `split` made the monolith a package (then no lazy import is
needed and no finding of any code appears).
"""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

from tests.functional import sample_suite
from tests.functional.rk_run import rk
from tests.functional.test_split_acceptance import SAMPLE, findings, git, keyed

LIMIT = 20


def _sample(tmp_path: Path) -> Path:
    root = tmp_path / "app"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("__pycache__"))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "sample")
    return root


def _suite(root: Path) -> subprocess.CompletedProcess[str]:
    return sample_suite.run(root)


def _methods(path: Path) -> dict[str, int]:
    """Class name -> number of methods, for each top-level class of `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name: sum(isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef) for s in node.body)
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    }


def _created(run_out: str) -> list[str]:
    return [line.split()[1] for line in run_out.splitlines() if line.startswith("  create ")]


def test_split_class_on_the_largest_class_keeps_the_suite_green(tmp_path: Path) -> None:
    root = _sample(tmp_path)
    before = _methods(root / "resale" / "models.py")["Order"]
    run = rk(
        "split-class", "resale.models:Order", "--auto", "--allow-lazy-import", "--apply", cwd=root
    )
    assert run.code == 0, run.out + run.err
    parts = _created(run.out)
    assert parts, run.out
    counts = [n for p in parts for n in _methods(root / p).values()]
    after = _methods(root / "resale" / "models.py")["Order"]
    assert after < before
    assert max([after, *counts]) <= LIMIT
    assert sum(counts) + after == before
    suite = _suite(root)
    assert suite.returncode == 0, suite.stdout[-3000:]


def test_after_split_no_lazy_import_and_no_new_finding(tmp_path: Path) -> None:
    root = _sample(tmp_path)
    assert rk("split", "resale/models.py", "--auto", "--apply", cwd=root).code == 0
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "split")
    before = findings(root)
    run = rk("split-class", "resale.models.transactions:Order", "--auto", "--apply", cwd=root)
    assert run.code == 0, run.out + run.err
    assert _created(run.out), run.out
    for path in _created(run.out):
        assert "import resale.models.transactions" not in (root / path).read_text()
        assert max(_methods(root / path).values()) <= LIMIT
    new = keyed(findings(root)) - keyed(before)
    assert not new, new
    suite = _suite(root)
    assert suite.returncode == 0, suite.stdout[-3000:]
