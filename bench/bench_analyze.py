"""Benchmark `refactorkit analyze` against radon, lizard, grimp and a bare `ast.parse`.

    python bench/bench_analyze.py                 # Django 5.2, then sympy for linear growth
    python bench/bench_analyze.py --skip-others   # only our runs and the bare parse
    python bench/bench_analyze.py --repeat 5 --no-sympy

Downloads the sdists once into bench/.cache/ (gitignored) with pip, unpacks them there, and
runs every tool as a child process (ours with its byte code cached). Wall time is the best
of --repeat runs (the machine may be
shared: best-of is the least noisy); peak memory is the largest total RSS of the child's
process tree, sampled every 10 ms from /proc (so worker processes count), and the largest
single process from getrusage(RUSAGE_CHILDREN).ru_maxrss.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from _proc import tree
from _sdist import sdist_tree

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
PROJECTS = {"django": "django==5.2.*", "sympy": "sympy==1.13.*"}

# A bare parse of every file: what `ast.parse` alone costs, read included, in one process.
BARE_PARSE = """
import ast, os, sys, time, warnings
warnings.simplefilter("ignore")
start = time.perf_counter()
files = lines = 0
for dirpath, dirnames, filenames in os.walk(sys.argv[1]):
    for name in filenames:
        if name.endswith(".py"):
            data = open(os.path.join(dirpath, name), "rb").read()
            try:
                ast.parse(data)
            except SyntaxError:
                pass
            files += 1
            lines += data.count(b"\\n")
