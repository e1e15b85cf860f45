"""The runner: dry run, atomic apply (with injected failures), dirty-tree refusal, --verify."""

from __future__ import annotations

from pathlib import Path

import pytest

from refactorkit.changes.journal import list_journal, undo
from refactorkit.changes.outcome import Applied, Outcome, Refusal, Refused, RolledBack
from refactorkit.changes.runner import RunOptions, render_diff, render_summary
from refactorkit.cli.outcomes import exit_code
from refactorkit.domain import ChangeSet, CreateFile, ModifyFile, MoveFile
from refactorkit.testing import snapshot_tree
from tests.unit.changes.runner_helpers import (
    EXPECTED_AFTER,
    SAMPLE_TREE,
    execute_echo,
    git,
    git_repo,
    make_tree,
    modes,
    rich_changeset,
)


def run(changeset: ChangeSet, **options: object) -> tuple[int, str, Outcome]:
    lines: list[str] = []
    opts = RunOptions(**options)  # type: ignore[arg-type]
    result = execute_echo(changeset, opts, lines.append)
    return exit_code(result), "\n".join(lines), result


def test_dry_run_shows_diff_and_summary_and_writes_nothing(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    before = snapshot_tree(root)
    code, out, _ = run(rich_changeset(root))
    assert code == 1
    assert snapshot_tree(root) == before
    assert not (root / ".refactorkit").exists()
    assert "-y = 2\r\n+y = 3\r\n" in out
    assert "rename from old/gone.py\nrename to new/deep/gone.py" in out
    assert "--- /dev/null\n+++ b/pkg/__init__.py" in out
    assert "--- a/app.py\n+++ /dev/null" in out
    assert "1 file created, 4 files changed, 1 file moved, 1 file removed" in out
    assert "  create pkg/__init__.py (1 line)\n" in out
    assert "  move   old/gone.py -> new/deep/gone.py\n" in out
    assert "pkg/__init__.py: 1 line" in out  # the codemod's own summary line
    assert "warning: something to review" in out
    assert "dry run" in out


def test_empty_changeset_is_nothing_to_do(tmp_path: Path) -> None:
    code, out, _ = run(ChangeSet(tmp_path, "split", ()), apply=True)
    assert code == 0
    assert out == "nothing to do: split"


def test_apply_writes_exact_bytes_modes_and_dirs(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    code, out, result = run(rich_changeset(root), apply=True)
    assert code == 0, out
    after = snapshot_tree(root)
    for rel, data in EXPECTED_AFTER.items():
        assert after[rel] == data, rel
    assert "app.py" not in after and "old/gone.py" not in after
    assert not (root / "old").exists()  # emptied by the move: removed
    assert modes(root)["tool.sh"] == 0o755
    assert (root / ".refactorkit" / ".gitignore").read_text().splitlines()[-1] == "*"
    entries = list_journal(root)
    assert [(e.kind, e.state) for e in entries] == [("apply", "applied")]
    assert isinstance(result, Applied) and result.journal_id == entries[0].id


@pytest.mark.parametrize("failing_step", range(8))  # the rich change set has 8 file steps
def test_failure_midway_leaves_the_tree_unchanged(tmp_path: Path, failing_step: int) -> None:
    root = make_tree(tmp_path)
    before, before_modes = snapshot_tree(root), modes(root)

    def fail_at_step(step: int, path: str) -> None:
        if step == failing_step:
            raise OSError(f"disk full while writing {path}")

    lines: list[str] = []
    result = execute_echo(
        rich_changeset(root), RunOptions(apply=True), lines.append, on_step=fail_at_step
    )
    assert isinstance(result, Refused) and result.reason is Refusal.WRITE_FAILED
    assert "disk full" in "\n".join(lines)
    assert snapshot_tree(root) == before
    assert modes(root) == before_modes
    assert not (root / "new").exists() and not (root / "pkg").exists()
    leftovers = [p for p in root.rglob("*.tmp") if ".refactorkit" not in p.parts]
    assert leftovers == []
    assert [e.state for e in list_journal(root)] == ["rolled-back"]


def test_stale_plan_and_existing_target_are_refused(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    stale = ChangeSet(
        root,
        "stale",
        (
            ModifyFile("crlf.py", new_text="x = 9\r\n", old_text="x = 0\r\n"),
            CreateFile("app.py", new_text="x = 1\n"),
        ),
    )
    before = snapshot_tree(root)
    code, out, _ = run(stale, apply=True)
    assert code == 2
    assert "crlf.py: changed on disk since the change was planned" in out
    assert "app.py: already exists" in out
    outside = ChangeSet(root, "o", (ModifyFile("../outside.py", new_text=""),))
    code, out, _ = run(outside, apply=True)
    assert code == 2 and "../outside.py: paths must be relative" in out
    journal = ChangeSet(root, "j", (CreateFile(".refactorkit/x.py", new_text=""),))
    assert "never writes inside .refactorkit/" in run(journal, apply=True)[1]
    assert snapshot_tree(root) == before


def test_validation_problems_block_apply_but_only_warn_in_dry_run(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    broken = ChangeSet(root, "b", (ModifyFile("app.py", new_text="def f(:\n"),))
    code, out, _ = run(broken)
    assert code == 1 and "warning: app.py: new code does not parse" in out
    code, out, _ = run(broken, apply=True)
    assert code == 2 and "error: app.py: new code does not parse" in out
    assert (root / "app.py").read_bytes() == SAMPLE_TREE["app.py"]


def test_dirty_git_tree_is_refused_unless_allowed(tmp_path: Path) -> None:
    root = git_repo(make_tree(tmp_path))
    (root / "app.py").write_bytes(b"# local edit\n")
    code, out, _ = run(rich_changeset(root), apply=True)
    assert code == 2
    assert "uncommitted change: app.py" in out and "--allow-dirty" in out
    assert (root / "crlf.py").read_bytes() == b"x = 1\r\ny = 2\r\n"
    changeset = ChangeSet(root, "c", (ModifyFile("crlf.py", new_text="z = 1\r\n"),))
    code, out, _ = run(changeset, apply=True, allow_dirty=True)
    assert code == 0, out
    assert (root / "crlf.py").read_bytes() == b"z = 1\r\n"


def test_untracked_files_matter_only_when_touched(tmp_path: Path) -> None:
    root = git_repo(make_tree(tmp_path))
    (root / "scratch.txt").write_text("notes\n")
    (root / "draft.py").write_text("a = 1\n")
    ok = ChangeSet(root, "c", (ModifyFile("crlf.py", new_text="z = 1\r\n"),))
    assert run(ok, apply=True)[0] == 0
    touching = ChangeSet(root, "c", (ModifyFile("draft.py", new_text="a = 2\n"),))
    code, out, _ = run(touching, apply=True)
    assert code == 2 and "draft.py (untracked)" in out


def test_moves_update_the_git_index(tmp_path: Path) -> None:
    root = git_repo(make_tree(tmp_path))
    changeset = ChangeSet(
        root,
        "mv",
        (MoveFile("old/gone.py", "new/gone.py", new_text="VALUE = 3\n"),),
    )
    assert run(changeset, apply=True)[0] == 0
    status = git(root, "status", "--porcelain")
    assert "R  old/gone.py -> new/gone.py" in status
    assert ".refactorkit" not in status


def refactor_with_creations(root: Path) -> ChangeSet:
    """A split-like change: a tracked module moves into a new package that gains files."""
    return ChangeSet(
        root,
        "split",
        (
            MoveFile("old/gone.py", "pkg/__init__.py", new_text="from .a import A\n"),
            CreateFile("pkg/a.py", new_text="A = 1\n"),
            CreateFile("pkg/debug.log", new_text="ignored by .gitignore\n"),
            ModifyFile("crlf.py", new_text="x = 1\r\n"),
        ),
    )


def test_created_files_are_staged_so_commit_a_takes_the_whole_refactor(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    (root / ".gitignore").write_text("*.log\n")
    git_repo(root)
    assert run(refactor_with_creations(root), apply=True)[0] == 0
    status = git(root, "status", "--porcelain", "--untracked-files=all").splitlines()
    # git sees no rename: the moved file's content changed too much to look similar
    assert sorted(status) == [
        "A  pkg/__init__.py",
        "A  pkg/a.py",
        "D  old/gone.py",
        "M  crlf.py",
    ]
    git(root, "commit", "-q", "-a", "-m", "refactor")
    assert git(root, "status", "--porcelain", "--untracked-files=all") == ""
    committed = git(root, "ls-files").split()
    assert {"pkg/__init__.py", "pkg/a.py"} <= set(committed)
    assert "pkg/debug.log" not in committed and "old/gone.py" not in committed


def test_undo_and_rollback_restore_the_index(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    (root / ".gitignore").write_text("*.log\n")
    git_repo(root)
    index_before = git(root, "ls-files", "--stage")
    code, out, _ = run(refactor_with_creations(root), apply=True, verify="false")
    assert code == 1 and "changes rolled back" in out
    assert git(root, "ls-files", "--stage") == index_before
    assert git(root, "status", "--porcelain", "--untracked-files=all") == ""
    assert run(refactor_with_creations(root), apply=True)[0] == 0
    assert "pkg/a.py" in git(root, "ls-files")
    assert undo(root).undone
    assert git(root, "ls-files", "--stage") == index_before
    assert git(root, "status", "--porcelain", "--untracked-files=all") == ""


def test_created_files_stay_untracked_when_no_touched_file_is_tracked(tmp_path: Path) -> None:
    root = git_repo(make_tree(tmp_path))
    (root / "draft.py").write_text("a = 1\n")
    changeset = ChangeSet(
        root,
        "c",
        (
            ModifyFile("draft.py", new_text="a = 2\n"),
            CreateFile("draft_part.py", new_text="b = 1\n"),
        ),
    )
    assert run(changeset, apply=True, allow_dirty=True)[0] == 0
    status = git(root, "status", "--porcelain", "--untracked-files=all").splitlines()
    assert sorted(status) == ["?? draft.py", "?? draft_part.py"]


def test_verify_failure_rolls_back(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    before = snapshot_tree(root)
    code, out, result = run(rich_changeset(root), apply=True, verify="echo boom; false")
    assert code == 1
    assert "verification failed" in out and "changes rolled back" in out
    assert "boom" in out  # the tail of the command's output
    assert snapshot_tree(root) == before
    assert isinstance(result, RolledBack) and result.rollback.ok
    states = [(e.kind, e.state) for e in list_journal(root)]
    assert states == [("apply", "rolled-back")]


def test_verify_success_keeps_changes(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    code, out, result = run(rich_changeset(root), apply=True, verify="test -f new/deep/gone.py")
    assert code == 0, out
    assert isinstance(result, Applied) and result.verified is True
    assert (root / "new/deep/gone.py").read_bytes() == b"VALUE = 4\n"


def test_color_diff_and_summary_helpers(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    changeset = ChangeSet(root, "c", (ModifyFile("app.py", new_text="import os\n"),))
    colored = render_diff(changeset, color=True)
    assert "\x1b[31m-def where():\x1b[0m\n" in colored
    assert "\x1b[" not in render_diff(changeset)
    assert render_summary(changeset).startswith("c:\n  0 files created, 1 file changed")


@pytest.mark.parametrize("text", ["no newline at end", "a\nb"])
def test_diff_marks_missing_final_newline(tmp_path: Path, text: str) -> None:
    changeset = ChangeSet(tmp_path, "c", (CreateFile("x.py", new_text=text),))
    assert render_diff(changeset).endswith("\n\\ No newline at end of file\n")


def test_symlinks_are_never_written_through(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "root")
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "linked").symlink_to(outside)
    (root / "alias.py").symlink_to(root / "app.py")
    via_dir = ChangeSet(root, "d", (CreateFile("linked/x.py", new_text="X = 1\n"),))
    code, out, _ = run(via_dir, apply=True)
    assert code == 2 and "linked is a symbolic link" in out
    assert list(outside.iterdir()) == []
    via_file = ChangeSet(root, "f", (ModifyFile("alias.py", new_text="X = 1\n"),))
    code, out, _ = run(via_file, apply=True)
    assert code == 2 and "alias.py: is a symbolic link" in out
    assert (root / "app.py").read_bytes() == SAMPLE_TREE["app.py"]


def test_long_warnings_wrap_at_80_columns_under_their_prefix(tmp_path: Path) -> None:
    warning = "resale/models.py: " + " ".join(f"name_{i}" for i in range(30))
    changeset = ChangeSet(tmp_path, "c", (), warnings=(warning, "short"))
    lines = render_summary(changeset).splitlines()
    warned = [line for line in lines if line.startswith(("warning:", "    "))]
    assert all(len(line) <= 80 for line in warned)
    assert warned[0].startswith("warning: resale/models.py: name_0")
    assert warned[-1] == "warning: short"
    assert (
        " ".join(
            line.split(None, 1)[1] if line.startswith("warning:") else line.strip()
            for line in warned[:-1]
        )
        == warning
    )
