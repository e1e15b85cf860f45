"""Bad input through the CLI: one clear line on stderr and exit 2, or a skip with a reason.

Never a traceback, never a hang. Unreadable files are simulated (the suite may run as root,
for whom permission bits do not apply): stat, open and listing raise EACCES under a folder.
"""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from refactorkit.cli import cli
from refactorkit.cli.check import check_command
from refactorkit.cli.graph import graph_command
from refactorkit.cli.move import move_command, move_symbol_command
from refactorkit.cli.plan import plan_group
from refactorkit.cli.split import split_command
from tests.functional.rk_run import Run, rk, write

for command in (move_command, move_symbol_command, split_command, check_command, graph_command):
    cli.add_command(command)  # idempotent
cli.add_command(plan_group, "plan")

VERBS = [
    ("analyze", "."),
    ("check",),
    ("graph", "."),
    ("plan", "split", "pkg/util.py", "-o", "-"),
    ("split", "pkg/util.py", "--auto"),
    ("move", "pkg.util", "pkg.tools"),
    ("move-symbol", "pkg.util:helper", "pkg.other:helper"),
]


def project(root: Path, util_tail: str = "") -> Path:
    write(root, "pyproject.toml", "[project]\nname = 'p'\n")
    write(root, "pkg/__init__.py", "")
    write(root, "pkg/util.py", "def helper():\n    return 1\n\n\ndef other():\n    return 2\n")
    if util_tail:
        with open(root / "pkg/util.py", "a", encoding="utf-8") as fh:
            fh.write(util_tail)
    write(root, "main.py", "from pkg.util import helper\n\nprint(helper())\n")
    return root


def clean(run: Run) -> Run:
    """No traceback; an error is one line (a refused apply lists each of its problems)."""
    assert "Traceback" not in run.out + run.err, run.err
    assert run.code in (0, 1, 2), run
    if run.code == 2:
        assert len(run.err.strip().splitlines()) == 1 or "not applied" in run.err, run
    return run


def chain(depth: int) -> str:
    return "\n\ndef deep():\n    return " + "+".join(["1"] * depth) + "\n"


@pytest.mark.parametrize("verb", VERBS, ids=lambda v: v[0])
def test_a_500_deep_expression_chain_is_handled(tmp_path: Path, verb: tuple[str, ...]) -> None:
    root = project(tmp_path, chain(500))
    run = clean(rk(*verb, cwd=root))
    assert run.code in (0, 1), run.err


def test_a_3000_deep_expression_chain_is_split_or_refused_in_one_line(tmp_path: Path) -> None:
    root = project(tmp_path, chain(3000))
    write(root, "pkg/deep_user.py", "from pkg.util import helper\nX = " + "+".join(["1"] * 3000))
    for verb in (VERBS[4], VERBS[5]):
        clean(rk(*verb, cwd=root))


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[tool]\nrefactorkit = 3\n", "tool.refactorkit must be a table, not int"),
        ('[tool]\nrefactorkit = "x"\n', "tool.refactorkit must be a table, not str"),
        ("tool = 3\n", "tool must be a table, not int"),
        ("[tool.refactorkit.limits]\nmax_file_lines = true\n", "max_file_lines must be a number"),
        ('[tool.refactorkit.check]\nignore = ["XX999"]\n', "unknown rule code 'XX999'"),
    ],
)
def test_config_of_the_wrong_shape_names_the_key(tmp_path: Path, toml: str, message: str) -> None:
    root = project(tmp_path)
    (root / "pyproject.toml").write_text(toml + "\n[project]\nname = 'p'\n")
    for verb in (("check",), ("analyze", ".")):
        run = clean(rk(*verb, cwd=root))
        assert run.code == 2 and message in run.err, run.err