print(files, lines, time.perf_counter() - start)
"""

GRIMP = """
import sys
sys.path.insert(0, sys.argv[1])
import grimp
graph = grimp.build_graph(sys.argv[2], cache_dir=None)
print(len(graph.modules))
"""


@dataclass(frozen=True)
class Timing:
    name: str
    seconds: float
    cpu_seconds: float  # user + system over the whole process tree
    tree_rss_mb: float  # peak sum of RSS over the process tree
    max_rss_mb: float  # largest single process (getrusage)
    output: str


def fetch(name: str) -> Path:
    """The unpacked sdist folder of `name`, downloading it with pip the first time."""
    return sdist_tree(PROJECTS[name])


def _tree_rss_kb(root_pid: int) -> int:
    """Sum of the resident set over `root_pid` and its descendants."""
    return sum(rss for rss, _ in tree(root_pid).values())


def measure(
    name: str, command: list[str], env: dict[str, str] | None = None, ok: tuple[int, ...] = (0,)
) -> Timing:
    """Run `command` once; wall time, peak tree RSS and its stdout."""
    wrapper = (
        "import resource, subprocess, sys\n"
        "r = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)\n"
        "sys.stdout.buffer.write(r.stdout[:4000])\n"
        "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print('\\nCPU', u.ru_utime + u.ru_stime, 'MAXRSS', u.ru_maxrss)\n"
        "sys.exit(r.returncode)\n"
    )
    peak = 0
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", wrapper, *command], stdout=subprocess.PIPE, env=env, text=True
    )
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            # The wrapper itself (~10 MB) is counted too; it is small next to the tools.
            peak = max(peak, _tree_rss_kb(proc.pid))
            stop.wait(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    seconds = time.perf_counter() - start
    stop.set()
    sampler.join()
    if proc.returncode not in ok:
        raise SystemExit(f"{name} failed ({proc.returncode}): {' '.join(command)}\n{out}")
    body, _, tail = out.rpartition("\nCPU")
    cpu, _, maxrss = tail.partition("MAXRSS")
    return Timing(name, seconds, float(cpu), peak / 1024, int(maxrss) / 1024, body.strip())


def best(
    name: str,
    command: list[str],
    repeat: int,
    env: dict[str, str] | None = None,
    ok: tuple[int, ...] = (0,),
) -> Timing:
    runs = [measure(name, command, env, ok) for _ in range(repeat)]
    timing = min(runs, key=lambda t: t.seconds)
    # Printed as it comes: a shared machine can be slow, and partial results still help.
    print(
        f"    {name:<20} {timing.seconds:>8.2f} s  {timing.cpu_seconds:>7.2f} s CPU"
        f"  {timing.tree_rss_mb:>6.0f} MB tree  {timing.max_rss_mb:>6.0f} MB largest process",
        flush=True,
    )
    return timing


def bench_project(name: str, package: str, args: argparse.Namespace) -> dict[str, Timing]:
    root = fetch(name)
    print(f"{name}: {root}", flush=True)
    target = root / package
    # bench/.cache/ is gitignored inside our own repository; stop git from finding it, or
    # discovery would ask git for the (ignored, hence no) files.
    env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(CACHE)}
    # Byte code cached, as on a user's machine (this one sets PYTHONDONTWRITEBYTECODE, which
    # made every run compile refactorkit's modules again, ~0.1-0.3 s of each figure).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    ours = [sys.executable, "-m", "refactorkit", "analyze", str(target)]
    cache_dir = CACHE / f"rk-cache-{name}"
    shutil.rmtree(cache_dir, ignore_errors=True)
    results = {
        "bare ast.parse": best(
            "bare ast.parse", [sys.executable, "-c", BARE_PARSE, str(target)], args.repeat
        ),
        "refactorkit cold": best("refactorkit cold", [*ours, "--no-cache"], args.repeat, env),
    }
    measure("populate cache", [*ours, "--cache-dir", str(cache_dir)], env)
    results["refactorkit warm"] = best(
        "refactorkit warm", [*ours, "--cache-dir", str(cache_dir)], args.repeat, env
    )
    if not args.skip_others:
        tools = {
            "radon cc": ["radon", "cc", "-s", str(target)],
            "radon raw": ["radon", "raw", str(target)],
            "radon mi": ["radon", "mi", "-s", str(target)],
            "lizard": ["lizard", str(target)],
            "grimp build_graph": [sys.executable, "-c", GRIMP, str(root), package],
        }
        for tool, command in tools.items():
            # lizard exits 1 when it prints warnings (functions over its limits).
            results[tool] = best(tool, command, 1, ok=(0, 1))
    return results


def report(name: str, results: dict[str, Timing]) -> dict[str, float]:
    bare = results["bare ast.parse"]
    files, lines, parse_seconds = bare.output.split()
    cold, warm = results["refactorkit cold"], results["refactorkit warm"]
    print(f"\n{name}: {int(files):,} files, {int(lines):,} lines")
    print(f"  bare ast.parse inside one process: {float(parse_seconds):.2f} s")
    for line in cold.output.splitlines()[1:3]:
        print(f"  refactorkit says: {line.strip()}")  # its own in-process time and jobs
    print(
        f"  {'command':<20} {'wall s':>7} {'x parse':>7} {'CPU s':>7} {'x parse':>7} "
        f"{'tree MB':>7} {'max proc MB':>11}"
    )
    for t in results.values():
        print(
            f"  {t.name:<20} {t.seconds:>7.2f} {t.seconds / bare.seconds:>7.2f} "
            f"{t.cpu_seconds:>7.2f} {t.cpu_seconds / bare.cpu_seconds:>7.2f} "
            f"{t.tree_rss_mb:>7.0f} {t.max_rss_mb:>11.0f}"
        )
    return {
        "files": int(files),
        "lines": int(lines),
        "bare": bare.seconds,
        "cold": cold.seconds,
        "warm": warm.seconds,
        "cold_ratio": cold.seconds / bare.seconds,
        "cold_cpu": cold.cpu_seconds,
        "bare_cpu": bare.cpu_seconds,
    }


def machine() -> str:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"nproc {os.cpu_count()}, CPU {model}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}, load avg {os.getloadavg()[0]:.2f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (best is kept)")
    parser.add_argument("--skip-others", action="store_true", help="skip radon, lizard, grimp")
    parser.add_argument("--no-sympy", action="store_true", help="skip the linear-growth run")
    args = parser.parse_args()
    print(machine())
    django = report("Django", bench_project("django", "django", args))
    if not args.no_sympy:
        sympy = report(
            "sympy", bench_project("sympy", "sympy", argparse.Namespace(repeat=1, skip_others=True))
        )
        for label, data in (("Django", django), ("sympy", sympy)):
            print(
                f"linear growth, {label}: cold {1e6 * data['cold'] / data['lines']:.1f} ms wall, "
                f"{1e6 * data['cold_cpu'] / data['lines']:.1f} ms CPU per 1,000 lines; "
                f"{data['cold_cpu'] / data['bare_cpu']:.2f}x the CPU of a bare parse"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
