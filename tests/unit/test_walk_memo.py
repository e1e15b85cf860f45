"""The remembered walk (issue 14): the same answer as a walk, after every kind of change.

Each case changes the tree in one way a folder's stamp or a kept .gitignore or link must
catch, then compares the remembered answer with a fresh walk of the same tree.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import refactorkit.walk_memo as walk_memo
from refactorkit.domain import SkippedFile
from refactorkit.excludes import Excludes
from refactorkit.walk import walk
from refactorkit.walk_memo import remembered_walk

LINES = ("build/", "*.egg-info/")


@pytest.fixture(autouse=True)
def own_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))


def settle(root: Path) -> None:
    """Every folder and file an hour old: outside the racy window."""
    past = time.time() - 3600
    for folder, _, names in os.walk(root):
        for name in names:
            os.utime(os.path.join(folder, name), (past, past), follow_symlinks=False)
        os.utime(folder, (past, past))


def make_tree(root: Path) -> Path:
    for rel in ("pkg/__init__.py", "pkg/a.py", "pkg/sub/b.py", "build/gen.py", "tools/t.py"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x = 1\n", encoding="utf-8")
    (root / "pkg/.gitignore").write_text("ignored_*.py\n", encoding="utf-8")
    (root / "pkg/ignored_one.py").write_text("y = 2\n", encoding="utf-8")
    settle(root)
    return root


def fresh(root: Path) -> tuple[list[str], list[SkippedFile]]:
    skipped: list[SkippedFile] = []
    found = [w.rel for w in walk(root, root, Excludes(LINES), skipped)]
    return sorted(found), sorted(skipped, key=lambda s: s.relpath)


def remembered(root: Path, memo: Path) -> tuple[list[str], list[SkippedFile]]:
    skipped: list[SkippedFile] = []
    found = [w.rel for w in remembered_walk(memo, root, root, LINES, skipped)]
    return sorted(found), sorted(skipped, key=lambda s: s.relpath)


class Walks:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = walk_memo.walk

        def counted(*args: object, **kwargs: object) -> object:
            self.count += 1
            return real(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(walk_memo, "walk", counted)


def test_an_unchanged_tree_is_not_listed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, memo = make_tree(tmp_path / "p"), tmp_path / "memo"
    walks = Walks(monkeypatch)
    first = remembered(root, memo)
    assert first == fresh(root) and walks.count == 1
    assert "pkg/ignored_one.py" not in first[0] and "build/gen.py" not in first[0]
    assert remembered(root, memo) == first and walks.count == 1


def _add_file(root: Path) -> None:
    (root / "pkg/sub/new.py").write_text("z = 3\n", encoding="utf-8")


def _remove_folder(root: Path) -> None:
    (root / "tools/t.py").unlink()
    (root / "tools").rmdir()


def _edit_gitignore(root: Path) -> None:
    (root / "pkg/.gitignore").write_text("a.py\n", encoding="utf-8")  # same folder stamp


def _new_gitignore_above(root: Path) -> None:
    (root / ".gitignore").write_text("tools/\n", encoding="utf-8")


def _unreadable(root: Path) -> None:
    (root / "tools").chmod(0)


CHANGES: dict[str, Callable[[Path], None]] = {
    "a file added": _add_file,
    "a folder removed": _remove_folder,
    "a .gitignore edited in place": _edit_gitignore,
    "a .gitignore added at the root": _new_gitignore_above,
    "a folder made unreadable": _unreadable,
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_each_change_is_seen(tmp_path: Path, change: str) -> None:
    if change == "a folder made unreadable" and os.geteuid() == 0:
        pytest.skip("root reads any folder")
    root, memo = make_tree(tmp_path / "p"), tmp_path / "memo"
    before = remembered(root, memo)
    CHANGES[change](root)
    try:
        after = fresh(root)
        assert after != before  # the change matters to a walk
        assert remembered(root, memo) == after
    finally:
        if (root / "tools").exists():
            (root / "tools").chmod(0o755)


def test_a_link_that_now_points_at_a_folder(tmp_path: Path) -> None:
    root, memo = make_tree(tmp_path / "p"), tmp_path / "memo"
    (root / "elsewhere").mkdir()
    (root / "plain.txt").write_text("", encoding="utf-8")
    (root / "pkg/link").symlink_to(root / "plain.txt")
    settle(root)
    before = remembered(root, memo)
    (root / "plain.txt").unlink()
    (root / "plain.txt").mkdir()  # the link's folder listing is unchanged; its target is not
    after = fresh(root)
    assert after != before and any(s.relpath == "pkg/link" for s in after[1])
    assert remembered(root, memo) == after


def test_a_just_changed_folder_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, memo = make_tree(tmp_path / "p"), tmp_path / "memo"
    _add_file(root)  # pkg/sub's mtime is now
    walks = Walks(monkeypatch)
    remembered(root, memo)
    remembered(root, memo)
    assert walks.count == 2  # nothing kept while the folder is racy


def test_a_corrupt_or_foreign_memo_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, memo = make_tree(tmp_path / "p"), tmp_path / "memo"
    first = remembered(root, memo)
    (kept,) = memo.rglob("*.bin")
    data = kept.read_bytes()
    kept.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    walks = Walks(monkeypatch)
    assert remembered(root, memo) == first and walks.count == 1
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))
    assert remembered(root, memo) == first and walks.count == 2
