"""The analysis engine: one parse per file, skip reasons, cache hits, parallel == serial."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refactorkit.analysis import engine, graph_summary
from refactorkit.analysis.cache import AnalysisCache
from refactorkit.analysis.engine import (
    AnalyzeOptions,
    analyze_one,
    analyze_sources,
    balance,
    root_hint,
    run_analysis,
    syntax_reason,
)
from refactorkit.config import Config
from refactorkit.domain import FileAnalysis, ImportKind, SkippedFile, SourceFile
from tests.unit.analysis.builders import analysis

GOOD = b"import os\n\n\ndef f(x):\n    if x:\n        return 1\n    return 2\n"


def source_file(path: Path, root: Path, module: str | None = None) -> SourceFile:
    rel = path.relative_to(root).as_posix()
    return SourceFile(path, rel, module or rel[:-3].replace("/", "."), path.name == "__init__.py")


def write(root: Path, rel: str, data: bytes | str) -> SourceFile:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = textwrap.dedent(data).encode()
    path.write_bytes(data)
    return source_file(path, root)


def test_good_file_is_measured_once(tmp_path: Path) -> None:
    src = write(tmp_path, "m.py", GOOD)
    result = analyze_one(src, "d" * 64)
    assert isinstance(result, FileAnalysis)
    assert result.source == src
    assert result.sha256 == "d" * 64
    assert result.raw.loc == 7
    assert [(f.name, f.complexity, f.rank) for f in result.functions] == [("f", 2, "A")]
    assert [(i.module, i.lineno, i.kind) for i in result.imports] == [("os", 1, ImportKind.TOP)]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"def f(:\n    pass\n", "syntax error at line 1: invalid syntax"),
        (b"def f():\nreturn 1\n", "indentation error at line 2: expected an indented block"),
        (b"x = 1\x00\n", "contains NUL bytes (binary file?)"),
        (b"x = '\xff\xfe'\n", "cannot decode as utf-8"),
        (b"# -*- coding: klingon -*-\nx = 1\n", "bad encoding declaration"),
    ],
)
def test_bad_files_become_skip_reasons(tmp_path: Path, data: bytes, reason: str) -> None:
    src = write(tmp_path, "bad.py", data)
    result = analyze_one(src, "0" * 64)
    assert isinstance(result, SkippedFile)
    assert result.relpath == "bad.py"
    assert result.reason.startswith(reason)


@pytest.mark.parametrize(
    "data",
    [
        "# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n".encode("latin-1"),
        b"\xef\xbb\xbfx = 1\ny = 2\n",  # UTF-8 BOM
        b"x = 1\r\ndef f():\r\n    return x\r\n",  # CRLF
    ],
    ids=["latin-1-cookie", "bom", "crlf"],
)
def test_odd_but_valid_files_are_measured(tmp_path: Path, data: bytes) -> None:
    result = analyze_one(write(tmp_path, "odd.py", data), "0" * 64)
    assert isinstance(result, FileAnalysis), result
    assert result.raw.loc in (2, 3)


def test_syntax_reason_without_line() -> None:
    assert syntax_reason(SyntaxError("boom")) == "syntax error: boom"


def test_missing_file_and_fifo_are_skipped_not_raised(tmp_path: Path) -> None:
    gone = SourceFile(tmp_path / "gone.py", "gone.py", "gone", False)
    fifo = tmp_path / "pipe.py"
    os.mkfifo(fifo)
    batch = analyze_sources([gone, source_file(fifo, tmp_path)], cache=None)
    assert batch.outcomes == (
        SkippedFile("gone.py", "unreadable: No such file or directory"),
        SkippedFile("pipe.py", "not a regular file"),  # reading it would block forever
    )


def test_oversized_file_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "blob.py"
    with path.open("wb") as handle:
        handle.truncate(9 * 1024 * 1024)  # sparse: cheap to create
    batch = analyze_sources([source_file(path, tmp_path)], cache=None)
    assert batch.outcomes == (SkippedFile("blob.py", "larger than 8 MiB"),)


def test_second_run_is_served_from_the_cache(tmp_path: Path) -> None:
    sources = [write(tmp_path, f"m{i}.py", GOOD + f"y = {i}\n".encode()) for i in range(3)]
    cache = AnalysisCache.open(tmp_path / "cache")
    first = analyze_sources(sources, cache)
    assert first.cache_hits == 0
    second = analyze_sources(sources, cache)
    assert second.cache_hits == 3
    assert second.outcomes == first.outcomes
    # Changing one file's bytes misses for that file only.
    sources[1].path.write_bytes(GOOD + b"y = 'changed'\n")
    third = analyze_sources(sources, cache)
    assert third.cache_hits == 2
    assert third.outcomes[1] != first.outcomes[1]


def test_skipped_files_are_not_cached(tmp_path: Path) -> None:
    src = write(tmp_path, "bad.py", b"def (\n")
    cache = AnalysisCache.open(tmp_path / "cache")
    analyze_sources([src], cache)
    assert analyze_sources([src], cache).cache_hits == 0


def test_parallel_run_equals_serial_run(tmp_path: Path) -> None:
    sources = [write(tmp_path, f"p{i}.py", GOOD * (i + 1)) for i in range(6)]
    sources.append(write(tmp_path, "broken.py", b"if\n"))
    serial = analyze_sources(sources, None, jobs=1)
    done: list[tuple[int, int]] = []
    parallel = analyze_sources(
        sources, None, jobs=2, parallel_min_bytes=0, progress=lambda d, t: done.append((d, t))
    )
    assert parallel.jobs == 2
    assert serial.jobs == 1
    assert parallel.outcomes == serial.outcomes  # same order, same values
    assert done[-1] == (7, 7)


def test_small_runs_stay_in_process(tmp_path: Path) -> None:
    sources = [write(tmp_path, "a.py", GOOD), write(tmp_path, "b.py", GOOD)]
    assert analyze_sources(sources, None, jobs=8).jobs == 1


def test_balance_spreads_bytes_evenly() -> None:
    def item(i: int, size: int) -> tuple[int, tuple[SourceFile, str, int]]:
        return (i, (SourceFile(Path(f"/{i}.py"), f"{i}.py", None, False), "", size))

    items = [item(i, s) for i, s in enumerate([10, 9, 5, 4, 1, 1])]
    chunks = balance(items, 2)
    loads = sorted(sum(e[1][2] for e in chunk) for chunk in chunks)
    assert loads == [15, 15]
    assert sorted(e[0] for chunk in chunks for e in chunk) == [0, 1, 2, 3, 4, 5]
    assert len(balance(items[:1], 8)) == 1


def test_balance_starts_the_two_largest_files_apart() -> None:
    """The first two chunks run together: the largest file opens one, and the second
    largest closes the other, so their trees are not in memory at once."""
    items = [
        (i, (SourceFile(Path(f"/{i}.py"), f"{i}.py", None, False), "", s))
        for i, s in enumerate([100, 90, 5, 4, 3, 2, 1])
    ]
    first, second = balance(items, 2)
    assert first[0][1][2] == 100
    assert [e[1][2] for e in second] == sorted(e[1][2] for e in second)
    assert second[-1][1][2] == 90


def make_project(root: Path) -> None:
    write(root, "shop/__init__.py", "")
    write(root, "shop/models.py", "from shop import app\n\nclass Order:\n    pass\n")
    write(root, "shop/app.py", "import json\nfrom shop.models import Order\n")
    write(root, "shop/views.py", "from shop import models\nimport click\n")
    write(root, "shop/broken.py", "def oops(:\n")


def test_run_analysis_end_to_end(tmp_path: Path) -> None:
    make_project(tmp_path)
    config = Config(project_root=tmp_path, limits={"max_file_lines": 3})
    seen: list[int] = []
    report = run_analysis(
        tmp_path,
        config,
        AnalyzeOptions(use_cache=False, since_days=0),
        progress=lambda done, total: seen.append(total),
    )
    assert [f.source.relpath for f in report.files] == [
        "shop/__init__.py",
        "shop/app.py",
        "shop/models.py",
        "shop/views.py",
    ]
    assert report.skipped == (
        SkippedFile("shop/broken.py", "syntax error at line 1: invalid syntax"),
    )
    assert report.lines == 0 + 2 + 4 + 2
    assert report.graph.internal_modules == 4  # shop, app, models, views; broken is skipped
    assert report.graph.edges == 3  # app <-> models, views -> models
    assert report.graph.third_party == ("click",)
    assert [c.modules for c in report.graph.runtime_cycles] == [("shop.app", "shop.models")]
    assert report.graph.of("shop/models.py").fan_in == 2  # app and views
    kinds = [(f.rule, f.relpath) for f in report.findings]
    assert ("import-cycle", "shop/models.py") in kinds
    assert ("file-too-long", "shop/models.py") in kinds
    assert report.churn is None
    assert report.cache_hits == 0
    assert report.jobs == 1
    assert seen == [5, 5, 5, 5, 5]


def test_run_analysis_excludes(tmp_path: Path) -> None:
    make_project(tmp_path)
    report = run_analysis(
        tmp_path,
        Config(project_root=tmp_path),
        AnalyzeOptions(use_cache=False, since_days=0, excludes=("shop/views.py", "broken.py")),
    )
    assert [f.source.relpath for f in report.files] == [
        "shop/__init__.py",
        "shop/app.py",
        "shop/models.py",
    ]
    assert report.skipped == ()


def test_run_analysis_warm_cache(tmp_path: Path) -> None:
    make_project(tmp_path / "p")
    options = AnalyzeOptions(cache_dir=tmp_path / "cache", since_days=0)
    config = Config(project_root=tmp_path / "p")
    cold = run_analysis(tmp_path / "p", config, options)
    warm = run_analysis(tmp_path / "p", config, options)
    assert (cold.cache_hits, warm.cache_hits) == (0, 4)
    assert warm.files == cold.files
    assert warm.findings == cold.findings
    assert dataclasses.replace(warm.graph) == cold.graph


def test_warm_run_never_parses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = [write(tmp_path, f"w{i}.py", GOOD + f"z = {i}\n".encode()) for i in range(3)]
    cache = AnalysisCache.open(tmp_path / "cache")
    first = analyze_sources(sources, cache)

    def must_not_parse(*args: object) -> None:
        raise AssertionError("a cached file was measured again")

    monkeypatch.setattr("refactorkit.analysis.engine.analyze_one", must_not_parse)
    assert analyze_sources(sources, cache).outcomes == first.outcomes


def test_warm_run_imports_no_metric_code(tmp_path: Path) -> None:
    make_project(tmp_path / "p")
    options = AnalyzeOptions(cache_dir=tmp_path / "cache", since_days=0)
    config = Config(project_root=tmp_path / "p")
    run_analysis(tmp_path / "p", config, options)  # populates the cache
    # A fresh interpreter: the warm path must not pay for importing radon & co.
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from refactorkit.analysis.engine import AnalyzeOptions, run_analysis
        from refactorkit.config import Config
        options = AnalyzeOptions(cache_dir=Path({str(tmp_path / "cache")!r}), since_days=0)
        config = Config(project_root=Path({str(tmp_path / "p")!r}))
        report = run_analysis(config.project_root, config, options)
        assert report.cache_hits == 4, report.cache_hits
        loaded = [m for m in ("radon", "refactorkit.analysis.metrics") if m in sys.modules]
        assert not loaded, loaded
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_root_hint(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    assert root_hint(root, cwd=root) == ""
    assert root_hint(root, cwd=tmp_path) == "proj"
    assert root_hint(root, cwd=tmp_path / "elsewhere") == root.as_posix()


_real_chunk = engine._analyze_chunk


def _dying_chunk(items: Any, cache: Any, scans: Any = engine.SCANS) -> Any:
    if any(source.relpath == "die.py" for _, (source, _, _) in items):
        os._exit(1)  # as if the kernel killed the worker for memory
    return _real_chunk(items, cache, scans)


def test_a_dead_worker_does_not_lose_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = [write(tmp_path, f"d{i}.py", GOOD * (i + 1)) for i in range(4)]
    sources.append(write(tmp_path, "die.py", GOOD))
    serial = analyze_sources(sources, None, jobs=1)
    monkeypatch.setattr(engine, "_analyze_chunk", _dying_chunk)
    parallel = analyze_sources(sources, None, jobs=2, parallel_min_bytes=0)
    assert parallel.outcomes == serial.outcomes


@given(st.lists(st.integers(0, 10_000), max_size=60), st.integers(1, 16))
def test_balance_assigns_each_item_once_and_evenly(sizes: list[int], chunks: int) -> None:
    items = [
        (i, (SourceFile(Path(f"/{i}.py"), f"{i}.py", None, False), "", s))
        for i, s in enumerate(sizes)
    ]
    result = balance(items, chunks)
    assert sorted(e[0] for chunk in result for e in chunk) == list(range(len(sizes)))
    assert len(result) <= max(1, min(chunks, len(sizes)))
    loads = [sum(e[1][2] for e in chunk) for chunk in result]
    if len(result) == min(chunks, len(sizes)) and loads:
        # Largest-first greedy: no chunk exceeds another by more than the largest item.
        assert max(loads) - min(loads) <= max(sizes)


def test_package_deps_fold_modules_into_the_package_they_sit_in() -> None:
    files = [
        analysis("shop/__init__.py", "shop", loc=3),
        analysis("shop/models.py", "shop.models", loc=100),
        analysis("shop/api/__init__.py", "shop.api", loc=1),
        analysis("shop/api/views.py", "shop.api.views", loc=50),
        analysis("manage.py", "manage", loc=7),
        analysis("scripts/run-me.py", None, loc=9),  # not importable: in no package
    ]
    edges = [
        ("shop.api.views", "shop.models"),
        ("shop.api.views", "shop.api"),  # inside one package: gone
        ("shop.models", "shop"),  # inside one package: gone
        ("manage", "shop.api.views"),
        ("manage", "shop.api"),  # the same package pair again
        ("shop", "shop.api"),
    ]
    found = {p.name: p for p in graph_summary.package_deps(files, edges)}
    assert list(found) == ["manage", "shop", "shop.api"]
    assert (found["shop"].modules, found["shop"].lines) == (2, 103)
    assert (found["shop.api"].modules, found["shop.api"].lines) == (2, 51)
    assert found["shop"].imports == ("shop.api",)
    assert found["shop"].imported_by == ("shop.api",)
    assert found["shop.api"].imported_by == ("manage", "shop")
    assert found["manage"].imports == ("shop.api",)
    assert found["manage"].imported_by == ()
