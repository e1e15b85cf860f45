"""CPU of the `extract --auto` dry run on Django's `db/models/sql/query.py`, against an anchor.

    python bench/bench_extract.py            # Django 5.2, 5 rounds
    python bench/bench_extract.py --rounds 9 --file SOME/module.py

A and B alternate, each in a child process whose CPU (user + system) is read from the
kernel's accounting of children: A is `refactorkit extract FILE --auto` (the dry run end to
end: start-up, the cuts, the runner's validation and diff), B the anchor, a bare
`libcst.parse_module` of the same file in a fresh interpreter (start-up and libcst import
included, as in A). The figures are the medians; the issue's target is A <= 3 s.
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
from pathlib import Path

from _sdist import sdist_tree

ANCHOR = "import sys, libcst; libcst.parse_module(open(sys.argv[1], encoding='utf-8').read())"


def _child_cpu(argv: list[str], cwd: Path, ok: tuple[int, ...]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in ok:
        raise SystemExit(f"{argv}: exit {done.returncode}\n{done.stderr[-2000:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--file", type=Path, default=None)
    args = parser.parse_args()
    source = args.file or sdist_tree("django==5.2.*") / "django/db/models/sql/query.py"
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        shutil.copy(source, work / "query.py")
        ours = [sys.executable, "-m", "refactorkit", "extract", "query.py", "--auto"]
        anchor = [sys.executable, "-c", ANCHOR, "query.py"]
        a_times, b_times = [], []
        for _ in range(args.rounds):
            a_times.append(_child_cpu(ours, work, (0, 1)))
            b_times.append(_child_cpu(anchor, work, (0,)))
    a, b = statistics.median(a_times), statistics.median(b_times)
    print(f"file: {source} ({len(source.read_text(encoding='utf-8').splitlines())} lines)")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"A extract --auto dry run: {a:.2f} s CPU  ({' '.join(f'{t:.2f}' for t in a_times)})")
    print(f"B libcst parse (anchor):  {b:.2f} s CPU  ({' '.join(f'{t:.2f}' for t in b_times)})")
    print(f"A / B: {a / b:.2f}   target: A <= 3 s -> {'met' if a <= 3 else 'NOT met'}")


if __name__ == "__main__":
    main()
