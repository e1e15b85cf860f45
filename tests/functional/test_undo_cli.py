"""The CLI side of the runner: changeset options, exit codes, and `refactorkit undo`."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from refactorkit.cli.options import RunRequest, changeset_options, run_changeset
from refactorkit.cli.undo import undo_command
from refactorkit.domain import ChangeSet, CreateFile, ModifyFile, MoveFile
from refactorkit.testing import snapshot_tree

FILES = {
    "pkg/models.py": b"# -*- coding: latin-1 -*-\nNAME = '\xe9'\r\n",
    "pkg/bom.py": b"\xef\xbb\xbfX = 1\n",
    "keep.py": b"Y = 2\n",
}

INIT_TEXT = "# -*- coding: latin-1 -*-\nfrom .brand import NAME\r\n\r\n__all__ = ['NAME']\r\n"


@click.command("demo")
@click.argument("root", type=click.Path(path_type=Path))
@click.option("--empty", is_flag=True)
@changeset_options
def demo_command(root: Path, empty: bool, run: RunRequest) -> int:
    """A stand-in codemod: turns pkg/models.py into a package."""
    changes = (
        ()
        if empty
        else (
            MoveFile("pkg/models.py", "pkg/models/__init__.py", new_text=INIT_TEXT),
            CreateFile("pkg/models/brand.py", new_text="# -*- coding: latin-1 -*-\nNAME = 'é'\r\n"),
            ModifyFile("pkg/bom.py", new_text="X = 2\n"),
        )
    )
    changeset = ChangeSet(root, "split pkg/models.py", changes)
    return run_changeset(changeset, run)


def invoke(command: click.Command, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(command, list(args), standalone_mode=False)
    assert result.exception is None, result.output
    return int(result.return_value), result.output


def make_project(root: Path) -> Path:
    for rel, data in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def test_dry_run_exit_1_then_apply_then_undo_restores_bytes(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    before = snapshot_tree(root)
    code, out = invoke(demo_command, str(root))
    assert code == 1 and "rename to pkg/models/__init__.py" in out
    assert "\x1b[" not in out  # not a terminal: no color by default
    assert snapshot_tree(root) == before

    code, out = invoke(demo_command, str(root), "--apply")
    assert code == 0, out
    assert (
        root / "pkg/models/brand.py"
    ).read_bytes() == b"# -*- coding: latin-1 -*-\nNAME = '\xe9'\r\n"
    assert (root / "pkg/bom.py").read_bytes() == b"\xef\xbb\xbfX = 2\n"

    code, out = invoke(undo_command, "--root", str(root), "--list")
    assert code == 0 and "apply applied" in out and "split pkg/models.py" in out

    code, out = invoke(undo_command, "--root", str(root))
    assert code == 0 and "removed  pkg/models/brand.py" in out
    assert snapshot_tree(root) == before
    assert not (root / "pkg/models").exists()

    code, out = invoke(undo_command, "--root", str(root))
    assert code == 0 and out.strip() == "nothing to undo"


def test_empty_changeset_exit_0(tmp_path: Path) -> None:
    code, out = invoke(demo_command, str(tmp_path), "--empty", "--apply")
    assert code == 0 and out.strip() == "nothing to do: split pkg/models.py"


def test_color_flag_forces_ansi(tmp_path: Path) -> None:
    code, out = invoke(demo_command, str(make_project(tmp_path)), "--color")
    assert code == 1 and "\x1b[32m+" in out


def test_verify_failure_exit_1_and_tree_restored(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    before = snapshot_tree(root)
    code, out = invoke(demo_command, str(root), "--apply", "--verify", "false")
    assert code == 1
    assert "verification failed" in out and "changes rolled back" in out
    assert snapshot_tree(root) == before
    code, out = invoke(demo_command, str(root), "--apply", "--verify", "true")
    assert code == 0 and "verification passed" in out


def test_undo_refuses_edited_files_then_force(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    before = snapshot_tree(root)
    assert invoke(demo_command, str(root), "--apply")[0] == 0
    (root / "pkg/bom.py").write_bytes(b"X = 3\n")
    code, out = invoke(undo_command, "--root", str(root))
    assert code == 2
    assert "pkg/bom.py (modified since)" in out and "--force" in out
    assert (root / "pkg/bom.py").read_bytes() == b"X = 3\n"
    code, out = invoke(undo_command, "--root", str(root), "--force")
    assert code == 0 and "overwrote edits" in out
    assert snapshot_tree(root) == before


def test_undo_finds_the_journal_from_a_subfolder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path)
    assert invoke(demo_command, str(root), "--apply")[0] == 0
    monkeypatch.chdir(root / "pkg" / "models")
    code, out = invoke(undo_command)
    assert code == 0, out
    assert not (root / "pkg/models").exists()


def test_undo_through_the_real_entry_point(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from refactorkit.cli import main

    root = make_project(tmp_path)
    assert invoke(demo_command, str(root), "--apply")[0] == 0
    assert main(["undo", "--root", str(root), "no-such-entry"]) == 2
    assert "'no-such-entry' is not a journal id" in capsys.readouterr().err
    missing = "20000101T000000.000000Z-abcdef"
    assert main(["undo", "--root", str(root), missing]) == 2
    assert f"no journal entry '{missing}'" in capsys.readouterr().err
    assert main(["undo", "--root", str(root)]) == 0
    assert snapshot_tree(root) == {rel: data for rel, data in sorted(FILES.items())}
