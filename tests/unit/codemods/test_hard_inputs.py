"""Inputs that made move, move-symbol and split report success on broken code, or crash."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from refactorkit.codemods.move import MoveOptions, plan_move
from refactorkit.codemods.move_symbol import plan_move_symbol
from refactorkit.codemods.split.api import SplitOptions, propose, split
from refactorkit.errors import UserError
from refactorkit.workspace import MAX_FILE_BYTES
from tests.unit.codemods.test_move import apply

BASE = {
    "pyproject.toml": b"[project]\nname = 'p'\n",
    "pkg/__init__.py": b"",
    "pkg/util.py": b"def helper():\n    return 1\n",
}


def tree(root: Path, files: dict[str, bytes]) -> Path:
    for rel, data in {**BASE, **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def imports_ok(root: Path, *modules: str) -> None:
    code = "; ".join(f"import {m}" for m in modules)
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_every_import_of_a_cr_only_file_is_rewritten_and_its_line_ends_kept(
    tmp_path: Path,
) -> None:
    main = (
        b'"""Doc."""\rimport os\rfrom pkg.util import helper\rimport pkg.util\r\r\r'
        b"def f():\r    from pkg import util\r    return pkg.util.helper() + util.helper()\r"
    )
    mixed = b"import os\r\nfrom pkg.util import helper\rimport pkg.util\nX = pkg.util.helper()\r"
    root = tree(tmp_path, {"main.py": main, "mixed.py": mixed})
    apply(plan_move(root, "pkg.util", "pkg.tools", cwd=root))
    rewritten = (root / "main.py").read_bytes()
    assert rewritten == main.replace(b"util", b"tools")
    assert (root / "mixed.py").read_bytes() == mixed.replace(b"util", b"tools")
    imports_ok(root, "main", "mixed")


def test_a_file_over_8_mib_that_imports_the_moved_module_is_rewritten(tmp_path: Path) -> None:
    big = b"from pkg.util import helper\n\nDATA = '" + b"x" * MAX_FILE_BYTES + b"'\n"
    root = tree(tmp_path, {"big.py": big})
    changeset = plan_move(root, "pkg.util", "pkg.tools", cwd=root)
    assert "big.py" in [c.path for c in changeset.changes]
    apply(changeset)
    assert (root / "big.py").read_bytes().startswith(b"from pkg.tools import helper\n")


def test_a_utf16_file_that_names_the_moved_module_is_listed(tmp_path: Path) -> None:
    text = "from pkg.util import helper\n"
    root = tree(
        tmp_path,
        {"wide.py": text.encode("utf-16"), "other.py": "X = 1\n".encode("utf-16")},
    )
    with pytest.raises(UserError, match=r"wide\.py \(UTF-16 encoded"):
        plan_move(root, "pkg.util", "pkg.tools", cwd=root)
    options = MoveOptions(skip_unparsable=True)
    changeset = plan_move(root, "pkg.util", "pkg.tools", options, cwd=root)
    assert [w for w in changeset.warnings if "wide.py: not rewritten (UTF-16" in w]
    assert not [w for w in changeset.warnings if "other.py" in w]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_named_like_a_module_never_blocks(tmp_path: Path) -> None:
    root = tree(tmp_path, {"main.py": b"from pkg.util import helper\n"})
    os.mkfifo(root / "pkg" / "x.py")  # no git here: discovery walks the tree
    changeset = plan_move(root, "pkg.util", "pkg.tools", cwd=root)
    assert {c.path for c in changeset.changes} == {"pkg/util.py", "main.py"}
    assert split(root / "pkg" / "util.py", SplitOptions()).changes
    with pytest.raises(UserError, match="not a"):
        split(root / "pkg" / "x.py", SplitOptions())


def test_move_to_the_filesystem_root_is_refused(tmp_path: Path) -> None:
    root = tree(tmp_path, {})
    with pytest.raises(UserError, match="outside the project"):
        plan_move(root, "pkg/util.py", "/", cwd=root)


CRLF_SOURCE = (
    b"import os\r\n\r\n\r\ndef helper():\r\n    return os.sep\r\n\r\n\r\n"
    b"def other():\r\n    return helper()\r\n"
)


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"])
def test_move_symbol_writes_in_each_files_line_ends(tmp_path: Path, newline: bytes) -> None:
    source = CRLF_SOURCE.replace(b"\r\n", newline)
    root = tree(tmp_path, {"pkg/src.py": source, "pkg/dst.py": b"X = 1" + newline})
    apply(plan_move_symbol(root, "pkg.src:helper", "pkg.dst:helper"))
    for rel in ("pkg/src.py", "pkg/dst.py"):
        data = (root / rel).read_bytes()
        assert data.replace(newline, b"").count(b"\n") == 0 and b"helper" in data, data
        if newline == b"\r":
            assert b"\r\n" not in data
    apply(plan_move_symbol(root, "pkg.dst:helper", "pkg.fresh:helper"))
    created = (root / "pkg/fresh.py").read_bytes()
    assert created.count(newline) > 2 and created.replace(newline, b"").count(b"\n") == 0
    imports_ok(root, "pkg.src", "pkg.dst", "pkg.fresh")


def test_move_symbol_into_a_package_edits_its_init(tmp_path: Path) -> None:
    root = tree(tmp_path, {"main.py": b"from pkg.util import helper\n"})
    changeset = plan_move_symbol(root, "pkg.util:helper", "pkg")
    assert ("modify", "pkg/__init__.py") in [(c.kind, c.path) for c in changeset.changes]
    apply(changeset)
    assert b"def helper" in (root / "pkg/__init__.py").read_bytes()
    imports_ok(root, "main")


def test_move_symbol_refuses_a_keyword_as_the_new_name(tmp_path: Path) -> None:
    root = tree(tmp_path, {})
    with pytest.raises(UserError, match="'class' is not a valid identifier"):
        plan_move_symbol(root, "pkg.util:helper", "pkg.other:class")


TABBED = (
    b"import os\r\n\r\n\r\nclass A:\r\n\tdef f(self):\r\n\t\treturn os.sep\r\n\r\n\r\n"
    b"def g():\r\n\treturn A().f()\r\n\r\n\r\ndef h():\r\n\treturn 1\r\n"
)


@pytest.mark.parametrize("shim", [False, True])
def test_split_writes_in_the_modules_indentation_and_line_ends(tmp_path: Path, shim: bool) -> None:
    root = tree(tmp_path, {"pkg/mod.py": TABBED})
    apply(split(root / "pkg/mod.py", SplitOptions(shim=shim)))
    for path in sorted((root / "pkg/mod").glob("*.py")):
        data = path.read_bytes()
        lines = data.split(b"\r\n")
        assert data.endswith(b"\r\n") and not any(b"\n" in line or b"\r" in line for line in lines)
        assert not [line for line in lines if line.startswith(b" ")], (path, data)
    init = (root / "pkg/mod/__init__.py").read_bytes()
    assert b'__all__ = [\r\n\t"A",\r\n' in init
    imports_ok(root, "pkg.mod")


def test_split_refuses_a_module_whose_name_is_a_keyword(tmp_path: Path) -> None:
    root = tree(tmp_path, {"pkg/class.py": b"def f():\n    return 1\n"})
    with pytest.raises(UserError, match="'class' is a Python keyword"):
        split(root / "pkg/class.py", SplitOptions())


@pytest.mark.parametrize("text", [b"", b"# just a comment\n", b'"""Only a docstring."""\n'])
def test_split_of_a_module_without_code_is_nothing_to_do(tmp_path: Path, text: bytes) -> None:
    root = tree(tmp_path, {"pkg/empty.py": text})
    changeset = split(root / "pkg/empty.py", SplitOptions())
    assert changeset.is_empty and "nothing to split" in changeset.title
    with pytest.raises(UserError, match="nothing to split"):
        propose(root / "pkg/empty.py")
