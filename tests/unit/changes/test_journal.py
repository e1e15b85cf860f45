"""The journal: undo byte for byte, conflicts, crash recovery (a real killed process)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from refactorkit.changes.journal import UndoStatus, list_journal, recover_interrupted, undo
from refactorkit.changes.outcome import Applied
from refactorkit.changes.runner import RunOptions, execute
from refactorkit.domain import ChangeSet, CreateFile, ModifyFile
from refactorkit.errors import UserError
from refactorkit.testing import snapshot_tree
from tests.unit.changes.runner_helpers import (
    EXPECTED_AFTER,
    execute_echo,
    git,
    git_repo,
    make_tree,
    modes,
    rich_changeset,
)

REPO = Path(__file__).resolve().parents[3]


def apply(changeset: ChangeSet) -> str:
    lines: list[str] = []
    result = execute_echo(changeset, RunOptions(apply=True, allow_dirty=True), lines.append)
    assert isinstance(result, Applied), lines
    return result.journal_id


def test_undo_restores_every_byte_mode_and_folder(tmp_path: Path) -> None:
    root = git_repo(make_tree(tmp_path))
    before, before_modes = snapshot_tree(root), modes(root)
    entry_id = apply(rich_changeset(root))
    assert snapshot_tree(root)["latin.py"] == EXPECTED_AFTER["latin.py"]
    result = undo(root)
    assert result.undone and result.journal_id == entry_id
    assert set(result.removed) == {"new/deep/gone.py", "pkg/__init__.py"}
    assert snapshot_tree(root) == before
    assert modes(root) == before_modes
    assert not (root / "new").exists() and not (root / "pkg").exists()
    assert (root / "old").is_dir()
    assert git(root, "status", "--porcelain") == ""  # index moves reversed too
    assert [(e.kind, e.state) for e in list_journal(root)] == [
        ("undo", "applied"),
        ("apply", "undone"),
    ]


def test_undo_refuses_when_touched_files_changed_unless_forced(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    before = snapshot_tree(root)
    apply(rich_changeset(root))
    (root / "crlf.py").write_bytes(b"edited after apply\n")
    (root / "pkg" / "__init__.py").unlink()
    result = undo(root)
    assert not result.undone
    assert result.conflicts == ("crlf.py (modified since)", "pkg/__init__.py (deleted since)")
    assert (root / "crlf.py").read_bytes() == b"edited after apply\n"
    forced = undo(root, force=True)
    assert forced.undone
    assert snapshot_tree(root) == before
    # The overwritten edit is kept in the undo's own journal entry, never lost.
    blobs = root / ".refactorkit" / "journal" / str(forced.undo_id) / "blobs"
    assert b"edited after apply\n" in [p.read_bytes() for p in blobs.iterdir()]


def test_undo_latest_first_then_older_then_nothing(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    before = snapshot_tree(root)
    first = apply(ChangeSet(root, "one", (ModifyFile("app.py", new_text="A = 1\n"),)))
    second = apply(ChangeSet(root, "two", (CreateFile("b/c.py", new_text="B = 2\n"),)))
    assert undo(root).journal_id == second
    assert not (root / "b").exists()
    assert undo(root).journal_id == first
    assert snapshot_tree(root) == before
    nothing = undo(root)
    assert not nothing.undone and nothing.status is UndoStatus.NOTHING
    with pytest.raises(UserError, match="is undone, not applied"):
        undo(root, first)
    with pytest.raises(UserError, match="no journal entry"):
        undo(root, "20000101T000000.000000Z-abcdef")
    with pytest.raises(UserError, match="not a journal id"):
        undo(root, "nope")


def test_undo_without_journal_is_nothing_to_do(tmp_path: Path) -> None:
    result = undo(tmp_path)
    assert not result.undone and result.status is UndoStatus.NO_JOURNAL
    assert not (tmp_path / ".refactorkit").exists()


def test_journal_ignores_itself_and_leaves_user_gitignore_alone(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    (root / ".gitignore").write_bytes(b"build/\r\n")
    git_repo(root)
    apply(ChangeSet(root, "c", (ModifyFile("app.py", new_text="A = 1\n"),)))
    assert (root / ".gitignore").read_bytes() == b"build/\r\n"
    assert "*" in (root / ".refactorkit" / ".gitignore").read_text().splitlines()
    assert ".refactorkit" not in git(root, "status", "--porcelain", "--untracked-files=all")


CRASH_SCRIPT = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from refactorkit.changes.runner import RunOptions, execute
    from refactorkit.changes.journal import undo
    from tests.unit.changes.runner_helpers import rich_changeset

    root, what, crash_at = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])

    def crash(step, path):
        if step == crash_at:
            os._exit(9)  # like kill -9: no cleanup, no finally blocks

    if what == "apply":
        execute(rich_changeset(root), RunOptions(apply=True), on_step=crash)
    else:
        undo(root, on_step=crash)
    """
)


def crash_in_subprocess(root: Path, what: str, crash_at: int) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", CRASH_SCRIPT, str(root), what, str(crash_at)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 9, proc.stderr


@pytest.mark.parametrize("crash_at", [0, 4, 7])
def test_crash_during_apply_is_rolled_back_by_recovery(tmp_path: Path, crash_at: int) -> None:
    root = make_tree(tmp_path)
    before, before_modes = snapshot_tree(root), modes(root)
    crash_in_subprocess(root, "apply", crash_at)
    assert [e.state for e in list_journal(root)] == ["pending"]
    if crash_at == 4:
        assert snapshot_tree(root) != before  # really a half-applied tree
    recovered = recover_interrupted(root)
    assert len(recovered.rolled_back) == 1
    assert snapshot_tree(root) == before
    assert modes(root) == before_modes
    assert not (root / "new").exists() and not (root / "pkg").exists()
    assert [e.state for e in list_journal(root)] == ["rolled-back"]
    assert recover_interrupted(root).rolled_back == ()  # idempotent


def test_next_apply_recovers_first_and_refuses_a_plan_made_on_the_half_applied_tree(
    tmp_path: Path,
) -> None:
    root = make_tree(tmp_path)
    crash_in_subprocess(root, "apply", 4)
    lines: list[str] = []
    changeset = ChangeSet(root, "c", (ModifyFile("app.py", new_text="A = 1\n"),))
    result = execute_echo(changeset, RunOptions(apply=True), lines.append)
    assert not isinstance(result, Applied)
    assert any(line.startswith("recovered an interrupted change") for line in lines)
    assert "planned on a half-applied tree" in "\n".join(lines)
    assert (root / "crlf.py").read_bytes() == b"x = 1\r\ny = 2\r\n"
    assert isinstance(execute(changeset, RunOptions(apply=True)), Applied)


def test_crash_during_undo_leaves_the_applied_tree(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    before = snapshot_tree(root)
    apply(rich_changeset(root))
    applied = snapshot_tree(root)
    crash_in_subprocess(root, "undo", 3)
    recover_interrupted(root)
    assert snapshot_tree(root) == applied
    assert undo(root).undone  # and the undo can simply be run again
    assert snapshot_tree(root) == before


def test_dry_run_warns_about_an_interrupted_change_without_touching_it(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    crash_in_subprocess(root, "apply", 4)
    half = snapshot_tree(root)
    lines: list[str] = []
    changeset = ChangeSet(root, "c", (ModifyFile("latin.py", new_text="A = 1\n"),))
    execute_echo(changeset, RunOptions(), lines.append)
    assert "an interrupted change was found" in lines[0]
    assert snapshot_tree(root) == half
    assert [e.state for e in list_journal(root)] == ["pending"]
