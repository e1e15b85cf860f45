"""`--apply --commit`: one commit of exactly the changed files, summary and metrics table in it."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

import pytest

from refactorkit.changes.commit import subject_line
from refactorkit.cli import cli
from refactorkit.cli.move import move_command, move_symbol_command
from refactorkit.cli.split import split_command
from tests.functional.rk_run import rk, write

for command in (move_command, move_symbol_command, split_command):  # idempotent
    cli.add_command(command)

TABLE_HEADER = "| Metric | HEAD | working tree | Δ |"


@pytest.fixture(autouse=True)
def git_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A known author, and no user or system git config (the failure test removes the author)."""
    for key in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{key}_NAME", "t")
        monkeypatch.setenv(f"GIT_{key}_EMAIL", "t@t")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("HOME", str(tmp_path_factory.mktemp("home")))  # outside the repos
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


def project(tmp_path: Path, *, init: bool = True) -> Path:
    """pkg/a.py defines f, main.py imports it; committed when `init`."""
    root = tmp_path / "proj"
    write(root, "pyproject.toml", "[project]\nname = 'proj'\n")
    write(root, "pkg/__init__.py", "")
    write(root, "pkg/a.py", "def f():\n    return 1\n\n\ndef g():\n    return f()\n")
    write(root, "main.py", "from pkg.a import f\n\nprint(f())\n")
    write(root, "notes.txt", "notes\n")
    write(root, "other.txt", "other\n")
    if init:
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-qm", "base")
    return root


def porcelain(root: Path) -> set[str]:
    return set(git(root, "status", "--porcelain", "--untracked-files=all").splitlines())


def test_move_commits_only_the_changed_files_with_summary_and_table(tmp_path: Path) -> None:
    root = project(tmp_path)
    base = git(root, "rev-parse", "HEAD").strip()
    write(root, "notes.txt", "notes, edited\n")  # dirty, unstaged: must stay so
    write(root, "other.txt", "other, staged\n")
    git(root, "add", "other.txt")  # staged by the user: stays staged, not committed
    write(root, "scratch.py", "x = 1\n")  # untracked: stays untracked

    run = rk("move", "pkg.a", "pkg.b", "--apply", "--commit", "--allow-dirty", cwd=root)

    assert run.code == 0, run.out + run.err
    assert "committed " in run.out
    assert git(root, "rev-parse", "HEAD^").strip() == base  # exactly one new commit
    changed = git(root, "show", "--name-status", "--format=", "-M", "HEAD").splitlines()
    assert sorted(changed) == ["M\tmain.py", "R100\tpkg/a.py\tpkg/b.py"]
    message = git(root, "log", "-1", "--format=%B")
    lines = message.splitlines()
    assert lines[0] == "refactorkit: move pkg.a -> pkg.b"
    assert lines[1] == ""
    assert "  move   pkg/a.py -> pkg/b.py" in lines  # the runner's summary
    assert "  change main.py" in lines
    assert "### Refactoring metrics: `HEAD` → `working tree`" in lines  # kept, not a comment
    assert TABLE_HEADER in lines
    # The "after" side is the working tree, so the user's untracked scratch.py counts too.
    assert "| Python modules | 3 | 4 | +1 |" in lines
    assert "| Lines | 9 | 10 | +1 |" in lines
    assert "| `pkg/a.py` | 6 | - | removed |" in lines
    assert "| `pkg/b.py` | - | 6 | new |" in lines
    assert porcelain(root) == {" M notes.txt", "M  other.txt", "?? scratch.py"}
    assert (root / "main.py").read_text() == "from pkg.b import f\n\nprint(f())\n"


def test_move_symbol_commits_the_created_module(tmp_path: Path) -> None:
    root = project(tmp_path)

    run = rk("move-symbol", "pkg.a:f", "pkg.util", "--apply", "--commit", cwd=root)

    assert run.code == 0, run.out + run.err
    changed = git(root, "show", "--name-status", "--format=", "HEAD").splitlines()
    assert sorted(changed) == ["A\tpkg/util.py", "M\tmain.py", "M\tpkg/a.py"]
    assert git(root, "log", "-1", "--format=%s").strip().startswith("refactorkit: ")
    assert porcelain(root) == set()


def test_split_commits_the_removed_module_and_the_new_package(tmp_path: Path) -> None:
    root = project(tmp_path)

    run = rk("split", "pkg/a.py", "--auto", "--apply", "--commit", cwd=root)

    assert run.code == 0, run.out + run.err
    changed = git(root, "show", "--name-status", "--format=", "--no-renames", "HEAD")
    assert "D\tpkg/a.py" in changed.splitlines()
    assert "A\tpkg/a/__init__.py" in changed.splitlines()
    assert TABLE_HEADER in git(root, "log", "-1", "--format=%B").splitlines()
    assert porcelain(root) == set()


