"""`fleet analyze` over N generated copies of the sample against the single-repo cold runs.

    python bench/bench_fleet.py                 # 30 copies, 2 workers, 2 rounds
    python bench/bench_fleet.py --repos 10 --rounds 1

The anchor is `refactorkit analyze REPO --no-cache --jobs 1` run one repository after the
other. Each round runs the anchor, `fleet --executor local` and `fleet --executor dask` (a
LocalCluster of 2 worker processes, its start-up included), alternating the order between
rounds, and takes wall time and CPU (user + system of the process tree). Issue 16's target:
local fleet wall <= 1.2 x (anchor sum / 2). On a shared machine wall time says more about the
neighbours than about us, so the CPU ratio fleet / anchor is printed too: the engine's
overhead (clones, worker start-up, scheduling), which is what the target bounds; on idle
cores wall = CPU / workers.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.functional.fleet_repos import make_fleet  # noqa: E402

RK = [sys.executable, "-m", "refactorkit"]


Cost = tuple[float, float]  # (wall seconds, CPU seconds of the process tree)


def wall(command: list[str], cwd: Path) -> Cost:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return took, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def anchor(repos: list[str], cwd: Path) -> Cost:
    analyze = [*RK, "analyze", "--no-cache", "--jobs", "1", "--format", "json"]
    costs = [wall([*analyze, repo], cwd) for repo in repos]
    return sum(c[0] for c in costs), sum(c[1] for c in costs)


def fleet(repos_file: Path, executor: str, jobs: int, cwd: Path) -> Cost:
    out = Path(tempfile.mkdtemp(prefix="fleet-out-", dir=cwd))
    try:
        command = [*RK, "fleet", "analyze", "--repos", str(repos_file), "--out", str(out)]
        return wall([*command, "--executor", executor, "--jobs", str(jobs), "--no-cache"], cwd)
    finally:
        shutil.rmtree(out, ignore_errors=True)


def report(runs: dict[str, list[Cost]], repos: int, jobs: int) -> None:
    base_wall = statistics.median(c[0] for c in runs["anchor"])
    base_cpu = statistics.median(c[1] for c in runs["anchor"])
    ideal = base_wall / jobs
    print(
        f"{repos} repos, {jobs} workers, load {os.getloadavg()[0]:.1f}; anchor {base_wall:.2f} s "
        f"wall, {base_cpu:.2f} s CPU; ideal fleet wall {ideal:.2f} s"
    )
    for name in ("local", "dask"):
        took = statistics.median(c[0] for c in runs[name])
        cpu = statistics.median(c[1] for c in runs[name])
        print(
            f"fleet {name}: {took:.2f} s wall = {took / ideal:.2f} x ideal; "
            f"{cpu:.2f} s CPU = {cpu / base_cpu:.2f} x anchor CPU"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repos", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    runs: dict[str, list[Cost]] = {"anchor": [], "local": [], "dask": []}
    with tempfile.TemporaryDirectory(prefix="bench-fleet-") as folder:
        work = Path(folder)
        repos_file = make_fleet(work / "repos", args.repos)
        repos = [line for line in repos_file.read_text().splitlines() if not line.startswith("#")]
        steps = {
            "anchor": lambda: anchor(repos, work),
            "local": lambda: fleet(repos_file, "local", args.jobs, work),
            "dask": lambda: fleet(repos_file, "dask", args.jobs, work),
        }
        for number in range(args.rounds):
            order = list(steps) if number % 2 == 0 else list(reversed(steps))
            for name in order:
                runs[name].append(steps[name]())
                took, cpu = runs[name][-1]
                print(f"round {number + 1} {name}: {took:.2f} s wall, {cpu:.2f} s CPU", flush=True)
    report(runs, args.repos, args.jobs)


if __name__ == "__main__":
    main()
