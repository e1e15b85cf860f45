"""`refactorkit compare` on a scratch git repository with two commits."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.functional.rk_run import nested_ifs, rk, write


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def god_class(name: str, methods: int) -> str:
    body = "".join(f"    def m{i}(self):\n        return {i}\n\n" for i in range(methods))
    return f"class {name}:\n{body}"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    # commit 1: one monolith of 600+ lines with a 22-method class and a complex function
    monolith = god_class("Orders", 22) + "\n" + nested_ifs("route", 12) + "\nX = 1\n" * 500
    write(root, "app/__init__.py", "")
    write(root, "app/models.py", monolith)
    write(root, "app/util.py", "from app import models\n")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "monolith")
    # commit 2: split into two modules, the class halved, the function simplified
    (root / "app/models.py").unlink()
    write(root, "app/models/__init__.py", "from app.models.orders import Orders\n")
    write(root, "app/models/orders.py", god_class("Orders", 11))
    write(root, "app/models/routes.py", nested_ifs("route", 4))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "split")
    return root


def compare(root: Path, *args: str) -> tuple[int, str, str]:
    run = rk("compare", *args, "--no-cache", cwd=root)
    return run.code, run.out, run.err


def test_json_before_and_after(repo: Path) -> None:
    code, out, _ = compare(repo, "HEAD~1", "HEAD", "--format", "json")
    assert code == 0
    metrics = json.loads(out)["metrics"]
    assert (metrics["modules"]["before"], metrics["modules"]["after"]) == (3, 5)
    assert metrics["files_over_limit"]["before"] == 1 and metrics["files_over_limit"]["after"] == 0
    assert metrics["files_over_limit"]["verdict"] == "better"
    assert (metrics["max_complexity"]["before"], metrics["max_complexity"]["after"]) == (13, 5)
    assert metrics["complex_functions"]["delta"] == -1
    assert (metrics["max_methods"]["before"], metrics["max_methods"]["after"]) == (22, 11)
    assert metrics["god_classes"]["verdict"] == "better"
    assert metrics["modules"]["verdict"] == "changed"  # neither better nor worse by itself
    assert json.dumps(metrics["modules"]).count(".0") == 0  # counts are JSON integers
    largest = json.loads(out)["largest_files"]
    assert largest[0]["path"] == "app/models.py" and largest[0]["after"] is None


def test_markdown_table(repo: Path) -> None:
    code, out, _ = compare(repo, "HEAD~1", "HEAD", "--format", "markdown")
    assert code == 0
    assert "| Metric | HEAD~1 | HEAD | Δ |" in out
    assert "| Files over the size limit | 1 | 0 | -1 ✅ |" in out
    assert "| `app/models.py` |" in out and "| removed |" in out


def test_working_tree_is_the_default_head_and_is_left_alone(repo: Path) -> None:
    write(repo, "app/models/extra.py", "x = 1\n" * 700)  # untracked, over the limit
    status = git(repo, "status", "--porcelain")
    code, out, _ = compare(repo)
    assert code == 0
    assert out.startswith("refactorkit compare: HEAD -> working tree\n")
    files_over = next(line for line in out.splitlines() if line.startswith("Files over"))
    assert files_over.split()[-4:] == ["0", "1", "+1", "(worse)"]
    assert git(repo, "status", "--porcelain") == status
    assert git(repo, "worktree", "list").count("\n") == 1


def test_bad_revision_is_a_clear_error(repo: Path) -> None:
    code, _, err = compare(repo, "no-such-rev")
    assert code == 2
    assert "refactorkit: error: 'no-such-rev' is not a commit of the repository at " in err


def test_outside_a_git_repository(tmp_path: Path) -> None:
    code, _, err = compare(tmp_path)
    assert code == 2 and "not a git repository" in err.lower()


def test_project_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    root = tmp_path / "mono"
    root.mkdir()
    git(root, "init", "-q")
    write(root, "other/huge.py", "X = 1\n" * 900)  # outside the project: never counted
    write(root, "svc/pyproject.toml", "[tool.refactorkit]\n")
    write(root, "svc/pkg/__init__.py", "")
    write(root, "svc/pkg/core.py", "X = 1\n" * 40)
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "one")
    write(root, "svc/pkg/core.py", "X = 1\n" * 30)
    git(root, "commit", "-q", "-am", "two")
    run = rk(
        "compare", "HEAD~1", "HEAD", "--format", "json", "--path", "svc", "--no-cache", cwd=root
    )
    assert run.code == 0, run.err
    document = json.loads(run.out)
    assert document["metrics"]["largest_file"]["before"] == 40
    assert document["metrics"]["largest_file"]["after"] == 30
    assert [f["path"] for f in document["largest_files"]] == ["pkg/core.py", "pkg/__init__.py"]


def test_export_ignored_and_unchanged_files_count_on_both_sides(tmp_path: Path) -> None:
    root = tmp_path / "attrs"
    root.mkdir()
    git(root, "init", "-q")
    write(root, ".gitattributes", "legacy/ export-ignore\n")  # `git archive` would drop it
    write(root, "app/__init__.py", "")
    write(root, "legacy/__init__.py", "")
    write(root, "legacy/old.py", "X = 1\n" * 700)
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "one")
    index = (root / ".git" / "index").read_bytes()
    run = rk("compare", "--format", "json", "--no-cache", cwd=root)
    assert run.code == 0, run.err
    metrics = json.loads(run.out)["metrics"]
    assert (metrics["modules"]["before"], metrics["modules"]["after"]) == (3, 3)
    assert metrics["files_over_limit"]["before"] == 1
    assert (root / ".git" / "index").read_bytes() == index  # the user's index is untouched


def test_fail_on_worse_gates_a_change_that_makes_things_worse(repo: Path) -> None:
    # HEAD~1 -> HEAD improved everything: exit 0 even with --fail-on-worse.
    assert compare(repo, "HEAD~1", "HEAD", "--fail-on-worse")[0] == 0
    # Backwards (HEAD -> HEAD~1) is worse: exit 1, stderr names what got worse.
    code, out, err = compare(repo, "HEAD", "HEAD~1", "--fail-on-worse")
    assert code == 1 and "| Metric" not in err and out
    assert "metric(s) got worse:" in err and "largest file" in err.lower()
    assert compare(repo, "HEAD", "HEAD~1")[0] == 0  # a report by default
    assert compare(repo, "HEAD", "HEAD~1", "--fail-on-worse", "--exit-zero")[0] == 0
