"""Issue 16 on a Dask cluster the test starts itself (a LocalCluster of two worker processes
on loopback, reached by `--scheduler`): the practice projects beside the generated copies give
the same figures on Dask as on the local pool, and a worker killed in the middle of an
`--apply --verify` loses nothing: the task runs again (or, killed every time, is reported with
the reason), no repository is left half-changed, the journal resumes, nothing hangs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from refactorkit.changes.journal import interrupted_entries
from tests.functional.fleet_repos import GIT, make_copy, make_fleet, practice_repos, repos_toml
from tests.functional.rk_run import rk

REPO = Path(__file__).parents[2]
RULES = REPO / "examples" / "references" / "retire-legacy-orders.toml"
RUN_LIMIT = 300.0  # seconds: a fleet run that takes longer than this hangs

# A `--verify` command. In the repository the control file names, it SIGKILLs the fleet
# worker running the task (the parent of the `refactorkit references` process above it),
# notes the pids, and waits to be stopped; elsewhere it passes. `once` removes the control
# file, so the retry passes; `always` kills every attempt.
KILLER = '''
import os, signal, sys, time
from pathlib import Path

control = Path(sys.argv[1])
words = control.read_text().split() if control.exists() else []
if not words or Path.cwd().name != words[0]:
    sys.exit(0)
if words[1] == "once":
    control.unlink()

def parent(pid):
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])

pid = os.getpid()
while b"refactorkit" not in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\\0"):
    pid = parent(pid)
    if pid <= 1:
        sys.exit(3)
worker = parent(pid)
with open(control.with_name("killed.txt"), "a") as log:
    log.write(f"{worker} {os.getpid()}\\n")
os.kill(worker, signal.SIGKILL)
time.sleep(120)
'''


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A scheduler and two single-threaded worker processes on loopback, started here.

    `allowed_failures=1`: a task whose worker dies once is rescheduled by Dask itself; one
    that kills a second worker is given up (`KilledWorker`) and left to fleet's rounds.
    """
    pytest.importorskip("distributed")
    import logging

    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.CRITICAL,
        scheduler_kwargs={"allowed_failures": 1},
    ) as cluster:
        yield str(cluster.scheduler_address)


