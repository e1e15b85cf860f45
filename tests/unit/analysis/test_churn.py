"""Git churn: parsing `git log` output, and one real repository with back-dated commits."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from refactorkit.analysis.churn import PendingChurn, git_churn, parse_log

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def test_parse_log_counts_commits_per_file() -> None:
    output = "\x00\n\na.py\nb.py\n\x00\n\na.py\n\x00\n\x00\n\nsub/c.py\nsub/c.py\n"
    counts, commits = parse_log(output)
    assert counts == {"a.py": 2, "b.py": 1, "sub/c.py": 1}
    assert commits == 4  # one commit touched no file (e.g. --allow-empty)


def test_parse_log_of_nothing() -> None:
    assert parse_log("") == ({}, 0)


def _git(repo: Path, *args: str, days_ago: int = 0) -> None:
    stamp = f"{int(time.time()) - days_ago * 86400} +0000"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _commit(repo: Path, files: dict[str, str], days_ago: int) -> None:
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        _git(repo, "add", name)
    _git(repo, "commit", "-q", "-m", "change", days_ago=days_ago)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    _git(tmp_path, "init", "-q")
    _commit(tmp_path, {"old.py": "1", "app/core.py": "1"}, days_ago=200)
    _commit(tmp_path, {"app/core.py": "2", "app/views.py": "1"}, days_ago=30)
    _commit(tmp_path, {"app/core.py": "3", "README": "x"}, days_ago=2)
    return tmp_path


@needs_git
def test_commits_in_the_window(repo: Path) -> None:
    churn = git_churn(repo, 90)
    assert churn is not None
    assert dict(churn.commits) == {"app/core.py": 2, "app/views.py": 1, "README": 1}
    assert churn.total_commits == 2
    assert churn.of("old.py") == 0


@needs_git
def test_a_wider_window_sees_older_commits(repo: Path) -> None:
    churn = git_churn(repo, 365)
    assert churn is not None
    assert churn.of("app/core.py") == 3
    assert churn.of("old.py") == 1


@needs_git
def test_paths_are_relative_to_the_analyzed_folder(repo: Path) -> None:
    churn = git_churn(repo / "app", 90)
    assert churn is not None
    assert dict(churn.commits) == {"core.py": 2, "views.py": 1}


@needs_git
def test_not_a_repository(tmp_path: Path) -> None:
    # GIT_CEILING_DIRECTORIES is not needed: pytest's tmp_path is outside any work tree.
    assert git_churn(tmp_path, 90) is None


def test_zero_days_means_no_churn(tmp_path: Path) -> None:
    assert git_churn(tmp_path, 0) is None


@needs_git
def test_pending_churn_runs_in_the_background(repo: Path) -> None:
    pending = PendingChurn(repo, 90)
    (repo / "scratch.txt").write_text("work happens meanwhile")
    churn = pending.result()
    assert churn is not None
    assert churn.of("app/core.py") == 2
    assert pending.result() is churn  # asked again (the memo key, then the report): the same


@needs_git
def test_closing_a_pending_churn_stops_git(repo: Path) -> None:
    pending = PendingChurn(repo, 90)
    pending.close()
    pending.close()  # twice is fine
    assert pending.result() is None


@needs_git
def test_run_analysis_reports_churn(repo: Path) -> None:
    from refactorkit.analysis.engine import AnalyzeOptions, run_analysis
    from refactorkit.config import Config

    report = run_analysis(repo, Config(project_root=repo), AnalyzeOptions(use_cache=False))
    assert report.churn is not None
    assert {f.source.relpath: report.churn.of(f.source.relpath) for f in report.files} == {
        "app/core.py": 2,
        "app/views.py": 1,
        "old.py": 0,
    }
    module_rows = {h.relpath: h.churn for h in report.hotspots if h.kind == "module"}
    assert module_rows == {"app/core.py": 2, "app/views.py": 1, "old.py": 0}
