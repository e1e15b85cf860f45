"""Two source trees of refactorkit, A and B, through the same bench script: CPU ratios B/A.

    python bench/bench_ab.py --a /tmp/rk-old --b . --rounds 3 -- bench_split.py --runs 1

After `--warmup` untimed rounds (byte code compiled, files in the page cache), each round
runs `python TREE/bench/SCRIPT ARGS` with PYTHONPATH=TREE for A and for B, alternating which
goes first, and takes the user + system CPU of the script and all its children; the ratio is
taken round by round and the median printed, so load from other work on a shared machine
cancels out. Run it with an interpreter that has refactorkit's dependencies but not
refactorkit itself (an editable install would win over PYTHONPATH). Each tree runs its own
copy of SCRIPT (the scripts put their tree first on sys.path).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
from pathlib import Path


def cpu_of(tree: Path, script: list[str]) -> tuple[float, str]:
    """User + system CPU seconds of the script run from `tree`, and what it printed."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for stale in (tree / "bench" / ".cache").glob("rk-cache-*"):
        shutil.rmtree(stale, ignore_errors=True)  # bench_analyze's warm cache: each fills its own
    command = [sys.executable, str(tree / "bench" / script[0]), *script[1:]]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, done.stdout + (done.stderr if done.returncode not in (0, 1) else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--a", type=Path, required=True, help="tree A (the baseline)")
    parser.add_argument("--b", type=Path, required=True, help="tree B (the change)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--warmup", type=int, default=1, help="untimed rounds first (byte code, file cache)"
    )
    parser.add_argument("script", nargs=argparse.REMAINDER, help="-- SCRIPT [ARGS]")
    args = parser.parse_args()
    script = [s for s in args.script if s != "--"]
    a_tree, b_tree = args.a.resolve(), args.b.resolve()
    for _ in range(args.warmup):
        cpu_of(a_tree, script)
        cpu_of(b_tree, script)
    a_cpu, b_cpu, ratios = [], [], []
    for number in range(args.rounds):
        if number % 2:
            b, b_out = cpu_of(b_tree, script)
            a, a_out = cpu_of(a_tree, script)
        else:
            a, a_out = cpu_of(a_tree, script)
            b, b_out = cpu_of(b_tree, script)
        a_cpu.append(a)
        b_cpu.append(b)
        ratios.append(b / a)
        print(f"round {number + 1}: A {a:.2f} s  B {b:.2f} s  B/A {b / a:.3f}", flush=True)
    print(f"--- A output (last round) ---\n{a_out}--- B output (last round) ---\n{b_out}")
    a_mid, b_mid = statistics.median(a_cpu), statistics.median(b_cpu)
    print(
        f"{' '.join(script)}: A {a_mid:.2f} s, B {b_mid:.2f} s CPU (medians); "
        f"B/A median of rounds {statistics.median(ratios):.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
