"""A journal is never trusted: paths, ids, checksums, blobs, a linked or tracked `.refactorkit`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from refactorkit.changes.journal import (
    interrupted_entries,
    list_journal,
    recover_interrupted,
    undo,
)
from refactorkit.changes.journal_store import JournalError
from refactorkit.changes.manifest_check import checksum, manifest_problem
from refactorkit.changes.runner import RunOptions
from refactorkit.cli.outcomes import recovery_lines
from refactorkit.domain import ChangeSet, ModifyFile
from refactorkit.errors import UserError
from refactorkit.testing import snapshot_tree
from tests.unit.changes.journal_fakes import (
    ENTRY_ID,
    PAYLOAD,
    hostile_entry,
    pending_manifest,
    sha,
    write_entry,
)
from tests.unit.changes.runner_helpers import execute_echo, git, git_repo, make_tree


def outside_files(tmp_path: Path) -> tuple[Path, Path]:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.txt").write_bytes(b"keep me\n")
    return outside / "written.txt", outside / "victim.txt"


def apply_something(root: Path) -> list[str]:
    lines: list[str] = []
    changeset = ChangeSet(root, "c", (ModifyFile("app.py", new_text="A = 1\n"),))
    execute_echo(changeset, RunOptions(apply=True, allow_dirty=True), lines.append)
    return lines


@pytest.mark.parametrize("version", [1, 2])
def test_manifest_paths_outside_the_root_are_never_written_or_deleted(
    tmp_path: Path, version: int
) -> None:
    root = make_tree(tmp_path / "repo")
    written, victim = outside_files(tmp_path)
    hostile_entry(root, str(written), "../outside/victim.txt", version=version)
    recovery = recover_interrupted(root)
    assert recovery.rolled_back == ()
    assert [d.id for d in recovery.damaged] == [ENTRY_ID]
    assert "will not act on it" in recovery_lines(recovery)[-1]
    with pytest.raises(JournalError, match="is damaged"):
        apply_something(root)
    with pytest.raises(JournalError, match="is damaged"):
        undo(root)
    assert not written.exists()
    assert victim.read_bytes() == b"keep me\n"
    assert [(e.id, e.state) for e in list_journal(root)] == [(ENTRY_ID, "damaged")]
    assert interrupted_entries(root) == (ENTRY_ID,)


@pytest.mark.parametrize(
    "path",
    [
        "/etc/passwd",
        "../x.py",
        "a/../../x.py",
        ".git/hooks/post-checkout",
        "sub/.GIT/config",
        ".refactorkit/journal/x",
        "a\\b.py",
        "",
        "./a.py",
        "C:x.py",
    ],
)
def test_every_unsafe_path_makes_a_manifest_damaged(path: str) -> None:
    files = [{"path": path, "old": None, "new": None, "tmp": None}]
    problem = manifest_problem(pending_manifest(files), ENTRY_ID)
    assert problem is not None and "unsafe path" in problem


def test_unsafe_temp_names_folders_and_index_paths_are_refused() -> None:
    record = {"path": "a.py", "old": None, "new": None, "tmp": "../a.py"}
    assert "temporary" in str(manifest_problem(pending_manifest([record]), ENTRY_ID))
    manifest = pending_manifest([])
    manifest["created_dirs"] = ["../up"]
    manifest["checksum"] = checksum(manifest)
    assert "unsafe folder" in str(manifest_problem(manifest, ENTRY_ID))
    manifest = pending_manifest([])
    manifest["index"] = {"before": {"a.py": ["100644 abc 0\n0 0 0\t/etc/x"]}}
    manifest["checksum"] = checksum(manifest)
    assert "bad index.before" in str(manifest_problem(manifest, ENTRY_ID))


def test_an_edited_manifest_fails_its_checksum_and_is_not_rolled_back(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    original = (root / "app.py").read_bytes()
    files = [{"path": "app.py", "old": {"sha256": sha(PAYLOAD), "mode": 0o644}, "new": None}]
    manifest = pending_manifest([{**files[0], "tmp": None}])
    manifest["title"] = "edited after the checksum"
    folder = write_entry(root, manifest, {sha(PAYLOAD): PAYLOAD})
    recovery = recover_interrupted(root)
    assert "checksum mismatch" in recovery.damaged[0].reason
    assert (root / "app.py").read_bytes() == original
    assert json.loads((folder / "manifest.json").read_text())["state"] == "pending"


def test_a_truncated_blob_is_reported_and_nothing_is_restored(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    before = snapshot_tree(root)
    record = {"path": "app.py", "old": {"sha256": sha(PAYLOAD), "mode": 0o644}, "new": None}
    manifest = pending_manifest([{**record, "tmp": None}])
    write_entry(root, manifest, {sha(PAYLOAD): PAYLOAD[:10]})
    recovery = recover_interrupted(root)
    assert recovery.rolled_back == ()
    assert "does not match its hash" in recovery.damaged[0].reason
    assert snapshot_tree(root) == before
    assert [e.state for e in list_journal(root)] == ["pending"]  # reported, never dropped


def test_a_manifest_path_through_a_linked_folder_is_not_followed(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "repo")
    written, _ = outside_files(tmp_path)
    (root / "link").symlink_to(written.parent)
    record = {"path": "link/written.txt", "old": {"sha256": sha(PAYLOAD), "mode": 0o644}}
    write_entry(root, pending_manifest([{**record, "new": None, "tmp": None}]), {})
    recovery = recover_interrupted(root)
    assert "link is a symbolic link" in recovery.damaged[0].reason
    assert not written.exists()


def test_a_journal_id_is_a_plain_name(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "repo")
    apply_something(root)
    for bad in ("../../x", "/etc", f"{ENTRY_ID}/..", ".."):
        with pytest.raises(UserError, match="not a journal id"):
            undo(root, bad)


def test_a_linked_store_is_refused_and_nothing_is_written_through_it(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "repo")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / ".refactorkit").symlink_to(elsewhere)
    before = snapshot_tree(root)
    with pytest.raises(JournalError, match="is a symbolic link"):
        apply_something(root)
    with pytest.raises(JournalError, match="is a symbolic link"):
        recover_interrupted(root)
    assert list(elsewhere.iterdir()) == []
    assert snapshot_tree(root) == before


def test_a_store_tracked_by_git_is_refused(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "repo")
    written, victim = outside_files(tmp_path)
    hostile_entry(root, str(written), str(victim))
    (root / ".refactorkit" / ".gitignore").write_text("*\n")
    git_repo(root)
    git(root, "add", "-f", ".refactorkit")
    git(root, "commit", "-qm", "journal")
    for action in (
        lambda: recover_interrupted(root),
        lambda: apply_something(root),
        lambda: undo(root),
    ):
        with pytest.raises(JournalError, match="tracked by git"):
            action()
    assert not written.exists() and victim.read_bytes() == b"keep me\n"
    assert (
        root / "app.py"
    ).read_bytes() == b"import os\n\n\ndef where():\n    return os.getcwd()\n"


def test_an_entry_of_our_own_still_rolls_back(tmp_path: Path) -> None:
    """The checks do not get in the way of a genuine entry: the crash tests cover the rest."""
    root = make_tree(tmp_path)
    lines = apply_something(root)
    assert any(line.startswith("applied 1 change") for line in lines), lines
    assert undo(root).undone


def test_an_old_format_entry_that_is_complete_does_not_block_applies(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    files = [{"path": "app.py", "old": None, "new": None, "tmp": None}]
    manifest = pending_manifest(files, version=1)
    manifest["state"] = "applied"
    write_entry(root, manifest, {})
    lines = apply_something(root)
    assert any(line.startswith("applied 1 change") for line in lines), lines
    with pytest.raises(JournalError, match="older refactorkit"):
        undo(root, ENTRY_ID)
    assert undo(root).undone  # the newer entry; the old one is listed, never acted on
    assert ("damaged", ENTRY_ID) in [(e.state, e.id) for e in list_journal(root)]
