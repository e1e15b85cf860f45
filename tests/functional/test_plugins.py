"""Plugins through real entry points: the example plugin installed, and a broken one skipped."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plugin"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plugin pip-installed into a folder of its own (no network: no deps, no
    build isolation), plus a distribution whose entry points are broken."""
    target = tmp_path_factory.mktemp("site")
    # Built from a copy: setuptools writes egg-info next to the sources, and one left in
    # examples/plugin/src would register the plugin for every later test.
    source = tmp_path_factory.mktemp("build") / "plugin"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns("*.egg-info", "build"))
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
         "--no-index", "--target", str(target), str(source)],
        check=True, cwd=source, capture_output=True,
    )  # fmt: skip
    broken = target / "broken_plugin-1.0.dist-info"
    broken.mkdir()
    (broken / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 1.0\n")
    (broken / "entry_points.txt").write_text(
        "[refactorkit.rules]\nmissing = broken_plugin_missing.rules:Rule\n"
        "[refactorkit.formats]\nnot-a-format = os:path\n"
        "[refactorkit.codemods]\nnot-a-codemod = os:path\n"
    )
    return target


def refactorkit(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "refactorkit", *args],
        cwd=cwd, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.refactorkit.limits]\nmax_module_functions = 2\n", encoding="utf-8"
    )
    body = "".join(f"def f{i}():\n    return {i}\n\n\n" for i in range(3))
    (tmp_path / "utils.py").write_text(body, encoding="utf-8")
    return tmp_path


def test_the_plugin_rule_is_listed_documented_and_run(site: Path, project: Path) -> None:
    listed = refactorkit(site, project, "rule")
    assert "XMP101  too-many-functions" in listed.stdout
    page = refactorkit(site, project, "rule", "XMP101")
    assert "Source: plugin (refactorkit_example.rules)" in page.stdout
    checked = refactorkit(site, project, "check", "--no-cache")
    assert checked.returncode == 1
    assert "utils.py:1:1: XMP101 module has too many top-level functions (3 > 2)" in checked.stdout


def test_a_broken_plugin_is_one_line_and_the_rest_runs(site: Path, project: Path) -> None:
    checked = refactorkit(site, project, "check", "--no-cache")
    problems = [line for line in checked.stderr.splitlines() if "plugin" in line]
    assert problems == [
        "refactorkit: plugin 'missing' (broken_plugin_missing.rules:Rule, refactorkit.rules) "
        "skipped: ModuleNotFoundError: No module named 'broken_plugin_missing'"
    ]
    assert "Traceback" not in checked.stderr


def test_the_plugin_format(site: Path, project: Path) -> None:
    done = refactorkit(site, project, "analyze", "--no-cache", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "code,rule,path,line,value,limit,fix"
    assert "XMP101,too-many-functions,utils.py,1,3,2," in done.stdout
    bad = refactorkit(site, project, "analyze", "--format", "nope")
    assert bad.returncode == 2
    assert "'nope' is not a format (known: text, json, markdown, html, csv)" in bad.stderr
    assert "plugin 'not-a-format' (os:path, refactorkit.formats) skipped" in bad.stderr


def test_the_plugin_codemod_is_a_command_through_the_runner(site: Path, project: Path) -> None:
    listed = refactorkit(site, project, "--help")
    assert "xmp-empty-literals  Replace dict() and list() with {} and []." in listed.stdout
    assert "plugin 'not-a-codemod' (os:path, refactorkit.codemods) skipped" in listed.stderr
    helped = refactorkit(site, project, "xmp-empty-literals", "--help")
    assert "--only-dict" in helped.stdout and "--apply" in helped.stdout
    code = project / "pkg" / "shapes.py"
    code.parent.mkdir()
    code.write_text("a = dict()\nb = list()\n", encoding="utf-8")
    (project / "other.py").write_text("c = dict()\n", encoding="utf-8")
    dry = refactorkit(site, project, "xmp-empty-literals", "pkg", "--only-dict")
    assert dry.returncode == 1, dry.stderr
    assert "-a = dict()\n+a = {}" in dry.stdout and "other.py" not in dry.stdout
    assert code.read_text() == "a = dict()\nb = list()\n"  # a dry run writes nothing
    done = refactorkit(site, project, "xmp-empty-literals", "--apply", "--allow-dirty")
    assert done.returncode == 0, done.stderr
    assert code.read_text() == "a = {}\nb = []\n"
    assert (project / "other.py").read_text() == "c = {}\n"
    again = refactorkit(site, project, "xmp-empty-literals")
    assert again.returncode == 0, again.stdout  # idempotent: nothing left to do
    undone = refactorkit(site, project, "undo")
    assert undone.returncode == 0, undone.stderr
    assert code.read_text() == "a = dict()\nb = list()\n"


def test_the_plugins_own_tests_pass(site: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(EXAMPLE / "tests")],
        capture_output=True, text=True, check=False, cwd=EXAMPLE,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