def fleet(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`refactorkit fleet ARGS` in a process of its own, so a hang fails the test."""
    return subprocess.run(
        [sys.executable, "-m", "refactorkit", "fleet", *args],
        cwd=cwd, capture_output=True, text=True, timeout=RUN_LIMIT, check=False,
    )  # fmt: skip


def summary(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "summary.json").read_text())
    return data


def by_name(out: Path) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in summary(out)["results"]}


def changed(root: Path) -> dict[str, bytes]:
    """The files of `root` that differ from its last commit, with their bytes."""
    status = subprocess.run(
        [*GIT, "status", "--porcelain", "--untracked-files=all"],
        cwd=root, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    paths = sorted(line[3:] for line in status.splitlines())
    return {p: (root / p).read_bytes() if (root / p).exists() else b"" for p in paths}


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


def killed(control: Path) -> list[tuple[int, int]]:
    """(worker, killer) pids of every attempt the killer stopped."""
    log = control.with_name("killed.txt")
    lines = log.read_text().splitlines() if log.exists() else []
    return [(int(a), int(b)) for a, b in (line.split() for line in lines)]


def no_leftovers(control: Path) -> None:
    """The killers of the lost attempts were stopped with them (the verb died with its
    worker and stopped its `--verify`): nothing runs on in a tree after the run."""
    deadline = time.monotonic() + 10
    while any(alive(k) for _, k in killed(control)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [k for _, k in killed(control) if alive(k)]


def apply_args(killer: Path, control: Path) -> list[str]:
    verify = f"{sys.executable} {killer} {control}"
    return ["references", "legacy_orders", "--rules", str(RULES), "--apply", "--verify", verify]


@pytest.fixture
def clean_apply(tmp_path: Path) -> dict[str, bytes]:
    """What retiring legacy_orders changes in copy 2, applied once without interruption."""
    root = make_copy(tmp_path / "reference" / "app-2", 2)
    run = rk("references", "legacy_orders", "--rules", str(RULES), "--apply", cwd=root)
    assert run.code == 0, run.out + run.err
    return changed(root)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the killer reads /proc")
@pytest.mark.parametrize("executor", ["local", "dask"])
def test_a_worker_killed_mid_apply_in_place_is_retried_and_leaves_no_half_change(
    executor: str, tmp_path: Path, clean_apply: dict[str, bytes], request: pytest.FixtureRequest
) -> None:
    where = ["--scheduler", request.getfixturevalue("scheduler")] if executor == "dask" else []
    repos = make_fleet(tmp_path / "repos", 3)
    killer, control = tmp_path / "killer.py", tmp_path / "control"
    killer.write_text(KILLER)
    control.write_text("app-2 once")
    out = tmp_path / "out"
    args = [*apply_args(killer, control), "--repos", str(repos), "--out", str(out)]
    run = fleet(*args, "--in-place", "--executor", executor, *where, cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    [(worker, _)] = killed(control)  # app-2's first attempt lost its worker, and only that one
    records = by_name(out)
    assert {n: r["status"] for n, r in records.items()} == dict.fromkeys(
        ("app-1", "app-2", "app-3"), "ok"
    )
    assert not records["app-2"]["worker"].endswith(f":{worker}")  # it ran again elsewhere
    no_leftovers(control)
    # In its own checkout app-2 holds the whole change, byte for byte, once; nothing pending.
    app2 = repos.parent / "app-2"
    assert changed(app2) == clean_apply
    assert interrupted_entries(app2) == ()
    undo = rk("undo", cwd=app2)
    assert undo.code == 0, undo.out + undo.err
    assert changed(app2) == {}
    # The journal resumes: a rerun at the same revisions skips all three.
    again = fleet(*args, "--in-place", "--executor", executor, *where, cwd=tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    assert sorted(summary(out)["skipped"]) == ["app-1", "app-2", "app-3"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the killer reads /proc")
def test_a_task_that_kills_every_worker_is_reported_with_the_reason_then_resumed(
    scheduler: str, tmp_path: Path, clean_apply: dict[str, bytes]
) -> None:
    repos = make_fleet(tmp_path / "repos", 3)
    before = {n: changed(repos.parent / n) for n in ("app-1", "app-2", "app-3")}
    killer, control = tmp_path / "killer.py", tmp_path / "control"
    killer.write_text(KILLER)
    control.write_text("app-2 always")
    out = tmp_path / "out"
    args = [*apply_args(killer, control), "--repos", str(repos), "--out", str(out)]
    run = fleet(*args, "--executor", "dask", "--scheduler", scheduler, "--retries", "1", cwd=tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    # Two rounds, each giving up after two lost workers.
    assert len(killed(control)) == 4
    records = by_name(out)
    assert records["app-2"]["status"] == "error"
    assert "worker lost: KilledWorker" in records["app-2"]["error"]
    assert records["app-1"]["status"] == records["app-3"]["status"] == "ok"
    no_leftovers(control)
    # Nothing half-changed: the user's repositories untouched, the lost attempt's scratch
    # tree rolled back (its verb died with its worker and undid the apply).
    assert {n: changed(repos.parent / n) for n in before} == before
    tree = out / "work" / "app-2"
    if tree.exists():
        assert changed(tree) == {} and interrupted_entries(tree) == ()
    assert not list((out / "work").glob(".app-2.*"))
    # The worker comes back: the rerun runs app-2 alone and finishes it.
    control.unlink()
    again = fleet(*args, "--executor", "dask", "--scheduler", scheduler, cwd=tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    assert sorted(summary(out)["skipped"]) == ["app-1", "app-3"]
    assert by_name(out)["app-2"]["status"] == "ok"
    assert changed(tree) == clean_apply


def test_practice_projects_and_copies_agree_on_the_local_pool_and_on_dask(
    scheduler: str, tmp_path: Path
) -> None:
    practice = practice_repos()
    if not practice:
        pytest.skip("no practice project built (/work/shared/practice/setup.sh httpx jinja2)")
    make_fleet(tmp_path / "copies", 4)
    named = {f"app-{n}": tmp_path / "copies" / f"app-{n}" for n in range(1, 5)}
    named.update((p.parent.name, p) for p in practice)
    repos = repos_toml(tmp_path / "repos.toml", named)
    names = list(named)
    for verb in (["analyze", "--no-cache"], ["references", "legacy_orders", "--rules", str(RULES)]):
        local, dask = tmp_path / f"{verb[0]}-local", tmp_path / f"{verb[0]}-dask"
        ran = [
            fleet(*verb, "--repos", str(repos), "--out", str(local), cwd=tmp_path),
            fleet(*verb, "--repos", str(repos), "--out", str(dask), "--executor", "dask",
                  "--scheduler", scheduler, cwd=tmp_path),
        ]  # fmt: skip
        assert [r.returncode for r in ran] == [0, 0], [r.stderr for r in ran]
        counts = {n: r["counts"] for n, r in by_name(local).items()}
        assert sorted(counts) == sorted(names)
        assert {n: r["counts"] for n, r in by_name(dask).items()} == counts
    analyzed = {n: r["counts"] for n, r in by_name(tmp_path / "analyze-local").items()}
    for project in practice:
        assert analyzed[project.parent.name]["files"] > 20  # a real project, not a stub
