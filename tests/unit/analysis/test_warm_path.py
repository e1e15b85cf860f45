"""The warm path (issue 14): nothing parsed again, results equal, caches never trusted blindly.

Parses are counted through the engine's one seam (`engine.parse_module`) and through
`ast.parse` itself, so a rule or a report that parsed a file behind the engine's back would
be counted too.
"""

from __future__ import annotations

import ast
import os
import pickle
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import pytest

from refactorkit.analysis import engine
from refactorkit.analysis.cache import AnalysisCache
from refactorkit.analysis.engine import AnalyzeOptions, run_analysis
from refactorkit.analysis.report import AnalysisReport
from refactorkit.analysis.snapshot import Snapshot
from refactorkit.check.runner import CheckOptions, run_check
from refactorkit.config import Config
from refactorkit.rules.settings import load_settings
from refactorkit.signed import write_signed

FILES = {
    "shop/__init__.py": "",
    "shop/models.py": """\
        from shop import views


        def price(x):
            if x > 1:
                return 1
            elif x > 2:
                return 2
            elif x > 3:
                return 3
            elif x > 4:
                return 4
            elif x > 5:
                return 5
            elif x > 6:
                return 6
            elif x > 7:
                return 7
            elif x > 8:
                return 8
            elif x > 9:
                return 9
            elif x > 10:
                return 10
            return 0
        """,
    "shop/views.py": "from shop import models  # refactorkit: ignore[RK106]\n",
    "shop/app.py": "import shop.models\nimport os\n",
    "broken.py": "def (:\n",
}


class Parses:
    """Counts every parse: the engine's seam and `ast.parse` under it (or around it)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.seam: list[str] = []
        self.ast: int = 0
        real_seam, real_parse = engine.parse_module, ast.parse

        def seam(text: str, relpath: str) -> ast.Module:
            self.seam.append(relpath)
            return real_seam(text, relpath)

        def parse(*args: object, **kwargs: object) -> ast.AST:
            self.ast += 1
            return real_parse(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(engine, "parse_module", seam)
        monkeypatch.setattr(ast, "parse", parse)

    def reset(self) -> None:
        self.seam.clear()
        self.ast = 0


@pytest.fixture(autouse=True)
def own_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user cache folder of the test's own (the signing key lives there)."""
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


def make_project(root: Path, age: float = 60.0) -> Path:
    past = time.time() - age
    for rel, text in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        os.utime(path, (past, past))  # older than the racy window: stamps are recorded
    return root


def analyze(root: Path, cache: Path) -> AnalysisReport:
    options = AnalyzeOptions(cache_dir=cache, since_days=0, jobs=1)
    return run_analysis(root, Config(project_root=root), options)


def same_results(a: AnalysisReport, b: AnalysisReport) -> bool:
    return replace(a, elapsed=0.0, cache_hits=0) == replace(b, elapsed=0.0, cache_hits=0)


def test_a_warm_analyze_parses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, cache = make_project(tmp_path / "p"), tmp_path / "cache"
    parses = Parses(monkeypatch)
    cold = analyze(root, cache)
    assert len(parses.seam) == 5 and parses.ast >= 5  # broken.py is parsed (and skipped)
    parses.reset()
    warm = analyze(root, cache)
    assert (parses.seam, parses.ast) == ([], 0)
    assert warm.cache_hits == 4 and same_results(cold, warm)
    assert [f.code for f in warm.findings] == [f.code for f in cold.findings]
    codes = {f.code for f in warm.findings}
    assert "RK102" in codes and "RK106" not in codes  # too complex; the cycle is suppressed


def test_touched_and_edited_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, cache = make_project(tmp_path / "p"), tmp_path / "cache"
    cold = analyze(root, cache)
    parses = Parses(monkeypatch)
    os.utime(root / "shop/app.py")  # new mtime, same bytes: hashed, not parsed
    assert same_results(analyze(root, cache), cold) and parses.seam == []
    parses.reset()
    (root / "shop/app.py").write_text("import os\n", encoding="utf-8")
    edited = analyze(root, cache)
    assert parses.seam == ["shop/app.py"]  # broken.py's syntax error is remembered
    assert edited.graph.of("shop/models.py").fan_in == 1  # views only: the result moved


def test_suppressions_and_settings_are_inputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, cache = make_project(tmp_path / "p"), tmp_path / "cache"
    analyze(root, cache)
    (root / "shop/views.py").write_text("from shop import models\n", encoding="utf-8")
    assert "RK106" in {f.code for f in analyze(root, cache).findings}  # comment gone
    assert "RK102" in {f.code for f in analyze(root, cache).findings}
    options = AnalyzeOptions(cache_dir=cache, since_days=0, jobs=1)
    strict = Config(project_root=root)
    settings = load_settings(strict, {"max_complexity": 20})
    relaxed = run_analysis(root, strict, options, settings=settings)
    assert "RK102" not in {f.code for f in relaxed.findings}


