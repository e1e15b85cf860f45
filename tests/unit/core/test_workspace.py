"""Discovery, module naming and safe reading of source files."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from refactorkit.config import Config
from refactorkit.workspace import (
    SourceError,
    discover,
    guess_roots,
    is_test_path,
    module_name,
    read_source,
)


def write(root: Path, rel: str, text: str = "x = 1\n") -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_flat_layout_module_names(tmp_path: Path) -> None:
    write(tmp_path, "pkg/__init__.py")
    write(tmp_path, "pkg/sub/__init__.py")
    write(tmp_path, "pkg/sub/mod.py")
    write(tmp_path, "top.py")
    found = {f.relpath: (f.module, f.is_package) for f in discover(tmp_path).files}
    assert found == {
        "pkg/__init__.py": ("pkg", True),
        "pkg/sub/__init__.py": ("pkg.sub", True),
        "pkg/sub/mod.py": ("pkg.sub.mod", False),
        "top.py": ("top", False),
    }


def test_src_layout_and_namespace_package(tmp_path: Path) -> None:
    write(tmp_path, "src/app/__init__.py")
    write(tmp_path, "src/app/core.py")
    write(tmp_path, "src/nspkg/part.py")  # namespace package: no __init__.py
    write(tmp_path, "tests/test_core.py")
    found = {f.relpath: f.module for f in discover(tmp_path).files}
    assert found["src/app/core.py"] == "app.core"
    assert found["src/nspkg/part.py"] == "nspkg.part"
    assert found["tests/test_core.py"] == "tests.test_core"


def test_configured_roots_and_non_importable_paths(tmp_path: Path) -> None:
    write(tmp_path, "services/api/handlers.py")
    write(tmp_path, "my-scripts/run.py")
    config = Config(project_root=tmp_path, roots=("services",))
    found = {f.relpath: f.module for f in discover(tmp_path, config).files}
    assert found["services/api/handlers.py"] == "api.handlers"
    assert found["my-scripts/run.py"] is None  # still measured, just not importable


def test_module_name_picks_deepest_root(tmp_path: Path) -> None:
    roots = guess_roots(tmp_path, ("", "lib"))
    assert module_name(tmp_path / "lib" / "a" / "b.py", roots) == "a.b"


def test_default_and_user_excludes(tmp_path: Path) -> None:
    write(tmp_path, "keep.py")
    write(tmp_path, ".venv/lib/site.py")
    write(tmp_path, "build/lib/gen.py")
    write(tmp_path, "node_modules/x/y.py")
    write(tmp_path, "pkg/__pycache__/z.py")
    write(tmp_path, "legacy/old.py")
    write(tmp_path, "envdir/pyvenv.cfg", "home = /usr\n")
    write(tmp_path, "envdir/lib/thing.py")
    found = [f.relpath for f in discover(tmp_path, extra_excludes=["legacy/"]).files]
    assert found == ["keep.py"]


def test_gitignore_honoured_without_git(tmp_path: Path) -> None:
    write(tmp_path, ".gitignore", "generated/\n*_pb2.py\n")
    write(tmp_path, "generated/a.py")
    write(tmp_path, "api_pb2.py")
    write(tmp_path, "real.py")
    assert [f.relpath for f in discover(tmp_path).files] == ["real.py"]


def test_nested_gitignores_honoured_without_git(tmp_path: Path) -> None:
    write(tmp_path, ".gitignore", "*_gen.py\n")
    write(tmp_path, "pkg/.gitignore", "out/\n!keep_gen.py\n")
    write(tmp_path, "pkg/out/a.py")
    write(tmp_path, "pkg/x_gen.py")
    write(tmp_path, "pkg/keep_gen.py")  # the deeper file's negation wins, as in git
    write(tmp_path, "pkg/mod.py")
    write(tmp_path, "other/out/b.py")  # pkg/.gitignore does not reach here
    found = [f.relpath for f in discover(tmp_path).files]
    assert found == ["other/out/b.py", "pkg/keep_gen.py", "pkg/mod.py"]


@pytest.mark.parametrize("in_git", [False, True])
def test_excludes_and_gitignore_are_anchored_at_the_project_root(
    tmp_path: Path, in_git: bool
) -> None:
    # Analyzing a subfolder must skip what analyzing the whole project skips.
    write(tmp_path, ".gitignore", "/src/pkg/local.py\n")
    write(tmp_path, "src/pkg/__init__.py")
    write(tmp_path, "src/pkg/local.py")
    write(tmp_path, "src/pkg/legacy.py")
    write(tmp_path, "src/pkg/mod.py")
    if in_git:
        subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    config = Config(project_root=tmp_path, exclude=("src/pkg/legacy.py",))
    for target in (tmp_path, tmp_path / "src", tmp_path / "src" / "pkg"):
        found = [f.relpath for f in discover(target, config).files]
        assert found == ["src/pkg/__init__.py", "src/pkg/mod.py"], target
    only = discover(tmp_path / "src" / "pkg", config, extra_excludes=["src/pkg/mod.py"]).files
    assert [f.relpath for f in only] == ["src/pkg/__init__.py"]


def test_git_ls_files_used_in_a_repo(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    write(tmp_path, ".gitignore", "ignored.py\n")
    write(tmp_path, "tracked.py")
    write(tmp_path, "ignored.py")
    write(tmp_path, "untracked.py")
    subprocess.run(["git", "add", "tracked.py"], cwd=tmp_path, check=True)
    assert [f.relpath for f in discover(tmp_path).files] == ["tracked.py", "untracked.py"]


def test_a_file_in_a_merge_conflict_is_discovered_once(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@t",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@t",
        }
        subprocess.run(["git", *args], cwd=tmp_path, check=False, env=env, capture_output=True)

    git("init", "-q", "-b", "main")
    write(tmp_path, "mod.py", "x = 1\n")
    git("add", "mod.py")
    git("commit", "-qm", "base")
    git("checkout", "-qb", "other")
    write(tmp_path, "mod.py", "x = 2\n")
    git("commit", "-qam", "other")
    git("checkout", "-q", "main")
    write(tmp_path, "mod.py", "x = 3\n")
    git("commit", "-qam", "main")
    git("merge", "other")  # conflicts: mod.py has stages 1, 2 and 3 in the index
    stages = subprocess.run(["git", "ls-files", "--stage"], cwd=tmp_path, capture_output=True)
    assert stages.stdout.count(b"mod.py") == 3
    assert [f.relpath for f in discover(tmp_path).files] == ["mod.py"]


def test_symlinks_are_skipped_not_followed(tmp_path: Path) -> None:
    write(tmp_path, "real.py")
    (tmp_path / "loop").mkdir()
    os.symlink(tmp_path / "loop", tmp_path / "loop" / "again")
    os.symlink(tmp_path / "real.py", tmp_path / "alias.py")
    result = discover(tmp_path)
    assert [f.relpath for f in result.files] == ["real.py"]
    reasons = {s.relpath: s.reason for s in result.skipped}
    assert "symbolic link" in reasons["alias.py"]
    assert "symbolic link" in reasons["loop/again"]


def test_an_unreadable_subfolder_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "ok.py")
    write(tmp_path, "locked/hidden.py")
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path) == tmp_path / "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    # chmod 000 does not stop root, so the failing listing is simulated.
    monkeypatch.setattr(os, "scandir", scandir)
    result = discover(tmp_path)
    assert [f.relpath for f in result.files] == ["ok.py"]
    assert [(s.relpath, s.reason) for s in result.skipped] == [
        ("locked", "unreadable folder: Permission denied")
    ]


def test_single_file_target(tmp_path: Path) -> None:
    write(tmp_path, "pkg/__init__.py")
    target = write(tmp_path, "pkg/mod.py")
    write(tmp_path, "pkg/other.py")
    files = discover(target).files
    assert [f.module for f in files] == ["mod"]


def test_a_named_file_without_py_suffix_is_measured_but_not_a_module(tmp_path: Path) -> None:
    script = write(tmp_path, "manage", "print('hi')\n")
    assert [(f.relpath, f.module) for f in discover(script).files] == [("manage", None)]
    toml = write(tmp_path, "settings.toml")
    assert [f.module for f in discover(toml).files] == [None]  # not "settings"


@pytest.mark.parametrize(
    ("data", "expected_text", "expected_encoding"),
    [
        (b"x = 1\r\ny = 2\r\n", "x = 1\r\ny = 2\r\n", "utf-8"),
        (b"\xef\xbb\xbfx = 'caf\xc3\xa9'\n", "x = 'café'\n", "utf-8-sig"),
        (
            b"# -*- coding: latin-1 -*-\nx = 'caf\xe9'\n",
            "# -*- coding: latin-1 -*-\nx = 'café'\n",
            "iso-8859-1",
        ),
    ],
)
def test_read_source_encodings(
    tmp_path: Path, data: bytes, expected_text: str, expected_encoding: str
) -> None:
    path = tmp_path / "m.py"
    path.write_bytes(data)
    assert read_source(path) == (expected_text, expected_encoding)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"x = 1\x00\n", "NUL"),
        (b"x = '\xff\xfe'\n", "cannot decode"),
        (b"# coding: no-such-codec\nx = 1\n", "encoding"),
    ],
)
def test_read_source_rejects_bad_bytes(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "m.py"
    path.write_bytes(data)
    with pytest.raises(SourceError, match=reason):
        read_source(path)


def test_read_source_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="unreadable"):
        read_source(tmp_path / "missing.py")


@pytest.mark.parametrize(
    ("relpath", "is_test"),
    [
        ("tests/admin_views/tests.py", True),
        ("simple_history/tests/models.py", True),
        ("simple_history/registry_tests/models.py", True),
        ("test/test_nodes.py", True),  # docutils' top-level test/
        ("src/tests/helpers.py", True),
        ("docs/_ext/djangodocs.py", True),
        ("examples/app.py", True),
        ("pkg/test_models.py", True),
        ("pkg/models_test.py", True),
        ("conftest.py", True),
        ("django/test/testcases.py", False),  # Django's testing API is product code
        ("django/db/models/query.py", False),
        ("docutils/examples.py", False),
        ("pkg/testing.py", False),
    ],
)
def test_is_test_path(relpath: str, is_test: bool) -> None:
    assert is_test_path(relpath) is is_test
