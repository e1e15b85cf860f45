"""The dry-run diff is a git patch (`git apply` takes it); `--stat` counts lines per file."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from refactorkit.changes.diffing import render_diff, render_stat
from refactorkit.domain import ChangeSet, CreateFile, DeleteFile, ModifyFile, MoveFile
from refactorkit.testing import snapshot_tree


def tree(root: Path) -> ChangeSet:
    root.mkdir()
    (root / "keep.py").write_text("a = 1\nb = 2\n")
    (root / "gone.py").write_text("x = 1\n")
    (root / "old.py").write_text("y = 1\n")
    changes = (
        ModifyFile("keep.py", new_text="a = 1\nb = 3\n", old_text="a = 1\nb = 2\n"),
        CreateFile("pkg/new.py", new_text="z = 1\n"),
        CreateFile("pkg/__init__.py", new_text=""),
        DeleteFile("gone.py", old_text="x = 1\n"),
        MoveFile("old.py", "pkg/moved.py", new_text="y = 2\n", old_text="y = 1\n"),
    )
    return ChangeSet(root=root, title="t", changes=changes)


def test_the_diff_applies_with_git_apply(tmp_path: Path) -> None:
    changeset = tree(tmp_path / "a")
    patch = tmp_path / "change.patch"
    patch.write_text(render_diff(changeset))
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path / "b", check=True)
    subprocess.run(["git", "apply", str(patch)], cwd=tmp_path / "b", check=True)
    assert snapshot_tree(tmp_path / "b", ignored={".git"}) == {
        "keep.py": b"a = 1\nb = 3\n",
        "pkg/new.py": b"z = 1\n",
        "pkg/__init__.py": b"",
        "pkg/moved.py": b"y = 2\n",
    }


def test_stat_lists_each_file_and_the_totals(tmp_path: Path) -> None:
    lines = render_stat(tree(tmp_path / "a")).splitlines()
    assert lines[0].split() == ["keep.py", "|", "2", "+-"]
    assert lines[4].split()[:4] == ["old.py", "=>", "pkg/moved.py", "|"]
    assert lines[-1] == " 5 files changed, 3 insertions(+), 3 deletions(-)"
