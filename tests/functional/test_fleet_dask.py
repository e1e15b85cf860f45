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
KILLER = """
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
"""


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


class Campaign:
    """Three copies of the sample and a `fleet references --apply --verify KILLER` over them;
    `control` says which repository's verify kills its worker, once or always."""

    def __init__(self, tmp_path: Path, kill: str) -> None:
        self.repos = make_fleet(tmp_path / "repos", 3)
        self.killer, self.control = tmp_path / "killer.py", tmp_path / "control"
        self.killer.write_text(KILLER)
        self.control.write_text(kill)
        self.out, self.cwd = tmp_path / "out", tmp_path

    def run(self, *options: str) -> subprocess.CompletedProcess[str]:
        verify = f"{sys.executable} {self.killer} {self.control}"
        verb = ["references", "legacy_orders", "--rules", str(RULES), "--apply"]
        where = ["--repos", str(self.repos), "--out", str(self.out)]
        return fleet(*verb, "--verify", verify, *where, *options, cwd=self.cwd)

    def statuses(self) -> dict[str, str]:
        return {name: r["status"] for name, r in by_name(self.out).items()}

    def checkout(self, name: str) -> Path:
        return self.repos.parent / name


@pytest.fixture
def clean_apply(tmp_path: Path) -> dict[str, bytes]:
    """What retiring legacy_orders changes in copy 2, applied once without interruption."""
    root = make_copy(tmp_path / "reference" / "app-2", 2)
    run = rk("references", "legacy_orders", "--rules", str(RULES), "--apply", cwd=root)
    assert run.code == 0, run.out + run.err
    return changed(root)


def holds_the_whole_change_once(root: Path, change: dict[str, bytes]) -> None:
    """`root` differs from its commit by exactly `change`, nothing is left pending, and one
    undo takes it all back."""
    assert changed(root) == change
    assert interrupted_entries(root) == ()
    undo = rk("undo", cwd=root)
    assert undo.code == 0, undo.out + undo.err
    assert changed(root) == {}


ALL_OK = dict.fromkeys(("app-1", "app-2", "app-3"), "ok")
LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the killer reads /proc")


@LINUX
@pytest.mark.parametrize("executor", ["local", "dask"])
def test_a_worker_killed_mid_apply_in_place_is_retried_and_leaves_no_half_change(
    executor: str, tmp_path: Path, clean_apply: dict[str, bytes], request: pytest.FixtureRequest
) -> None:
    where = ["--scheduler", request.getfixturevalue("scheduler")] if executor == "dask" else []
    campaign = Campaign(tmp_path, "app-2 once")
    run = campaign.run("--in-place", "--executor", executor, *where)
    assert run.returncode == 0, run.stdout + run.stderr
    [(worker, _)] = killed(campaign.control)  # app-2's first attempt lost its worker, only it
    assert campaign.statuses() == ALL_OK
    assert not by_name(campaign.out)["app-2"]["worker"].endswith(f":{worker}")  # ran again
    no_leftovers(campaign.control)
    # The journal resumes: a rerun at the same revisions skips all three.
    again = campaign.run("--in-place", "--executor", executor, *where)
    assert again.returncode == 0, again.stdout + again.stderr
    assert sorted(summary(campaign.out)["skipped"]) == sorted(ALL_OK)
    # In its own checkout app-2 holds the whole change, byte for byte, once.
    holds_the_whole_change_once(campaign.checkout("app-2"), clean_apply)


def nothing_half_changed(campaign: Campaign, tree: Path) -> None:
    """The user's repositories untouched; the lost attempts' scratch tree rolled back (their
    verb died with its worker and undid the apply), no building folder left."""
    assert [changed(campaign.checkout(n)) for n in ALL_OK] == [{}, {}, {}]
    assert not tree.exists() or (changed(tree), interrupted_entries(tree)) == ({}, ())
    assert not list(tree.parent.glob(f".{tree.name}.*"))


@LINUX
def test_a_task_that_kills_every_worker_is_reported_with_the_reason_then_resumed(
    scheduler: str, tmp_path: Path, clean_apply: dict[str, bytes]
) -> None:
    campaign = Campaign(tmp_path, "app-2 always")
    dask = ["--executor", "dask", "--scheduler", scheduler]
    run = campaign.run(*dask, "--retries", "1")
    assert run.returncode == 1, run.stdout + run.stderr
    assert len(killed(campaign.control)) == 4  # two rounds, each giving up after two workers
    assert campaign.statuses() == {**ALL_OK, "app-2": "error"}
    assert "worker lost: KilledWorker" in by_name(campaign.out)["app-2"]["error"]
    no_leftovers(campaign.control)
    tree = campaign.out / "work" / "app-2"
    nothing_half_changed(campaign, tree)
    # The worker comes back: the rerun runs app-2 alone and finishes it.
    campaign.control.unlink()
    again = campaign.run(*dask)
    assert again.returncode == 0, again.stdout + again.stderr
    assert sorted(summary(campaign.out)["skipped"]) == ["app-1", "app-3"]
    assert campaign.statuses() == ALL_OK
    holds_the_whole_change_once(tree, clean_apply)


def same_counts(verb: list[str], repos: Path, scheduler: str, tmp_path: Path) -> dict[str, Any]:
    """`fleet VERB` on the local pool and on the Dask cluster: the per-repository counts of
    both, asserted equal."""
    outs = {kind: tmp_path / f"{verb[0]}-{kind}" for kind in ("local", "dask")}
    ran = [
        fleet(*verb, "--repos", str(repos), "--out", str(outs["local"]), cwd=tmp_path),
        fleet(*verb, "--repos", str(repos), "--out", str(outs["dask"]), "--executor", "dask",
              "--scheduler", scheduler, cwd=tmp_path),
    ]  # fmt: skip
    assert [r.returncode for r in ran] == [0, 0], [r.stderr for r in ran]
    local, dask = ({n: r["counts"] for n, r in by_name(o).items()} for o in outs.values())
    assert dask == local
    return local


def test_practice_projects_and_copies_agree_on_the_local_pool_and_on_dask(
    scheduler: str, tmp_path: Path
) -> None:
    # The two practice projects setup.sh builds first (the bench takes all four).
    practice = practice_repos(("httpx", "jinja2"))
    if not practice:
        pytest.skip("practice projects not built (/work/shared/practice/setup.sh httpx jinja2)")
    make_fleet(tmp_path / "copies", 2)
    named = {f"app-{n}": tmp_path / "copies" / f"app-{n}" for n in range(1, 3)}
    named.update((p.parent.name, p) for p in practice)
    repos = repos_toml(tmp_path / "repos.toml", named)
    analyzed = same_counts(["analyze", "--no-cache"], repos, scheduler, tmp_path)
    assert sorted(analyzed) == sorted(named)
    assert [analyzed[p.parent.name]["files"] > 20 for p in practice] == [True] * len(practice)
    found = same_counts(["references", "legacy_orders", "--rules", str(RULES)], repos, scheduler,
                        tmp_path)  # fmt: skip
    assert found["app-2"]["references"] > found["app-1"]["references"] > 0  # app-2: compose
    assert sorted(found) == sorted(named)
