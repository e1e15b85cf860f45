"""The graph memo of `check FILE`: used only while every file's imports are the recorded ones."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from refactorkit.check.result import CheckResult
from refactorkit.check.runner import CheckOptions, run_check
from refactorkit.config import Config
from refactorkit.graph import graph as graph_module
from refactorkit.rules.contracts import ForbiddenImport
from refactorkit.rules.settings import load_settings

FILES = {
    "shop/__init__.py": "",
    "shop/models.py": "from shop import views\n",
    "shop/views.py": "from shop import models\nimport shop.db\n",
    "shop/db.py": "import os\n",
    "shop/app.py": "import shop.models\n",
    "broken.py": "def (:\n",
}


@pytest.fixture(autouse=True)
def own_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user cache folder of the test's own (the signing key lives there)."""
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


def write(root: Path, rel: str, text: str, age: float = 60.0) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    past = time.time() - age
    os.utime(path, (past, past))  # older than the racy window: recorded in the index


class Builds:
    """Counts the full graph builds."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = graph_module.ImportGraph.build.__func__  # type: ignore[attr-defined]

        def build(cls: type, files: object) -> object:
            self.count += 1
            return real(cls, files)

        monkeypatch.setattr(graph_module.ImportGraph, "build", classmethod(build))


def check(root: Path, cache: Path | None, *paths: str, config: Config | None = None) -> CheckResult:
    config = config or Config(project_root=root)
    options = CheckOptions(
        paths=tuple(root / p for p in paths),
        cache_dir=cache,
        use_cache=cache is not None,
        jobs=1,
    )
    return replace(run_check(root, config, load_settings(config), options), elapsed=0.0)


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "p"
    for rel, text in FILES.items():
        write(root, rel, text)
    cache = tmp_path / "cache"
    check(root, cache)  # fills the cache, the index and the memo
    return root, cache


def test_an_unchanged_graph_is_not_built_again(
    project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, cache = project
    builds = Builds(monkeypatch)
    warm = check(root, cache, "shop/models.py")
    assert builds.count == 0
    assert "RK106" in {j.finding.code for j in warm.judged}
    assert warm == check(root, None, "shop/models.py")
    write(root, "shop/models.py", "from shop import views\nX = 1\n")  # edited, same imports
    builds.count = 0
    edited = check(root, cache, "shop/models.py")
    assert builds.count == 0
    assert edited == check(root, None, "shop/models.py")


@pytest.mark.parametrize(
    "change",
    [
        lambda root: write(root, "shop/models.py", "X = 1\n"),  # the given file's imports
        lambda root: write(root, "shop/extra.py", "import shop.models\n"),  # a new file
        lambda root: (root / "shop/db.py").unlink(),  # a file gone
        lambda root: write(root, "shop/db.py", "import shop.app\n"),  # another file's imports
    ],
)
def test_a_changed_graph_is_built(
    project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, change: object
) -> None:
    root, cache = project
    change(root)  # type: ignore[operator]
    builds = Builds(monkeypatch)
    warm = check(root, cache, "shop/models.py")
    assert builds.count == 1
    assert warm == check(root, None, "shop/models.py")


def test_edge_rules_see_the_given_files_edges(project: tuple[Path, Path]) -> None:
    root, cache = project
    base = Config(project_root=root)
    contracts = replace(
        load_settings(base).contracts, forbidden=(ForbiddenImport("shop.views", "shop.db"),)
    )
    settings = replace(load_settings(base), contracts=contracts)
    given = CheckOptions(paths=(root / "shop/views.py",), cache_dir=cache, jobs=1)
    cold = CheckOptions(paths=given.paths, use_cache=False, jobs=1)
    warm = replace(run_check(root, base, settings, given), elapsed=0.0)
    assert "RK107" in {j.finding.code for j in warm.judged}
    assert warm == replace(run_check(root, base, settings, cold), elapsed=0.0)
