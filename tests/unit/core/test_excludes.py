"""The walk's fast exclude checks answer as the full gitignore rules do."""

from __future__ import annotations

import pathspec
import pytest

from refactorkit.excludes import Excludes
from refactorkit.workspace import DEFAULT_EXCLUDES

FOLDERS = ["build", "pkg", ".venv", "x.egg-info", "node_modules", "docs", "_build", "Build"]
PATTERNS = [
    list(DEFAULT_EXCLUDES),
    [*DEFAULT_EXCLUDES, "docs/_build/", "*_pb2.py", "/pkg/gen/", "migrations/"],
    [*DEFAULT_EXCLUDES, "pkg/", "!pkg/keep/"],  # a negation: everything takes the full path
]


def paths() -> list[tuple[str, str]]:
    """(relpath of a folder with its trailing /, its name), parents before children."""
    out = []
    for a in FOLDERS:
        out.append((f"{a}/", a))
        for b in [*FOLDERS, "gen", "keep"]:
            out.append((f"{a}/{b}/", b))
    return out


@pytest.mark.parametrize("lines", PATTERNS)
def test_fast_answers_equal_pathspec_for_walked_paths(lines: list[str]) -> None:
    full = pathspec.GitIgnoreSpec.from_lines(lines)
    fast = Excludes(lines)
    for rel, name in paths():
        parent = rel[: -len(name) - 1]
        if parent and full.match_file(parent):
            continue  # the walk never enters an excluded folder
        assert fast.folder(rel, name) == bool(full.match_file(rel)), rel
        for file in ("mod.py", "api_pb2.py"):
            if not full.match_file(rel):
                assert fast.walked_file(rel + file) == bool(full.match_file(rel + file)), file
    assert fast.match_file("build/x.py") and not fast.match_file("src/x.py")


@pytest.mark.parametrize("lines", PATTERNS)
def test_fast_answers_equal_pathspec_for_listed_files(lines: list[str]) -> None:
    """Files git lists come with all their folders: a folder pattern matches at any depth."""
    full = pathspec.GitIgnoreSpec.from_lines(lines)
    fast = Excludes(lines)
    for rel, _ in paths():
        for file in ("mod.py", "api_pb2.py", "build"):
            for path in (rel + file, "src/" + rel + file, file):
                assert fast.listed_file(path) == bool(full.match_file(path)), path
