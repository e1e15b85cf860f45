"""A real pre-commit round trip: a scratch repository using this repository's hooks.

The hooks come from our `.pre-commit-hooks.yaml`. Installing them remote-style (`repo: <this
repo>`) makes pre-commit build a virtualenv and pip-install refactorkit with its dependencies,
which needs the package index; tests have no network, so the round trip runs the same hook
definitions as `repo: local` hooks with `language: system`, calling the refactorkit of this
interpreter. The remote-style install is tried only when REFACTORKIT_TEST_PRECOMMIT_REMOTE=1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]

from tests.functional.rk_run import write

REPO = Path(__file__).resolve().parents[2]
MANIFEST = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
PRE_COMMIT = shutil.which("pre-commit")

pytestmark = pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed")

LAUNCHER = """\
import sys
sys.path.insert(0, {repo!r})
import tests.functional.rk_run  # registers the commands
from refactorkit.cli import main
sys.exit(main(sys.argv[1:]))
"""


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def local_hooks(launcher: Path) -> dict[str, Any]:
    """Our manifest's hooks as `repo: local` system hooks running this interpreter."""
    hooks = []
    for hook in MANIFEST:
        command = hook["entry"].removeprefix("refactorkit ")
        local = {k: v for k, v in hook.items() if k not in {"language", "entry", "description"}}
        local["language"] = "system"
        local["entry"] = f"{sys.executable} {launcher} {command}"
        hooks.append(local)
    return {"repos": [{"repo": "local", "hooks": hooks}]}


def run_hooks(root: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    git(root, "add", "-A")
    assert PRE_COMMIT is not None
    return subprocess.run(
        [PRE_COMMIT, "run", "--all-files", "--color", "never"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def scratch(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    root = tmp_path / "scratch"
    root.mkdir()
    git(root, "init", "-q")
    write(root, "pyproject.toml", "[tool.refactorkit.check]\nmax_file_lines = 10\n")
    write(root, "app/__init__.py", "")
    write(root, "app/a.py", "X = 1\n")
    launcher = tmp_path / "rk.py"
    launcher.write_text(LAUNCHER.format(repo=str(REPO)), encoding="utf-8")
    write(root, ".pre-commit-config.yaml", yaml.safe_dump(local_hooks(launcher)))
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),  # refactorkit's analysis cache
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    return root, env


def test_manifest_declares_both_hooks() -> None:
    hooks = {hook["id"]: hook for hook in MANIFEST}
    assert hooks["refactorkit-check"]["entry"] == "refactorkit check"
    assert hooks["refactorkit-check"].get("pass_filenames", True) is True
    assert hooks["refactorkit-cycles"]["pass_filenames"] is False
    assert "RK106" in hooks["refactorkit-cycles"]["entry"]
    for hook in MANIFEST:
        assert hook["language"] == "python" and hook["types"] == ["python"]


def test_round_trip_fails_on_a_violation_and_passes_after_the_fix(
    scratch: tuple[Path, dict[str, str]],
) -> None:
    root, env = scratch
    assert run_hooks(root, env).returncode == 0

    write(root, "app/big.py", "X = 1\n" * 12)
    failed = run_hooks(root, env)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "app/big.py:1:1: RK101 file has too many lines (12 > 10)" in failed.stdout

    write(root, "app/big.py", "X = 1\n" * 10)
    fixed = run_hooks(root, env)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr


def test_cycles_hook_sees_the_whole_graph(scratch: tuple[Path, dict[str, str]]) -> None:
    root, env = scratch
    write(root, "app/a.py", "from app import b\n")
    write(root, "app/b.py", "from app import a\n")
    failed = run_hooks(root, env)
    assert failed.returncode == 1
    assert "RK106 import cycle of 2 modules" in failed.stdout
    write(root, "app/b.py", "X = 1\n")
    assert run_hooks(root, env).returncode == 0


@pytest.mark.skipif(
    os.environ.get("REFACTORKIT_TEST_PRECOMMIT_REMOTE") != "1",
    reason="remote-style install pip-installs refactorkit's dependencies (needs the package "
    "index); set REFACTORKIT_TEST_PRECOMMIT_REMOTE=1 to run it",
)
def test_remote_style_install(scratch: tuple[Path, dict[str, str]]) -> None:
    root, env = scratch
    sha = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()
    config = {
        "repos": [
            {
                "repo": str(REPO),
                "rev": sha,
                "hooks": [{"id": "refactorkit-check"}, {"id": "refactorkit-cycles"}],
            }
        ]
    }
    write(root, ".pre-commit-config.yaml", yaml.safe_dump(config))
    write(root, "app/big.py", "X = 1\n" * 12)
    failed = run_hooks(root, env)
    assert failed.returncode == 1 and "RK101" in failed.stdout
    write(root, "app/big.py", "X = 1\n")
    assert run_hooks(root, env).returncode == 0
