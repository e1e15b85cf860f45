"""Acceptance on the sample monolith: plan, split, its own tests, rewrite + shim, undo."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from refactorkit.cli import cli
from refactorkit.cli.split import plan_group, split_command
from refactorkit.codemods.split.plan_file import read_plan
from refactorkit.testing import snapshot_tree
from tests.functional.rk_run import rk

for command in (plan_group, split_command):
    cli.add_command(command)

SAMPLE = Path(__file__).parents[2] / "fixtures" / "inventory_app"
DOMAINS = ["catalog", "inventory", "transactions", "pricing", "suppliers", "system"]


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


@pytest.fixture()
def sample(tmp_path: Path) -> Path:
    root = tmp_path / "inventory_app"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "sample")
    return root


def own_tests(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )


def python(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=root, capture_output=True, text=True)


def test_plan_proposes_six_domains_plus_base(sample: Path) -> None:
    run = rk("plan", "split", "resale/models.py", "-o", "plan.toml", cwd=sample)
    assert run.code == 0, run.err
    rows = [line.split()[0] for line in run.out.splitlines()[1:] if line and not line[0].isspace()]
    assert rows[:7] == ["base", *DOMAINS]
    module, plan = read_plan(sample / "plan.toml")
    assert module == "resale/models.py"
    groups = plan.group_of_name()
    assert [g.name for g in plan.groups] == ["base", *DOMAINS]
    assert {groups[n] for n in ("Base", "TimestampMixin", "register_auditable")} == {"base"}
    assert {groups[n] for n in ("Brand", "Product", "Category", "Size")} == {"catalog"}
    assert groups["AuditLog"] == groups["ImportBatch"] == "system"


def test_split_apply_tests_pass_then_undo(sample: Path) -> None:
    before = snapshot_tree(sample)
    assert rk("plan", "split", "resale/models.py", "-o", "plan.toml", cwd=sample).code == 0
    run = rk(
        "split", "resale/models.py", "--plan", "plan.toml", "--apply", "--no-color", cwd=sample
    )
    assert run.code == 0, run.out + run.err
    package = sample / "resale" / "models"
    assert sorted(p.stem for p in package.glob("*.py")) == sorted(["__init__", "base", *DOMAINS])
    assert not (sample / "resale" / "models.py").exists()
    result = own_tests(sample)
    assert result.returncode == 0, result.stdout[-3000:]

    again = rk("split", "resale/models.py", "--auto", cwd=sample)
    assert again.code == 0
    assert "nothing to do" in again.out

    assert rk("undo", cwd=sample).code == 0
    after_undo = snapshot_tree(sample)
    after_undo.pop("plan.toml")
    assert after_undo == before


def test_rewrite_imports_and_shim(sample: Path) -> None:
    before = snapshot_tree(sample)
    run = rk(
        "split", "resale/models.py", "--auto", "--rewrite-imports", "--shim", "--apply", cwd=sample
    )
    assert run.code == 0, run.out + run.err
    assert '"resale.models.Brand".msg = "moved: use resale.models.catalog.Brand"' in run.out
    assert "from resale.models.catalog import Brand, Product" in (
        sample / "tests" / "test_models.py"
    ).read_text(encoding="utf-8")
    result = own_tests(sample)
    assert result.returncode == 0, result.stdout[-3000:]

    old = python(sample, "-W", "error::DeprecationWarning", "-c", "from resale.models import Brand")
    assert old.returncode != 0
    assert "use 'from resale.models.catalog import Brand'" in old.stderr
    new = python(
        sample, "-W", "error::DeprecationWarning", "-c", "from resale.models.catalog import Brand"
    )
    assert new.returncode == 0, new.stderr

    assert rk("undo", cwd=sample).code == 0
    assert snapshot_tree(sample) == before