def test_project_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    root = project(tmp_path, init=False)
    write(tmp_path, "README.md", "top\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")

    run = rk("move", "pkg.a", "pkg.b", "--apply", "--commit", cwd=root)

    assert run.code == 0, run.out + run.err
    changed = git(tmp_path, "show", "--name-status", "--format=", "-M", "HEAD").splitlines()
    assert sorted(changed) == ["M\tproj/main.py", "R100\tproj/pkg/a.py\tproj/pkg/b.py"]
    assert "| `pkg/b.py` | - | 6 | new |" in git(root, "log", "-1", "--format=%B").splitlines()
    assert porcelain(tmp_path) == set()


@pytest.mark.parametrize(("verify", "code", "commits"), [("true", 0, 2), ("false", 1, 1)])
def test_commit_only_after_verify_passes(
    tmp_path: Path, verify: str, code: int, commits: int
) -> None:
    root = project(tmp_path)

    run = rk("move", "pkg.a", "pkg.b", "--apply", "--verify", verify, "--commit", cwd=root)

    assert run.code == code, run.out + run.err
    assert git(root, "rev-list", "--count", "HEAD").strip() == str(commits)
    assert porcelain(root) == set()
    assert (root / "pkg/b.py").is_file() == (code == 0)


def test_commit_without_apply_is_a_usage_error(tmp_path: Path) -> None:
    root = project(tmp_path)
    head = git(root, "rev-parse", "HEAD")

    run = rk("move", "pkg.a", "pkg.b", "--commit", cwd=root)

    assert run.code == 2
    assert "--commit needs --apply" in run.err
    assert git(root, "rev-parse", "HEAD") == head
    assert porcelain(root) == set()


def test_commit_outside_git_refuses_before_writing(tmp_path: Path) -> None:
    root = project(tmp_path, init=False)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}

    run = rk("move", "pkg.a", "pkg.b", "--apply", "--commit", cwd=root)

    assert run.code == 2
    assert "not in a git repository; nothing was applied" in run.err
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def failed_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """Move pkg.a to pkg.b with --commit where git knows no author: the message file, the hint."""
    root = project(tmp_path)
    head = git(root, "rev-parse", "HEAD")
    for key in ("AUTHOR", "COMMITTER"):
        monkeypatch.delenv(f"GIT_{key}_NAME")
        monkeypatch.delenv(f"GIT_{key}_EMAIL")
    git(root, "config", "user.useConfigOnly", "true")  # no guessing user@hostname

    run = rk("move", "pkg.a", "pkg.b", "--apply", "--commit", cwd=root)

    assert run.code == 2
    assert "error: git commit failed" in run.err  # errors go to stderr
    assert "the changes stay applied" in run.err
    message_file = root / ".refactorkit" / "COMMIT_MSG"
    assert message_file.read_text().startswith("refactorkit: move pkg.a -> pkg.b\n\n")
    assert git(root, "rev-parse", "HEAD") == head
    assert (root / "pkg/b.py").is_file() and not (root / "pkg/a.py").exists()
    return message_file, run.err.splitlines()[-1].strip()


def test_failed_commit_can_be_made_by_hand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    message_file, hint = failed_commit(tmp_path, monkeypatch)
    root = message_file.parents[1]
    assert hint.startswith(f"git -C {root} commit --cleanup=whitespace -F {message_file} -- ")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", *shlex.split(hint)[1:])
    changed = git(root, "show", "--name-status", "--format=", "-M", "HEAD").splitlines()
    assert sorted(changed) == ["M\tmain.py", "R100\tpkg/a.py\tpkg/b.py"]
    assert TABLE_HEADER in git(root, "log", "-1", "--format=%B").splitlines()
    assert porcelain(root) == set()


def test_failed_commit_leaves_the_change_undoable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    message_file, _ = failed_commit(tmp_path, monkeypatch)
    root = message_file.parents[1]
    undone = rk("undo", cwd=root)
    assert undone.code == 0, undone.out + undone.err
    assert (root / "pkg/a.py").is_file() and not (root / "pkg/b.py").exists()
    assert (root / "main.py").read_text() == "from pkg.a import f\n\nprint(f())\n"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("move a -> b", "refactorkit: move a -> b"),
        ("  split\n pkg/models.py  ", "refactorkit: split pkg/models.py"),
        ("", "refactorkit: apply change set"),
        ("x" * 59, "refactorkit: " + "x" * 59),  # exactly 72
        ("x" * 60, "refactorkit: " + "x" * 56 + "..."),  # one word: cut inside it
        ("move " + "abc " * 20, "refactorkit: move" + " abc" * 13 + "..."),  # cut at a word
    ],
)
def test_subject_line(title: str, expected: str) -> None:
    assert subject_line(title) == expected
    assert len(subject_line(title)) <= 72