def test_corrupt_or_foreign_snapshots_are_misses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_key: Path
) -> None:
    root, cache = make_project(tmp_path / "p"), tmp_path / "cache"
    cold = analyze(root, cache)
    snapshots = list(cache.rglob("snapshots/*.bin"))
    assert len(snapshots) == 1
    good = snapshots[0].read_bytes()
    for bad in (good[:-1] + bytes([good[-1] ^ 1]), good[:40], b""):
        snapshots[0].write_bytes(bad)
        assert same_results(analyze(root, cache), cold)
    snapshots[0].unlink()
    os.mkfifo(snapshots[0])  # a FIFO in its place would block a plain read forever
    assert same_results(analyze(root, cache), cold)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    snapshots[0].unlink()
    snapshots[0].symlink_to(victim)  # a planted link: replaced, never written through
    assert same_results(analyze(root, cache), cold)
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert not snapshots[0].is_symlink()
    # Another user's (or a cloned) cache: signed with a key this user does not have.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))
    assert same_results(analyze(root, cache), cold)
    monkeypatch.setenv("XDG_CACHE_HOME", str(own_key))
    assert same_results(analyze(root, cache), cold)


def test_a_signed_file_loads_only_record_classes(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    cache = AnalysisCache.open(tmp_path / "cache")
    snapshot = Snapshot.open(cache, root, root)
    assert snapshot.key is not None
    # Even under the right key, a pickle naming anything else is refused, not run.
    hostile = {"x.py": (None, False, None, "0" * 64, (os.system,))}
    write_signed(snapshot.path, snapshot.key, b"RKSNAP01", hostile)
    assert pickle.loads(pickle.dumps(os.system)) is os.system  # it would have loaded
    assert Snapshot.open(cache, root, root).entries == {}


def test_recent_files_are_hashed_next_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, cache = make_project(tmp_path / "p", age=0.0), tmp_path / "cache"
    cold = analyze(root, cache)
    snapshot = Snapshot.open(AnalysisCache.open(cache), root, root)
    assert {entry[2] for entry in snapshot.entries.values()} == {None}  # no stamp trusted
    parses = Parses(monkeypatch)
    assert same_results(analyze(root, cache), cold)
    assert parses.seam == []  # read and hashed, never parsed


def test_a_warm_check_of_one_file_parses_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, cache = make_project(tmp_path / "p"), tmp_path / "cache"
    config = Config(project_root=root)
    settings = load_settings(config)
    run_check(root, config, settings, CheckOptions(cache_dir=cache, jobs=1))  # the index
    parses = Parses(monkeypatch)
    given = CheckOptions(paths=(root / "shop/models.py",), cache_dir=cache, jobs=1)
    first = run_check(root, config, settings, given)
    assert parses.seam == []  # measured by the full run: from the cache
    (root / "shop/models.py").write_text("from shop import views\nX = 1\n", encoding="utf-8")
    parses.reset()
    second = run_check(root, config, settings, given)
    assert parses.seam == ["shop/models.py"]  # broken.py is known to be broken
    assert {j.finding.code for j in first.judged} - {j.finding.code for j in second.judged}


def test_concurrent_runs_leave_a_usable_cache(tmp_path: Path, own_key: Path) -> None:
    root, cache = make_project(tmp_path / "p"), tmp_path / "cache"
    script = (
        "import sys; from pathlib import Path\n"
        "from refactorkit.analysis.engine import AnalyzeOptions, run_analysis\n"
        "from refactorkit.config import Config\n"
        "root = Path(sys.argv[1]); options = AnalyzeOptions(cache_dir=Path(sys.argv[2]),"
        " since_days=0, jobs=1)\n"
        "for _ in range(5): run_analysis(root, Config(project_root=root), options)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(own_key)}
    runs = [
        subprocess.Popen([sys.executable, "-c", script, str(root), str(cache)], env=env)
        for _ in range(3)
    ]
    assert [run.wait(120) for run in runs] == [0, 0, 0]
    assert not list(cache.rglob("*.tmp"))
    snapshot = Snapshot.open(AnalysisCache.open(cache), root, root)
    assert len(snapshot.entries) == 5  # broken.py with its syntax error
    assert analyze(root, cache).cache_hits == 4


def test_old_trees_are_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("refactorkit.signed.KEEP", 3)
    cache = tmp_path / "cache"
    roots = [make_project(tmp_path / f"p{n}") for n in range(5)]
    analyze(roots[0], cache)
    users_own = next(cache.rglob("snapshots")) / "users-own.bin"
    users_own.write_bytes(b"not ours")
    for root in roots:
        analyze(root, cache)
    kept = {Snapshot.open(AnalysisCache.open(cache), r, r).entries != {} for r in roots[-3:]}
    assert kept == {True}
    assert len(list(cache.rglob("snapshots/*.bin"))) == 3 + 1
    assert users_own.read_bytes() == b"not ours"  # pruning takes only names refactorkit writes
