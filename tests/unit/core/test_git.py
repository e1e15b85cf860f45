"""`may_be_in_git`: a tree outside git is told apart without running git, never wrongly."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from refactorkit.analysis.churn import PendingChurn
from refactorkit.git import may_be_in_git
from refactorkit.workspace import discover


@pytest.fixture(autouse=True)
def no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GIT_DIR", raising=False)
    monkeypatch.delenv("GIT_WORK_TREE", raising=False)


def outside_git(tmp_path: Path) -> Path:
    if any((folder / ".git").exists() for folder in (tmp_path, *tmp_path.parents)):
        pytest.skip("the temporary folder is inside a git work tree here")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("x = 1\n", encoding="utf-8")
    return tmp_path


def test_a_tree_outside_git_runs_no_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = outside_git(tmp_path)
    assert not may_be_in_git(root / "pkg")
    runs: list[object] = []
    monkeypatch.setattr(subprocess.Popen, "__init__", lambda *a, **k: runs.append(a))
    assert [f.relpath for f in discover(root).files] == ["pkg/a.py"]
    assert PendingChurn(root, 90).result() is None
    assert runs == []


def test_a_git_folder_or_file_above_or_the_environment_says_maybe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = outside_git(tmp_path)
    (root / ".git").write_text("gitdir: /elsewhere\n", encoding="utf-8")  # a worktree's file
    assert may_be_in_git(root / "pkg")
    (root / ".git").unlink()
    assert not may_be_in_git(root / "pkg")
    monkeypatch.setenv("GIT_DIR", str(root / "repo.git"))
    assert may_be_in_git(root / "pkg")


def test_a_real_repository_is_still_listed_by_git(tmp_path: Path) -> None:
    root = outside_git(tmp_path)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    (root / "build").mkdir()
    (root / "build" / "out.py").write_text("", encoding="utf-8")
    (root / ".gitignore").write_text("ignored.py\n", encoding="utf-8")
    (root / "pkg" / "ignored.py").write_text("", encoding="utf-8")
    assert may_be_in_git(root)
    assert [f.relpath for f in discover(root).files] == ["pkg/a.py"]
