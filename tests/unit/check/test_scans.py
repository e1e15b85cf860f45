"""A cold `check` scans files only for the rules that run; a cached analysis has every scan."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from refactorkit.analysis import engine
from refactorkit.check.runner import CheckOptions, run_check
from refactorkit.config import Config
from refactorkit.domain import SCANS
from refactorkit.rules.run import scans_read
from refactorkit.rules.settings import load_settings

FILES = {
    "app/__init__.py": "",
    "app/a.py": 'URL = "https://example.com/api"\n\n\ndef f():\n    print("x")\n    return 7\n',
}


class Scans:
    """Records the scans each measured file was given."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.seen: list[frozenset[str]] = []
        real = engine._measure

        def measure(*args: object) -> object:
            self.seen.append(args[4] if len(args) > 4 else SCANS)  # type: ignore[arg-type]
            return real(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(engine, "_measure", measure)


def project(tmp_path: Path) -> Path:
    for rel, text in FILES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    return tmp_path


def check(root: Path, **options: object) -> list[str]:
    config = Config(project_root=root)
    result = run_check(root, config, load_settings(config), CheckOptions(jobs=1, **options))  # type: ignore[arg-type]
    return sorted(f"{j.finding.code}:{j.finding.line}" for j in result.judged)


def test_scans_follow_the_selected_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path)
    scans = Scans(monkeypatch)
    everything = check(root, use_cache=False)
    assert scans.seen == [SCANS, SCANS]
    scans.seen.clear()
    assert check(root, use_cache=False, select=("RK101", "RK102")) == [
        f for f in everything if f.startswith(("RK101", "RK102"))
    ]
    assert scans.seen == [frozenset(), frozenset()]
    scans.seen.clear()
    assert check(root, use_cache=False, select=("RK111",)) == [
        f for f in everything if f.startswith("RK111")
    ]
    assert scans.seen == [frozenset({"prints"}), frozenset({"prints"})]


def test_a_cached_analysis_has_every_scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    root = project(tmp_path / "p")
    scans = Scans(monkeypatch)
    check(root, cache_dir=tmp_path / "cache", select=("RK101",))
    assert scans.seen == [SCANS, SCANS]
    assert "RK111:5" in check(root, cache_dir=tmp_path / "cache")  # from the cache, complete


def test_ignored_rules_and_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(Config())
    assert scans_read(settings) == SCANS
    assert scans_read(replace(settings, ignore=("RK116",))) == {"prints", "values"}
    assert scans_read(settings, ("RK112", "RK106")) == {"values"}

    class Plugin:
        code, reads = "XX101", frozenset()

    monkeypatch.setattr("refactorkit.rules.run.enabled_rules", lambda s, select=(): [Plugin])
    assert scans_read(settings) == SCANS  # a plugin rule may read anything
