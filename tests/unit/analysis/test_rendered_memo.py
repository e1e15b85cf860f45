"""A warm `analyze` whose inputs are unchanged prints the kept report (issue 14).

What must hold: the output is the one a full run prints (apart from the elapsed time, and
the jobs and cache hits a fully warm run reports), nothing is parsed, unpickled or rendered
on a hit, and any input that changes the report (a file, the options, the configuration,
the width) makes it a miss.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import refactorkit.cli.analyze as analyze_cli
from refactorkit.analysis import engine
from refactorkit.analysis.cache import AnalysisCache
from refactorkit.analysis.rendered import MARKS, RenderedMemo
from refactorkit.cli import cli
from refactorkit.signed import secret_key
from tests.unit.analysis.test_warm_path import Parses, make_project

GIT_ENV = {
    **os.environ,
    **{f"GIT_{who}_{what}": value for who in ("AUTHOR", "COMMITTER")
       for what, value in (("NAME", "t"), ("EMAIL", "t@example.com"))},
}  # fmt: skip


@pytest.fixture(autouse=True)
def own_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


class Counts:
    """Renders and record loads, counted where the CLI and the snapshot call them."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.renders = 0
        self.loads = 0
        real_render = analyze_cli.render

        def render(*args: object, **kwargs: object) -> str:
            self.renders += 1
            return real_render(*args, **kwargs)  # type: ignore[arg-type]

        import refactorkit.analysis.snapshot as snapshot

        real_load = snapshot.load_records

        def load(*args: object, **kwargs: object) -> object:
            self.loads += 1
            return real_load(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(analyze_cli, "render", render)
        monkeypatch.setattr(snapshot, "load_records", load)


def run(root: Path, cache: Path, *extra: str) -> str:
    args = ["analyze", str(root), "--cache-dir", str(cache), "--since", "0", "-j", "1", *extra]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def without_time(text: str) -> str:
    return re.sub(r"\d+\.\d\d s\b", "T s", text)


def test_a_hit_prints_the_full_runs_report_and_does_no_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, cache = make_project(tmp_path / "p"), tmp_path / "cache"
    cold = run(root, cache)
    assert "jobs 1, cache 0/4 hits" in cold
    counts, parses = Counts(monkeypatch), Parses(monkeypatch)
    warm = run(root, cache)
    assert (counts.renders, counts.loads, parses.seam, parses.ast) == (0, 0, [], 0)
    assert "jobs 1, cache 4/4 hits" in warm
    assert without_time(warm) == without_time(cold).replace("cache 0/4", "cache 4/4")
    assert re.search(r"4 files, .* \d+\.\d\d s\n", warm)  # this run's own time


def test_json_hit_equals_a_run_without_the_memo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, cache = make_project(tmp_path / "p"), tmp_path / "cache"
    run(root, cache, "--format", "json")
    counts = Counts(monkeypatch)
    hit = json.loads(run(root, cache, "--format", "json"))
    assert counts.renders == 0
    monkeypatch.setattr(RenderedMemo, "load", lambda self: None)  # as before the memo
    full = json.loads(run(root, cache, "--format", "json"))
    assert counts.renders == 1
    assert isinstance(hit["summary"]["elapsed_seconds"], float)
    hit["summary"]["elapsed_seconds"] = full["summary"]["elapsed_seconds"] = 0
    assert hit == full and full["summary"]["cache_hits"] == 4 and full["summary"]["jobs"] == 1


def test_every_input_of_the_report_is_part_of_its_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, cache = make_project(tmp_path / "p"), tmp_path / "cache"
    run(root, cache)
    counts = Counts(monkeypatch)
    before = run(root, cache)
    assert counts.renders == 0
    run(root, cache, "--top", "1")
    assert counts.renders == 1  # another --top: rendered again
    run(root, cache, "--include-tests")
    assert counts.renders == 2
    (root / "pyproject.toml").write_text("[tool.refactorkit.limits]\nmax_complexity = 40\n")
    relaxed = run(root, cache)
    assert counts.renders == 3 and "RK102" not in relaxed
    edited = root / "shop/app.py"
    edited.write_text("import os\n\n\ndef f():\n    return 1\n", encoding="utf-8")
    past = os.stat(edited).st_mtime - 60
    os.utime(edited, (past, past))  # settled: the run after it may keep its report
    changed = run(root, cache)
    assert counts.renders == 4 and without_time(changed) != without_time(before)
    assert "cache 3/4 hits" in changed  # app.py measured again
    assert without_time(run(root, cache)) == without_time(changed).replace("3/4", "4/4")
    assert counts.renders == 4  # the edited state's report was kept by the run that saw it


def test_a_report_that_prints_a_mark_is_not_kept(tmp_path: Path) -> None:
    memo = RenderedMemo(tmp_path / "memo.bin", secret_key() or b"k" * 32, "d", 1)
    elapsed, jobs = f"{MARKS['elapsed']:.2f}", str(int(MARKS["jobs"]))
    assert memo.save([], f"took {elapsed} s, jobs {jobs}, again {elapsed}") is None
    assert not memo.path.exists()
    kept = memo.save(["note"], f"took {elapsed} s, jobs {jobs}, hits {int(MARKS['cache_hits']):,}")
    assert kept is not None and kept.text(0.5, 2, 1234) == "took 0.50 s, jobs 2, hits 1,234"
    assert memo.load() == kept
    other = RenderedMemo(memo.path, memo.key, "another digest", 1)
    assert other.load() is None


def test_a_snapshot_record_that_does_not_load_is_measured_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, cache = make_project(tmp_path / "p"), tmp_path / "cache"
    run(root, cache)
    import refactorkit.analysis.snapshot as snapshot

    monkeypatch.setattr(snapshot, "load_records", lambda data: None)  # foreign or corrupt
    monkeypatch.setattr(RenderedMemo, "load", lambda self: None)
    monkeypatch.setattr(AnalysisCache, "load", lambda self, source, sha: None)
    parses = Parses(monkeypatch)
    again = run(root, cache)
    assert len(parses.seam) == 4 and "cache 0/4 hits" in again  # measured, never trusted


def test_the_churn_is_asked_for_twice_and_measured_once(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=root, check=True, env=GIT_ENV)
    config = engine.Config(project_root=root)
    prepared = engine.prepare_analysis(root, config, engine.AnalyzeOptions(use_cache=False))
    churn = prepared.churn()
    assert churn is not None and churn.total_commits == 1
    assert prepared.churn() is churn  # the memo's key and the report see the same churn
