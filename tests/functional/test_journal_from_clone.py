"""A journal that arrives with a clone (or a tarball) never writes or deletes outside the repo."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from refactorkit.cli import cli
from refactorkit.cli.move import move_command
from tests.functional.rk_run import Run, rk, write
from tests.unit.changes.journal_fakes import hostile_entry

cli.add_command(move_command)  # idempotent


@pytest.fixture(autouse=True)
def git_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    for key in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{key}_NAME", "t")
        monkeypatch.setenv(f"GIT_{key}_EMAIL", "t@t")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("HOME", str(tmp_path_factory.mktemp("home")))


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


def victims(tmp_path: Path) -> tuple[Path, Path]:
    """An absolute path the journal would write, and a file it would delete through `../`."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.txt").write_text("keep me\n")
    return outside / "written.txt", outside / "victim.txt"


def upstream(tmp_path: Path, written: Path, *, version: int) -> Path:
    """A repository whose author committed `.refactorkit/` with a hostile pending entry."""
    root = tmp_path / "upstream"
    write(root, "pyproject.toml", "[project]\nname = 'proj'\n")
    write(root, "pkg/__init__.py", "")
    write(root, "pkg/a.py", "def f():\n    return 1\n")
    write(root, "main.py", "from pkg.a import f\n\nprint(f())\n")
    # The clone lands in tmp_path/clone: `../outside/victim.txt` then leaves it.
    hostile_entry(root, str(written), "../outside/victim.txt", version=version)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "add", "-f", ".refactorkit")
    git(root, "commit", "-qm", "base")
    return root


def untouched(written: Path, victim: Path) -> bool:
    return not written.exists() and victim.read_text() == "keep me\n"


@pytest.mark.parametrize("version", [1, 2])
def test_a_committed_journal_is_refused_by_undo_list_and_apply(
    tmp_path: Path, version: int
) -> None:
    written, victim = victims(tmp_path)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(upstream(tmp_path, written, version=version)), str(clone))

    listed = rk("undo", "--list", cwd=clone)
    assert listed.code == 2
    assert "tracked by git" in listed.err and "git rm -r --cached .refactorkit" in listed.err
    assert untouched(written, victim)

    applied = rk("move", "pkg.a", "pkg.b", "--apply", cwd=clone)
    assert applied.code == 2 and "tracked by git" in applied.err
    assert untouched(written, victim)
    assert (clone / "pkg/a.py").is_file() and not (clone / "pkg/b.py").exists()
    assert git(clone, "status", "--porcelain") == ""


def one_line_error(run: Run) -> str:
    lines = run.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in run.err, run.err
    return lines[0]


def test_an_unpacked_journal_with_a_valid_checksum_is_still_never_followed(
    tmp_path: Path,
) -> None:
    """From a tarball: not tracked, checksum right, paths hostile; reported and left alone."""
    written, victim = victims(tmp_path)
    source = upstream(tmp_path, written, version=2)
    shutil.rmtree(source / ".git")
    tree = tmp_path / "clone"
    shutil.copytree(source, tree)

    listed = rk("undo", "--list", cwd=tree)
    assert listed.code == 0
    assert "is damaged (unsafe path" in listed.out and "will not act on it" in listed.out
    assert "damaged" in listed.out.splitlines()[-1]
    assert untouched(written, victim)

    applied = rk("move", "pkg.a", "pkg.b", "--apply", cwd=tree)
    assert applied.code == 2
    assert "is damaged" in one_line_error(applied)
    assert untouched(written, victim)
    assert (tree / "pkg/a.py").is_file() and not (tree / "pkg/b.py").exists()

    undone = rk("undo", cwd=tree)
    assert undone.code == 2 and "is damaged" in one_line_error(undone)
    assert untouched(written, victim)
