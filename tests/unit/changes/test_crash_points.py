"""kill -9 at every point of the seam (files, git-index step, verify): the next command's
recovery leaves files and index exactly as before the apply (or, for an undo, as after it)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from refactorkit.changes.journal import list_journal, undo
from refactorkit.changes.outcome import Applied
from refactorkit.changes.runner import RunOptions, execute
from refactorkit.testing import snapshot_tree
from tests.functional.rk_run import rk
from tests.unit.changes.runner_helpers import git, git_repo, make_tree, modes, rich_changeset

REPO = Path(__file__).resolve().parents[3]

CRASH_SCRIPT = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from refactorkit.changes.journal import undo
    from refactorkit.changes.runner import RunOptions, execute
    from tests.unit.changes.runner_helpers import rich_changeset

    root, what, crash_at, verify = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]

    def crash(step, label):
        if step == crash_at:
            os._exit(9)  # like kill -9: no cleanup, no finally blocks

    if what == "apply":
        options = RunOptions(apply=True, verify=verify or None)
        execute(rich_changeset(root), options, on_step=crash)
    else:
        undo(root, on_step=crash)
    """
)


def state(root: Path) -> tuple[dict[str, bytes], dict[str, int], str, str]:
    """Files, modes, the index (every entry) and what `git status` says."""
    index = git(root, "ls-files", "--stage")
    return snapshot_tree(root), modes(root), index, git(root, "status", "--porcelain")


def crash(root: Path, what: str, crash_at: int, verify: str = "true") -> None:
    proc = subprocess.run(
        [sys.executable, "-c", CRASH_SCRIPT, str(root), what, str(crash_at), verify],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 9, proc.stdout + proc.stderr


def seam_points(tmp_path: Path, what: str) -> list[str]:
    """Every point the seam announces during an apply with --verify (or during its undo)."""
    root = git_repo(make_tree(tmp_path / "probe"))
    labels: list[str] = []

    def record(step: int, label: str) -> None:
        labels.append(label)

    hook = record if what == "apply" else None
    result = execute(rich_changeset(root), RunOptions(apply=True, verify="true"), on_step=hook)
    assert isinstance(result, Applied)
    if what == "undo":
        assert undo(root, on_step=record).undone
    return labels


def test_the_seam_covers_files_the_git_index_step_and_verify(tmp_path: Path) -> None:
    assert seam_points(tmp_path, "apply") == [
        "crlf.py",
        "latin.py",
        "bom.py",
        "old/gone.py",
        "new/deep/gone.py",
        "pkg/__init__.py",
        "tool.sh",
        "app.py",
        "git rm --cached",
        "git add -f",
        "git add",
        "verify running",
        "verified",
    ]
    undo_labels = seam_points(tmp_path / "u", "undo")
    assert undo_labels[-2:] == ["git update-index --force-remove", "git update-index --index-info"]


@pytest.mark.parametrize("what", ["apply", "undo"])
def test_kill_9_at_every_point_then_the_next_command_restores_files_and_index(
    tmp_path: Path, what: str
) -> None:
    points = seam_points(tmp_path, what)
    for crash_at, label in enumerate(points):
        root = git_repo(make_tree(tmp_path / f"{what}-{crash_at}"))
        before = state(root)
        if what == "undo":
            assert isinstance(execute(rich_changeset(root), RunOptions(apply=True)), Applied)
            before = state(root)  # an interrupted undo must leave the applied tree
        crash(root, what, crash_at)
        assert list_journal(root)[0].state in ("pending", "verifying"), label
        run = rk("undo", "--list", cwd=root)  # the next command, whatever it is, recovers
        assert run.code == 0 and "recovered an interrupted change" in run.out, run.out
        assert state(root) == before, f"crash before {label!r}"


def marked(entry_id: str) -> list[int]:
    """Processes still running with the verify marker of `entry_id` in their environment."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            environ = (proc / "environ").read_bytes()
        except OSError:
            continue
        if f"REFACTORKIT_VERIFY={entry_id}".encode() in environ.split(b"\0"):
            found.append(int(proc.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
def test_kill_9_while_verify_runs_rolls_back_and_stops_the_leftover_command(
    tmp_path: Path,
) -> None:
    root = git_repo(make_tree(tmp_path / "repo"))
    before = state(root)
    verify_at = seam_points(tmp_path, "apply").index("verify running")
    crash(root, "apply", verify_at, verify="sleep 600")
    (entry,) = list_journal(root)
    assert entry.state == "verifying"
    assert marked(entry.id), "the verify command outlived refactorkit"
    run = rk("undo", "--list", cwd=root)
    assert "leftover process(es) of an interrupted --verify" in run.out, run.out
    assert state(root) == before
    assert marked(entry.id) == []
