"""Issue 16: `refactorkit fleet` over generated copies of the sample, locally and on Dask;
one repo's failure stops nothing, a lost worker's task is run again, a rerun skips."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from refactorkit.fleet import engine
from refactorkit.fleet.task import TaskSpec, run_task
from tests.functional.fleet_repos import commit, make_fleet
from tests.functional.rk_run import rk

REPO = Path(__file__).parents[2]
RULES = REPO / "examples" / "references" / "retire-legacy-orders.toml"
COUNT = 6


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_fleet(tmp_path_factory.mktemp("fleet"), COUNT)


def summary(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "summary.json").read_text())
    return data


def per_repo(out: Path) -> dict[str, dict[str, int]]:
    return {r["name"]: r["counts"] for r in summary(out)["results"]}


def test_fleet_analyze_runs_every_repo_and_a_missing_one_fails_alone(
    fleet: Path, tmp_path: Path
) -> None:
    repos = tmp_path / "repos.txt"
    repos.write_text(fleet.read_text() + f"{tmp_path / 'nowhere'}\n")
    out = tmp_path / "out"
    run = rk(
        "fleet", "analyze", "--repos", str(repos), "--out", str(out), "--no-cache", cwd=tmp_path
    )
    assert run.code == 1, run.err
    data = summary(out)
    assert data["status"] == {"error": 1, "ok": COUNT}
    counts = per_repo(out)
    # Copy n has n extra functions: the figures are each repo's own.
    functions = [counts[f"app-{n}"]["functions"] for n in range(1, COUNT + 1)]
    assert functions == [functions[0] + n - 1 for n in range(1, COUNT + 1)]
    assert all(counts[f"app-{n}"]["rule:file-too-long"] == 3 for n in range(1, COUNT + 1))
    assert "nowhere" in (out / "summary.md").read_text()
    # Read-only runs leave no scratch work tree behind.
    assert not [p for p in (out / "work").glob("*") if p.name.startswith("app-")]


def test_fleet_references_local_and_dask_agree_and_rerun_skips(fleet: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    args = ["fleet", "references", "legacy_orders", "--rules", str(RULES), "--repos", str(fleet)]
    local = rk(*args, "--out", str(tmp_path / "local"), cwd=tmp_path)
    dask = rk(
        *args, "--out", str(tmp_path / "dask"), "--executor", "dask", "--jobs", "2", cwd=tmp_path
    )
    assert local.code == dask.code == 0, local.err + dask.err
    assert per_repo(tmp_path / "local") == per_repo(tmp_path / "dask")
    counts = per_repo(tmp_path / "local")
    assert counts["app-2"]["source:docker-compose"] > 0
    assert "source:docker-compose" not in counts["app-1"]  # odd copies have no compose file
    assert counts["app-2"]["rule:compose-service"] == counts["app-2"]["source:docker-compose"]
    # Nothing was applied to the user's repositories (dry run in scratch clones).
    for n in range(1, COUNT + 1):
        assert '"legacy_orders": {' in (fleet.parent / f"app-{n}/resale/settings.py").read_text()
    again = rk(*args, "--out", str(tmp_path / "local"), cwd=tmp_path)
    assert again.code == 0
    assert sorted(summary(tmp_path / "local")["skipped"]) == sorted(
        f"app-{n}" for n in range(1, COUNT + 1)
    )
    # A new commit in one repository: only that one runs again.
    (fleet.parent / "app-3" / "NOTES.md").write_text("legacy_orders retirement planned\n")
    commit(fleet.parent / "app-3", "notes")
    third = rk(*args, "--out", str(tmp_path / "local"), cwd=tmp_path)
    assert third.code == 0
    data = summary(tmp_path / "local")
    assert "app-3" not in data["skipped"] and len(data["skipped"]) == COUNT - 1
    assert (
        per_repo(tmp_path / "local")["app-3"]["source:markdown"]
        == counts["app-3"]["source:markdown"] + 1
    )


def dies_once(spec: TaskSpec) -> dict[str, Any]:
    """A task whose worker process dies the first time it runs app-2 (a lost worker)."""
    marker = Path(spec.work).parent.parent / "died-once"
    if spec.repo.name == "app-2" and not marker.exists():
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
        os._exit(1)
    return run_task(spec)


def test_a_killed_worker_still_yields_every_result(
    fleet: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "run_task", dies_once)
    from refactorkit.fleet.repos import load_repos

    options = engine.FleetOptions("check", (), tmp_path / "out", jobs=2)
    result = engine.run_fleet(load_repos(fleet), options)
    assert [r["status"] for r in result.records] == ["ok"] * COUNT, [
        r.get("error") for r in result.records
    ]
    attempts = {r["name"]: r["attempts"] for r in result.records}
    assert attempts["app-2"] == 2
    assert (tmp_path / "out" / "died-once").exists()


def test_dask_missing_is_one_line(
    monkeypatch: pytest.MonkeyPatch, fleet: Path, tmp_path: Path
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_dask(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("distributed"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    run = rk(
        "fleet",
        "check",
        "--repos",
        str(fleet),
        "--executor",
        "dask",
        "--out",
        str(tmp_path),
        cwd=tmp_path,
    )
    assert run.code == 2
    assert run.err.strip() == f"refactorkit: error: {engine.DASK_MISSING}"
