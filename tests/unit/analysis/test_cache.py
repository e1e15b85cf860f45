"""The content-hash cache: round trips, keys, corrupt entries, atomic concurrent writes."""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
from pathlib import Path

import pytest

from refactorkit.analysis.cache import AnalysisCache, code_fingerprint
from refactorkit.domain import (
    FileAnalysis,
    ImportKind,
    ImportRecord,
    PrintSite,
    SourceFile,
    ValueSite,
)
from tests.unit.analysis.builders import analysis, func, klass

SHA = "a" * 64


def sample() -> FileAnalysis:
    a = analysis(
        "pkg/mod.py",
        "pkg.mod",
        loc=42,
        sloc=30,
        functions=(func("C.m", 12, line=3, cls="C"), func("top", 2, line=20)),
        classes=(klass("C", 1, 15, 1),),
        imports=(
            ImportRecord("os", None, 1, ImportKind.TOP),
            ImportRecord("pkg", "other", 2, ImportKind.TYPE_CHECKING, in_try=True),
        ),
    )
    prints = (
        PrintSite(5, 4, "stderr", True, "", "top"),
        PrintSite(9, 0, "stdout", False, "x", "", -1),
    )
    values = (
        ValueSite("url", 7, 8, "https://x.example", ""),
        ValueSite("secret", 9, 0, "abc...", "KEY"),
    )
    return dataclasses.replace(a, sha256=SHA, prints=prints, values=values)


@pytest.fixture
def cache(tmp_path: Path) -> AnalysisCache:
    return AnalysisCache.open(tmp_path / "cache")


def entries(cache: AnalysisCache) -> list[Path]:
    return sorted(cache.directory.rglob("*.json"))


def test_round_trip_is_equal(cache: AnalysisCache) -> None:
    a = sample()
    assert cache.load(a.source, SHA) is None
    assert cache.store(a)
    assert cache.load(a.source, SHA) == a
    assert len(entries(cache)) == 1


def test_loaded_entry_carries_the_callers_path(cache: AnalysisCache) -> None:
    a = sample()
    cache.store(a)
    elsewhere = dataclasses.replace(a.source, path=Path("/other/checkout/pkg/mod.py"))
    loaded = cache.load(elsewhere, SHA)
    assert loaded is not None
    assert loaded.source.path == Path("/other/checkout/pkg/mod.py")


@pytest.mark.parametrize(
    "change",
    [
        {"relpath": "pkg/other.py"},
        {"module": "other.mod"},
        {"is_package": True},  # relative imports resolve differently in an __init__
    ],
)
def test_key_includes_the_files_place(cache: AnalysisCache, change: dict[str, object]) -> None:
    a = sample()
    cache.store(a)
    moved: SourceFile = dataclasses.replace(a.source, **change)  # type: ignore[arg-type]
    assert cache.load(moved, SHA) is None


def test_other_content_or_other_code_misses(cache: AnalysisCache, tmp_path: Path) -> None:
    a = sample()
    cache.store(a)
    assert cache.load(a.source, "b" * 64) is None
    other_code = AnalysisCache(cache.directory, "f" * 64)
    assert other_code.load(a.source, SHA) is None


def test_directory_is_per_fingerprint(tmp_path: Path) -> None:
    cache = AnalysisCache.open(tmp_path)
    assert cache.fingerprint == code_fingerprint()
    assert cache.directory == tmp_path / cache.fingerprint[:16]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b'{"format": 1, "key": ',  # truncated
        b"\x00\xff garbage",
        b"[]",
        b'{"format": 999}',
    ],
)
def test_corrupt_entry_is_a_miss_and_is_rewritten(cache: AnalysisCache, content: bytes) -> None:
    a = sample()
    cache.store(a)
    (path,) = entries(cache)
    path.write_bytes(content)
    assert cache.load(a.source, SHA) is None
    assert cache.store(a)
    assert cache.load(a.source, SHA) == a


def test_entry_with_wrong_shapes_is_a_miss(cache: AnalysisCache) -> None:
    a = sample()
    cache.store(a)
    (path,) = entries(cache)
    data = json.loads(path.read_text())
    data["functions"] = [["too", "short"]]
    path.write_text(json.dumps(data))
    assert cache.load(a.source, SHA) is None
    data["functions"] = []
    data["imports"] = [["os", None, 1, "sideways", False]]  # unknown import kind
    path.write_text(json.dumps(data))
    assert cache.load(a.source, SHA) is None


def test_entry_copied_under_another_key_is_refused(cache: AnalysisCache) -> None:
    a, b = sample(), dataclasses.replace(sample(), sha256="c" * 64)
    cache.store(a)
    cache.store(b)
    path_a, path_b = (cache._path(cache.key(x.source, x.sha256)) for x in (a, b))
    path_b.write_bytes(path_a.read_bytes())
    assert cache.load(b.source, "c" * 64) is None


def test_unwritable_cache_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = AnalysisCache(blocker / "sub", "0" * 64)
    assert cache.store(sample()) is False
    assert cache.load(sample().source, SHA) is None


def _hammer(directory: str, rounds: int) -> None:
    cache = AnalysisCache(Path(directory), "1" * 64)
    for _ in range(rounds):
        assert cache.store(sample())


def test_concurrent_writers_leave_one_whole_entry(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_hammer, args=(str(tmp_path), 40)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    cache = AnalysisCache(tmp_path, "1" * 64)
    assert cache.load(sample().source, SHA) == sample()
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [
        f"{cache.key(sample().source, SHA)}.json"
    ]  # no temporary files left behind


def test_fingerprint_follows_the_measuring_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import refactorkit

    package = tmp_path / "refactorkit"
    (package / "analysis").mkdir(parents=True)
    (package / "graph").mkdir()
    (package / "__init__.py").write_text("")
    (package / "analysis" / "metrics.py").write_text("A = 1\n")
    monkeypatch.setattr(refactorkit, "__file__", str(package / "__init__.py"))
    first = code_fingerprint()
    assert code_fingerprint() == first
    (package / "analysis" / "metrics.py").write_text("A = 2\n")
    second = code_fingerprint()
    assert second != first
    # A new module in analysis/ (metric cores get split) counts without being listed anywhere.
    (package / "analysis" / "halstead.py").write_text("")
    third = code_fingerprint()
    assert third not in (first, second)
    (package / "graph" / "imports.py").write_text("X = 1\n")
    assert code_fingerprint() != third
