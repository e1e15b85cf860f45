"""refactorkit.testing: the tree helpers codemod tests (and plugin authors) rely on."""

from __future__ import annotations

from pathlib import Path

import pytest

from refactorkit.changes.outcome import Applied
from refactorkit.domain import ChangeSet, ModifyFile, MoveFile
from refactorkit.testing import apply_in_tmp, assert_changeset_tree


def write(root: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def rename_module(root: Path) -> ChangeSet:
    return ChangeSet(
        root,
        "rename",
        (
            MoveFile("pkg/old.py", "pkg/new.py"),
            ModifyFile("main.py", new_text="from pkg.new import X\r\n\r\nprint(X)\r\n"),
        ),
    )


BEFORE = {
    "pkg/__init__.py": b"",
    "pkg/old.py": b"X = 1\n",
    "main.py": b"from pkg.old import X\r\n\r\nprint(X)\r\n",
}
AFTER = {
    "pkg/__init__.py": b"",
    "pkg/new.py": b"X = 1\n",
    "main.py": b"from pkg.new import X\r\n\r\nprint(X)\r\n",
}


def test_matching_trees_pass_and_undo_is_checked(tmp_path: Path) -> None:
    before = write(tmp_path / "before", BEFORE)
    after = write(tmp_path / "after", AFTER)
    changeset = assert_changeset_tree(rename_module, before, after, tmp_dir=tmp_path)
    assert changeset.title == "rename"
    assert (before / "pkg/old.py").exists()  # the fixture itself is never touched


def test_mismatch_lists_missing_extra_and_a_diff(tmp_path: Path) -> None:
    before = write(tmp_path / "before", BEFORE)
    wrong = dict(AFTER)
    wrong["main.py"] = b"from pkg.new import X as Y\r\n\r\nprint(Y)\r\n"
    wrong["pkg/other.py"] = wrong.pop("pkg/new.py")
    after = write(tmp_path / "after", wrong)
    with pytest.raises(AssertionError) as info:
        assert_changeset_tree(rename_module, before, after, tmp_dir=tmp_path)
    message = str(info.value)
    assert "missing: pkg/other.py" in message
    assert "extra: pkg/new.py" in message
    assert "-from pkg.new import X as Y\\r\n+from pkg.new import X\\r\n" in message


def test_byte_only_difference_is_explained(tmp_path: Path) -> None:
    before = write(tmp_path / "before", BEFORE)
    lf = dict(AFTER, **{"main.py": b"from pkg.new import X\n\nprint(X)\n"})
    after = write(tmp_path / "after", lf)
    with pytest.raises(AssertionError) as info:
        assert_changeset_tree(rename_module, before, after, tmp_dir=tmp_path)
    assert "differs: main.py" in str(info.value)
    assert "-from pkg.new import X\n-\n-print(X)\n+from pkg.new import X\\r\n" in str(info.value)


def test_apply_in_tmp_refuses_invalid_changes(tmp_path: Path) -> None:
    before = write(tmp_path / "before", BEFORE)

    def breaks_name(root: Path) -> ChangeSet:
        return ChangeSet(root, "b", (ModifyFile("main.py", new_text="print(Z)\n"),))

    with pytest.raises(AssertionError, match="undefined name 'Z'"):
        apply_in_tmp(breaks_name, before, tmp_path / "one")
    root, _, result = apply_in_tmp(breaks_name, before, tmp_path / "two", allow_problems=True)
    assert isinstance(result, Applied) and (root / "main.py").read_bytes() == b"print(Z)\n"
