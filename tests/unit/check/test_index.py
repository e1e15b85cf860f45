"""The stat-keyed import index of the pre-commit fast path."""

from __future__ import annotations

import os
import time
from pathlib import Path

from refactorkit.analysis.cache import AnalysisCache
from refactorkit.check.index import SKIPPED, ImportIndex
from refactorkit.domain import ImportKind, ImportRecord, SourceFile

IMPORTS = (
    ImportRecord("app.b", None, 1, ImportKind.TOP),
    ImportRecord("os", "path", 2, ImportKind.FUNCTION, True),
)


def source(root: Path, rel: str, text: str, age: float = 60.0) -> SourceFile:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    past = time.time() - age
    os.utime(path, (past, past))
    return SourceFile(path, rel, rel.removesuffix(".py").replace("/", "."), False)


def test_round_trip_and_invalidation(tmp_path: Path) -> None:
    cache = AnalysisCache.open(tmp_path / "cache")
    root = tmp_path / "proj"
    a = source(root, "app/a.py", "import app.b\n")
    ImportIndex.load(cache, root).save(root, [(a, IMPORTS)])
    index = ImportIndex.load(cache, root)
    assert index.lookup(a) == IMPORTS

    a.path.write_text("import app.c\n", encoding="utf-8")  # same size, new mtime
    assert index.lookup(a) is None
    mtime = index.entries["app/a.py"][0][1]
    os.utime(a.path, ns=(mtime, mtime))
    # The old size and mtime put back (`cp -p`, `rsync -t`): the ctime still tells.
    assert index.lookup(a) is None

    moved = SourceFile(a.path, "app/a.py", "other.a", False)
    assert index.lookup(moved) is None  # a new module name (roots changed): not trusted


def test_skipped_files_are_recorded_as_such(tmp_path: Path) -> None:
    cache = AnalysisCache.open(tmp_path / "cache")
    root = tmp_path / "proj"
    ok = source(root, "ok.py", "import os\n")
    broken = source(root, "broken.py", "def (:\n")
    ImportIndex.load(cache, root).save(root, [(ok, IMPORTS)], [broken])
    index = ImportIndex.load(cache, root)
    assert (index.lookup(ok), index.lookup(broken)) == (IMPORTS, SKIPPED)
    broken.path.write_text("x = 1\n", encoding="utf-8")
    assert index.lookup(broken) is None  # fixed since: measured again


def test_recently_modified_files_are_not_recorded(tmp_path: Path) -> None:
    cache = AnalysisCache.open(tmp_path / "cache")
    root = tmp_path / "proj"
    fresh = source(root, "fresh.py", "x = 1\n", age=0.0)
    old = source(root, "old.py", "x = 1\n")
    ImportIndex.load(cache, root).save(root, [(fresh, ()), (old, ())])
    index = ImportIndex.load(cache, root)
    assert set(index.entries) == {"old.py"}


def test_corrupt_or_foreign_index_is_empty(tmp_path: Path) -> None:
    cache = AnalysisCache.open(tmp_path / "cache")
    root = tmp_path / "proj"
    a = source(root, "a.py", "x = 1\n")
    index = ImportIndex.load(cache, root)
    index.save(root, [(a, ())])
    assert ImportIndex.load(cache, root).entries != {}
    good = index.path.read_bytes()
    index.path.write_bytes(good[:-1] + bytes([good[-1] ^ 1]))  # one bit flipped
    assert ImportIndex.load(cache, root).entries == {}
    index.path.write_bytes(good[:20])  # truncated
    assert ImportIndex.load(cache, root).entries == {}
    other = tmp_path / "other"
    assert ImportIndex.load(cache, other).entries == {}  # one index per project root