@pytest.fixture
def unreadable(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """Make a folder (mode 000: not listed, nothing inside reachable) or a file unreadable."""
    folders: list[str] = []
    files: list[str] = []

    def inside(text: str) -> bool:
        return any(text.startswith(folder + os.sep) for folder in folders)

    def wrap(real: Callable[..., Any], denied: Callable[[str], bool]) -> Callable[..., Any]:
        def fake(path: Any, *args: Any, **kwargs: Any) -> Any:
            if not isinstance(path, int) and denied(os.fsdecode(os.fspath(path))):
                raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
            return real(path, *args, **kwargs)

        return fake

    monkeypatch.setattr(os, "stat", wrap(os.stat, inside))
    monkeypatch.setattr(os, "lstat", wrap(os.lstat, inside))
    monkeypatch.setattr(io, "open", wrap(io.open, lambda t: inside(t) or t in files))
    monkeypatch.setattr(os, "scandir", wrap(os.scandir, lambda t: inside(t) or t in folders))

    def block(path: Path) -> None:
        (folders if path.is_dir() else files).append(str(path))

    return block


def git_init(root: Path) -> None:
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "base"]):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=root, check=True
        )


@pytest.mark.parametrize("in_git", [False, True])
@pytest.mark.parametrize("verb", VERBS, ids=lambda v: v[0])
def test_an_unreadable_folder_is_skipped_with_a_reason(
    tmp_path: Path, verb: tuple[str, ...], in_git: bool, unreadable: Callable[[Path], None]
) -> None:
    root = project(tmp_path)
    write(root, "locked/a.py", "from pkg.util import helper\n")
    if in_git:
        git_init(root)
    unreadable(root / "locked")
    run = clean(rk(*verb, cwd=root))
    if verb[0] in ("move", "move-symbol"):  # it may hold an importer: refused, or skipped
        assert run.code == 2 and "locked" in run.err and "(unreadable" in run.err
        clean(rk(*verb, "--skip-unparsable", cwd=root))
    else:
        assert run.code in (0, 1), run.err


@pytest.mark.parametrize("verb", [VERBS[4], VERBS[5], VERBS[6]], ids=lambda v: v[0])
def test_an_unreadable_module_that_is_itself_moved_is_refused(
    tmp_path: Path, verb: tuple[str, ...], unreadable: Callable[[Path], None]
) -> None:
    root = project(tmp_path)
    unreadable(root / "pkg" / "util.py")
    run = clean(rk(*verb, cwd=root))
    assert run.code == 2 and "util.py" in run.err
    if verb[0] == "move":  # told to skip it: the dry run warns, and --apply refuses
        skipped = clean(rk(*verb, "--skip-unparsable", "--apply", cwd=root))
        assert skipped.code == 2 and "pkg/util.py: cannot be read" in skipped.err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("verb", VERBS, ids=lambda v: v[0])
def test_a_fifo_named_x_py_never_blocks(tmp_path: Path, verb: tuple[str, ...]) -> None:
    root = project(tmp_path)
    os.mkfifo(root / "pkg" / "x.py")
    clean(rk(*verb, cwd=root))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("move", "pkg/util.py", "/"), "outside the project"),
        (("move-symbol", "pkg.util:helper", "pkg.other:class"), "'class' is not a valid"),
    ],
)
def test_bad_targets_are_one_line(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    run = clean(rk(*args, cwd=project(tmp_path)))
    assert run.code == 2 and message in run.err


def test_python_m_refactorkit_never_imports_the_projects_own_modules(tmp_path: Path) -> None:
    root = project(tmp_path)
    marker = tmp_path / "imported"
    write(root, "click.py", f"open({str(marker)!r}, 'w').close()\nraise SystemExit(99)\n")
    done = subprocess.run(
        [sys.executable, "-m", "refactorkit", "check"], cwd=root, capture_output=True, text=True
    )
    # 1: click.py's hard-coded marker path is a finding (RK112); 99 would mean it ran.
    assert done.returncode in (0, 1), done.stderr
    assert not marker.exists()


@pytest.fixture(autouse=True)
def _no_hang() -> Iterator[None]:
    """A FIFO test that blocks would hang the suite: fail it instead."""
    import faulthandler

    faulthandler.dump_traceback_later(300, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()
