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


def wall(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    return time.perf_counter() - started


def anchor(repos: list[str], cwd: Path) -> float:
    return sum(
        wall([*RK, "analyze", r, "--no-cache", "--jobs", "1", "--format", "json"], cwd)
        for r in repos
    )


def fleet(repos_file: Path, executor: str, jobs: int, cwd: Path) -> float:
    out = Path(tempfile.mkdtemp(prefix="fleet-out-", dir=cwd))
    try:
        command = [*RK, "fleet", "analyze", "--repos", str(repos_file), "--out", str(out)]
        return wall([*command, "--executor", executor, "--jobs", str(jobs), "--no-cache"], cwd)
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repos", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-fleet-") as folder:
        work = Path(folder)
        repos_file = make_fleet(work / "repos", args.repos)
        repos = [line for line in repos_file.read_text().splitlines() if not line.startswith("#")]
        runs: dict[str, list[Cost]] = {"anchor": [], "local": [], "dask": []}
        steps = {
            "anchor": lambda: anchor(repos, work),
            "local": lambda: fleet(repos_file, "local", args.jobs, work),
            "dask": lambda: fleet(repos_file, "dask", args.jobs, work),
        }
        for number in range(args.rounds):
            order = list(steps) if number % 2 == 0 else list(reversed(steps))
            for name in order:
                runs[name].append(steps[name]())
                print(f"round {number + 1} {name}: {runs[name][-1]:.2f} s", flush=True)
    ideal = statistics.median(runs["anchor"]) / args.jobs
    print(
        f"{args.repos} repos, {args.jobs} workers; anchor sum {statistics.median(runs['anchor']):.2f} s, "
        f"ideal {ideal:.2f} s"
    )
    for name in ("local", "dask"):
        value = statistics.median(runs[name])
        print(
            f"fleet {name}: {value:.2f} s wall = {value / ideal:.2f} x ideal (target <= 1.2 for local)"
        )


if __name__ == "__main__":
    main()
