"""`refactorkit move` / `move-symbol` on a copy of the sample project, whose own tests must pass."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from refactorkit.cli import cli
from refactorkit.cli.move import move_command, move_symbol_command
from refactorkit.testing import snapshot_tree
from tests.functional.rk_run import rk

for command in (move_command, move_symbol_command):  # idempotent; the lead wires them in main
    cli.add_command(command)

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "inventory_app"
GIT = ["git", "-c", "user.email=t@t", "-c", "user.name=t"]
IGNORED = {".git", ".refactorkit", "__pycache__", ".pytest_cache"}


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A committed git copy of the sample project."""
    root = tmp_path / "inventory_app"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=root, check=True)
    subprocess.run([*GIT, "commit", "-qm", "base"], cwd=root, check=True)
    return root


def commit(root: Path) -> None:
    subprocess.run([*GIT, "add", "-A"], cwd=root, check=True)
    subprocess.run([*GIT, "commit", "-qm", "step"], cwd=root, check=True)


@pytest.mark.skipif(not (SAMPLE / "resale/domains/products").is_dir(), reason="sample not there")
def test_rename_package_and_move_module_keep_the_sample_green(sample: Path) -> None:
    before = snapshot_tree(sample, IGNORED)
    dry = rk("move", "resale.domains.products", "resale.domains.catalog", cwd=sample)
    assert dry.code == 1, dry.err
    assert "rename to resale/domains/catalog/queries.py" in dry.out
    assert snapshot_tree(sample, IGNORED) == before  # a dry run writes nothing

    done = rk("move", "resale/domains/products", "resale/domains/catalog", "--apply", cwd=sample)
    assert done.code == 0, done.out + done.err
    assert not (sample / "resale/domains/products").exists()
    commit(sample)
    moved = rk("move", "resale.services.reports", "resale.reporting.reports", "--apply", cwd=sample)
    assert moved.code == 0, moved.out + moved.err
    assert (sample / "resale/reporting/__init__.py").is_file()  # the new parent package
    old = r"resale\.(domains\.products|services\.reports)"
    leftovers = subprocess.run(  # docstrings and the README may still mention the old names
        ["git", "grep", "-n", "-E", rf"(from|import) {old}|[\"']{old}", "--", "*.py", "*.toml"],
        cwd=sample,
        capture_output=True,
        text=True,
        check=False,
    )
    assert leftovers.stdout == ""
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"],
        cwd=sample,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert tests.returncode == 0, tests.stdout[-3000:]

    assert rk("undo", cwd=sample).code == 0
    subprocess.run([*GIT, "reset", "-q", "--soft", "HEAD~1"], cwd=sample, check=True)
    assert rk("undo", cwd=sample).code == 0
    assert snapshot_tree(sample, IGNORED) == before


def test_second_run_is_a_no_op(sample: Path) -> None:
    first = rk(
        "move", "resale.services.reports", "resale.services.reporting", "--apply", cwd=sample
    )
    assert first.code == 0, first.out + first.err
    again = rk("move", "resale.services.reports", "resale.services.reporting", cwd=sample)
    assert again.code == 0
    assert "already at resale.services.reporting" in again.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("resale.nothing", "resale.other"), "resale.nothing: no such module"),
        (("resale.services", "resale.services.inner"), "is inside resale.services"),
        (("resale.services.reports", "resale.services.pricing"), "already exists"),
        (("resale.services.reports", "resale.2x"), "is not a dotted module name"),
        (("resale.services.reports", "/tmp/elsewhere/reports.py"), "outside the project"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(
    sample: Path, args: tuple[str, str], message: str
) -> None:
    before = snapshot_tree(sample, IGNORED)
    result = rk("move", *args, "--apply", cwd=sample)
    assert result.code == 2
    assert message in result.err
    assert snapshot_tree(sample, IGNORED) == before


def test_unparsable_file_refuses_the_move(sample: Path) -> None:
    (sample / "resale/broken.py").write_text("from resale.services import reports\nif:\n")
    commit(sample)
    refused = rk("move", "resale.services.reports", "resale.services.reporting", cwd=sample)
    assert refused.code == 2
    assert "resale/broken.py" in refused.err and "--skip-unparsable" in refused.err
    skipped = rk(
        "move",
        "resale.services.reports",
        "resale.services.reporting",
        "--skip-unparsable",
        cwd=sample,
    )
    assert skipped.code == 1
    assert "resale/broken.py: not rewritten" in skipped.out


def test_run_from_a_subfolder_searches_the_whole_project(sample: Path) -> None:
    result = rk(
        "move", "resale.services.reports", "resale.services.reporting", cwd=sample / "tests"
    )
    assert result.code == 1, result.err
    assert "tests/test_services.py" in result.out


@pytest.mark.skipif(
    not (SAMPLE / "resale/services/pricing.py").is_file(), reason="sample not there"
)
def test_move_symbol_keeps_the_sample_green(sample: Path) -> None:
    before = snapshot_tree(sample, IGNORED)
    done = rk(
        "move-symbol",
        "resale.services.pricing:margin_for",
        "resale.services.margins",
        "--apply",
        cwd=sample,
    )
    assert done.code == 0, done.out + done.err
    assert "def margin_for(" in (sample / "resale/services/margins.py").read_text()
    assert "def margin_for(" not in (sample / "resale/services/pricing.py").read_text()
    tests = subprocess.run(
        # The tests of the services package (the whole suite runs in the rename test above).
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-x",
            "-p",
            "no:cacheprovider",
            "tests/test_services.py",
        ],
        cwd=sample,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert tests.returncode == 0, tests.stdout[-3000:]
    assert rk("undo", cwd=sample).code == 0
    assert snapshot_tree(sample, IGNORED) == before
