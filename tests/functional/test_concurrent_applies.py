"""Two applies started together on one repository never lose an update (20 rounds).

Each round starts `refactorkit move pkg.a pkg.b --apply` and `refactorkit move pkg.c pkg.d
--apply` as separate processes at once; both rewrite main.py. Every time, either both changes
are in the tree, or one was refused with a message; the code imports; and two undos give back
the base tree and index exactly.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from refactorkit.changes.journal import undo
from refactorkit.testing import snapshot_tree
from tests.functional.rk_run import write

GIT = ["git", "-c", "user.email=t@t", "-c", "user.name=t"]
ROUNDS = 20
MOVES = (("pkg.a", "pkg.b"), ("pkg.c", "pkg.d"))
REFUSALS = (
    "another refactorkit run changed this project meanwhile",
    "changed on disk since the change was planned",
    "does not exist",
    "disappeared while planning",
)


def project(root: Path) -> Path:
    write(root, "pyproject.toml", "[project]\nname = 'proj'\n")
    write(root, "pkg/__init__.py", "")
    write(root, "pkg/a.py", "def fa():\n    return 1\n")
    write(root, "pkg/c.py", "def fc():\n    return 2\n")
    write(root, "main.py", "from pkg.a import fa\nfrom pkg.c import fc\n\nTOTAL = fa() + fc()\n")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=root, check=True)
    subprocess.run([*GIT, "commit", "-qm", "base"], cwd=root, check=True)
    return root


def start(root: Path, old: str, new: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        # -I: the project's own modules must not shadow anything refactorkit imports.
        [sys.executable, "-I", "-m", "refactorkit", "move", old, new, "--apply", "--allow-dirty"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def index(root: Path) -> str:
    return subprocess.run(
        ["git", "ls-files", "--stage"], cwd=root, capture_output=True, text=True, check=True
    ).stdout


def imports(root: Path) -> bool:
    check = [sys.executable, "-c", "import main; assert main.TOTAL == 3"]
    return subprocess.run(check, cwd=root, capture_output=True).returncode == 0


def one_round(root: Path, moves: tuple[tuple[str, str], ...]) -> list[bool]:
    """Run the moves at once; returns which applied, after checking the tree is coherent."""
    procs = [start(root, old, new) for old, new in moves]
    outputs = [proc.communicate(timeout=300)[0] for proc in procs]
    applied = []
    for proc, out in zip(procs, outputs, strict=True):
        assert proc.returncode in (0, 2), out
        if proc.returncode == 2:
            assert any(reason in out for reason in REFUSALS), out
        # The same move started after the other finished finds nothing to do.
        applied.append(proc.returncode == 0 and "nothing to do" not in out)
    assert any(applied), outputs
    assert imports(root), outputs
    for (_, new), done in zip(moves, applied, strict=True):
        new_file = root / (new.replace(".", "/") + ".py")
        assert new_file.is_file() == done or moves[0] == moves[1], outputs
    return applied


@pytest.mark.parametrize(("moves", "rounds"), [(MOVES, ROUNDS), ((MOVES[0], MOVES[0]), 3)])
def test_two_applies_at_once_never_lose_an_update(
    tmp_path: Path, moves: tuple[tuple[str, str], ...], rounds: int
) -> None:
    for number in range(rounds):
        root = project(tmp_path / f"round-{number}")
        base, base_index = snapshot_tree(root), index(root)
        applied = one_round(root, moves)
        if moves[0] == moves[1]:
            assert applied.count(True) == 1  # the same move twice: exactly one does it
        assert undo(root).undone
        second = undo(root)
        assert second.undone == all(applied)
        assert snapshot_tree(root) == base
        assert index(root) == base_index
