"""Cache entries that would crash or hang every later run are dropped and rewritten."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from refactorkit.analysis.cache import AnalysisCache
from refactorkit.analysis.engine import AnalyzeOptions, run_analysis
from refactorkit.config import Config
from refactorkit.reporting.json_report import render_json
from tests.unit.analysis.test_cache import SHA, sample


@pytest.fixture
def cache(tmp_path: Path) -> AnalysisCache:
    return AnalysisCache.open(tmp_path / "cache")


def stored_entry(cache: AnalysisCache) -> tuple[Path, dict[str, object]]:
    assert cache.store(sample())
    (path,) = sorted(cache.directory.rglob("*.json"))
    return path, json.loads(path.read_text())


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("raw", ["ten", 1, 1, 1, 1, 1, 1]),
        ("raw", [True, 1, 1, 1, 1, 1, 1]),
        ("functions", [["f", "f", "3", 4, 1, "A", None]]),
        ("functions", [["f", "f", 3, 4, 1, "A", 7]]),
        ("classes", [["C", 1, 15, 1, 1, None]]),
        ("imports", [["os", None, 1, "top", "yes"]]),
        ("imports", [[1, None, 1, "top", False]]),
        ("maintainability", "high"),
        ("maintainability", 10**400),
        ("top_level_classes", 1.5),
        ("functions", {"not": "a list"}),
    ],
)
def test_an_entry_with_wrong_types_is_dropped_and_rewritten(
    cache: AnalysisCache, field: str, value: object
) -> None:
    path, data = stored_entry(cache)
    data[field] = value
    path.write_text(json.dumps(data))
    assert cache.load(sample().source, SHA) is None
    assert not path.exists()  # dropped: the run stores a good one
    assert cache.store(sample()) and cache.load(sample().source, SHA) == sample()


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity"])
def test_nan_in_an_entry_is_refused(cache: AnalysisCache, text: str) -> None:
    path, data = stored_entry(cache)
    raw = json.dumps(data).replace('"maintainability": ', f'"maintainability": {text}, "x": ', 1)
    path.write_text(raw)
    assert cache.load(sample().source, SHA) is None


def test_an_entry_nested_100k_deep_is_a_miss(cache: AnalysisCache) -> None:
    path, _ = stored_entry(cache)
    path.write_text("[" * 100_000 + "]" * 100_000)
    assert cache.load(sample().source, SHA) is None
    assert not path.exists()


def test_a_fifo_in_place_of_an_entry_never_blocks(cache: AnalysisCache) -> None:
    path, _ = stored_entry(cache)
    path.unlink()
    os.mkfifo(path)
    assert cache.load(sample().source, SHA) is None
    assert cache.store(sample()) and cache.load(sample().source, SHA) == sample()


def test_a_nan_entry_never_reaches_the_json_report(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "mod.py").write_text("def f():\n    return 1\n")
    options = AnalyzeOptions(cache_dir=tmp_path / "cache", jobs=1, since_days=0)
    run_analysis(root, Config(), options)
    (entry,) = sorted((tmp_path / "cache").rglob("*.json"))
    raw = entry.read_text()
    entry.write_text(raw.replace('"maintainability":', '"maintainability":NaN,"x":', 1))
    report = run_analysis(root, Config(), options)
    json.loads(render_json(report), parse_constant=lambda name: pytest.fail(name))
