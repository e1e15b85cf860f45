"""`fleet analyze` over N repositories against the single-repo cold runs of each.

    python bench/bench_fleet.py                 # 30 repos, 2 workers, 2 rounds
    python bench/bench_fleet.py --repos 10 --rounds 1 --no-practice

The 30 repositories are the practice projects built on this machine (httpx, jinja2, docutils,
django-simple-history under $PRACTICE_HOME; none is downloaded, `--no-practice` leaves them
out) and generated copies of the sample for the rest. The anchor is
`refactorkit analyze REPO --no-cache --jobs 1` run one repository after the other. Each
round runs the anchor, `fleet --executor local` and `fleet --executor dask` (a LocalCluster
of 2 worker processes, its start-up included), alternating the order between rounds, and
takes wall time and CPU (user + system of the process tree). Issue 16's target: local fleet
wall <= 1.2 x (anchor sum / 2). On a shared machine wall time says more about the
neighbours than about us, so the CPU ratio fleet / anchor is printed too: the engine's
overhead (clones, worker start-up, scheduling), which is what the target bounds; on idle
cores wall = CPU / workers. Every round also checks that the local and the Dask fleet gave
the same per-repository counts.
"""

from __future__ import annotations

import argparse
import json
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

from tests.functional.fleet_repos import make_fleet, practice_repos, repos_toml  # noqa: E402

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


def fleet(repos_file: Path, executor: str, jobs: int, cwd: Path, counts: list[object]) -> Cost:
    out = Path(tempfile.mkdtemp(prefix="fleet-out-", dir=cwd))
    try:
        command = [*RK, "fleet", "analyze", "--repos", str(repos_file), "--out", str(out)]
        cost = wall([*command, "--executor", executor, "--jobs", str(jobs), "--no-cache"], cwd)
        results = json.loads((out / "summary.json").read_text())["results"]
        counts.append({r["name"]: (r["status"], r["counts"]) for r in results})
        return cost
    finally:
        shutil.rmtree(out, ignore_errors=True)


def repositories(work: Path, total: int, practice: bool) -> dict[str, Path]:
    """The practice projects (when asked and built) and copies of the sample: `total`."""
    projects = practice_repos()[:total] if practice else []
    copies = total - len(projects)
    make_fleet(work / "copies", copies)
    named = {f"app-{n}": work / "copies" / f"app-{n}" for n in range(1, copies + 1)}
    named.update((p.parent.name, p) for p in projects)
    return named


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
    parser.add_argument("--no-practice", dest="practice", action="store_false")
    args = parser.parse_args()
    runs: dict[str, list[Cost]] = {"anchor": [], "local": [], "dask": []}
    counts: dict[str, list[object]] = {"local": [], "dask": []}
    with tempfile.TemporaryDirectory(prefix="bench-fleet-") as folder:
        work = Path(folder)
        named = repositories(work, args.repos, args.practice)
        repos_file = repos_toml(work / "repos.toml", named)
        print(
            "repositories:",
            ", ".join(n for n in named if not n.startswith("app-")) or "-",
            f"and {sum(n.startswith('app-') for n in named)} copies of the sample",
        )
        steps = {
            "anchor": lambda: anchor([str(p) for p in named.values()], work),
            "local": lambda: fleet(repos_file, "local", args.jobs, work, counts["local"]),
            "dask": lambda: fleet(repos_file, "dask", args.jobs, work, counts["dask"]),
        }
        for number in range(args.rounds):
            order = list(steps) if number % 2 == 0 else list(reversed(steps))
            for name in order:
                runs[name].append(steps[name]())
                took, cpu = runs[name][-1]
                print(f"round {number + 1} {name}: {took:.2f} s wall, {cpu:.2f} s CPU", flush=True)
    same = all(c == counts["local"][0] for c in counts["local"] + counts["dask"])
    print("local and dask per-repository counts", "identical" if same else "DIFFER")
    report(runs, args.repos, args.jobs)


if __name__ == "__main__":
    main()
