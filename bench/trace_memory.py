"""Where a command's memory peaks: RSS of each process of its tree, sampled every 10 ms.

    GIT_CEILING_DIRECTORIES=$PWD/bench/.cache python bench/trace_memory.py \\
        python -m refactorkit analyze bench/.cache/sympy-1.13.3/sympy --no-cache

Prints the peak of the summed RSS (as bench_analyze.py's "tree MB"), each process's RSS and
shared (file-backed) pages at that moment, and the total over time: whether the peak is the
workers' trees at the start or the parent's results at the end.
"""

from __future__ import annotations

import subprocess
import sys
import time

from _proc import tree


def main() -> int:
    proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    start = time.time()
    peak: tuple[int, dict[int, tuple[int, int]], float] = (0, {}, 0.0)
    trace: list[tuple[float, int, int]] = []
    while proc.poll() is None:
        sample = tree(proc.pid)
        total = sum(rss for rss, _ in sample.values())
        trace.append((time.time() - start, total, len(sample)))
        if total > peak[0]:
            peak = (total, sample, time.time() - start)
        time.sleep(0.01)
    print(f"peak {peak[0] / 1024:.0f} MB at {peak[2]:.1f} s of {time.time() - start:.1f} s")
    for pid, (rss, shared) in sorted(peak[1].items()):
        print(f"  pid {pid}: {rss / 1024:.0f} MB, {shared / 1024:.0f} MB shared")
    for moment, total, count in trace[:: max(1, len(trace) // 25)]:
        print(f"  {moment:5.1f} s  {total / 1024:4.0f} MB  {count} processes")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
