"""`refactorkit move-symbol --with-auto --apply` on the Django-shaped fixture (issue 12): the
old module keeps what other modules import through it, the project's own tests stay green,
and `undo` restores it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.functional.rk_run import rk

CASE = Path(__file__).resolve().parents[2] / "fixtures" / "codemods" / "move_symbol" / "reexports"


def _pytest(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


def test_move_symbol_with_auto_keeps_the_project_importable(tmp_path: Path) -> None:
    root = tmp_path / "orm"
    shutil.copytree(CASE / "before", root)
    argv = (CASE / "args.txt").read_text().split()
    run = rk("move-symbol", *argv, "--apply", "--allow-dirty", cwd=root)
    assert run.code == 0, run.err
    query = (root / "lib" / "orm" / "query.py").read_text()
    assert "from lib.orm.expressions import F  # noqa: F401" in query
    assert "from lib.orm.query_set import QuerySet  # noqa: F401" in query
    done = _pytest(root)
    assert done.returncode == 0, done.stdout + done.stderr
    run = rk("undo", cwd=root)
    assert run.code == 0, run.err
    assert not (root / "lib" / "orm" / "query_set.py").exists()
    assert (root / "lib" / "orm" / "query.py").read_text() == (
        CASE / "before" / "lib" / "orm" / "query.py"
    ).read_text()
